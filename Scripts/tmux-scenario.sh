#!/usr/bin/env bash
# Drives `signaal scenario play` in a real terminal (tmux) the way a trainer does with a class:
# waits for each prompt on screen, types the class's answer, presses Enter before each reveal and
# each next stage. At every prompt before the last answer it asserts that the screen shows no
# outcome: not the title or summary, no level name, no acute danger, not the expert's route. It also
# takes an answer back (b), asks for an explanation (h), and checks the summary after the last answer.
#
# Usage: Scripts/tmux-scenario.sh [path/to/signaal]    (default: .build/debug/signaal; build first)
# Prints one line per check and a summary "tmux scenario: N passed, M failed"; exits 1 on failure.
set -uo pipefail
cd "$(dirname "$0")/.."

NAME="tmux scenario"
# shellcheck source=Scripts/tmux-lib.sh
. Scripts/tmux-lib.sh

# Waits until PATTERN (fixed text) is on the screen at least N times.
wait_count() {
  local pattern=$1 n=$2 i
  for ((i = 0; i < 300; i++)); do
    [ "$(pane | grep -cF -- "$pattern")" -ge "$n" ] && return 0
    sleep 0.05
  done
  fail "never saw '$pattern' $n times"
}

exit_status() {
  local i
  for ((i = 0; i < 300; i++)); do
    pane | grep -Eq '^EXIT:[0-9]+' && break
    sleep 0.05
  done
  pane | grep -Eo '^EXIT:[0-9]+' | tail -1 | cut -d: -f2
}

start() {
  type_line "clear"
  sleep 0.2
  T clear-history -t t
  type_line "'$bin' $*; echo EXIT:\$?"
}

# The words that give the outcome away, for scenario $1 in language $2, one per line: the title, the
# start of the summary, every level name, the acute-danger line and the summary's route heading.
spoilers() {
  local file="Resources/scenarios/$1.json" lang=$2
  jq -r --arg l "$lang" '.title[$l], (.summary[$l] | .[0:50])' "$file"
  jq -r --arg l "$lang" '.levels[].name[$l]' Resources/catalog.json
  if [ "$lang" = nl ]; then printf '%s\n' 'acuut gevaar:' 'De route van de expert'; else printf '%s\n' 'acute danger:' "The expert's route"; fi
}

# Fails when the screen shows any spoiler of scenario $1 in language $2, or the word $3 if given.
no_spoilers() {
  local word text
  text="$(pane)"
  while IFS= read -r word; do
    [ -z "$word" ] && continue
    if printf '%s\n' "$text" | grep -qF -- "$word"; then fail "spoiler on screen before the last answer: '$word'"; return 1; fi
  done < <(spoilers "$1" "$2"; [ -n "${3:-}" ] && printf '%s\n' "$3")
}

# Plays scenario $1 in language $2 answering with $3 (j or y) throughout; before the first answer of
# stage 1 it answers, takes it back with b and asks h; at the first reveal prompt it takes back once.
# With $4 = number it plays the scenario by its number from `scenario list`, and then the id (which
# may name the outcome, as profile_trap_… does) must not be on the screen either.
play_without_spoilers() {
  local id=$1 lang=$2 yes=$3 by=${4:-id} prompt reveal next summary target extra=
  if [ "$lang" = nl ]; then
    prompt='Antwoord van de klas'; reveal='Enter toont de antwoorden'; next='Enter voor het volgende deel'; summary='══ Samenvatting ══'
  else
    prompt="The class's answer"; reveal="Enter shows the expert's answers"; next='Enter for the next stage'; summary='══ Summary ══'
  fi
  local counts=() stage q asked=0 reveals=0 nexts=0
  mapfile -t counts < <(jq -r '.stages[] | .questions | length' "Resources/scenarios/$id.json")
  local stages=${#counts[@]}
  target=$id
  if [ "$by" = number ]; then
    target="$("$bin" scenario list --trainer | awk -v id="$id" '$2 == id { print $1 }')"
    [ -n "$target" ] || { echo "    $id is not in scenario list --trainer"; return 1; }
    extra=$id
  fi
  start "scenario play $target --lang $lang"
  for ((stage = 0; stage < stages; stage++)); do
    for ((q = 0; q < counts[stage]; q++)); do
      asked=$((asked + 1))
      wait_count "$prompt" "$asked" || return 1
      no_spoilers "$id" "$lang" "$extra" || return 1
      if [ "$stage" = 0 ] && [ "$q" = 1 ]; then
        # b: back to the first question, which is asked again; h explains it.
        type_line b
        asked=$((asked + 1))
        wait_count "$prompt" "$asked" || return 1
        pane | grep -qE '\((terug naar de vorige vraag|back to the previous question)' || fail "b did not go back" || return 1
        type_line h
        asked=$((asked + 1))
        wait_count "$prompt" "$asked" || return 1
        pane | grep -qE '^  (Uitleg|Explanation):' || fail "h gave no explanation" || return 1
        type_line "$yes"
        asked=$((asked + 1))
        wait_count "$prompt" "$asked" || return 1
      fi
      type_line "$yes"
    done
    if [ "${counts[stage]}" -gt 0 ]; then
      reveals=$((reveals + 1))
      wait_count "$reveal" "$reveals" || return 1
      no_spoilers "$id" "$lang" "$extra" || return 1
      if [ "$stage" = 0 ]; then
        # b at the reveal prompt: the stage's last question is asked again before anything is shown.
        type_line b
        asked=$((asked + 1))
        wait_count "$prompt" "$asked" || return 1
        no_spoilers "$id" "$lang" "$extra" || return 1
        type_line "$yes"
        reveals=$((reveals + 1))
        wait_count "$reveal" "$reveals" || return 1
        # Text typed at the reveal prompt is not swallowed: it is said not to be used, and the
        # answers are not shown until Enter.
        type_line "$yes"
        if [ "$lang" = nl ]; then
          wait_count "Dit is niet als antwoord gebruikt: '$yes'" 1 || return 1
        else
          wait_count "This was not used as an answer: '$yes'" 1 || return 1
        fi
        no_spoilers "$id" "$lang" "$extra" || return 1
      fi
      type_line ""
    fi
    if ((stage + 1 < stages)); then
      nexts=$((nexts + 1))
      wait_count "$next" "$nexts" || return 1
      no_spoilers "$id" "$lang" "$extra" || return 1
      type_line ""
    fi
  done
  # After the last answer and its reveal: Enter for the summary, which now tells what happened.
  type_line ""
  wait_count "$summary" 1 || return 1
  local status
  status="$(exit_status)"
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  local title
  title="$(jq -r --arg l "$lang" '.title[$l]' "Resources/scenarios/$id.json")"
  pane | grep -qF -- "$title" || fail "the summary does not reveal the title" || return 1
  if [ "$lang" = nl ]; then
    pane | grep -qF 'De route van de expert:' || fail "no expert route in the summary" || return 1
  else
    pane | grep -qF "The expert's route:" || fail "no expert route in the summary" || return 1
  fi
}

check_acute_nl() { play_without_spoilers acute_claimant_at_station nl j; }
check_casus3_en() { play_without_spoilers casus3_nephews_uncle en y; }
check_profile_trap_nl() { play_without_spoilers profile_trap_travelling_family nl n number; }

passed=0
failed=0
for check in acute_nl casus3_en profile_trap_nl; do
  if "check_$check"; then
    echo "ok   $check"
    passed=$((passed + 1))
  else
    echo "FAIL $check"
    failed=$((failed + 1))
  fi
done
echo "tmux scenario: $passed passed, $failed failed"
[ "$failed" = 0 ]
