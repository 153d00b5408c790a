#!/usr/bin/env bash
# End-to-end: the workstation started on a server that wants a password (no ~/.pgpass, no
# PGPASSWORD) shows the connect screen; a wrong password typed with xdotool is refused, the right
# one opens the audit, a key press records a decision as the login, and the password is in no file
# the run left behind.
#   tests/gui/connect_test.sh build/photoaudit PG_TEST_DIR
set -euo pipefail
BIN=$(realpath "${1:-build/photoaudit}")
PGDIR=$(realpath "${2:?the test cluster folder (scripts/pg-test-cluster.sh start DIR)}")
T=$(mktemp -d)
ADMIN=$(cat "$PGDIR/url")
NAME="gui_connect_$$"
LOGIN="${NAME}_rev"
PASSWORD="Conn3ct-s3cret-$$"
cleanup() {
  psql -X -q "$ADMIN" -c "DROP DATABASE IF EXISTS $NAME" -c "DROP ROLE IF EXISTS $LOGIN" \
    -c "DROP ROLE IF EXISTS ${NAME}_reviewer" -c "DROP ROLE IF EXISTS ${NAME}_coordinator" \
    -c "DROP ROLE IF EXISTS ${NAME}_trainer" >/dev/null 2>&1 || true
  rm -rf "$T"
}
trap cleanup EXIT
export XDG_DATA_HOME="$T/data" HOME="$T/home" PGPASSFILE="$T/home/.pgpass"
unset PGPASSWORD
mkdir -p "$HOME"

psql -X -q "$ADMIN" -c "CREATE DATABASE $NAME" >/dev/null
SETUP=$(printf '%s' "$ADMIN" | sed "s|/postgres?|/$NAME?|")
"$BIN" demo --dir "$T/demo" --no-gui >/dev/null 2>&1
"$BIN" migrate --from "$T/demo/demo.db" --to "$SETUP" >/dev/null
"$BIN" server init --db "$SETUP" >/dev/null
printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | "$BIN" server add-user "$LOGIN" --role reviewer --db "$SETUP" >/dev/null
URL="postgresql://$LOGIN@$(cat "$PGDIR/tcp")/$NAME"

cat >"$T/inner.sh" <<'SH'
set -euo pipefail
"$BIN" review --db "$URL" --size 1400x900 >"$T/gui.log" 2>&1 &
PID=$!
WID=$(timeout 30 xdotool search --sync --name photoaudit | head -1)
# The window may not be viewable yet when it is found (X BadMatch on focus): try again for 10 s.
for _ in $(seq 1 40); do xdotool windowfocus --sync "$WID" 2>/dev/null && break; sleep 0.25; done
sleep 1.5                                   # the connect screen's first frames
xdotool type --delay 60 "wrong-password"; sleep 0.3
xdotool key --delay 80 Return; sleep 2      # refused: the screen asks again
xdotool type --delay 60 "$PASSWORD"; sleep 0.3
xdotool key --delay 80 Return; sleep 4      # the workstation opens on the server
xdotool key --delay 80 a; sleep 1           # approve the first pending photo
xdotool key --delay 80 ctrl+q
for _ in $(seq 1 100); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
if kill -0 $PID 2>/dev/null; then echo "photoaudit did not quit on Ctrl+Q"; kill $PID; exit 1; fi
wait $PID
SH
export BIN URL T PASSWORD
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$T/inner.sh" || { cat "$T/gui.log"; exit 1; }

# One approve, recorded by the login that typed its password.
WHO=$(psql -X -A -t -q "$SETUP" -c "SELECT r.name || ':' || d.kind FROM decisions d JOIN reviewers r ON r.id = d.reviewer_id ORDER BY d.id")
echo "decisions: $WHO"
[ "$WHO" = "$LOGIN:approve" ] || { echo "FAIL: expected one approve by $LOGIN"; cat "$T/gui.log"; exit 1; }
# The password is in no file of the run (view state, logs, journal) nor in its output.
if grep -r -a -l -F "$PASSWORD" "$T" 2>/dev/null; then
  echo "FAIL: the password was written to a file"; exit 1
fi
echo "PASS gui connect"
