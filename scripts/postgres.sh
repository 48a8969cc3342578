#!/usr/bin/env bash
# A local, throwaway PostgreSQL server for the test suite.
#
# Usage: scripts/postgres.sh start|stop|status|url
#
#   start   Make sure the server binaries are there (as root, installs the
#           Debian packages through scripts/system_deps.sh when missing),
#           create a cluster in var/pgdata if there is none, start it if it is
#           not running, wait until it accepts connections, and create the
#           superuser role `rabat` and the database `rabat` if absent.
#           Progress goes to stderr; the LAST line of stdout is the URL,
#           e.g. postgres://rabat@127.0.0.1:55432/rabat. Idempotent and fast
#           when the server already runs.
#   stop    Stop the server if it runs.
#   status  Say whether it runs (exit 0: running, 1: not running).
#   url     Print the URL.
#
# The cluster listens on 127.0.0.1 only (port $PGPORT_TEST, default 55432),
# with its unix socket in var/pgsock, and trusts local connections only.
# When the port is taken by another program (another checkout's test server,
# say), start says so and, unless PGPORT_TEST was given, takes the next free
# port from 55433 on (and keeps it while the server runs: url and status give
# it); with PGPORT_TEST given, it stops with that message instead. It is
# tuned for tests (fsync off): do not keep data you care about in it.
# var/ is the project's own, next to scripts/ (not wherever you cd'ed to).
# As root, the server runs as the system user `postgres` (initdb refuses root).
#
# Exit status: 0 ok; 1 error; 2 usage error; 3 skipped: no PostgreSQL server
# and no way to install it here (not root), unless CI=true, where that is an
# error (exit 1).
#
# Environment: PGPORT_TEST (port, default 55432), CI (=true: PostgreSQL is
# required), RABAT_PG_LIBDIR (default /usr/lib/postgresql; for tests).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
PROJECT_DIR=$(dirname -- "$SCRIPT_DIR")
PG_LIBDIR=${RABAT_PG_LIBDIR:-/usr/lib/postgresql}
DEFAULT_PORT=55432
PORT=${PGPORT_TEST:-$DEFAULT_PORT}
# Whether the port was asked for: then a taken port is an error, not a reason to move.
PORT_GIVEN=${PGPORT_TEST:+1}
DB_NAME=rabat
DB_USER=rabat
url_for() { printf 'postgres://%s@127.0.0.1:%s/%s\n' "$DB_USER" "$1" "$DB_NAME"; }
# Bootstrap superuser of the cluster (initdb -U), used for administration.
ADMIN_USER=postgres
# Debian's system user that runs the server when we are root.
SYSTEM_USER=postgres

# libpq and the server read PG* variables (PGHOST, PGDATA, PGUSER, ...);
# everything here is passed explicitly, so drop them.
while IFS= read -r _var; do
    unset "$_var"
done < <(compgen -e | grep '^PG' || true)
unset _var

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# The PostgreSQL part cannot be had here: exit 3 (skipped), or 1 under CI.
unavailable() {
    if [[ ${CI:-} == true ]]; then
        log "ERROR: PostgreSQL is not available: $*"
        log "ERROR: CI=true, so a missing PostgreSQL is an error, not a skip."
        exit 1
    fi
    log "SKIPPED: the PostgreSQL part is skipped: $*"
    if is_root; then
        log "SKIPPED: to enable it, install PostgreSQL's server (Debian: apt-get install postgresql)."
    else
        log "SKIPPED: to enable it, install PostgreSQL (Debian: sudo apt-get install postgresql),"
        log "SKIPPED: or run 'bash scripts/postgres.sh start' as root, which installs it."
    fi
    exit 3
}

# ---------------------------------------------------------------- binaries

