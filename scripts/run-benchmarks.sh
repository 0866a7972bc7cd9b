#!/usr/bin/env bash
# Runs every benchmark in benchmarks/, each comparing against a baseline in the same run.
# Usage: scripts/run-benchmarks.sh PYTHON
set -euo pipefail
python=${1:-.venv/bin/python}
cd "$(dirname "$0")/.."
for bench in benchmarks/bench_*.py; do
  echo "== $bench"
  "$python" "$bench"
  echo
done
