#!/usr/bin/env bash
# End-to-end check of the install path: `make install` into a temporary PREFIX, then the installed
# binary is run with its build folder moved away (so it can only use what it carries), from another
# directory, with a bare environment, and with the Swift toolchain's runtime libraries hidden (a
# private mount namespace with an empty tmpfs over them, where `unshare -m` is allowed; `ldd` must
# show no Swift library either way). Then `make uninstall` must remove every installed file.
#
#   Scripts/install-check.sh
#
# Uses the release build that `make` and Scripts/bench.sh make, in .build-release (a few minutes the
# first time on 2 cores; nothing to do when it is current). SIGNAAL_INSTALL_SCRATCH overrides.
# Prints one line per check and ends with "install check: N passed, M failed"; exits 1 on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=${SIGNAAL_INSTALL_SCRATCH:-$root/.build-release}
aside="$scratch.aside-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/signaal-install-check.XXXXXX")
prefix="$tmp/prefix"
passed=0
failed=0

cleanup() {
  if [ -d "$aside" ]; then mv "$aside" "$scratch"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/     /' | head -20; fi; }
# check DESCRIPTION COMMAND...: the command must succeed.
check() {
  local description=$1 output
  shift
  if output=$("$@" 2>&1); then pass "$description"; else fail "$description" "$output"; fi
}
finish() {
  echo "install check: $passed passed, $failed failed"
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}

installed=(
  bin/signaal
  share/man/man1/signaal.1
  share/man/nl/man1/signaal.1
  share/bash-completion/completions/signaal
  share/zsh/site-functions/_signaal
  share/fish/vendor_completions.d/signaal.fish
)

# 1. Install.
echo "install check: make install PREFIX=$prefix (release build in $scratch)"
if make --no-print-directory install PREFIX="$prefix" SCRATCH="$scratch" >"$tmp/make.log" 2>&1; then
  pass "make install PREFIX=…"
else
  fail "make install PREFIX=…" "$(tail -20 "$tmp/make.log")"
  finish
fi
for file in "${installed[@]}"; do
  check "installed $file" test -s "$prefix/$file"
done
check "bin/signaal is executable" test -x "$prefix/bin/signaal"

# 2. Run the installed binary with the build folder gone, from elsewhere, in a bare environment.
mv "$scratch" "$aside" || { fail "move the build folder aside"; finish; }
mkdir -p "$tmp/work" "$tmp/home"
cp "$root"/Tests/Fixtures/cases/*.json "$tmp/work/"
run() { (cd "$tmp/work" && env -i PATH=/usr/bin:/bin HOME="$tmp/home" LANG=C "$prefix/bin/signaal" "$@"); }

version=$(run --version 2>&1)
if [[ $version =~ ^signaal\ [0-9][0-9.]*\ \(catalogue\ [^\)]+\)$ ]]; then pass "signaal --version: $version"
else fail "signaal --version" "$version"; fi

fixture=""
for candidate in "$root"/Tests/Fixtures/cases/*.json; do
  name=$(basename "$candidate" .json)
  if [ -f "$root/Tests/Fixtures/expected/$name.en.txt" ]; then fixture=$name; break; fi
done
if [ -z "$fixture" ]; then
  fail "a fixture case with expected output (Tests/Fixtures/expected/NAME.en.txt)"
else
  if actual=$(run score "$fixture.json" --lang en 2>&1) && [ "$actual" == "$(cat "$root/Tests/Fixtures/expected/$fixture.en.txt")" ]; then
    pass "signaal score $fixture.json matches Tests/Fixtures/expected/$fixture.en.txt"
  else
    fail "signaal score $fixture.json matches Tests/Fixtures/expected/$fixture.en.txt" "$(diff <(printf '%s\n' "$actual") "$root/Tests/Fixtures/expected/$fixture.en.txt" | head -20)"
  fi
  if json=$(run score --format json - <"$tmp/work/$fixture.json" 2>&1) && [[ $json == *'"level"'* ]]; then
    pass "signaal score --format json - (stdin)"
  else
    fail "signaal score --format json - (stdin)" "$json"
  fi
fi
check "signaal help score" run help score
check "signaal --help --lang nl" run --help --lang nl

# 2b. One shippable binary: no Swift runtime library from the toolchain, a few MB.
links=$(ldd "$prefix/bin/signaal" 2>&1)
if [[ $links != *libswift* && $links != *libFoundation* && $links != *libdispatch* ]]; then
  pass "ldd bin/signaal: no Swift libraries ($(printf '%s' "$links" | head -1 | sed 's/^[[:space:]]*//'))"
else
  fail "ldd bin/signaal: no Swift libraries" "$links"
fi
size=$(stat -c %s "$prefix/bin/signaal")
if [ "$size" -le $((32 * 1024 * 1024)) ]; then pass "bin/signaal is $((size / 1024 / 1024)) MB (no Foundation/ICU linked in; limit 32 MB)"
else fail "bin/signaal is $((size / 1024 / 1024)) MB: larger than 32 MB (Foundation linked in again?)"; fi
# The toolchain's runtime folder, hidden in a private mount namespace: what a machine without Swift sees.
swift_lib=""
if command -v swift >/dev/null 2>&1; then
  swift_lib=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")/lib/swift/linux
fi
if [ -n "$swift_lib" ] && [ -d "$swift_lib" ] && unshare -m true 2>/dev/null; then
  hidden() { unshare -m sh -c 'mount -t tmpfs none "$1" && shift && cd "$0" && exec env -i PATH=/usr/bin:/bin LANG=C "$@"' "$tmp/work" "$swift_lib" "$@"; }
  # The control: a dynamically linked Swift program must fail there, or the hiding proves nothing.
  control=$(swift build --show-bin-path 2>/dev/null)/signaal
  if [ -x "$control" ] && ldd "$control" 2>/dev/null | grep -q libswiftCore; then
    if hidden "$control" --version >/dev/null 2>&1; then fail "control: the debug build (shared Swift runtime) fails with $swift_lib hidden"
    else pass "control: the debug build (shared Swift runtime) fails with $swift_lib hidden"; fi
  fi
  if out=$(hidden "$prefix/bin/signaal" score --format json "${fixture:-missing}.json" 2>&1) && [[ $out == *'"level"'* ]]; then
    pass "with $swift_lib hidden: signaal score --format json ${fixture:-missing}.json"
  else
    fail "with $swift_lib hidden: signaal score --format json ${fixture:-missing}.json" "$out"
  fi
else
  echo "skip hidden toolchain run: unshare -m is not allowed here (ldd above is the proof)"
fi
usage=$(run scroe 2>&1); status=$?
if [ "$status" -eq 64 ] && [[ $usage == *'"score"'* ]]; then pass "signaal scroe: exit 64 with a suggestion"
else fail "signaal scroe: exit 64 with a suggestion" "exit $status: $usage"; fi

# 3. Man pages.
check "groff formats signaal.1 without warnings" bash -c '! command -v groff >/dev/null || [ -z "$(groff -man -Tutf8 -ww -z "$1" 2>&1)" ]' _ "$prefix/share/man/man1/signaal.1"
if command -v man >/dev/null 2>&1; then
  check "man -l signaal.1" bash -c 'MANPAGER=cat MANWIDTH=80 man -l "$1" 2>&1 | grep -q "EXIT STATUS"' _ "$prefix/share/man/man1/signaal.1"
  check "man -l nl/man1/signaal.1" bash -c 'MANPAGER=cat MANWIDTH=80 man -l "$1" 2>&1 | grep -q AFSLUITCODES' _ "$prefix/share/man/nl/man1/signaal.1"
  check "man finds signaal on MANPATH" bash -c '[ "$(MANPATH="$1" man -w signaal)" = "$1/man1/signaal.1" ]' _ "$prefix/share/man"
else
  echo "skip man -l: man is not installed"
fi

# 4. Completions load in their shells.
check "bash completion loads and completes 'signaal sc'" bash --norc --noprofile -c \
  'source "$1" && COMP_WORDS=(signaal sc) COMP_CWORD=1 && _signaal && [[ " ${COMPREPLY[*]} " == *" score "* ]]' _ "$prefix/share/bash-completion/completions/signaal"
if command -v zsh >/dev/null 2>&1; then check "zsh -n _signaal" zsh -n "$prefix/share/zsh/site-functions/_signaal"
else echo "skip zsh -n: zsh is not installed"; fi
if command -v fish >/dev/null 2>&1; then
  check "fish completes 'signaal sc'" fish --no-config -c \
    'source $argv[1]; complete -C"signaal sc" | string match -q "score*"' "$prefix/share/fish/vendor_completions.d/signaal.fish"
else echo "skip fish: fish is not installed"; fi

# 5. Put the build folder back, uninstall, and nothing may be left.
mv "$aside" "$scratch"
if make --no-print-directory uninstall PREFIX="$prefix" SCRATCH="$scratch" >"$tmp/make.log" 2>&1; then
  pass "make uninstall PREFIX=…"
else
  fail "make uninstall PREFIX=…" "$(tail -20 "$tmp/make.log")"
fi
left=$(find "$prefix" -type f 2>/dev/null)
if [ -z "$left" ]; then pass "uninstall removed every installed file"; else fail "uninstall removed every installed file" "$left"; fi

finish
