#!/usr/bin/env bash
# Drives `signaal triage` in a real terminal (tmux) the way an officer would: waits for each
# question on screen, types the answer, presses Enter; asks for help, steps back, is killed with
# kill -9 halfway, presses Ctrl-C, and resumes. Asserts on the captured pane text, the exit status,
# the draft on disk and the saved case.
#
# Usage: Scripts/tmux-triage.sh [path/to/signaal]    (default: .build/debug/signaal; build first)
# Prints one line per scenario and a summary "tmux triage: N passed, M failed"; exits 1 on failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bin="${1:-${SIGNAAL_BIN:-.build/debug/signaal}}"
if [ ! -x "$bin" ]; then
  echo "tmux triage: no executable at $bin (run swift build first)"
  exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
for tool in tmux jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "tmux triage: $tool is not installed"; exit 2; }
done

work="$(mktemp -d)"
sock="$work/tmux.sock"
state="$work/state"
drafts="$state/signaal/drafts"
at="2026-11-21T23:40:00+01:00"
mkdir -p "$work/home"

# A private tmux server (own socket, no config): never touches the user's sessions.
T() { tmux -u -S "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

T new-session -d -s t -x 150 -y 45 \
  "env -i HOME='$work/home' PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 XDG_STATE_HOME='$state' PS1='$ ' bash --norc --noprofile -i"
T set-option -t t history-limit 20000 >/dev/null

pane() { T capture-pane -p -J -S -20000 -t t; }

fail() {
  echo "    $*"
  pane | sed '/^$/d' | tail -12 | sed 's/^/    | /'
  return 1
}

# Types a line as a person would (literal text, then Enter). An empty argument is just Enter.
type_line() {
  [ -n "$1" ] && T send-keys -t t -l -- "$1"
  T send-keys -t t Enter
}

# Waits until the screen shows question N as the latest question and the cursor sits at its prompt.
wait_question() {
  local n=$1 i
  for ((i = 0; i < 300; i++)); do
    local text last_progress last_line
    text="$(pane)"
    last_progress="$(printf '%s\n' "$text" | grep -E '^(Vraag|Question) [0-9]+ (van|of) ~' | tail -1 | awk '{print $2}')"
    last_line="$(printf '%s\n' "$text" | sed '/^[[:space:]]*$/d' | tail -1)"
    if [ "$last_progress" = "$n" ] && [[ "$last_line" =~ ^\>[[:space:]]*$ ]]; then return 0; fi
    sleep 0.05
  done
  fail "question $n never appeared"
}

# Waits until the screen matches an extended regular expression.
wait_for() {
  local pattern=$1 i
  for ((i = 0; i < 300; i++)); do
    pane | grep -Eq -- "$pattern" && return 0
    sleep 0.05
  done
  fail "never saw: $pattern"
}

# The exit status the shell printed after the last command.
exit_status() {
  wait_for '^EXIT:[0-9]+' || return 1
  pane | grep -Eo '^EXIT:[0-9]+' | tail -1 | cut -d: -f2
}

fresh_screen() {
  type_line "clear"
  sleep 0.2
  T clear-history -t t
}

# Starts signaal as the shell's foreground job; "exec" keeps the printed PID for kill -9.
start() {
  fresh_screen
  type_line "bash -c 'echo PID:\$\$; exec \"\$0\" \"\$@\"' '$bin' $*; echo EXIT:\$?"
}

draft_count() { find "$drafts" -maxdepth 1 -name '*.json' ! -name '.*' 2>/dev/null | wc -l; }
only_draft() { find "$drafts" -maxdepth 1 -name '*.json' ! -name '.*' | head -1; }

# A pickpocketing arrest in Dutch: gates, seven core questions, seven follow-ups the yeses open.
answers=(13 n j n 2 j n '?' n j n n n j '?' n n n j)

scenario_full_interview() {
  start "triage --lang nl --at $at --save '$work/a.json'"
  wait_question 1 || return 1
  type_line 13
  wait_question 2 || return 1
  type_line b # back to the age: the earlier answer is offered
  wait_for 'Eerder gegeven: 13 jaar' || return 1
  wait_question 1 || return 1
  type_line "" # Enter keeps it
  local i
  for ((i = 1; i < ${#answers[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    if [ "$i" = 5 ]; then
      type_line h
      wait_for '^Uitleg:' || return 1
      wait_for '^Bron:' || return 1
      wait_question 6 || return 1
    fi
    if [ "$i" = 7 ]; then
      type_line misschien
      wait_for 'Dat begrijp ik niet' || return 1
      wait_question 8 || return 1
    fi
    type_line "${answers[$i]}"
  done
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  pane | grep -q 'Vraag 19 van ~19' || fail "progress did not reach 19 of ~19" || return 1
  local level
  level="$("$bin" score "$work/a.json" --lang nl | grep '^NIVEAU:')"
  pane | grep -qF -- "$level" || fail "assessment '$level' not on screen" || return 1
  pane | grep -q "Zaak opgeslagen in $work/a.json" || fail "no save confirmation" || return 1
  [ "$(stat -c %a "$work/a.json")" = 600 ] || fail "case file is not 0600" || return 1
  [ "$(jq -c '[.context.age, .context.offence, (.answers | length), .answers["residence.address_unknown"]]' "$work/a.json")" = '[13,"pickpocketing",14,"yes"]' ] ||
    fail "saved case: $(jq -c . "$work/a.json")" || return 1
  [ "$(draft_count)" = 0 ] || fail "the finished interview left a draft" || return 1
}

scenario_kill_and_resume() {
  start "triage --lang nl --at $at"
  local i
  for ((i = 0; i < 8; i++)); do
    wait_question $((i + 1)) || return 1
    type_line "${answers[$i]}"
  done
  wait_question 9 || return 1
  local pid
  pid="$(pane | grep -Eo '^PID:[0-9]+' | tail -1 | cut -d: -f2)"
  [ -n "$pid" ] || fail "no PID on screen" || return 1
  kill -9 "$pid"
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 137 ] || fail "exit status $status after kill -9, expected 137" || return 1
  [ "$(draft_count)" = 1 ] || fail "expected one draft after kill -9, found $(draft_count)" || return 1
  local draft
  draft="$(only_draft)"
  [ "$(stat -c %a "$draft")" = 600 ] || fail "draft is not 0600" || return 1
  [ "$(stat -c %a "$drafts")" = 700 ] || fail "drafts folder is not 0700" || return 1
  [ "$(jq -c '[(.answers | length), .current]' "$draft")" = '[8,"collection.unverified_claimant"]' ] ||
    fail "draft after kill -9: $(jq -c . "$draft")" || return 1

  start "triage --resume --save '$work/b.json'"
  wait_for 'Verder met concept .* \(8 antwoorden bewaard\)' || return 1
  wait_question 9 || return 1
  for ((i = 8; i < ${#answers[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    type_line "${answers[$i]}"
  done
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status after resume, expected 0" || return 1
  cmp -s "$work/a.json" "$work/b.json" || fail "resumed case differs from the uninterrupted one" || return 1
  [ "$(draft_count)" = 0 ] || fail "the finished interview left a draft" || return 1
}

scenario_ctrl_c() {
  start "triage --lang en --at $at"
  local i
  for ((i = 0; i < 3; i++)); do
    wait_question $((i + 1)) || return 1
    type_line "${answers[$i]/j/y}"
  done
  wait_question 4 || return 1
  T send-keys -t t C-c
  wait_for '^Interrupted\. Your answers are saved' || return 1
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 130 ] || fail "exit status $status after Ctrl-C, expected 130" || return 1
  local draft id
  draft="$(only_draft)"
  id="$(basename "$draft" .json)"
  [ "$(jq '.answers | length' "$draft")" = 3 ] || fail "draft after Ctrl-C: $(jq -c . "$draft")" || return 1
  pane | grep -q "To continue: signaal triage --resume $id" || fail "no resume hint" || return 1

  start "triage --resume $id"
  wait_question 4 || return 1
  type_line q
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status after q, expected 0" || return 1
  start "triage --delete-draft $id --lang en"
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "delete-draft exit status $status" || return 1
  [ "$(draft_count)" = 0 ] || fail "draft not deleted" || return 1
}

scenario_colour() {
  start "triage --lang en --at $at"
  wait_question 1 || return 1
  # tmux re-encodes attributes (bold may come back as ESC[0;1m): look for bold or dim anywhere.
  T capture-pane -p -e -t t | grep -Eq $'\e\\[([0-9]*;)*[12]m' || fail "no bold question on a terminal" || return 1
  type_line q
  exit_status >/dev/null || return 1
  fresh_screen
  type_line "NO_COLOR=1 '$bin' triage --lang en --at $at; echo EXIT:\$?"
  wait_question 1 || return 1
  if T capture-pane -p -e -t t | grep -Eq $'\e\\[([0-9]*;)*[12]m'; then fail "colour despite NO_COLOR"; return 1; fi
  type_line q
  exit_status >/dev/null || return 1
}

passed=0
failed=0
for scenario in full_interview kill_and_resume ctrl_c colour; do
  if "scenario_$scenario"; then
    echo "ok   $scenario"
    passed=$((passed + 1))
  else
    echo "FAIL $scenario"
    failed=$((failed + 1))
  fi
done
echo "tmux triage: $passed passed, $failed failed"
[ "$failed" = 0 ]
