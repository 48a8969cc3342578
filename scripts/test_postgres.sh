#!/usr/bin/env bash
# Runs the test suite against a local PostgreSQL server, started by scripts/postgres.sh, and stops
# it at the end if it started it. A port taken by another checkout's server is not an error:
# postgres.sh takes a free one (docs/configuration.md).
# Without root and without PostgreSQL the run is skipped with a plain message; with CI=true
# nothing is skipped: a missing server is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

# The server this run starts, it stops when it ends: passed, failed or interrupted (Ctrl-C). A
# server that already ran (started by hand, or by a bench) is left running.
if bash scripts/postgres.sh status >/dev/null 2>&1; then
  started_here=0
else
  started_here=1
fi
stop_server() {
  if [ "$started_here" -eq 1 ]; then
    echo "Stopping the PostgreSQL server this test run started." >&2
    bash scripts/postgres.sh stop || echo "WARNING: could not stop it: bash scripts/postgres.sh stop" >&2
  fi
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

url=$(bash scripts/postgres.sh start)
status=$?
if [ "$status" -eq 3 ]; then
  echo "SKIPPED: the PostgreSQL test run (no PostgreSQL server here and no root to install it; see above)." >&2
  exit 0
fi
if [ "$status" -ne 0 ]; then
  echo "FAILED: could not start PostgreSQL for the tests (exit $status)." >&2
  exit "$status"
fi
url=$(printf '%s\n' "$url" | tail -n 1)
echo "Running the test suite on PostgreSQL ($url)"
# The browser tests check pages, not the database, and the authorisation matrix (5,000+
# requests, permissions decided in Python through restrict()) checks roles: both run once, in the
# SQLite suite. Every workflow's own permission tests run here too, and so does the Schemathesis
# run (core/tests/test_schemathesis.py): PostgreSQL refuses values SQLite takes (docs/api.md).
# The drill of this script itself (core/tests/test_postgres_script.py: two throw-away clusters,
# not the suite's database) also runs once, in the SQLite suite.
DATABASE_URL="$url" DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/pytest -p no:cacheprovider -m "not browser and not userpath" \
  --ignore-glob='*test_authz_matrix*' --ignore-glob='*test_postgres_script*' "$@"
