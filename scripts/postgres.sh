#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (Debian/Ubuntu).
#
#   eval "$(bash scripts/postgres.sh start)"   # installs the server if missing, starts it, exports
#                                              # DYADS_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:54329/dyads_test
#   bash scripts/postgres.sh url               # prints the URL of the running server
#   bash scripts/postgres.sh stop              # stops it and deletes its data
#
# The cluster lives in a temporary folder, listens on 127.0.0.1 only (trust auth: for tests, never for
# data you care about) and runs with fsync off. Only the export line goes to stdout; the rest to stderr.
# Settings: DYADS_PG_PORT (54329), DYADS_PG_DIR (/tmp/dyads-pg-$PORT), DYADS_PG_FSYNC (off).
set -euo pipefail

PORT=${DYADS_PG_PORT:-54329}
DIR=${DYADS_PG_DIR:-/tmp/dyads-pg-$PORT}
FSYNC=${DYADS_PG_FSYNC:-off}
DB=dyads_test
URL="postgresql://postgres@127.0.0.1:$PORT/$DB"

say() { echo "postgres.sh: $*" >&2; }

pg_bin() {  # the newest installed server's bin folder (initdb and pg_ctl are not on PATH on Debian)
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then
        echo "$d"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

as_owner() {  # initdb and postgres refuse to run as root: run them as the postgres user then
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install_server() {
    if [ -n "$(pg_bin)" ]; then
        return
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || { say "PostgreSQL is not installed and I am not root"; exit 1; }
        sudo="sudo"
    fi
    say "installing PostgreSQL from the distribution's packages"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

running() {
    local bin
    bin=$(pg_bin)
    [ -n "$bin" ] && [ -f "$DIR/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

start() {
    install_server
    local bin
    bin=$(pg_bin)
    [ -n "$bin" ] || { say "no initdb found after installing PostgreSQL"; exit 1; }
    if running; then
        say "already running in $DIR"
    else
        rm -rf "$DIR"
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
        as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync \
            >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
        as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=$FSYNC" start >&2 \
            || { cat "$DIR/server.log" >&2; exit 1; }
        as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAtc "CREATE DATABASE $DB" >&2
        say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DIR"
    fi
    echo "export DYADS_TEST_POSTGRES_URL=$URL"
}

stop() {
    local bin
    bin=$(pg_bin)
    if running; then
        as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >&2
    fi
    rm -rf "$DIR"
    say "stopped; removed $DIR"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    url) running && echo "$URL" || { say "not running"; exit 1; } ;;
    *) say "usage: $0 start|stop|url"; exit 2 ;;
esac
