#!/usr/bin/env bash
# Runs every benchmark in benchmarks/, each comparing against a baseline in the same run.
# A benchmark exits non-zero when it misses its target; the others still run.
# Usage: scripts/run-benchmarks.sh PYTHON
set -uo pipefail
python=${1:-.venv/bin/python}
cd "$(dirname "$0")/.."

# On a virtual machine the host may run other guests on its cores: the share of CPU time it
# took ("steal", /proc/stat) during a benchmark says how far that run's figures can be trusted.
cpu_ticks() { awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9; exit}' /proc/stat 2>/dev/null; }
stolen() {
  read -r steal0 total0 <<<"$1"
  read -r steal1 total1 <<<"$2"
  awk -v s=$((steal1 - steal0)) -v t=$((total1 - total0)) \
    'BEGIN { if (t > 0) printf "(CPU time taken by the host during it: %.1f%%)\n", 100 * s / t }'
}

missed=()
for bench in benchmarks/bench_*.py; do
  echo "== $bench"
  before=$(cpu_ticks)
  "$python" "$bench" || missed+=("$bench")
  after=$(cpu_ticks)
  if [ -n "$before" ] && [ -n "$after" ]; then stolen "$before" "$after"; fi
  echo
done
if [ ${#missed[@]} -gt 0 ]; then
  echo "missed a target: ${missed[*]}"
  exit 1
fi
