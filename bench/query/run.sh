#!/usr/bin/env bash
# Side-by-side PromQL range-query benchmark: metrics all vs Prometheus 2.42 (latency, peak memory).
#   bash bench/query/run.sh                  # 10,000 series x 6 h (dataset cached in /tmp/sbs/datasets)
#   bash bench/query/run.sh --series 1000    # the quick variant
#   bash bench/query/run.sh --skip-build --only ours
# All options: python3 bench/query/query_bench.py --help. See bench/query/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p /tmp/qb
pidfile="$(mktemp /tmp/qb/pids.XXXXXX)"
driver=""

cleanup() {
  # Every server the driver started is listed in $pidfile: kill whatever is still alive, by pid.
  if [[ -n $driver ]] && kill -0 "$driver" 2>/dev/null; then kill -TERM "$driver" 2>/dev/null || true; sleep 1; fi
  while read -r pid; do
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  done <"$pidfile"
  rm -f "$pidfile"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

python3 "$here/query_bench.py" --pidfile "$pidfile" "$@" &
driver=$!
wait "$driver"
