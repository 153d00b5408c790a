#!/usr/bin/env bash
# Screenshots of the coordinators' and trainers' screens under Xvfb (dashboard, trainer gallery, presentation, quiz, a
# coordinator's spot checks, exports) on the demo audit with some decisions and teaching examples.
# Every shot is checked on its pixels by photoaudit_png_check (tests/gui/png_check.cpp) against
# what this script put into the audit; the PNGs stay in the artifacts folder.
#   tests/gui/coord_screenshot_test.sh build/photoaudit build/artifacts
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
d() { "$BIN" decide --db "$DB" --student "$1" --verdict "$2" "${@:3}" >/dev/null; }
d 2110010101 reject --reason uneven_lighting --reviewer 李老师
d 2110010105 approve --reviewer 李老师
d 2110010109 reshoot --reason blurry --reason glasses_glare --reviewer 王老师
d 2111010106 reshoot --reason head_pose --reviewer 王老师
"$BIN" example mark --db "$DB" --student 2110010101 --reason uneven_lighting --reviewer 培训师 >/dev/null
"$BIN" example mark --db "$DB" --student 2110010105 --reason uneven_lighting --reviewer 培训师 >/dev/null
"$BIN" example mark --db "$DB" --student 2110010109 --reason blurry --reviewer 培训师 >/dev/null
"$BIN" spotcheck record --db "$DB" --college 水利水电学院 --student 2110010105 --disagree --reason background \
  --note 背景偏灰 --checker 水利协调人 >/dev/null
BAD="$PHOTOS/2110010101.jpg"    # rejected for uneven_lighting: that topic's bad example
GOOD="$PHOTOS/2110010105.jpg"   # approved: its good example
BLURRY="$PHOTOS/2110010109.jpg" # the blurry topic's example
face() {  # the engine's face geometry of a photo, as JSON (check exits 4 when the photo fails a check)
  local rc=0
  "$BIN" check --json "$1" >"$2" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || { echo "photoaudit check $1 failed (exit $rc)"; exit 1; }
}
face "$BAD" "$T/face.json"   # where the presentation's overlay must be
# What the audit holds (stats --json): colleges and campuses with progress bars, reasons in force.
STATS=$("$BIN" stats --db "$DB" --json)
section() { echo "$STATS" | sed -n "s/.*\"$1\":{\(.*\)},\"$2\".*/\1/p"; }
COLLEGES=$(section by_college by_reason | grep -o '"students":' | wc -l)
CAMPUSES=$(section by_campus by_college | grep -o '"students":' | wc -l)
REASONS=$(echo "$STATS" | sed -n 's/.*"by_reason":{\([^}]*\)}.*/\1/p' | grep -o '"[a-z_]*":[0-9]*' | wc -l)

shots="coord_dashboard coord_trainer coord_presentation coord_quiz coord_spotcheck coord_exports"
for s in $shots; do rm -f "$ART/$s.png"; done   # a shot left from an earlier run proves nothing
shot() {  # name, extra args
  local name=$1; shift
  xvfb-run -a -s "-screen 0 ${SIZE}x24" "$BIN" review --db "$DB" --reviewer 学院秘书 --size "$SIZE" --screenshot "$ART/$name.png" "$@"
}
shot coord_dashboard --screen dashboard --frames 30
shot coord_trainer --screen trainer --role trainer --frames 120
shot coord_presentation --screen trainer --role trainer --press p --frames 400
shot coord_quiz --screen quiz --role trainer --frames 120
shot coord_spotcheck --screen spotcheck --college 水利水电学院 --role coordinator --frames 120
shot coord_exports --screen exports --college 水利水电学院 --frames 30

failed=0
check() {  # shot, checks...
  local name=$1; shift
  echo "== $name"
  "$CHECK" "$ART/$name.png" --size "$SIZE" --among "$PHOTOS" "$@" || failed=$((failed + 1))
}
# Progress bars: one per college and one per campus (left column); one per reason in force (right).
check coord_dashboard --bars 0,0.18,0.5,0.6 $((COLLEGES + CAMPUSES)) --bars 0.5,0.18,1,0.6 "$REASONS"
# The first topic (uneven_lighting): its bad example framed red, its good one green.
check coord_trainer --photo-count "$BAD" 1 --framed "$BAD" red --photo-count "$GOOD" 1 --framed "$GOOD" green
# Presenting it: the bad example, the same photo with the heatmap on its face, the good example.
check coord_presentation --photo-count "$BAD" 1 --framed "$BAD" red --overlaid "$BAD" "$T/face.json" \
  --photo-count "$GOOD" 1 --framed "$GOOD" green
# The quiz: one of the examples, beside the catalogue's reasons to tick (as many as fit).
check coord_quiz --one-of "$BAD,$GOOD,$BLURRY" --text-rows 0.32,0.05,0.98,0.95 20
# Before the answer is revealed nothing around the photo gives it away: no red or green frame.
check coord_quiz --unframed "$BAD,$GOOD,$BLURRY"
# The coordinator's spot check: the sampled photo (seed 2024: 2110010101, rejected, so framed red)
# and the recorded disagreement (four lines) in the right column.
check coord_spotcheck --framed "$BAD" red --text-rows 0.56,0.06,0.99,0.5 4
# Exports: the left panel's ten lines (heading, four lists, heading, formats, two options, the
# coordinator's college).
check coord_exports --text-rows 0,0.04,0.3,0.4 10
echo "screenshots in $ART"
if [ "$failed" -ne 0 ]; then echo "FAIL: $failed screenshot(s) failed their checks"; exit 1; fi
echo "PASS gui coordinator screenshots"
