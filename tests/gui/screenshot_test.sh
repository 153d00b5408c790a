#!/usr/bin/env bash
# Screenshot test: render the review screen of the demo audit under Xvfb with the lighting
# heatmap on and with overlays off, assert on pixels, and keep the PNGs (plus the queue and the
# contact sheet) in the artifacts folder.
#   tests/gui/screenshot_test.sh build/photoaudit build/artifacts
set -euo pipefail
BIN=$(realpath "${1:-build/photoaudit}")
ART=$(realpath -m "${2:-build/artifacts}")
CHECK="$(dirname "$BIN")/photoaudit_png_check"
mkdir -p "$ART"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data"
DB="$T/demo/demo.db"
"$BIN" demo --dir "$T/demo" --no-gui >/dev/null 2>&1
STUDENT=2110010101   # the first demo student (a real portrait with a face)
shot() {  # name, extra args
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN" review --db "$DB" --student "$STUDENT" --size 1600x1000 \
    --screenshot "$ART/$name.png" --wait-analysis "$@"
}
shot review_heatmap --overlays 1 --split 1
shot review_plain --overlays 0 --split 1
shot review_all_overlays --overlays 63 --split 0.6
shot queue --screen queue
shot contact_sheet --screen sheet
# A reshoot round: reject the first student, then a new photo arrives for them.
"$BIN" decide --db "$DB" --student "$STUDENT" --verdict reject --reason uneven_lighting --reason glasses_glare \
  --note "左脸偏暗" --reviewer 李老师 >/dev/null
mkdir -p "$T/round2"
cp "$(ls "$T/demo/photos"/2111010102.* | head -1)" "$T/round2/$STUDENT.jpg"
"$BIN" import --db "$DB" --photos "$T/round2" --roster "$T/demo/roster.csv" >/dev/null
shot reshoot_round --overlays 1 --split 1
"$CHECK" "$ART/review_heatmap.png" "$ART/review_plain.png"
echo "screenshots in $ART"
