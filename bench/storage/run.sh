#!/usr/bin/env bash
# Side-by-side storage benchmark: metrics all vs Prometheus 2.42 (ingest, memory, bytes on disk).
#   bash bench/storage/run.sh            # 10,000 series x 6 h (dataset 2.5 GB, cached in /tmp/sbs/datasets)
#   bash bench/storage/run.sh --quick    # 1,000 series x 2 h
#   bash bench/storage/run.sh --series 1000 --hours 2 --connections 4 --keep
# All options: python3 bench/storage/storage_bench.py --help. See bench/storage/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workdir=/tmp/sbs
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ ${args[i]} == --workdir ]]; then workdir=${args[i + 1]}; fi
  if [[ ${args[i]} == --workdir=* ]]; then workdir=${args[i]#--workdir=}; fi
done
mkdir -p "$workdir"
pidfile="$(mktemp "$workdir/pids.XXXXXX")"
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

python3 "$here/storage_bench.py" --pidfile "$pidfile" "$@" &
driver=$!
wait "$driver"
