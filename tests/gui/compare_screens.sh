#!/usr/bin/env bash
# Every screen of the workstation in both languages, shot from two builds on the same fixed demo
# audit (analysed first, decisions and examples made by the command line) and compared pixel by
# pixel: for a refactor that must not change what is drawn.
#   tests/gui/compare_screens.sh OLD_photoaudit NEW_photoaudit OUTDIR
# The shots go to OUTDIR/old and OUTDIR/new, the differing pixels to OUTDIR/diff. The status bar
# (fps counter, cache) is left out; the dashboard's "last 24 h" axis follows the clock. Needs
# xvfb-run; build/photoaudit_png_diff is used from beside NEW_photoaudit.
set -euo pipefail
OLD=$(realpath "$1"); NEW=$(realpath "$2"); OUT=$(realpath -m "$3")
DIFF="$(dirname "$NEW")/photoaudit_png_diff"
export PHOTOAUDIT_PORTRAITS=${PHOTOAUDIT_PORTRAITS:-$(dirname "$NEW")/fixtures}
shoot() {  # BIN DIR
  local BIN=$1 DIR=$2 T
  T=$(mktemp -d); mkdir -p "$DIR"
  local DB="$T/demo/demo.db"
  export XDG_DATA_HOME="$T/data"
  "$BIN" demo --dir "$T/demo" --no-gui >/dev/null 2>&1
  "$BIN" analyze --db "$DB" >/dev/null 2>&1
  d() { "$BIN" decide --db "$DB" --student "$1" --verdict "$2" "${@:3}" >/dev/null; }
  d 2110010101 reject --reason uneven_lighting --reviewer 李老师
  d 2110010105 approve --reviewer 李老师
  d 2110010109 reshoot --reason blurry --reason glasses_glare --reviewer 王老师
  "$BIN" example mark --db "$DB" --student 2110010101 --reason uneven_lighting --reviewer 培训师 >/dev/null
  "$BIN" example mark --db "$DB" --student 2110010105 --reason uneven_lighting --reviewer 培训师 >/dev/null
  "$BIN" spotcheck record --db "$DB" --college 水利水电学院 --student 2110010105 --disagree --reason background \
    --note 背景偏灰 --checker 水利协调人 >/dev/null
  shot() { local name=$1; shift
    xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN" review --db "$DB" --reviewer 审核员 \
      --size 1600x1000 --screenshot "$DIR/$name.png" "$@" >/dev/null 2>&1 || echo "FAILED $name ($BIN)"; }
  for lang in zh en; do
    shot review_$lang --student 2110010102 --lang $lang --wait-analysis --overlays 1 --split 1
    shot review_overlays_$lang --student 2110010102 --lang $lang --wait-analysis --overlays 63 --split 0.6
    shot picker_$lang --student 2110010102 --lang $lang --wait-analysis --press r
    shot help_$lang --student 2110010102 --lang $lang --wait-analysis --press f1
    shot queue_$lang --screen queue --lang $lang --frames 30
    shot sheet_$lang --screen sheet --lang $lang --frames 90
    shot dashboard_$lang --screen dashboard --lang $lang --frames 30
    shot trainer_$lang --screen trainer --role trainer --lang $lang --frames 120
    shot presentation_$lang --screen trainer --role trainer --lang $lang --press p --frames 400
    shot quiz_$lang --screen quiz --role trainer --lang $lang --frames 120
    shot spotcheck_$lang --screen spotcheck --college 水利水电学院 --role coordinator --lang $lang --frames 120
    shot exports_$lang --screen exports --college 水利水电学院 --lang $lang --frames 30
  done
  rm -rf "$T"
}
shoot "$OLD" "$OUT/old"
shoot "$NEW" "$OUT/new"
mkdir -p "$OUT/diff"
same=0 differ=0
for f in "$OUT"/old/*.png; do
  n=$(basename "$f")
  if r=$("$DIFF" "$f" "$OUT/new/$n" "$OUT/diff/$n" --ignore-bottom 40); then same=$((same + 1)); else differ=$((differ + 1)); fi
  echo "$n: $r"
done
echo "$same identical, $differ differ (diff images in $OUT/diff)"
