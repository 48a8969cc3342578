#!/usr/bin/env bash
# Install the system (Debian) packages the project needs, when they are missing.
#
# Usage: scripts/system_deps.sh [postgres] [gettext] [chromium] [poppler]
#        (no argument: postgres gettext chromium)
#
#   postgres  PostgreSQL server + client (initdb, pg_ctl, postgres, pg_isready, psql)
#             Debian package: postgresql (pulls in the matching client)
#   gettext   msgfmt, for Django's compilemessages. Debian package: gettext
#   chromium  the browser the accessibility tests drive (never Playwright's own download).
#             Debian package: chromium
#   poppler   pdftotext, the baseline of the ingestion benchmark (benchmarks/ingest_bench.py).
#             Debian package: poppler-utils
#
# Idempotent. Installs only what is missing, and only as root (apt-get); runs
# `apt-get update` at most once, and only when an install needs it.
# Prints one line per thing on stdout:
#   <thing>: present (...) | installed (...) | skipped (...) | FAILED (...)
# apt-get's own output goes to stderr.
#
# Exit status: 0, also when something was skipped; 1 only when CI=true and
# something could not be had; 2 on a usage error.
#
# Environment: CI (=true: missing things are an error),
#              RABAT_PG_LIBDIR (default /usr/lib/postgresql; for tests).
set -euo pipefail

PG_LIBDIR=${RABAT_PG_LIBDIR:-/usr/lib/postgresql}

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# Print the bin directory of the highest PostgreSQL version that has the
# server binaries; return 1 if there is none.
pg_bindir() {
    local d v p
    local -a cands=()
    for d in "$PG_LIBDIR"/*/bin; do
        [[ -d $d ]] && cands+=("$d")
    done
    if p=$(command -v pg_ctl 2>/dev/null); then
        cands+=("$(dirname -- "$(readlink -f -- "$p")")")
    fi
    [[ ${#cands[@]} -gt 0 ]] || return 1
    for d in "${cands[@]}"; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] || continue
        v=$("$d/pg_ctl" --version 2>/dev/null | awk '{print $3; exit}') || continue
        [[ -n $v ]] && printf '%s %s\n' "$v" "$d"
    done | sort -V | tail -n 1 | cut -d' ' -f2- | grep .
}

have_tool() { command -v "$1" >/dev/null 2>&1; }

# "present" detail for a thing, or return 1 when it is missing.
check() {
    local bindir
    case $1 in
        postgres)
            bindir=$(pg_bindir) || return 1
            # psql and pg_isready: from the server's bin dir, else from PATH.
            { [[ -x $bindir/psql ]] || have_tool psql; } || return 1
            { [[ -x $bindir/pg_isready ]] || have_tool pg_isready; } || return 1
            printf 'PostgreSQL %s in %s\n' \
                "$("$bindir/pg_ctl" --version | awk '{print $3; exit}')" "$bindir"
            ;;
        gettext)
            have_tool msgfmt || return 1
            command -v msgfmt
            ;;
        chromium)
            [[ -x /usr/bin/chromium ]] || return 1
            /usr/bin/chromium --version 2>/dev/null | head -n 1
            ;;
        poppler)
            have_tool pdftotext || return 1
            { pdftotext -v 2>&1 || true; } | head -n 1
            ;;
    esac
}

packages_for() {
    case $1 in
        postgres) echo "postgresql" ;;
        gettext) echo "gettext" ;;
        chromium) echo "chromium" ;;
        poppler) echo "poppler-utils" ;;
    esac
}

apt_updated=0
apt_update() {
    [[ $apt_updated -eq 1 ]] && return 0
    apt_updated=1
    echo "system_deps: apt-get update" >&2
    apt-get update >&2
}

# apt-get install, updating the package lists first only when there are none,
# or when the install fails with the lists we have (stale or incomplete).
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
        apt_update || return 1
    fi
    echo "system_deps: apt-get install -y --no-install-recommends $*" >&2
    if apt-get install -y --no-install-recommends "$@" >&2; then
        return 0
    fi
    [[ $apt_updated -eq 0 ]] || return 1
    apt_update || return 1
    apt-get install -y --no-install-recommends "$@" >&2
}

main() {
    local -a things=() missing=() pkgs=() install_list=() unavailable=()
    local t detail install_err=''

    for t in "$@"; do
        case $t in
            postgres | gettext | chromium | poppler) things+=("$t") ;;
            -h | --help) usage; return 0 ;;
            *) echo "system_deps: unknown thing '$t'" >&2; usage >&2; return 2 ;;
        esac
    done
    [[ ${#things[@]} -gt 0 ]] || things=(postgres gettext chromium)

    for t in "${things[@]}"; do
        if detail=$(check "$t"); then
            echo "$t: present ($detail)"
        else
            missing+=("$t")
        fi
    done
    [[ ${#missing[@]} -gt 0 ]] || return 0

    if ! is_root; then
        for t in "${missing[@]}"; do
            echo "$t: skipped (not root; missing, and installing needs root: sudo apt-get install $(packages_for "$t"))"
        done
        unavailable=("${missing[@]}")
    elif ! have_tool apt-get; then
        for t in "${missing[@]}"; do
            echo "$t: skipped (no apt-get on this system; install the equivalent of: $(packages_for "$t"))"
        done
        unavailable=("${missing[@]}")
    else
        for t in "${missing[@]}"; do
            read -ra pkgs <<<"$(packages_for "$t")"
            # Install all missing things in one apt-get run (faster); the
            # per-thing result is read back below.
            install_list+=("${pkgs[@]}")
        done
        apt_install "${install_list[@]}" || install_err="apt-get install ${install_list[*]} failed"
        hash -r
        for t in "${missing[@]}"; do
            if detail=$(check "$t"); then
                echo "$t: installed ($detail)"
            else
                echo "$t: FAILED (${install_err:-still missing after apt-get install $(packages_for "$t")})"
                unavailable+=("$t")
            fi
        done
    fi

    if [[ ${#unavailable[@]} -gt 0 && ${CI:-} == true ]]; then
        echo "system_deps: CI=true and not everything could be had: ${unavailable[*]}" >&2
        return 1
    fi
    return 0
}

main "$@"
