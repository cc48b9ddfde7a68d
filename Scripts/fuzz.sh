#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for SECONDS.
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target (default 60); targets default to all
#   Scripts/fuzz.sh 20 case                   the CI smoke run (.ci/run)
#
# Exits non-zero when a target crashes (or fails a check); the crashing input is kept under
# .build-fuzz/artifacts/ — reproduce with: .build-fuzz/<target>-fuzzer <that file>.
# Prints each target's execution count. The corpus grows in .build-fuzz/corpus/<target>/ and is
# reused by the next run. SIGNAAL_SCRATCH picks SwiftPM's build folder (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."

# A crashing input is kept by libFuzzer; Swift's backtracer would add nothing but a helper process
# per crash (left running when the fuzzer exits first). Off.
export SWIFT_BACKTRACE=enable=no
# The fuzzer runs as our child; when this script is stopped (Ctrl-C, timeout, CI cancel) it goes too.
running=""
trap 'if [ -n "$running" ]; then kill "$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; fi' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One line per target: name, harness folder under Fuzz/, seed folders (colon-separated), dictionary.
# To add a target, write Fuzz/<Name>Fuzzer/main.swift — a @_cdecl("LLVMFuzzerTestOneInput")
# function over SignalModel's API (Knowledge.bundled: import SignalKnowledge) — and add its line here. Fuzz/Shared/*.swift is compiled into every target.
TARGETS=(
  "case   CaseFuzzer   Tests/Fixtures/cases:Tests/Fixtures/bad:Fuzz/seeds/case    Fuzz/json.dict"
  "batch  BatchFuzzer  Fuzz/seeds/batch:Tests/Fixtures/bad:Fuzz/seeds/case        Fuzz/json.dict"
  "fastcase  FastCaseFuzzer  Tests/Fixtures/cases:Tests/Fixtures/bad:Fuzz/seeds/case:Fuzz/seeds/batch  Fuzz/json.dict"
  "scenario  ScenarioFuzzer  Resources/scenarios:Tests/Fixtures/scenarios:Tests/Fixtures/cases:Fuzz/seeds/scenario  Fuzz/json.dict"
)

seconds=${1:-60}
shift || true
case "$seconds" in '' | *[!0-9]*) echo "usage: Scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 64 ;; esac
wanted=("$@")
scratch=${SIGNAAL_SCRATCH:-.build}
work=.build-fuzz
mkdir -p "$work/artifacts"

# SwiftPM's plugin turns Resources/ into BundledResources.swift for the SignalKnowledge target (the
# built-in knowledge, beside the library); build that target once to get it.
swift build --scratch-path "$scratch" --target SignalKnowledge >&2
generated=$(find "$scratch/plugins/outputs" -path '*/SignalKnowledge/*' -name BundledResources.swift -print -quit 2>/dev/null || true)
if [ -z "$generated" ]; then
  echo "fuzz.sh: BundledResources.swift not found under $scratch/plugins/outputs" >&2
  exit 70
fi
# The library and the built-in knowledge, instrumented once (coverage + AddressSanitizer), as the two
# modules the package has; each target links against both.
library=()
while IFS= read -r file; do library+=("$file"); done < <(find Sources/SignalModel -name '*.swift' | sort)
knowledge=()
while IFS= read -r file; do knowledge+=("$file"); done < <(find Sources/SignalKnowledge -name '*.swift' | sort)
flags=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -use-ld=lld -package-name signaal)
lib="$work/lib"
mkdir -p "$lib"
# Rebuilt only when the sources, the resources or this script changed (by content: SwiftPM rewrites
# BundledResources.swift on every build).
stamp=$( (echo "${library[*]} ${knowledge[*]}"; cat "${library[@]}" "${knowledge[@]}" "$generated" "$0") | cksum)
if [ ! -f "$lib/libSignalModel.a" ] || [ ! -f "$lib/libSignalKnowledge.a" ] || [ "$(cat "$lib/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "fuzz.sh: building SignalModel and SignalKnowledge with -sanitize=fuzzer,address" >&2
  swiftc "${flags[@]}" -module-name SignalModel -emit-module -emit-module-path "$lib/SignalModel.swiftmodule" \
    -emit-library -static -o "$lib/libSignalModel.a" "${library[@]}"
  swiftc "${flags[@]}" -I "$lib" -module-name SignalKnowledge -emit-module -emit-module-path "$lib/SignalKnowledge.swiftmodule" \
    -emit-library -static -o "$lib/libSignalKnowledge.a" "${knowledge[@]}" "$generated"
  echo "$stamp" >"$lib/stamp"
fi

status=0
for line in "${TARGETS[@]}"; do
  read -r name folder seeds dict <<<"$line"
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
  binary="$work/$name-fuzzer"
  if [ ! -x "$binary" ] || [ -n "$(find "Fuzz/$folder/main.swift" Fuzz/Shared "$lib/libSignalModel.a" "$lib/libSignalKnowledge.a" -newer "$binary" | head -1)" ]; then
    echo "fuzz.sh: building $name" >&2
    swiftc "${flags[@]}" -I "$lib" -L "$lib" -lSignalKnowledge -lSignalModel "Fuzz/$folder/main.swift" Fuzz/Shared/*.swift -o "$binary"
  fi
  corpus="$work/corpus/$name"
  mkdir -p "$corpus"
  seedDirs=()
  IFS=: read -r -a candidates <<<"$seeds"
  for dir in "${candidates[@]}"; do [ -d "$dir" ] && seedDirs+=("$dir"); done
  log="$work/$name.log"
  echo "fuzz.sh: running $name for ${seconds}s" >&2
  set +e
  "$binary" "$corpus" "${seedDirs[@]}" -dict="$dict" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/$name-" -print_final_stats=1 >"$log" 2>&1 &
  running=$!
  wait "$running"
  code=$?
  running=""
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$code" -ne 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz.sh: $name FAILED (exit $code) after ${runs:-?} executions; input kept in $work/artifacts/" >&2
    status=1
  else
    size=$(find "$corpus" -type f | wc -l)
    echo "fuzz: $name: ${runs:-?} executions in ${seconds}s, no crash (corpus $size inputs; log $log)"
  fi
done
exit $status
