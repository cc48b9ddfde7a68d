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

NAME="tmux triage"
work="$(mktemp -d)"
state="$work/state"
drafts="$state/signaal/drafts"
at="2026-11-21T23:40:00+01:00"
SESSION_ENV="XDG_STATE_HOME='$state' XDG_CONFIG_HOME='$work/config'"
# shellcheck source=Scripts/tmux-lib.sh
. Scripts/tmux-lib.sh

# Waits until the screen shows question N as the latest question and the cursor sits at its prompt.
wait_question() {
  local n=$1 i
  for ((i = 0; i < 300; i++)); do
    local text last_progress last_line
    text="$(pane)"
    last_progress="$(printf '%s\n' "$text" | grep -E '^(Vraag|Question) [0-9]+ (van|of) (max\. )?[0-9]' | tail -1 | awk '{print $2}')"
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

# The number the checklist on screen gives an item (found by its label, so new catalogue items
# that shift the numbers do not break the script).
item_number() {
  pane | grep -Eo "(^|· |[[:space:]])[0-9]+ $1" | tail -1 | grep -Eo '[0-9]+' | head -1
}

# The ticks of a pickpocketing arrest: an adult directing, doubtful identity (with a note), the
# child denies knowing the adult, no address.
pickpocket_ticks() {
  local a b c d
  a="$(item_number 'volwassene stuurde ter plaatse')"
  b="$(item_number 'identiteit onzeker')"
  c="$(item_number 'ontkent volwassene te kennen')"
  d="$(item_number 'weet verblijfadres niet')"
  [ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ -n "$d" ] || { fail "checklist items not on screen"; return 1; }
  echo "$a, $b: geen papieren, $c, $d"
}

# A pickpocketing arrest in Dutch: age, region, four gate facts (danger not known yet), the
# checklist (question 7), the three deepening questions its instigation tick opens (danger now is
# asked because the gate was ?), the reference: 11 prompts.
answers=(13 utrecht '?' j n 2 CHECKLIST n '?' n BVH-2026-0001)

# The checklist of the arrest above, page by page when the terminal is small: on each page the
# wanted items shown there are ticked (numbers found by their labels), Enter on a page without any.
answer_checklist() {
  local labels=('volwassene stuurde ter plaatse' 'identiteit onzeker' 'ontkent volwassene te kennen' 'weet verblijfadres niet')
  local notes=('' ': geen papieren' '' '')
  local done=(0 0 0 0) round k n line pages current
  for ((round = 0; round < 8; round++)); do
    line=""
    for k in 0 1 2 3; do
      [ "${done[$k]}" = 1 ] && continue
      n="$(item_number "${labels[$k]}")"
      [ -n "$n" ] || continue
      done[k]=1
      line="${line:+$line, }$n${notes[$k]}"
    done
    pages="$(pane | grep -Eo 'lijst [0-9]+/[0-9]+' | tail -1)"
    type_line "$line"
    current="${pages#* }"
    if [ -z "$pages" ] || [ "${current%/*}" = "${pages#*/}" ]; then
      [ "${done[*]}" = "1 1 1 1" ] || fail "checklist items not on any page: ${done[*]}" || return 1
      return 0
    fi
    sleep 0.3
    wait_question 7 || return 1
  done
  fail "too many checklist pages"
}

# Answers question i (0-based) of the arrest above.
answer_arrest() {
  local i=$1
  if [ "${answers[$i]}" = CHECKLIST ]; then
    answer_checklist || return 1
  else
    type_line "${answers[$i]}"
  fi
}

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
      # The help waits for Enter, so the question does not push it off the screen.
      wait_for 'Druk op Enter om terug te gaan naar de vraag' || return 1
      sleep 0.3
      pane | grep -q '^Vraag 6 van' && [ "$(pane | grep -c '^Vraag 6 van')" -gt 1 ] && { fail "the question came back before Enter"; return 1; }
      type_line ""
      sleep 0.3
      wait_question 6 || return 1
    fi
    if [ "$i" = 6 ]; then
      # The checklist: grouped by family, numbered; a wrong number is refused with a hint.
      wait_for '^Wat heb je gezien of gehoord' || return 1
      wait_for '^Aansturing +1 ' || return 1
      wait_for '^Dwang ' || return 1
      type_line 999
      wait_for '^999 staat niet op de lijst\.' || return 1
      wait_question 7 || return 1
    fi
    if [ "$i" = 7 ]; then
      wait_for '^Aangevinkt \(telt als ja\): volwassene stuurde' || return 1
      type_line misschien
      wait_for 'Dat begrijp ik niet' || return 1
      wait_question 8 || return 1
    fi
    answer_arrest "$i" || return 1
  done
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  pane | grep -q 'Vraag 11 van 11' || fail "progress did not reach 11 of 11" || return 1
  local level
  level="$("$bin" score "$work/a.json" --lang nl | grep '^NIVEAU:')"
  pane | grep -qF -- "$level" || fail "level '$level' not in the end block" || return 1
  pane | grep -q "Zaak opgeslagen in $work/a.json" || fail "no save confirmation" || return 1
  pane | grep -q "Volledige beoordeling: signaal score $work/a.json" || fail "end block does not say where the assessment went" || return 1
  pane | grep -q '^Signaal — beoordeling' && { fail "the full assessment is on the screen without --full although it was saved"; return 1; }
  [ "$(stat -c %a "$work/a.json")" = 600 ] || fail "case file is not 0600" || return 1
  [ "$(jq -c '[.context.age, .context.offence, .context.region, .reference, (.answers | length), .answers["identity.doubtful"].note]' "$work/a.json")" = '[13,"pickpocketing","utrecht","BVH-2026-0001",7,"geen papieren"]' ] ||
    fail "saved case: $(jq -c . "$work/a.json")" || return 1
  [ "$(draft_count)" = 0 ] || fail "the finished interview left a draft" || return 1
}

