#!/usr/bin/env bash
# End-to-end: start `photoaudit review` on a fresh demo audit under Xvfb, type keys with xdotool
# (approve, reject with a reason, undo, quit) and check the audit database afterwards.
#   tests/gui/e2e_keys_test.sh build/photoaudit build/artifacts
set -euo pipefail
BIN=$(realpath "${1:-build/photoaudit}")
ART=$(realpath -m "${2:-build/artifacts}")
mkdir -p "$ART"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data"   # no view state from earlier runs
DB="$T/demo/demo.db"
"$BIN" demo --dir "$T/demo" --no-gui >/dev/null

# The keyboard session runs inside Xvfb (a script file: xvfb-run's /bin/sh drops exported functions).
cat >"$T/inner.sh" <<'SH'
set -euo pipefail
"$BIN" review --db "$DB" --reviewer e2e --size 1400x900 >"$T/gui.log" 2>&1 &
PID=$!
WID=$(timeout 30 xdotool search --sync --name photoaudit | head -1)
# The window may not be viewable yet when it is found (X BadMatch on focus): try again for 10 s.
for _ in $(seq 1 40); do xdotool windowfocus --sync "$WID" 2>/dev/null && break; sleep 0.25; done
sleep 1.5                       # first frames
k() { xdotool key --delay 80 "$@"; sleep 0.6; }
k a                              # approve the first pending
k r                              # reject the next one: the picker opens
k 4                              # reason 4 in catalog order (blurry)
k Return                         # confirm
k ctrl+z                         # undo the reject
xdotool key --delay 80 ctrl+q    # quit
for _ in $(seq 1 100); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
if kill -0 $PID 2>/dev/null; then echo "photoaudit did not quit on Ctrl+Q"; kill $PID; exit 1; fi
wait $PID
SH
export BIN DB T
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$T/inner.sh" || { cat "$T/gui.log"; exit 1; }

# The database: one approve in force, the reject recorded then undone.
STATS=$("$BIN" stats --db "$DB" --json)
echo "$STATS"
echo "$STATS" | grep -q '"approved":1' || { echo "FAIL: expected 1 approved"; exit 1; }
echo "$STATS" | grep -q '"rejected":0' || { echo "FAIL: expected 0 rejected after undo"; exit 1; }
if command -v python3 >/dev/null; then
  python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in db.execute("PRAGMA table_info(decisions)")]
kinds = [r[0] for r in db.execute("SELECT kind FROM decisions ORDER BY id")]
print("events:", kinds)
assert kinds == ["approve", "reject", "undo"], kinds
PY
fi
cp "$DB" "$ART/e2e_keys.db" 2>/dev/null || true
echo "PASS gui e2e keys"
