#!/usr/bin/env bash
# Runs every benchmark in benchmarks/, each comparing against a baseline in the same run.
# A benchmark exits non-zero when it misses its target; the others still run.
# Usage: scripts/run-benchmarks.sh PYTHON
set -uo pipefail
python=${1:-.venv/bin/python}
cd "$(dirname "$0")/.."
missed=()
for bench in benchmarks/bench_*.py; do
  echo "== $bench"
  "$python" "$bench" || missed+=("$bench")
  echo
done
if [ ${#missed[@]} -gt 0 ]; then
  echo "missed a target: ${missed[*]}"
  exit 1
fi
