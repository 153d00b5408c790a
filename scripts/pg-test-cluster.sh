#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a folder of the build, started on a
# private Unix socket in that folder and a free loopback port, stopped and removed at the end.
#   scripts/pg-test-cluster.sh start DIR   -> writes DIR/url (the superuser's URL, over the socket)
#                                             and DIR/tcp (host:port for password logins)
#   scripts/pg-test-cluster.sh stop DIR
#   scripts/pg-test-cluster.sh crash DIR    -> kills the server (pg_ctl stop -m immediate), data kept
#   scripts/pg-test-cluster.sh resume DIR   -> starts it again on the same port
# PostgreSQL refuses to run as root (CI runs as root): the cluster then belongs to an unprivileged
# system user, photoaudit-pg, created for it. Socket logins are trusted (they are the tests' own
# folder); TCP logins need a password (scram-sha-256), so wrong passwords can be tested.
set -euo pipefail
cmd="${1:?start|stop}"
dir="$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$bin/initdb" ] || { echo "pg-test-cluster: PostgreSQL server binaries not found (scripts/setup.sh installs postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u photoaudit-pg -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || \
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir/data" "$dir/url" "$dir/tcp" "$dir/socket"
}

launch() {  # $1: port
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $1 -c unix_socket_directories=$dir/socket -c fsync=off -c max_connections=200 -c shared_buffers=64MB" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "$cmd" in
  stop) stop; exit 0 ;;
  crash) as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null; exit 0 ;;
  resume) launch "$(cut -d: -f2 "$dir/tcp")"; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop|crash|resume DIR" >&2; exit 2 ;;
esac

stop  # a cluster left over from an interrupted run
if [ "$(id -u)" -eq 0 ] && ! id photoaudit-pg >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin photoaudit-pg
fi
mkdir -p "$dir/data" "$dir/socket"
if [ "$(id -u)" -eq 0 ]; then chown photoaudit-pg "$dir" "$dir/data" "$dir/socket"; fi
chmod 700 "$dir/data"
# The socket folder is reached by the tests (root in CI) and the server (its owner).
chmod 755 "$dir" "$dir/socket"

as_owner "$bin/initdb" -D "$dir/data" -U photoaudit_admin --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "pg-test-cluster: no free port" >&2; exit 1; }

launch "$port"

echo "postgresql://photoaudit_admin@/postgres?host=$dir/socket&port=$port" >"$dir/url"
echo "127.0.0.1:$port" >"$dir/tcp"
echo "pg-test-cluster: running on $dir/socket and 127.0.0.1:$port"
