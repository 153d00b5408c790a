#!/usr/bin/env bash
# Screenshot test: the review screen of the demo audit under Xvfb (lighting heatmap on, overlays
# off, every overlay with the split at 0.6, the background map, the glare overlay chosen by itself
# for a photo whose glasses glare), the queue, the contact sheet, the key list (English), the reason picker and a reshoot round. Every
# shot waits (--wait-analysis) until the engine's maps of the photo on screen are on the GPU (it
# fails, with no screenshot, when they never get there), and every shot is checked on its pixels
# by photoaudit_png_check (tests/gui/png_check.cpp). The PNGs stay in the artifacts folder.
#   tests/gui/screenshot_test.sh build/photoaudit build/artifacts
set -euo pipefail
BIN=$(realpath "${1:-build/photoaudit}")
ART=$(realpath -m "${2:-build/artifacts}")
CHECK="$(dirname "$BIN")/photoaudit_png_check"
SIZE=1600x1000
mkdir -p "$ART"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data"
DB="$T/demo/demo.db"
"$BIN" demo --dir "$T/demo" --no-gui >/dev/null 2>&1
PHOTOS="$T/demo/photos"
STUDENT=2110010101   # the first demo student (a real portrait with a face)
PHOTO="$PHOTOS/$STUDENT.jpg"
face() {  # the engine's face geometry of a photo, as JSON (check exits 4 when the photo fails a check)
  local rc=0
  "$BIN" check --json "$1" >"$2" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || { echo "photoaudit check $1 failed (exit $rc)"; exit 1; }
}
face "$PHOTO" "$T/face.json"   # where the heatmap must be
# What the audit holds (the top-level counts are the last of their name in the JSON).
STATS=$("$BIN" stats --db "$DB" --json)
count() { echo "$STATS" | grep -o "\"$1\":[0-9]*" | tail -1 | cut -d: -f2; }
STUDENTS=$(count students)
WITH_PHOTO=$(count submissions)

GLARE_STUDENT=2112010111   # a demo student whose glasses glare (demo.cpp)
GLARE_PHOTO=$(ls "$PHOTOS"/$GLARE_STUDENT.* | head -1)
shots="review_heatmap review_plain review_all_overlays review_background_overlay review_auto_glare review_glare_plain
       queue contact_sheet help_en reason_picker reshoot_round"
for s in $shots; do rm -f "$ART/$s.png"; done   # a shot left from an earlier run proves nothing
shot() {  # name, extra args
  local name=$1; shift
  xvfb-run -a -s "-screen 0 ${SIZE}x24" "$BIN" review --db "$DB" --reviewer 审核员 --student "$STUDENT" --size "$SIZE" \
    --screenshot "$ART/$name.png" --wait-analysis "$@"
}
shot review_heatmap --overlays 1 --split 1
shot review_plain --overlays 0 --split 1
shot review_all_overlays --overlays 63 --split 0.6
shot review_background_overlay --overlays 16 --split 1   # the background map over the light-blue background
# The glasses' glare: the overlay chosen by itself (no --overlays; a view state of its own), and plain.
XDG_DATA_HOME="$T/data-auto" xvfb-run -a -s "-screen 0 ${SIZE}x24" "$BIN" review --db "$DB" --reviewer 审核员 \
  --student "$GLARE_STUDENT" --size "$SIZE" --screenshot "$ART/review_auto_glare.png" --wait-analysis --split 1
xvfb-run -a -s "-screen 0 ${SIZE}x24" "$BIN" review --db "$DB" --reviewer 审核员 --student "$GLARE_STUDENT" --size "$SIZE" \
  --screenshot "$ART/review_glare_plain.png" --wait-analysis --overlays 0 --split 1
shot queue --screen queue
shot contact_sheet --screen sheet
shot help_en --overlays 0 --split 1 --lang en --press f1   # the key list, in English
shot reason_picker --overlays 0 --split 1 --press r       # R: the reason picker over the review screen
# A reshoot round: reject the first student, then a new photo arrives for them.
"$BIN" decide --db "$DB" --student "$STUDENT" --verdict reject --reason uneven_lighting --reason glasses_glare \
  --note "左脸偏暗" --reviewer 李老师 >/dev/null
mkdir -p "$T/round2"
cp "$(ls "$PHOTOS"/2111010102.* | head -1)" "$T/round2/$STUDENT.jpg"
"$BIN" import --db "$DB" --photos "$T/round2" --roster "$T/demo/roster.csv" >/dev/null
NEW="$T/round2/$STUDENT.jpg"
face "$NEW" "$T/face2.json"
shot reshoot_round --overlays 1 --split 1

failed=0
check() {  # shot, checks...
  local name=$1; shift
  echo "== $name"
  "$CHECK" "$ART/$name.png" --size "$SIZE" --among "$PHOTOS" "$@" || failed=$((failed + 1))
}
# The key list and the reason picker: a column of text lines over the middle of the window, where
# the review screen alone has next to none (its panes hold the photo).
check help_en --text-rows 0.3,0.2,0.7,0.8 16
check reason_picker --text-rows 0.3,0.2,0.7,0.8 16
# Overlays off: the photo in the original pane and, unaltered, in the overlay pane.
check review_plain --photo-count "$PHOTO" 2
# Heatmap on: the original pane as before; the overlay pane differs from the plain shot on the
# face (where the engine found it), in the heatmap's colours, and nowhere around it.
check review_heatmap --photo-count "$PHOTO" 1 --overlaid "$PHOTO" "$T/face.json" \
  --heatmap-vs "$ART/review_plain.png" "$PHOTO" "$T/face.json"
# Every overlay, split at 0.6: overlays left of the split, the photo right of it.
check review_all_overlays --split "$ART/review_plain.png" "$PHOTO" 0.6
# The overlays' colours stand out against the standard light-blue background (and white): the
# background map, and the glare the workstation chose by itself for the photo whose glasses glare.
check review_background_overlay --overlay-contrast "$ART/review_plain.png" "$PHOTO" 25
check review_auto_glare --overlay-contrast "$ART/review_glare_plain.png" "$GLARE_PHOTO" 30
# The queue: one line per student in the 学号 column, plus its header.
check queue --text-rows 0.09,0.08,0.17,0.97 $((STUDENTS + 1))
# The contact sheet: every photo of the audit as a thumbnail in its own cell.
check contact_sheet --thumbnails "$WITH_PHOTO" "$PHOTOS"/*
# The reshoot round: the earlier (rejected) version beside the new photo, plain and with the heatmap.
check reshoot_round --photo-count "$PHOTO" 1 --photo-count "$NEW" 1 --overlaid "$NEW" "$T/face2.json"
echo "screenshots in $ART"
if [ "$failed" -ne 0 ]; then echo "FAIL: $failed screenshot(s) failed their checks"; exit 1; fi
echo "PASS gui screenshots"
