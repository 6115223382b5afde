#!/usr/bin/env bash
# `make run`: start the broker if none answers, start a worker, produce the seeds, show the
# enriched events and the top actors, then stop the worker (the broker keeps running).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${NEWSSTREAM_WEB_PORT:-6066}"
mkdir -p .var
bash deploy/kafka/kafka.sh up
if curl -sf "http://127.0.0.1:${PORT}/health" >/dev/null 2>&1; then
  echo "a process already answers on port ${PORT}; stop it or set NEWSSTREAM_WEB_PORT" >&2
  exit 1
fi
echo "starting a worker (log: .var/worker.log)"
"$BIN/newsstream" worker --web-port "$PORT" >.var/worker.log 2>&1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:${PORT}/ready" >/dev/null 2>&1 && break
  kill -0 "$WORKER" 2>/dev/null || { echo "the worker exited; last lines of .var/worker.log:" >&2; tail -n 30 .var/worker.log >&2; exit 1; }
  sleep 1
done
since=$(($(date +%s) * 1000))
"$BIN/newsstream" produce seeds/*.txt seeds/*.jsonl
expected=$(( $(ls seeds/*.txt | wc -l) + $(cat seeds/*.jsonl | grep -c .) ))
echo "waiting for ${expected} records (events and dead letters) ..."
"$BIN/newsstream" tail --since-ms "$since" --max "$expected" --idle-timeout 120 --include-dead-letters
sleep 2
"$BIN/newsstream" top --window 24h --limit 15