# kill -9 right after the checklist answer, then --resume: nothing is lost.
scenario_kill_and_resume() {
  start "triage --lang nl --at $at"
  local i
  for ((i = 0; i < 7; i++)); do
    wait_question $((i + 1)) || return 1
    answer_arrest "$i" || return 1
  done
  wait_question 8 || return 1
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
  [ "$(jq -c '[(.answers | length), (.answers.checklist | length), .notes["identity.doubtful"], .current]' "$draft")" = '[7,4,"geen papieren","coercion.threats_violence"]' ] ||
    fail "draft after kill -9: $(jq -c . "$draft")" || return 1

  start "triage --resume --save '$work/b.json'"
  wait_for 'Verder met concept .* \(7 antwoorden bewaard\)' || return 1
  wait_question 8 || return 1
  for ((i = 7; i < ${#answers[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    answer_arrest "$i" || return 1
  done
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status after resume, expected 0" || return 1
  cmp -s "$work/a.json" "$work/b.json" || fail "resumed case differs from the uninterrupted one" || return 1
  [ "$(draft_count)" = 0 ] || fail "the finished interview left a draft" || return 1
}

# A collector ticked mid-interview: "is that person here now?" is the very next screen, and its
# yes brings the acute alert at once, which waits for Enter before the interview goes on.
scenario_acute_collector() {
  start "triage --lang nl --at $at"
  local i
  for ((i = 0; i < 6; i++)); do
    wait_question $((i + 1)) || return 1
    type_line "${answers[$i]}"
  done
  wait_question 7 || return 1
  local n
  n="$(item_number 'opgehaald vóór familie wist')"
  [ -n "$n" ] || fail "collection item not on screen" || return 1
  type_line "$n"
  wait_question 8 || return 1
  pane | grep -A1 'Vraag 8 van' | grep -q 'Is er nu iemand aanwezig' || fail "question 8 is not 'is that person here now?'" || return 1
  type_line j
  wait_for '^ACUUT — doe dit nu' || return 1
  wait_for 'Druk op Enter als je dit hebt gedaan\.' || return 1
  # The alert leads with what the officer does (own control room, not 112), the whole of it on screen.
  pane | grep -A1 '^ACUUT — doe dit nu' | grep -q '^  1\. Vraag nu via je OC/meldkamer assistentie' ||
    fail "the alert does not lead with the officer's own action" || return 1
  pane | grep -q '112' && { fail "the alert sends a police officer to 112"; return 1; }
  sleep 0.5
  pane | grep -q 'Vraag 9 van' && { fail "the next question scrolled the alert away before Enter"; return 1; }
  pane | sed '/^[[:space:]]*$/d' | tail -1 | grep -q 'Druk op Enter' || fail "the alert is not the last thing on screen" || return 1
  # Text typed at the alert is not swallowed: it is said not to be used, and the alert still waits.
  type_line n
  wait_for "Dit is niet als antwoord gebruikt: 'n'" || return 1
  sleep 0.3
  pane | grep -q 'Vraag 9 van' && { fail "typed text at the alert went on to the next question"; return 1; }
  type_line ""
  wait_question 9 || return 1
  type_line q
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status after q, expected 0" || return 1
  start "triage --delete-draft $(basename "$(only_draft)" .json) --lang en"
  exit_status >/dev/null || return 1
}

# On a 24-row terminal the end block (level, what to do now, where the rest went) is on screen
# without scrolling, and no line is wider than the terminal.
scenario_end_block_24_rows() {
  T resize-window -t t -x 80 -y 24 >/dev/null 2>&1 || T resize-pane -t t -x 80 -y 24
  start "triage --lang nl --at $at --save '$work/c.json'"
  local i
  for ((i = 0; i < ${#answers[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    answer_arrest "$i" || return 1
  done
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  local screen
  screen="$(T capture-pane -p -t t)" # the visible screen only, no scrollback
  printf '%s\n' "$screen" | grep -q '^NIVEAU: VERMOEDEN VAN UITBUITING' || fail "level not visible on 24 rows" || return 1
  printf '%s\n' "$screen" | grep -Eq '^(NU DOEN|VANDAAG):' || fail "first steps not visible on 24 rows" || return 1
  printf '%s\n' "$screen" | grep -q '^1\. ' || fail "no numbered step visible" || return 1
  printf '%s\n' "$screen" | grep -q "Volledige beoordeling: signaal score $work/c.json" || fail "where the assessment went is not visible" || return 1
  printf '%s\n' "$screen" | grep -qi 'geen vaststelling' || fail "the last line is not visible" || return 1
  # Joined (-J) lines longer than 80 characters would be lines the terminal had to wrap; the
  # shell's own command line is not Signaal's.
  local line wide=0
  while IFS= read -r line; do
    [[ "$line" == '$ '* ]] && continue
    [ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -gt 80 ] && wide=$((wide + 1))
  done < <(pane)
  [ "$wide" = 0 ] || fail "$wide lines wider than 80 columns" || return 1
  T resize-window -t t -x 150 -y 45 >/dev/null 2>&1 || T resize-pane -t t -x 150 -y 45
}

# Nothing saved in a terminal (Enter at the save prompt): the whole assessment is printed after
# all, and the end block says it is above.
scenario_nothing_saved() {
  start "triage --lang nl --at $at"
  local i
  for ((i = 0; i < ${#answers[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    answer_arrest "$i" || return 1
  done
  wait_for '^Wil je de zaak opslaan in een bestand' || return 1
  type_line ""
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  pane | grep -q '^Zaak niet opgeslagen\.' || fail "no 'not saved'" || return 1
  pane | grep -q '^Signaal — beoordeling criminele uitbuiting' || fail "the full assessment was not printed" || return 1
  pane | grep -q '^Volledige beoordeling: hierboven (standaarduitvoer)\.' || fail "end block does not say the assessment is above" || return 1
  [ "$(draft_count)" = 0 ] || fail "the finished interview left a draft" || return 1
}

# --full in a terminal: the whole assessment on the screen before the end block, also when saved.
scenario_full() {
  start "triage --lang nl --at $at --full --save '$work/f.json'"
  local i
  for ((i = 0; i < ${#answers[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    answer_arrest "$i" || return 1
  done
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  local text full end
  text="$(pane)"
  full="$(printf '%s\n' "$text" | grep -n '^Signaal — beoordeling criminele uitbuiting' | tail -1 | cut -d: -f1)"
  end="$(printf '%s\n' "$text" | grep -n '^NIVEAU: ' | tail -1 | cut -d: -f1)"
  [ -n "$full" ] || fail "--full printed no assessment" || return 1
  [ -n "$end" ] && [ "$full" -lt "$end" ] || fail "the assessment is not before the end block ($full, $end)" || return 1
  printf '%s\n' "$text" | grep -q "Volledige beoordeling: signaal score $work/f.json" || fail "end block does not name the saved case" || return 1
  [ -f "$work/f.json" ] || fail "case not saved" || return 1
}

# TERM=dumb: no colour or other escape sequences, the interview works as usual.
scenario_term_dumb() {
  fresh_screen
  type_line "TERM=dumb '$bin' triage --lang en --at $at; echo EXIT:\$?"
  wait_question 1 || return 1
  if T capture-pane -p -e -t t | grep -q $'\e'; then fail "escape sequences with TERM=dumb"; return 1; fi
  type_line 13
  wait_question 2 || return 1
  type_line q
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status after q, expected 0" || return 1
  if T capture-pane -p -e -t t | grep -q $'\e'; then fail "escape sequences with TERM=dumb"; return 1; fi
  start "triage --delete-draft $(basename "$(only_draft)" .json) --lang en"
  exit_status >/dev/null || return 1
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

# The screen as it is now: the visible rows only, no scrollback.
visible() { T capture-pane -p -t t; }

# Issue 21 on a real terminal of a given size, in Dutch or English: the checklist pages fit, so
# every screen shows the question line, the key line and the items ticked so far together with the
# prompt; the first and the last item of the checklist are ticked (on the first and the last page);
# a refused entry's reason stands on screen with the prompt; h shows its text and waits; q at the
# save prompt keeps the draft and says how to continue.
screen_at() {
  local cols=$1 rows=$2 lang=$3
  local question keys ticked first_label last_label refused help_wait stopped page_word
  if [ "$lang" = nl ]; then
    question='^Wat heb je gezien of gehoord\?$'; keys='^  nummers = aanvinken'; ticked='^  Aangevinkt: 1 volwassene stuurde ter plaatse'
    first_label='volwassene stuurde ter plaatse'; last_label='criminele omgeving'; refused="^'x' is geen nummer van de lijst"
    help_wait='Druk op Enter om terug te gaan naar de vraag'; stopped='^Gestopt\. Je antwoorden zijn bewaard'; page_word=lijst
  else
    question='^What have you seen or heard\?$'; keys='^  numbers = tick'; ticked='^  Ticked: 1 adult directed at the scene'
    first_label='adult directed at the scene'; last_label='criminal people around'; refused="^'x' is not a number on the list"
    help_wait='Press Enter to go back to the question'; stopped='^Stopped\. Your answers are saved'; page_word=list
  fi
  T resize-window -t t -x "$cols" -y "$rows" >/dev/null 2>&1 || T resize-pane -t t -x "$cols" -y "$rows"
  sleep 0.2
  start "triage --lang $lang --at $at --region utrecht"
  local gates=(13 '?' y n 2) i
  [ "$lang" = nl ] && gates=(13 '?' j n 2)
  for ((i = 0; i < ${#gates[@]}; i++)); do
    wait_question $((i + 1)) || return 1
    type_line "${gates[$i]}"
  done
  wait_question 6 || return 1
  # Page 1: the question and the key line on the visible screen, with the prompt.
  local screen
  screen="$(visible)"
  printf '%s\n' "$screen" | grep -Eq "$question" || fail "${cols}x$rows $lang: question line not on screen" || return 1
  printf '%s\n' "$screen" | grep -Eq "$keys" || fail "${cols}x$rows $lang: key line not on screen" || return 1
  printf '%s\n' "$screen" | grep -Eq "^[A-Z][^ ]* *1 $first_label" || fail "${cols}x$rows $lang: item 1 not on the first page" || return 1
  # A refused entry: the reason right under the prompt, the question still on screen.
  type_line x
  wait_for "$refused" || return 1
  screen="$(visible)"
  printf '%s\n' "$screen" | grep -Eq "$question" || fail "${cols}x$rows $lang: question scrolled off by the refusal" || return 1
  printf '%s\n' "$screen" | sed '/^[[:space:]]*$/d' | tail -1 | grep -q '^>' || fail "${cols}x$rows $lang: the prompt is not last after a refusal" || return 1
  # h: its text on screen, waiting for Enter.
  type_line h
  wait_for "$help_wait" || return 1
  sleep 0.3
  visible | grep -q "$help_wait" || fail "${cols}x$rows $lang: help not on screen" || return 1
  visible | grep -Eq '^(Uitleg|Explanation):' || fail "${cols}x$rows $lang: help heading scrolled off" || return 1
  type_line ""
  sleep 0.3
  wait_question 6 || return 1
  type_line 1
  sleep 0.3
  # Every further page: question, key line and the ticked item on screen with the prompt.
  local pages n=0
  while :; do
    wait_question 6 || return 1
    sleep 0.1
    screen="$(visible)"
    printf '%s\n' "$screen" | grep -Eq "$question" || fail "${cols}x$rows $lang: question line not on page screen" || return 1
    printf '%s\n' "$screen" | grep -Eq "$keys" || fail "${cols}x$rows $lang: key line not on page screen" || return 1
    printf '%s\n' "$screen" | grep -Eq "$ticked" || fail "${cols}x$rows $lang: ticked item not on page screen" || return 1
    pages="$(printf '%s\n' "$screen" | grep -Eo "$page_word [0-9]+/[0-9]+" | tail -1)"
    n=$((n + 1))
    [ "$n" -lt 10 ] || fail "too many pages" || return 1
    [ -z "$pages" ] && break
    local current="${pages#* }"
    [ "${current%/*}" = "${pages#*/}" ] && break
    type_line ""
    sleep 0.3
  done
  printf '%s\n' "$screen" | grep -Eq "(^|· |[[:space:]])65 $last_label" || fail "${cols}x$rows $lang: item 65 not on the last page" || return 1
  type_line 65
  wait_question 7 || return 1
  sleep 0.1
  screen="$(visible)"
  printf '%s\n' "$screen" | grep -q "$first_label; $last_label" || fail "${cols}x$rows $lang: both ticks not confirmed on screen" || return 1
  printf '%s\n' "$screen" | grep -Eq '^(Vraag|Question) 7 ' || fail "${cols}x$rows $lang: next question line not on screen" || return 1
  # No line of Signaal's is wider than the terminal.
  local line wide=0
  while IFS= read -r line; do
    [[ "$line" == '$ '* ]] && continue
    [ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -gt "$cols" ] && wide=$((wide + 1))
  done < <(pane)
  [ "$wide" = 0 ] || fail "${cols}x$rows $lang: $wide lines wider than $cols columns" || return 1
  # The rest: threats no, debt ?, danger now no, a reference; then q at the save prompt.
  for answer in n '?' n BVH-2026-0003; do
    [ "$lang" = en ] || answer="${answer/y/j}"
    type_line "$answer"
    sleep 0.2
  done
  wait_for '^  q = ' || return 1
  type_line q
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status after q at the save prompt" || return 1
  visible | grep -Eq "$stopped" || fail "${cols}x$rows $lang: q at the save prompt did not say the draft is kept" || return 1
  [ "$(draft_count)" = 1 ] || fail "${cols}x$rows $lang: q at the save prompt did not keep the draft" || return 1
  [ "$(jq -c '.answers.checklist' "$(only_draft)")" = '["context.criminal_contacts","instigation.adult_instructs_at_scene"]' ] ||
    fail "draft ticks: $(jq -c .answers.checklist "$(only_draft)")" || return 1
  start "triage --delete-draft $(basename "$(only_draft)" .json) --lang en"
  exit_status >/dev/null || return 1
  T resize-window -t t -x 150 -y 45 >/dev/null 2>&1 || T resize-pane -t t -x 150 -y 45
}

scenario_screen_80x24_nl() { screen_at 80 24 nl; }
scenario_screen_80x24_en() { screen_at 80 24 en; }
scenario_screen_100x30_nl() { screen_at 100 30 nl; }
scenario_screen_100x30_en() { screen_at 100 30 en; }

# Issue 25 on an 80x24 terminal in Dutch: the police officer's case of 23:40 (piped, as in
# ChainEndToEndTests) is continued by the ZSM secretary at 09:10 with `triage --case FILE --role zsm`:
# what is known is shown by role and time, danger now is asked again first (review 5 C1), then the four open points (two skipped, the proceeds
# yes with a note, threats changed from ? to no), then one checklist page with the earlier answers
# marked, then "Welke stappen heb je al gezet?", then the question before the case file is overwritten.
# At most 8 prompts; the level and the ZSM route follow; score shows both contributions.
scenario_chain_80x24_nl() {
  local police="$work/chain.json" checklist_goods
  printf '%s\n' 14 n j j 1 "3, 26, 42" '?' '?' ZSM-2026-0317 |
    env XDG_STATE_HOME="$work/chain-state" XDG_CONFIG_HOME="$work/config" "$bin" triage --role police --lang nl \
      --at 2026-12-06T23:40:00+01:00 --region zwolle --save "$police" >/dev/null 2>&1 || { fail "police case not saved"; return 1; }
  [ "$(jq -c '[.context.role, (.answers | length)]' "$police")" = '["police",5]' ] || fail "police case: $(jq -c . "$police")" || return 1
  T resize-window -t t -x 80 -y 24 >/dev/null 2>&1 || T resize-pane -t t -x 80 -y 24
  sleep 0.2
  start "triage --case '$police' --role zsm --lang nl --at 2026-12-07T09:10:00+01:00 --save '$police'"
  wait_question 1 || return 1
  pane | grep -q '^  1\. politie, 6 dec 23:40: 5 antwoorden, 3 signalen' || fail "the police contribution is not shown" || return 1
  pane | grep -q 'jij vult aan als ZSM' || fail "the reader's role is not shown" || return 1
  pane | grep -q 'Hoe oud is het kind' && { fail "a gate question was asked again"; return 1; }
  # Review 5 C1: danger now belongs to 23:40; it is asked again first, stamped with who and when.
  pane | tr '\n' ' ' | tr -s ' ' | grep -q 'Acuut gevaar: nee (politie, 6 dec 23:40)' || fail "the header does not say who answered danger now" || return 1
  visible | tr '\n' ' ' | tr -s ' ' | grep -q 'Volgens politie (6 dec 23:40): geen acuut gevaar. Is het kind nu in gevaar' ||
    fail "danger now is not asked again first with who and when" || return 1
  type_line n
  wait_question 2 || return 1
  visible | grep -q 'Enter = overslaan' || fail "open point without its key line" || return 1
  type_line ""
  wait_question 3 || return 1
  visible | grep -q 'afgeven aan iemand' || fail "open point 2 is not the proceeds question" || return 1
  type_line "j: moest de spullen afgeven aan een oudere jongen"
  wait_question 4 || return 1
  type_line ""
  wait_question 5 || return 1
  visible | grep -q 'Tot nu toe: onbekend (politie, 6 dec 23:40)' || fail "the earlier answer and who gave it are not shown" || return 1
  type_line n
  wait_question 6 || return 1
  local screen
  screen="$(visible)"
  printf '%s\n' "$screen" | grep -q '^Wat heb je gezien of gehoord' || fail "checklist question not on screen" || return 1
  printf '%s\n' "$screen" | grep -q 'lijst [0-9]*/' && { fail "the continuation checklist needs more than one page at 80x24"; return 1; }
  printf '%s\n' "$screen" | grep -q 'schoolverzuim ✓' || fail "the police's yes is not marked on the checklist" || return 1
  printf '%s\n' "$screen" | grep -q '^  nummer = ja' || fail "checklist key line not on screen" || return 1
  checklist_goods="$(item_number 'geld/spullen passen niet')"
  [ -n "$checklist_goods" ] || fail "item not on the checklist" || return 1
  type_line "$checklist_goods"
  wait_for '^Welke stappen heb je al gezet' || return 1
  sleep 0.2
  visible | grep -q '^  nummers = gezet' || fail "steps key line not on screen" || return 1
  type_line 1
  wait_for 'Overschrijven\? \(j/n\)' || return 1
  sleep 0.2
  type_line j
  local status
  status="$(exit_status)" || return 1
  [ "$status" = 0 ] || fail "exit status $status, expected 0" || return 1
  local prompts
  prompts="$(pane | grep -c '^> ')"
  [ "$prompts" -le 8 ] || fail "$prompts prompts, expected at most 8" || return 1
  pane | grep -q '^NIVEAU: VERMOEDEN VAN UITBUITING' || fail "the level did not follow" || return 1
  pane | grep -q '^1\. ZSM-tafel' || fail "the route is not the ZSM reader's" || return 1
  [ "$(stat -c %a "$police")" = 600 ] || fail "case file is not 0600" || return 1
  [ "$(jq -c '[.version, (.history | length), .history[0].role, .history[1].role, (.history[1].done | length), .context.role]' "$police")" = '[2,2,"police","zsm",1,"zsm"]' ] ||
    fail "saved case: $(jq -c . "$police")" || return 1
  "$bin" score "$police" --lang nl | grep -q '^  2\. ZSM, 7 dec 09:10: +3, 1 gewijzigd (2 signalen) — niveau Aandacht → Vermoeden van uitbuiting' ||
    fail "score does not show the ZSM contribution" || return 1
  local line wide=0
  while IFS= read -r line; do
    [[ "$line" == '$ '* ]] && continue
    [ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -gt 80 ] && wide=$((wide + 1))
  done < <(pane)
  [ "$wide" = 0 ] || fail "$wide lines wider than 80 columns" || return 1
  [ "$(draft_count)" = 0 ] || fail "the finished continuation left a draft" || return 1
  T resize-window -t t -x 150 -y 45 >/dev/null 2>&1 || T resize-pane -t t -x 150 -y 45
}

passed=0
failed=0
for scenario in full_interview kill_and_resume acute_collector end_block_24_rows nothing_saved full term_dumb ctrl_c colour \
  screen_80x24_nl screen_80x24_en screen_100x30_nl screen_100x30_en chain_80x24_nl; do
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
