#!/usr/bin/env bash
# The project's whole test run: the command README.md gives and .ci/run runs.
# Builds, runs the Swift test suite (unit + end-to-end against the built binary), then the
# checks that need a real terminal, a fuzzer or an install prefix.
#
#   Scripts/test.sh           the full run (CI)
#   Scripts/test.sh --quick   the inner loop: build and swift test without the two slowest suites
#                             (100 MB lines and deep nesting; kill -9 at every question), no tmux,
#                             fuzz or install checks
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  '') ;;
  *) echo "usage: Scripts/test.sh [--quick]" >&2; exit 64 ;;
esac

# Tools the end-to-end checks drive; installed from Debian's packages when missing (fresh machines).
need=()
for tool in tmux jq; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}" >/dev/null; fi
fi

# Warnings are errors here (CI), not in Package.swift, so the library stays usable as a dependency.
if [ "$quick" = 1 ]; then
  swift build -Xswiftc -warnings-as-errors
  swift test -Xswiftc -warnings-as-errors --skip 'GeneratedBadInputTests|KillAtEveryQuestionTests'
  echo "test.sh --quick: done (skipped: huge inputs, kill -9 at every question, tmux, fuzz, install; run the full Scripts/test.sh before landing)" >&2
  exit 0
fi
swift build -Xswiftc -warnings-as-errors && swift test -Xswiftc -warnings-as-errors

# The interview in a real terminal (tmux send-keys / capture-pane), including kill -9 and resume.
./Scripts/tmux-triage.sh "$(swift build --show-bin-path)/signaal"
# The classroom in a real terminal: play shows no outcome, level or route before the last answer; b and h.
./Scripts/tmux-scenario.sh "$(swift build --show-bin-path)/signaal"
# libFuzzer smoke run over case, batch, scenario and fast-path decoding (15 s each; longer: Scripts/fuzz.sh 600).
./Scripts/fuzz.sh 15
# make install into a temporary prefix; the installed binary runs with the build folder moved away.
./Scripts/install-check.sh
