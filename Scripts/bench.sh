#!/usr/bin/env bash
# Benchmark: the binary `make` builds (the one `make install` ships) against jq 1.6 and the process
# floor (issues 8, 12). Prints a table of medians; every ratio comes from the same run.
#
#   Scripts/bench.sh                          200k and 1M cases (a few minutes plus the build)
#   SMALL=20000 LARGE=100000 Scripts/bench.sh quick run
#
# Environment: SMALL, LARGE (batch sizes), SEED (generator seed, default 8), RUNS_ONE, RUNS_BATCH,
# RUNS_LARGE, RUNS_PROMPT (see Scripts/bench_measure.py), BENCH_DIR (data, default a temp folder,
# removed afterwards), SCRATCH (build folder, default .build-release: the one `make` and
# Scripts/install-check.sh use, so the three share one release build).
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=${SMALL:-200000}
LARGE=${LARGE:-1000000}
SEED=${SEED:-8}
SCRATCH=${SCRATCH:-.build-release}

for tool in jq python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench.sh: $tool is needed" >&2; exit 69; }
done
if ! command -v hyperfine >/dev/null 2>&1; then
  echo "bench.sh: installing hyperfine (falls back to a Python timing loop if that fails)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
  else sudo -n apt-get install -y -qq hyperfine >/dev/null 2>&1 || true; fi
fi

echo "bench.sh: make release (static executable) in $SCRATCH" >&2
make --no-print-directory release SCRATCH="$SCRATCH" >&2
binary="$SCRATCH/release/signaal"

if [ -n "${BENCH_DIR:-}" ]; then
  data=$BENCH_DIR
  mkdir -p "$data"
else
  data=$(mktemp -d "${TMPDIR:-/tmp}/signaal-bench.XXXXXX")
  trap 'rm -rf "$data"' EXIT
fi
count=$(( LARGE > SMALL ? LARGE : SMALL ))
if [ ! -s "$data/large.ndjson" ] || [ "$(cat "$data/seed" 2>/dev/null)" != "$SEED $LARGE $SMALL" ]; then
  echo "bench.sh: generating $count cases (seed $SEED) in $data" >&2
  python3 Scripts/bench_data.py cases "$count" "$SEED" > "$data/all.ndjson"
  head -n "$LARGE" "$data/all.ndjson" > "$data/large.ndjson"
  head -n "$SMALL" "$data/all.ndjson" > "$data/small.ndjson"
  rm "$data/all.ndjson"
  python3 Scripts/bench_data.py case "$SEED" > "$data/case.json"
  echo "$SEED $LARGE $SMALL" > "$data/seed"
fi
# Always from the current catalogue (weights and combination rules), even with a kept BENCH_DIR.
python3 Scripts/bench_data.py jq > "$data/weights.jq"

# The jq program must agree with signaal before its time means anything.
head -n 2000 "$data/small.ndjson" > "$data/check.ndjson"
if ! cmp -s <("$binary" score --batch --records compact "$data/check.ndjson" 2>/dev/null | jq -c '{score, combinations}') \
  <(jq -c -f "$data/weights.jq" "$data/check.ndjson"); then
  echo "bench.sh: the jq program's scores or combinations differ from signaal's" >&2
  exit 70
fi

echo "signaal bench, $(date -u +%Y-%m-%dT%H:%MZ), binary $(( $(stat -c %s "$binary") / 1024 / 1024 )) MB, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(jq --version)"
python3 Scripts/bench_measure.py "$binary" "$data"
