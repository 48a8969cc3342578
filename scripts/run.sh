#!/usr/bin/env bash
# `make run`: the web server and a background task worker, as one command.
#
# Usage: scripts/run.sh [HOST:PORT]      (default 127.0.0.1:8000)
# Environment: BIN (default .venv/bin), and the platform's own (RABAT_VAR_DIR, ...).
#
# The worker (`rabat db_worker`, docs/knowledge-ingestion.md) runs the queued tasks: ingestion
# of uploads, and whatever else is enqueued. When the server stops (Ctrl-C, a signal, or it
# ends by itself), the worker is stopped too, and the other way round: no process is left
# behind. Each runs in its own process group, so its children (the autoreloader's server
# process, the parser child) go with it.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
ADDRESS=${1:-127.0.0.1:8000}

set -m  # each background job gets its own process group
"$BIN/rabat" db_worker --no-startup-delay &
worker=$!
"$BIN/rabat" runserver "$ADDRESS" &
server=$!
set +m

stopped=0
stop() {
	[ "$stopped" = 1 ] && return
	stopped=1
	for pid in "$server" "$worker"; do
		kill -TERM -- "-$pid" 2>/dev/null
	done
	for _ in $(seq 50); do
		kill -0 -- "-$server" 2>/dev/null || kill -0 -- "-$worker" 2>/dev/null || break
		sleep 0.1
	done
	for pid in "$server" "$worker"; do
		kill -KILL -- "-$pid" 2>/dev/null
	done
	wait 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

echo "Serving on http://$ADDRESS/ with a task worker (pid $worker); Ctrl-C stops both."
wait -n "$server" "$worker"
status=$?
if ! kill -0 "$server" 2>/dev/null; then
	echo "The web server stopped (status $status); stopping the task worker." >&2
else
	echo "The task worker stopped (status $status); stopping the web server." >&2
fi
exit "$status"
