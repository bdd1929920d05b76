#!/usr/bin/env bash
# Runs every test on a fresh machine of this kind: installs what the tests need (idempotently),
# then runs the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Real peers from Debian: prometheus + promtool (interop and exposition checks),
# prometheus-alertmanager + amtool (routing and API conformance), node-exporter (a real scrape target).
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet; refresh them only when the install needs it.
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  }
fi

dotnet test Metrics.sln "$@"
