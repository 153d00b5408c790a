#!/usr/bin/env bash
# Screenshots of issue 5's screens under Xvfb (dashboard, trainer gallery, presentation, quiz, a
# coordinator's spot checks, exports) on the demo audit with some decisions and teaching examples.
#   tests/gui/coord_screenshot_test.sh build/photoaudit build/artifacts
set -euo pipefail
BIN=$(realpath "${1:-build/photoaudit}")
ART=$(realpath -m "${2:-build/artifacts}")
mkdir -p "$ART"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data"
DB="$T/demo/demo.db"
"$BIN" demo --dir "$T/demo" --no-gui >/dev/null 2>&1
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
shot() {  # name, extra args
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN" review --db "$DB" --size 1600x1000 --screenshot "$ART/$name.png" "$@"
}
shot coord_dashboard --screen dashboard --frames 30
shot coord_trainer --screen trainer --role trainer --frames 60
shot coord_presentation --screen trainer --role trainer --press p --frames 400
shot coord_quiz --screen quiz --role trainer --frames 60
shot coord_spotcheck --screen spotcheck --college 水利水电学院 --role coordinator --frames 30
shot coord_exports --screen exports --college 水利水电学院 --frames 30
echo "screenshots in $ART"
