#!/usr/bin/env bash
# Fetches the real people of tests/data/people.tsv (Debian and npm packages) into
# build/fixtures/people/, and writes build/fixtures/people/list.tsv: id, half, FILE[@x,y,w,h] as
# photoaudit_tune takes it. By hand, for re-learning and re-measuring the head pose
# (docs/quality.md, "Head pose"); needs curl, apt-get download and a built photoaudit_tune.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=build/fixtures/people
dl=$out/dl
tune=build/photoaudit_tune
mkdir -p "$dl"
[ -x "$tune" ] || { echo "fetch-people: build $tune first (ninja -C build photoaudit_tune)" >&2; exit 1; }

unpack() {  # package spec (npm:NAME@VERSION or deb:NAME) -> its unpacked root on stdout
  local spec=$1
  case $spec in
    npm:*)
      local nv=${spec#npm:} name=${spec#npm:}
      name=${nv%@*}
      local ver=${nv##*@} base=${name##*/}
      local root="$dl/npm-$base-$ver"
      if [ ! -d "$root" ]; then
        curl -fsSL -o "$dl/$base-$ver.tgz" "https://registry.npmjs.org/$name/-/$base-$ver.tgz"
        mkdir -p "$root" && tar xzf "$dl/$base-$ver.tgz" -C "$root"
      fi
      echo "$root/package" ;;
    deb:*)
      local name=${spec#deb:} root="$dl/deb-${spec#deb:}"
      if [ ! -d "$root" ]; then
        (cd "$dl" && apt-get download -qq "$name")
        dpkg -x "$dl/${name}"_*.deb "$root"
      fi
      echo "$root" ;;
    *) echo "fetch-people: unknown package $spec" >&2; exit 1 ;;
  esac
}

: > "$out/list.tsv"
grep -v '^#' tests/data/people.tsv | while IFS=$'\t' read -r id pkg file region half seen; do
  root=$(unpack "$pkg")
  path=${file%%#*}
  src=$(find "$root" -path "*/$path" -print -quit)
  [ -n "$src" ] || { echo "fetch-people: $id: $path not in $pkg" >&2; exit 1; }
  if [ "$path" != "$file" ]; then  # a video frame: FILE#N
    dst="$out/$id.png"
    "$tune" frame "$dst" "$src" "${file##*#}"
  else
    dst="$out/$id.${src##*.}"
    cp "$src" "$dst"
  fi
  spec=$dst
  [ "$region" = "-" ] || spec="$dst@$region"
  printf '%s\t%s\t%s\n' "$id" "$half" "$spec" >> "$out/list.tsv"
done
echo "fetch-people: $(wc -l < "$out/list.tsv") faces in $out/list.tsv"