# Print "version bindir" for each directory holding the server binaries.
pg_candidates() {
    local d p v
    local -a dirs=()
    for d in "$PG_LIBDIR"/*/bin; do
        [[ -d $d ]] && dirs+=("$d")
    done
    if p=$(command -v pg_ctl 2>/dev/null); then
        dirs+=("$(dirname -- "$(readlink -f -- "$p")")")
    fi
    [[ ${#dirs[@]} -gt 0 ]] || return 0
    for d in "${dirs[@]}"; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] || continue
        v=$("$d/pg_ctl" --version 2>/dev/null | awk '{print $3; exit}') || continue
        [[ -n $v ]] && printf '%s %s\n' "$v" "$d"
    done
    return 0
}

# Print the bin directory of the highest version; with an argument, of the
# highest version of that major version. Return 1 when there is none.
pg_bindir() {
    local want=${1:-} v d best=''
    while read -r v d; do
        if [[ -z $want || ${v%%.*} == "$want" ]]; then
            best=$d
        fi
    done < <(pg_candidates | sort -V)
    [[ -n $best ]] || return 1
    printf '%s\n' "$best"
}

# A client program: from the server's bin dir, else from PATH.
client_bin() {
    if [[ -x $BINDIR/$1 ]]; then
        printf '%s\n' "$BINDIR/$1"
    elif command -v "$1" 2>/dev/null; then
        :
    else
        die "$1 not found (in $BINDIR or PATH); install the PostgreSQL client (Debian: postgresql-client)"
    fi
}

# Set BINDIR (and PSQL, PG_ISREADY). With install=1, as root, install the
# packages when missing; without binaries: exit 3 (or 1 under CI).
find_binaries() {
    local install=${1:-0} major=''
    if [[ -f $PGDATA_DIR/PG_VERSION ]]; then
        major=$(<"$PGDATA_DIR/PG_VERSION")
    fi
    if ! BINDIR=$(pg_bindir); then
        if [[ $install -eq 1 ]] && is_root; then
            log "PostgreSQL server binaries not found; installing them (scripts/system_deps.sh postgres)"
            bash "$SCRIPT_DIR/system_deps.sh" postgres >&2 || true
            BINDIR=$(pg_bindir) ||
                unavailable "the server binaries (initdb, pg_ctl) are still missing after trying to install the Debian package postgresql (see above)"
        elif is_root; then
            unavailable "the server binaries (initdb, pg_ctl) are not installed (none in $PG_LIBDIR/*/bin or PATH)"
        else
            unavailable "the server binaries (initdb, pg_ctl) are not installed (none in $PG_LIBDIR/*/bin or PATH), and we are not root ($(id -un 2>/dev/null || id -u)), so they cannot be installed"
        fi
    fi
    if [[ -n $major ]]; then
        BINDIR=$(pg_bindir "$major") ||
            die "$PGDATA_DIR holds a PostgreSQL $major cluster, but no PostgreSQL $major binaries are installed ($(pg_candidates | awk '{print $1}' | paste -sd, -)); remove it: bash scripts/postgres.sh stop; rm -rf '$PGDATA_DIR'"
    fi
    PSQL=$(client_bin psql)
    PG_ISREADY=$(client_bin pg_isready)
}

# ---------------------------------------------------------------- places, users

# Run a command as the cluster's owner: as root, via runuser/su as
# RUN_AS; otherwise as ourselves. Started in / (cwd may be unreadable), and
# without fd 9, the lock (else the server would hold it as long as it runs).
run_pg() {
    if ! is_root; then
        "$@" 9>&-
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$RUN_AS" -- sh -c 'cd / && exec "$@"' sh "$@" 9>&-
    else
        su -s /bin/bash "$RUN_AS" -c "cd / && exec $(printf '%q ' "$@")" 9>&-
    fi
}

