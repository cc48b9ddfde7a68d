#!/usr/bin/env bash
# The project's whole test run: the command README.md gives and .ci/run runs.
# Builds, runs the Swift test suite (unit + end-to-end against the built binary), then the
# checks that need a real terminal, a fuzzer or an install prefix.
#
#   Scripts/test.sh              the full run (CI)
#   Scripts/test.sh --quick      the inner loop: build and swift test without the exhaustive checks
#                                (below), no tmux, fuzz or install checks
#   Scripts/test.sh --no-install never installs tmux or jq: when one is missing, the two terminal
#                                checks that drive it (tmux-triage.sh, tmux-scenario.sh) are skipped
#
# The checks of quotes against the Dutch source documents (not part of the repository) read them
# from SIGNAAL_SOURCES=DIR, else ../shared/seeds beside the repository (CI). Without either they are
# skipped and this script says how many; SIGNAAL_SOURCES naming a missing or empty folder is an error.
#
# The exhaustive checks (every route situation and answer state, the fast-path differentials, inputs
# of 100 MB, kill -9 at every question) run only with SIGNAAL_EXHAUSTIVE=1: the full run sets it and
# fails if any of them was skipped anyway; --quick and a plain `swift test` skip them, each saying so,
# and this script counts them into one line.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
install=1
for argument in "$@"; do
  case "$argument" in
    --quick) quick=1 ;;
    --no-install) install=0 ;;
    *) echo "usage: Scripts/test.sh [--quick] [--no-install]" >&2; exit 64 ;;
  esac
done

# The source documents: a folder named on purpose must hold them (a typo must not turn into a skip).
if [ -n "${SIGNAAL_SOURCES+set}" ]; then
  if [ ! -d "$SIGNAAL_SOURCES" ] || [ -z "$(find "$SIGNAAL_SOURCES" -maxdepth 1 -name '0*.txt' -print -quit)" ]; then
    echo "test.sh: SIGNAAL_SOURCES=$SIGNAAL_SOURCES: geen map met de bronteksten (000_….txt) / not a folder with the source texts" >&2
    exit 66
  fi
fi

# Messages the run collects and prints once at the end, whatever happens after they are known.
summary=()
# How many exhaustive checks the last swift test skipped (run_swift_test counts them).
exhaustive=0
log=$(mktemp "${TMPDIR:-/tmp}/signaal-test.XXXXXX")
finish() {
  local code=$?
  rm -f "$log"
  local line
  for line in "${summary[@]+"${summary[@]}"}"; do echo "test.sh: $line" >&2; done
  exit "$code"
}
trap finish EXIT

# swift test's output is kept (and shown) so the skipped checks can be counted.
run_swift_test() {
  local status=0 skipped
  swift test -Xswiftc -warnings-as-errors "$@" 2>&1 | tee "$log" || status=$?
  skipped=$(grep -c 'skipped: "bronteksten niet gevonden' "$log" || true)
  if [ "$skipped" -gt 0 ]; then
    summary+=("bronteksten niet gevonden: $skipped checks overgeslagen; zet SIGNAAL_SOURCES=DIR / source texts not found: $skipped checks skipped; set SIGNAAL_SOURCES=DIR")
  fi
  exhaustive=$(grep -c 'skipped: "uitputtende controle overgeslagen' "$log" || true)
  if [ "$quick" = 0 ] && [ "$exhaustive" -gt 0 ]; then
    # The full run sets SIGNAAL_EXHAUSTIVE=1: a skip here means a check silently left CI.
    summary+=("FAILED: $exhaustive exhaustive checks were skipped in the full run (SIGNAAL_EXHAUSTIVE=1 did not reach them)")
    [ "$status" != 0 ] || status=1
  fi
  return "$status"
}

# Warnings are errors here (CI), not in Package.swift, so the library stays usable as a dependency.
if [ "$quick" = 1 ]; then
  swift build -Xswiftc -warnings-as-errors
  SIGNAAL_EXHAUSTIVE=0 run_swift_test
  summary+=("--quick: done; skipped: $exhaustive exhaustive checks (SIGNAAL_EXHAUSTIVE=0: route sweeps, fast-path differentials, huge inputs, kill -9 at every question), tmux, fuzz, install; run the full Scripts/test.sh before landing")
  exit 0
fi

# The terminal checks drive the interview through tmux and read saved files with jq; on a fresh
# machine they are installed from Debian's packages (said first), unless --no-install.
need=()
for tool in tmux jq; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
terminal=1
if [ ${#need[@]} -gt 0 ]; then
  if [ "$install" = 0 ]; then
    terminal=0
    summary+=("${need[*]} not installed (--no-install): skipped the terminal checks Scripts/tmux-triage.sh and Scripts/tmux-scenario.sh")
  else
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    echo "test.sh: ${need[*]} not found; the terminal checks (Scripts/tmux-triage.sh, tmux-scenario.sh) drive the" >&2
    echo "test.sh: interview in tmux and read saved files with jq. Installing: ${sudo[*]+${sudo[*]} }apt-get install -y ${need[*]}" >&2
    echo "test.sh: (Scripts/test.sh --no-install skips those checks instead)" >&2
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

swift build -Xswiftc -warnings-as-errors
# The full run: every exhaustive check too (see the top of this file).
export SIGNAAL_EXHAUSTIVE=1
run_swift_test

if [ "$terminal" = 1 ]; then
  # The interview in a real terminal (tmux send-keys / capture-pane), including kill -9 and resume.
  ./Scripts/tmux-triage.sh "$(swift build --show-bin-path)/signaal"
  # The classroom in a real terminal: play shows no outcome, level or route before the last answer; b and h.
  ./Scripts/tmux-scenario.sh "$(swift build --show-bin-path)/signaal"
fi
# libFuzzer smoke run over case, batch, scenario and fast-path decoding (15 s each; longer: Scripts/fuzz.sh 600).
./Scripts/fuzz.sh 15
# make install into a temporary prefix; the installed binary runs with the build folder moved away.
./Scripts/install-check.sh
