#!/usr/bin/env bash
# Fails when an #include runs against the layers: the rules below are the only place they are
# written (DEVELOPERS.md describes them, CTest runs this script as the test `layers`).
#   scripts/check-layers.sh [SOURCE_TREE]      (default: the tree this script is in)
# Bash, grep and awk only: a fresh Debian CI machine may have no python.
set -euo pipefail
root=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"}
cd "$root"

# The core side: no ImGui, GLFW or GL.
core_side="core store ingest quality analysis review"

# A folder, then what its files may include: the first folder of a quoted include
# ("store/store.h" -> store), or, with a slash in it, one exact header (ui/gui.h), or, ending in a
# slash, every header under that folder (ui/platform/). A file answers to every rule whose folder
# holds it (app/ui/platform/gpu.cpp: the app/ui rule and the app/ui/platform one).
rules=(
  "app/core       core"
  "app/store      core store"
  "app/ingest     core store ingest"
  "app/quality    core quality"
  "app/analysis   core store quality analysis"
  "app/review     core store ingest quality analysis review"
  "app/demo       $core_side demo"
  "app/cli        $core_side demo cli ui/gui.h"   # the CLI gets the workstation injected by app/main.cpp
  "app/ui         $core_side widgets ui"
  "app/ui/platform $core_side widgets ui/platform/ ui/gui.h"   # the window, GL, fonts: nothing above them
  "app/ui/photos  $core_side widgets ui/platform/ ui/photos/ ui/gui.h"
  "app/ui/harness $core_side widgets ui/"                      # drives the workstation from outside
  "app/ui/views   $core_side widgets ui/"
  "widgets        $core_side widgets"
)
# Folders whose files include no UI library (Dear ImGui and its backends, GLFW, GL, epoxy).
no_ui_libraries="app/core app/store app/ingest app/quality app/analysis app/review app/demo app/cli"
# app/main.cpp puts the command line and the workstation together: it may include both.

status=0
complain() {
  echo "$1" >&2
  status=1
}

sources_in() {  # the C++ files of a folder, sorted
  find "$1" -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' \) | LC_ALL=C sort
}

# file:line:header of each quoted include in the given files
quoted_includes() {
  [ $# -gt 0 ] || return 0
  grep -Hn -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$@" |
    awk -F'"' '{ split($1, a, ":"); print a[1] ":" a[2] ":" $2 }'
}

# Every folder of app/ has a rule, so a new layer cannot slip past the check.
ruled=" "
for r in "${rules[@]}"; do ruled+="$(awk '{print $1}' <<<"$r") "; done
for d in app/*/; do
  d=${d%/}
  case "$ruled" in *" $d "*) ;; *) complain "$d: no layer rule in scripts/check-layers.sh (add one)" ;; esac
done

for r in "${rules[@]}"; do
  read -r dir allowed <<<"$r"
  [ -d "$dir" ] || continue
  mapfile -t files < <(sources_in "$dir")
  while IFS=: read -r file line header; do
    [ -n "$file" ] || continue
    ok=0
    if [[ $header == */* ]]; then
      first=${header%%/*}
      for a in $allowed; do
        if [[ $a == */ ]]; then [[ $header == "$a"* ]] && ok=1
        elif [[ $a == */* ]]; then [[ $header == "$a" ]] && ok=1
        else [[ $first == "$a" ]] && ok=1
        fi
      done
    fi
    [ $ok = 1 ] || complain "$file:$line: includes \"$header\": $dir may include only: $allowed"
  done < <(quoted_includes "${files[@]}")
done

for dir in $no_ui_libraries; do
  [ -d "$dir" ] || continue
  mapfile -t files < <(sources_in "$dir")
  [ ${#files[@]} -gt 0 ] || continue
  while IFS=: read -r file line text; do
    [ -n "$file" ] || continue
    complain "$file:$line: includes a UI library ($(sed 's/.*include[[:space:]]*//' <<<"$text")): $dir has no ImGui, GLFW or GL"
  done < <(grep -Hn -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](imgui|backends/imgui|GLFW/|GL/|GLES|epoxy/)' "${files[@]}" || true)
done

if [ $status = 0 ]; then echo "layers: every include runs the right way"; fi
exit $status
