#!/usr/bin/env bash
# The hottest frames of one JFR recording: by themselves ("self"), and every jdora frame counted once per sample
# ("with callees"). Usage: bench/jfr-top.sh RECORDING.jfr [N]
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 RECORDING.jfr [N]" >&2
    exit 2
fi
n=${2:-25}
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
jfr print --events jdk.ExecutionSample --stack-depth 64 "$1" > "$samples"
echo "samples: $(grep -c 'jdk.ExecutionSample' "$samples" || true)"
echo "-- self"
grep -A1 'stackTrace = \[' "$samples" | grep -v 'stackTrace\|^--' | sed 's/line:.*//; s/^ *//' \
    | sort | uniq -c | sort -rn | head -n "$n"
echo "-- with callees (dev.jdora frames, once per sample)"
awk '/jdk.ExecutionSample/ { delete seen } /dev\.jdora/ { f = $0; sub(/line:.*/, "", f); gsub(/^ +/, "", f); if (!seen[f]++) print f }' \
    "$samples" | sort | uniq -c | sort -rn | head -n "$n"
