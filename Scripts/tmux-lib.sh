# Shared by the tmux checks (tmux-triage.sh, tmux-scenario.sh): finds the binary, starts a private
# tmux server in a temporary folder and gives the helpers both scripts drive the terminal with.
# Source it after setting NAME (the script's name in messages) and, optionally, SESSION_ENV (extra
# VAR='value' words for the shell inside the terminal) and `work` (a temporary folder, removed at
# exit; made here when unset). Sets: bin, work, sock.

bin="${1:-${SIGNAAL_BIN:-.build/debug/signaal}}"
if [ ! -x "$bin" ]; then
  echo "$NAME: no executable at $bin (run swift build first)"
  exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
for tool in tmux jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$NAME: $tool is not installed"; exit 2; }
done

work="${work:-$(mktemp -d)}"
sock="$work/tmux.sock"
mkdir -p "$work/home"

# A private tmux server (own socket, no config): never touches the user's sessions.
T() { tmux -u -S "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

T new-session -d -s t -x 150 -y 45 \
  "env -i HOME='$work/home' PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 ${SESSION_ENV:-} PS1='$ ' bash --norc --noprofile -i"
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