# Set VAR_DIR, PGDATA_DIR, SOCK_DIR, RUN_AS.
# As root, the server user must be able to reach var/; when it cannot (say the
# project lives under /root, mode 700), the cluster goes to a directory of its
# own under /tmp instead, named after the project path, and we say so.
resolve_places() {
    VAR_DIR=$PROJECT_DIR/var
    RUN_AS=$(id -un 2>/dev/null || id -u)
    if is_root; then
        RUN_AS=$SYSTEM_USER
        if [[ -f $VAR_DIR/pgdata/PG_VERSION ]]; then
            RUN_AS=$(stat -c %U -- "$VAR_DIR/pgdata")
            [[ $RUN_AS != UNKNOWN && $RUN_AS != root ]] ||
                die "$VAR_DIR/pgdata is owned by uid $(stat -c %u -- "$VAR_DIR/pgdata"), which cannot run PostgreSQL; remove it"
        elif getent passwd "$SYSTEM_USER" >/dev/null &&
            ! runuser -u "$SYSTEM_USER" -- test -x "$PROJECT_DIR" 2>/dev/null; then
            VAR_DIR=/tmp/rabat-pg-$(printf '%s' "$PROJECT_DIR" | cksum | cut -d' ' -f1)
        fi
    fi
    PGDATA_DIR=$VAR_DIR/pgdata
    SOCK_DIR=$VAR_DIR/pgsock
}

ensure_system_user() {
    is_root || return 0
    getent passwd "$RUN_AS" >/dev/null && return 0
    [[ $RUN_AS == "$SYSTEM_USER" ]] || die "user $RUN_AS does not exist"
    log "creating the system user $SYSTEM_USER to run the server"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$SYSTEM_USER" ||
        die "could not create the system user $SYSTEM_USER"
}

# Serialize start/stop between concurrent callers (best effort).
take_lock() {
    local lock=$VAR_DIR/.postgres.lock
    command -v flock >/dev/null 2>&1 || return 0
    [[ -w $lock || (! -e $lock && -w $VAR_DIR) ]] || return 0
    exec 9>>"$lock"
    flock -w 120 9 || die "another scripts/postgres.sh holds $lock for more than 120 s"
}

# ---------------------------------------------------------------- server

