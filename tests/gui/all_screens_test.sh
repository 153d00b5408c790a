#!/usr/bin/env bash
# Every screen of the workstation and its two dialogs (the key list, the reason picker), in Chinese
# and in English, at 1280x800 (the smallest window the review screen is laid out for), on the demo
# audit with some decisions, teaching examples and a spot check in it. The PNGs stay in the
# artifacts folder as screen_<name>_<lang>.png (CI keeps them; they are looked at by a person).
# Each shot is checked by photoaudit_png_check: it exists, has the window size, is not blank, and
# has lines of text in the screen's body (a screen that failed to draw, or drew only its frame,
# fails).
#   tests/gui/all_screens_test.sh build/photoaudit build/artifacts
set -euo pipefail
BIN=$(realpath "${1:-build/photoaudit}")
ART=$(realpath -m "${2:-build/artifacts}")
CHECK="$(dirname "$BIN")/photoaudit_png_check"
SIZE=1280x800
mkdir -p "$ART"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data"
DB="$T/demo/demo.db"
"$BIN" demo --dir "$T/demo" --no-gui >/dev/null 2>&1
d() { "$BIN" decide --db "$DB" --student "$1" --verdict "$2" "${@:3}" >/dev/null; }
d 2110010105 approve --reviewer 李老师
d 2110010109 reshoot --reason blurry --reason glasses_glare --reviewer 王老师
d 2111010106 reject --reason uneven_lighting --reviewer 王老师
"$BIN" example mark --db "$DB" --student 2110010109 --reason blurry --reviewer 培训师 >/dev/null
"$BIN" example mark --db "$DB" --student 2111010106 --reason uneven_lighting --reviewer 培训师 >/dev/null
"$BIN" spotcheck record --db "$DB" --college 水利水电学院 --student 2110010105 --disagree --reason background \
  --note 背景偏灰 --checker 水利协调人 >/dev/null

# name: the screen and the keys pressed on it; the body region (fractions of the window) and the
# least number of text lines in it.
declare -A ARGS=(
  [queue]="--screen queue"
  [review]="--screen review --student 2110010109 --wait-analysis"
  [sheet]="--screen sheet"
  [dashboard]="--screen dashboard --frames 30"
  [trainer]="--screen trainer --frames 120"
  [quiz]="--screen quiz --frames 120"
  [spotcheck]="--screen spotcheck --frames 60"
  [exports]="--screen exports --frames 30"
  [help]="--screen review --student 2110010101 --press f1"
  [picker]="--screen review --student 2110010101 --press r"
)
declare -A BODY=(
  [queue]="0,0.1,0.3,0.95 10"
  [review]="0.72,0.1,1,0.9 6"
  [sheet]="0,0.05,1,0.95 3"
  [dashboard]="0,0.05,1,0.95 8"
  [trainer]="0,0.05,1,0.95 3"
  [quiz]="0,0.05,1,0.95 3"
  [spotcheck]="0,0.05,1,0.95 3"
  [exports]="0,0.05,1,0.95 5"
  [help]="0.3,0.08,0.7,0.92 16"
  [picker]="0.2,0.1,0.8,0.9 12"
)
names="queue review sheet dashboard trainer quiz spotcheck exports help picker"
failed=0
for lang in zh en; do
  for n in $names; do
    out="$ART/screen_${n}_${lang}.png"
    rm -f "$out"  # a shot left from an earlier run proves nothing
    # shellcheck disable=SC2086
    xvfb-run -a -s "-screen 0 ${SIZE}x24" "$BIN" review --db "$DB" --reviewer 审核员 --size "$SIZE" --lang "$lang" \
      --screenshot "$out" ${ARGS[$n]} >/dev/null 2>&1 || { echo "FAIL: $n ($lang): the workstation failed"; failed=$((failed + 1)); continue; }
    echo "== screen_${n}_${lang}"
    # shellcheck disable=SC2086
    "$CHECK" "$out" --size "$SIZE" --text-rows ${BODY[$n]} || failed=$((failed + 1))
  done
done
echo "screenshots in $ART"
if [ "$failed" -ne 0 ]; then echo "FAIL: $failed screen(s)"; exit 1; fi
echo "PASS every screen in both languages"
