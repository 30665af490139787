#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: no systemd, no system cluster, nothing kept.
#
#   eval "$(tests/support/start_postgres.sh start)"   # exports LINKWORKER_TEST_PG and ..._DIR
#   make test
#   tests/support/start_postgres.sh stop              # stops it and deletes its folder
#
# `start` initialises a cluster in a fresh folder under /tmp (as the `postgres` user when run as
# root, since initdb refuses root), listening only on 127.0.0.1 on a free port and on a socket in
# that folder, with fsync off. It creates the role `linkworker_test` (LOGIN CREATEDB, random
# password) and prints shell `export` lines; everything else goes to stderr. `--owner PID` marks the
# cluster as belonging to that process: a later `start` removes clusters whose owner has gone (a CI
# run killed before its trap ran). Exit status 3 means PostgreSQL is not installed.
set -euo pipefail

ROLE=linkworker_test
PREFIX=linkworker-pg.

say() { echo "start_postgres: $*" >&2; }

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"; return 0
        fi
    done
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"; return 0
        fi
    fi
    if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

# The user the server runs as: root may not, so root hands it to `postgres` (or `nobody`).
server_user() {
    if [ "$(id -u)" != 0 ]; then id -un
    elif id postgres >/dev/null 2>&1; then echo postgres
    else echo nobody
    fi
}

as_server() {  # as_server DIR CMD...: run CMD as the server user, from DIR
    local dir="$1"; shift
    if [ "$(id -u)" = 0 ]; then
        (cd "$dir" && runuser -u "$(server_user)" -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

stop_cluster() {  # stop_cluster DIR: stop the server if it runs, then delete DIR
    local dir="$1" bindir pid
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        bindir="$(cat "$dir/bindir" 2>/dev/null || find_bindir || true)"
        if [ -n "$bindir" ]; then
            as_server "$dir" "$bindir/pg_ctl" -D "$dir/data" stop -m immediate -w -t 20 \
                >/dev/null 2>&1 || true
        fi
        # Still there (pg_ctl missing or refused)? Signal the postmaster directly.
        pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then
            kill -QUIT "$pid" 2>/dev/null || true
            for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
        fi
    fi
    rm -rf "$dir"
}

# Remove clusters from earlier runs whose owner process is gone.
reap_leftovers() {
    local dir owner
    for dir in /tmp/"$PREFIX"*; do
        [ -d "$dir" ] && [ -f "$dir/owner" ] || continue
        owner="$(cat "$dir/owner" 2>/dev/null || true)"
        if [ -n "$owner" ] && [ ! -d "/proc/$owner" ]; then
            say "removing a cluster left behind by process $owner: $dir"
            stop_cluster "$dir" || true
        fi
    done
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
    local owner=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --owner) owner="$2"; shift 2 ;;
            *) say "unknown option $1"; exit 2 ;;
        esac
    done

    local bindir
    if ! bindir="$(find_bindir)"; then
        say "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb)."
        say "Install them with: sudo apt-get install postgresql"
        exit 3
    fi
    reap_leftovers

    local started user dir
    started="$(date +%s%N)"
    user="$(server_user)"
    dir="$(mktemp -d "/tmp/${PREFIX}XXXXXX")"
    # From here on, a failure removes the half-made cluster.
    trap 'stop_cluster "$dir"' ERR
    echo "$bindir" >"$dir/bindir"
    [ -z "$owner" ] || echo "$owner" >"$dir/owner"
    [ "$(id -u)" != 0 ] || chown "$user" "$dir"
    chmod 700 "$dir"

    local password
    password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    as_server "$dir" "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; false; }

    local port="" attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        if as_server "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
                -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            break
        fi
        say "could not start on port $port (attempt $attempt); server log:"
        tail -n 5 "$dir/server.log" >&2 || true
        port=""
    done
    if [ -z "$port" ]; then
        say "PostgreSQL would not start"; false
    fi

    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$password'" >&2
    trap - ERR

    local ms=$((($(date +%s%N) - started) / 1000000))
    say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" \
        "in $dir, ready in $((ms / 1000)).$(printf %03d $((ms % 1000)))s"
    echo "export LINKWORKER_TEST_PG_DIR='$dir'"
    echo "export LINKWORKER_TEST_PG='postgresql+psycopg://$ROLE:$password@127.0.0.1:$port/postgres'"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop)
        dir="${2:-${LINKWORKER_TEST_PG_DIR:-}}"
        case "$dir" in
            /tmp/"$PREFIX"*) stop_cluster "$dir" ;;
            "") say "stop: name the folder, or set LINKWORKER_TEST_PG_DIR"; exit 2 ;;
            *) say "stop: $dir is not a cluster this script made"; exit 2 ;;
        esac ;;
    *) say "usage: $0 start [--owner PID] | stop [DIR]"; exit 2 ;;
esac