is_running() {
    [[ -f $PGDATA_DIR/PG_VERSION ]] || return 1
    run_pg "$BINDIR/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

# Port of the running server, from postmaster.pid (4th line).
running_port() {
    sed -n '4p' "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true
}

# Whether something accepts TCP connections on 127.0.0.1:$1.
port_taken() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Who holds port $1, in words, for the messages.
port_holder() {
    if "$PG_ISREADY" -q -h 127.0.0.1 -p "$1" -t 2 2>/dev/null ||
        [[ $? -eq 1 ]]; then
        printf 'a PostgreSQL server that this checkout did not start (another checkout'"'"'s test server?)'
    else
        printf 'another program'
    fi
}

# Before starting: when PORT is taken, say so and move to a free port, or stop.
choose_port() {
    local wanted=$PORT candidate
    port_taken "$wanted" || return 0
    if [[ -n $PORT_GIVEN ]]; then
        die "port $wanted (PGPORT_TEST) is taken by $(port_holder "$wanted"); stop it, or set PGPORT_TEST to a free port (or unset it: a free one is then chosen)"
    fi
    for ((candidate = wanted + 1; candidate <= wanted + 100 && candidate <= 65535; candidate++)); do
        if ! port_taken "$candidate"; then
            log "port $wanted is taken by $(port_holder "$wanted"); using the free port $candidate instead (set PGPORT_TEST to choose)"
            PORT=$candidate
            return 0
        fi
    done
    die "port $wanted is taken by $(port_holder "$wanted"), and so are the 100 ports after it; set PGPORT_TEST to a free port"
}

sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

init_cluster() {
    local -a locale_args=(--no-locale)
    local f out
    if [[ -d $PGDATA_DIR ]] && [[ -n $(ls -A -- "$PGDATA_DIR" 2>/dev/null) ]]; then
        log "$PGDATA_DIR has no PG_VERSION (an interrupted initdb?); removing it"
        rm -rf -- "$PGDATA_DIR"
    fi
    mkdir -p -- "$PGDATA_DIR"
    chmod 700 -- "$PGDATA_DIR"
    if is_root; then chown -- "$RUN_AS:" "$PGDATA_DIR"; fi
    # C.UTF-8 keeps case-insensitive lookups (UPPER, ILIKE) right for
    # non-ASCII text; plain C when the system lacks it.
    if locale -a 2>/dev/null | grep -qix 'c\.utf-\{0,1\}8'; then
        locale_args=(--locale=C.UTF-8)
    fi
    log "creating a PostgreSQL $("$BINDIR/pg_ctl" --version | awk '{print $3; exit}') cluster in $PGDATA_DIR (as $RUN_AS)"
    if ! out=$(run_pg "$BINDIR/initdb" -D "$PGDATA_DIR" -U "$ADMIN_USER" -E UTF8 \
        "${locale_args[@]}" --auth=trust --no-sync 2>&1); then
        printf '%s\n' "$out" >&2
        die "initdb failed (output above)"
    fi
    # Trust connections from this machine only: the unix socket and 127.0.0.1.
    f=$PGDATA_DIR/pg_hba.conf
    cat >"$f" <<'EOF'
# Written by scripts/postgres.sh: a throwaway test cluster.
# TYPE  DATABASE     USER  ADDRESS       METHOD
local   all          all                 trust
host    all          all   127.0.0.1/32  trust
local   replication  all                 trust
host    replication  all   127.0.0.1/32  trust
EOF
    # Port, addresses and socket are (re)written to rabat_test.conf at each start.
    printf "\n# Added by scripts/postgres.sh\ninclude_if_exists = 'rabat_test.conf'\n" \
        >>"$PGDATA_DIR/postgresql.conf"
    if is_root; then chown -- "$RUN_AS:" "$f"; fi
}

write_conf() {
    local f=$PGDATA_DIR/rabat_test.conf
    cat >"$f" <<EOF
# Written by scripts/postgres.sh at each start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = $(sql_quote "$SOCK_DIR")
# A throwaway test cluster: trade durability for speed.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    if is_root; then chown -- "$RUN_AS:" "$f"; fi
}

start_server() {
    local sock=$SOCK_DIR/.s.PGSQL.$PORT
    [[ ${#sock} -lt 108 ]] || die "unix socket path too long (${#sock} > 107 characters): $sock"
    mkdir -p -- "$SOCK_DIR"
    chmod 755 -- "$SOCK_DIR"
    if is_root; then chown -- "$RUN_AS:" "$SOCK_DIR"; fi
    write_conf
    log "starting the server on 127.0.0.1:$PORT (log: $PGDATA_DIR/server.log)"
    if ! run_pg "$BINDIR/pg_ctl" start -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" \
        -w -t 60 >&2; then
        log "the server did not start; last lines of $PGDATA_DIR/server.log:"
        tail -n 20 -- "$PGDATA_DIR/server.log" >&2 2>/dev/null || true
        if grep -q 'Address already in use' -- "$PGDATA_DIR/server.log" 2>/dev/null; then
            log "port $PORT is taken by another program: stop it, or set PGPORT_TEST to a free port"
        fi
        die "could not start PostgreSQL"
    fi
}

wait_ready() {
    local i
    for ((i = 0; i < 60; i++)); do
        if "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -d postgres -U "$ADMIN_USER"; then
            return 0
        fi
        sleep 0.5
    done
    die "the server does not accept connections on 127.0.0.1:$PORT after 30 s (see $PGDATA_DIR/server.log)"
}

psql_admin() {
    "$PSQL" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" \
        -U "$ADMIN_USER" -d postgres "$@"
}

ensure_role_and_db() {
    local super
    super=$(psql_admin -c "SELECT rolsuper FROM pg_roles WHERE rolname = $(sql_quote "$DB_USER")")
    case $super in
        t) ;;
        f)
            log "making role $DB_USER a superuser"
            psql_admin -c "ALTER ROLE \"$DB_USER\" WITH LOGIN SUPERUSER"
            ;;
        *)
            log "creating role $DB_USER (superuser, so Django's tests can create their database)"
            psql_admin -c "CREATE ROLE \"$DB_USER\" WITH LOGIN SUPERUSER"
            ;;
    esac
    if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = $(sql_quote "$DB_NAME")") ]]; then
        log "creating database $DB_NAME"
        psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\""
    fi
}

# ---------------------------------------------------------------- commands

cmd_start() {
    local port
    resolve_places
    find_binaries 1
    ensure_system_user
    # Again: installing may have created the server's system user.
    resolve_places
    find_binaries 0
    if [[ $VAR_DIR != "$PROJECT_DIR/var" ]]; then
        log "note: user $RUN_AS cannot reach $PROJECT_DIR, so the cluster lives in $VAR_DIR"
        if [[ -e $VAR_DIR && ( -L $VAR_DIR || $(stat -c %u -- "$VAR_DIR") -ne 0 ) ]]; then
            die "$VAR_DIR exists but is not root's own directory; remove it"
        fi
    fi
    if [[ ! -d $VAR_DIR ]]; then
        mkdir -p -- "$VAR_DIR"
        chmod 755 -- "$VAR_DIR"
    fi
    if is_root && ! runuser -u "$RUN_AS" -- test -x "$VAR_DIR" 2>/dev/null; then
        die "user $RUN_AS cannot enter $VAR_DIR; make it (and its parents) world-searchable: chmod o+x '$VAR_DIR'"
    fi
    if ! is_root && [[ -e $PGDATA_DIR && $(stat -c %u -- "$PGDATA_DIR") -ne $(id -u) ]]; then
        die "$PGDATA_DIR belongs to $(stat -c %U -- "$PGDATA_DIR"), not to you: run this as root, or remove it"
    fi
    take_lock

    if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
        init_cluster
    fi
    if is_running; then
        port=$(running_port)
        if [[ -n $port && $port != "$PORT" ]]; then
            if [[ -n $PORT_GIVEN ]]; then
                die "the server already runs on port $port, not $PORT (PGPORT_TEST); run 'bash scripts/postgres.sh stop' first"
            fi
            PORT=$port # it moved to a free port when it started: keep it
        fi
        log "already running (data: $PGDATA_DIR)"
    else
        choose_port
        start_server
    fi
    wait_ready
    ensure_role_and_db
    log "ready: $(url_for "$PORT")"
    url_for "$PORT"
}

cmd_stop() {
    resolve_places
    if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
        log "no cluster in $PGDATA_DIR; nothing to stop"
        return 0
    fi
    if ! BINDIR=$(pg_bindir "$(<"$PGDATA_DIR/PG_VERSION")"); then
        log "no PostgreSQL $(<"$PGDATA_DIR/PG_VERSION") binaries; nothing can be running"
        return 0
    fi
    take_lock
    if is_running; then
        log "stopping the server (data: $PGDATA_DIR)"
        run_pg "$BINDIR/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 60 >&2 ||
            die "pg_ctl stop failed"
    else
        log "not running (data: $PGDATA_DIR)"
    fi
}

cmd_status() {
    local pid version
    resolve_places
    find_binaries 0
    if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
        echo "not running: no cluster in $PGDATA_DIR ('bash scripts/postgres.sh start' creates it)"
        return 1
    fi
    version=$("$BINDIR/pg_ctl" --version | awk '{print $3; exit}')
    if is_running; then
        pid=$(sed -n '1p' "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)
        echo "running: postgres://$DB_USER@127.0.0.1:$(running_port)/$DB_NAME (PostgreSQL $version, pid $pid, data $PGDATA_DIR)"
        return 0
    fi
    echo "not running: PostgreSQL $version cluster in $PGDATA_DIR"
    return 1
}

main() {
    if [[ $# -ne 1 ]]; then
        usage >&2
        exit 2
    fi
    if ! [[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] || ((PORT > 65535)); then
        die "PGPORT_TEST must be a port number (1-65535), not '$PORT'"
    fi
    case $1 in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        url)
            resolve_places
            url_for "$(running_port | grep . || echo "$PORT")"
            ;;
        -h | --help | help) usage ;;
        *)
            log "unknown command '$1'"
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"
