#!/usr/bin/env bash
# Screenshots of a corrupt photo file under Xvfb (issue 13): the demo audit's truncated JPEG
# (student 2113010112) on the review screen, where the photo would be, "照片文件损坏，需重新提交"
# and the file's error, in Chinese and English; and the queue with it selected (status 文件损坏,
# the error in the findings column, the second line of filters). Checked on their pixels by
# photoaudit_png_check; the PNGs stay in the artifacts folder.
#   tests/gui/queue_flow_screenshot_test.sh build/photoaudit build/artifacts
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
CORRUPT=2113010112   # the demo's transfer cut short
STATS=$("$BIN" stats --db "$DB" --json)
echo "$STATS" | grep -q '"file_corrupt":1' || { echo "FAIL: the demo's truncated photo is not file_corrupt: $STATS"; exit 1; }
STUDENTS=$(echo "$STATS" | grep -o '"students":[0-9]*' | tail -1 | cut -d: -f2)

shots="corrupt_review_zh corrupt_review_en corrupt_queue_zh corrupt_queue_en"
for s in $shots; do rm -f "$ART/$s.png"; done   # a shot left from an earlier run proves nothing
shot() {  # name, extra args (no --wait-analysis: there is no photo to analyze)
  local name=$1; shift
  xvfb-run -a -s "-screen 0 ${SIZE}x24" "$BIN" review --db "$DB" --reviewer 审核员 --student "$CORRUPT" --size "$SIZE" \
    --screenshot "$ART/$name.png" --frames 10 "$@"
}
shot corrupt_review_zh --screen review --lang zh
shot corrupt_review_en --screen review --lang en
shot corrupt_queue_zh --screen queue --lang zh
shot corrupt_queue_en --screen queue --lang en

failed=0
check() {  # shot, checks...
  local name=$1; shift
  echo "== $name"
  "$CHECK" "$ART/$name.png" --size "$SIZE" --among "$PHOTOS" "$@" || failed=$((failed + 1))
}
# The two panes: the message and the file's error (two lines each) where the photo would be, and
# no photo of the audit drawn anywhere.
for lang in zh en; do
  check corrupt_review_$lang --text-rows 0.05,0.2,0.35,0.8 2 --text-rows 0.37,0.2,0.67,0.8 2 \
    --photo-count "$PHOTOS/2110010101.jpg" 0
  # The queue: every student in the 学号 column, plus its header.
  check corrupt_queue_$lang --text-rows 0.09,0.08,0.17,0.97 $((STUDENTS + 1))
done
echo "screenshots in $ART"
if [ "$failed" -ne 0 ]; then echo "FAIL: $failed screenshot(s) failed their checks"; exit 1; fi
echo "PASS queue flow screenshots"
