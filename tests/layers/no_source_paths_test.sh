#!/usr/bin/env bash
# The executable names no path of the source tree: nothing in it depends on where the tree was
# (quality.json is embedded, portraits are found beside the executable, debug info is relative).
#   tests/layers/no_source_paths_test.sh build/photoaudit SOURCE_TREE
set -euo pipefail
bin=$1
src=$(realpath "$2")
[ -f "$bin" ] || { echo "no executable $bin"; exit 1; }
if grep -a -q -F "$src" "$bin"; then
  echo "FAIL: $bin contains the source tree's path $src:"
  grep -a -o -E "$(printf '%s' "$src" | sed 's/[][\.*^$/]/\\&/g')[[:print:]]*" "$bin" | sort | uniq -c | head -20
  exit 1
fi
echo "no_source_paths: $bin names no path under $src"
