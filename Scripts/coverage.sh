#!/usr/bin/env bash
# Interview coverage benchmark: builds, then drives `signaal triage` (piped mode) through every case
# in Tests/Fixtures/coverage/cases.json and every bundled scenario, answering each prompt truthfully
# from the case's facts, and prints the table (facts captured, prompts used, level vs `signaal score`).
# Exits 1 when a target is missed (≥ 95 % facts, level equal in every case, median ≤ 12 (every checklist page on 80x24 counted), none > 25).
#
# Usage: Scripts/coverage.sh [--write-docs]    (--write-docs updates the table in docs/USAGE.md;
#                                              --write-readme, its old name, does the same)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
bin="$(swift build --show-bin-path)/signaal"
if [ "${1:-}" = "--write-docs" ] || [ "${1:-}" = "--write-readme" ]; then
  exec python3 Scripts/coverage.py "$bin" --write-readme docs/USAGE.md
fi
exec python3 Scripts/coverage.py "$bin"
