#!/usr/bin/env bash
# End-to-end test of the chat screen in a real terminal: two `peerchat` TUI nodes in tmux.
# Alice starts on a free port (read from her status bar), Bob joins her with --connect, each
# types a line that must appear on the other's screen (tmux capture-pane), /peers is checked,
# Alice rests without polling (few wake-ups a second) and still draws Bob's next line,
# Alice renames herself with /nick (Bob must see her leave and join again as Alicia),
# then both quit with Ctrl+Q: Alice must see "Bob left", and both must exit 0.
#
#   tests/e2e/tui-tmux.sh [--no-build] [--keep DIR]
#
# --no-build  use the existing build of src/PeerChat.App (Debug)
# --keep DIR  write the screen captures, logs and transcripts to DIR (kept afterwards)
#
# Installs tmux with apt-get when it is missing; when it cannot, says so and exits 0 (skipped).
# Exit status: 0 passed or skipped, 1 failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)

BUILD=1
KEEP=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "tui-tmux: unknown argument '$1' (use --no-build, --keep DIR)" >&2; exit 2 ;;
  esac
done

log() { echo "tui-tmux: $*"; }

# ── tmux ────────────────────────────────────────────────────────────────────────────────────────
if ! command -v tmux >/dev/null 2>&1; then
  log "tmux is missing; installing it with apt-get"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo -n"; fi
  if command -v apt-get >/dev/null 2>&1 \
     && $SUDO apt-get update -qq >/dev/null 2>&1 \
     && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null 2>&1 \
     && command -v tmux >/dev/null 2>&1; then
    log "installed $(tmux -V)"
  else
    log "SKIPPED: tmux is not installed and could not be installed (needs apt-get and root); install tmux to run this test"
    exit 0
  fi
fi

# ── build ───────────────────────────────────────────────────────────────────────────────────────
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [[ $BUILD -eq 1 ]]; then
  log "building src/PeerChat.App"
  dotnet build src/PeerChat.App/PeerChat.App.csproj -c Debug --nologo -v quiet >/dev/null
fi
DLL="$REPO/src/PeerChat.App/bin/Debug/net10.0/peerchat.dll"
[[ -f "$DLL" ]] || { log "FAILED: $DLL is missing (build first, or drop --no-build)"; exit 1; }

# ── sandbox ─────────────────────────────────────────────────────────────────────────────────────
WORK=${KEEP:-$(mktemp -d -t peerchat-tui-e2e.XXXXXX)}
mkdir -p "$WORK"
SOCKET="peerchat-e2e-$$"          # a tmux server of our own: other tmux sessions are never touched
TMUX_CMD=(tmux -u -L "$SOCKET" -f /dev/null)
cleanup() {
  "${TMUX_CMD[@]}" kill-server >/dev/null 2>&1 || true
  if [[ -z "$KEEP" ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

for who in alice bob; do
  cat >"$WORK/$who.conf" <<EOF
peerchat.log.path = "$WORK/$who.log"
peerchat.transcript.path = "$WORK/$who.transcript"
EOF
done

COLS=100
ROWS=24
start() { # name session-args...
  local who=$1; shift
  # The exit status is written when peerchat ends; the pane then stays for the checks.
  # The pane gets a title of its own first: peerchat must give it back when it quits.
  "${TMUX_CMD[@]}" new-session -d -s "$who" -x $COLS -y $ROWS \
    "printf '\\033]2;e2e-$who\\033\\\\'; dotnet '$DLL' --config '$WORK/$who.conf' $*; echo \$? > '$WORK/$who.rc'; sleep 600"
}
screen() { "${TMUX_CMD[@]}" capture-pane -p -t "$1"; }
type_line() { "${TMUX_CMD[@]}" send-keys -t "$1" -l "$2"; "${TMUX_CMD[@]}" send-keys -t "$1" Enter; }

fail() {
  log "FAILED: $*"
  for who in alice bob; do
    echo "── $who's screen ──"
    screen "$who" 2>/dev/null || true
    [[ -f "$WORK/$who.log" ]] && { echo "── $who's log ──"; tail -n 20 "$WORK/$who.log"; }
  done
  exit 1
}

wait_for() { # session text seconds what
  local deadline=$((SECONDS + $3))
  until screen "$1" | grep -qF -- "$2"; do
    (( SECONDS < deadline )) || fail "$4: '$2' not on $1's screen within $3 s"
    sleep 0.2
  done
}

wait_exit() { # name seconds
  local deadline=$((SECONDS + $2))
  until [[ -s "$WORK/$1.rc" ]]; do
    (( SECONDS < deadline )) || fail "$1 did not exit within $2 s of Ctrl+Q"
    sleep 0.2
  done
  local rc
  rc=$(cat "$WORK/$1.rc")
  [[ "$rc" == 0 ]] || fail "$1 exited with $rc, not 0"
}

# ── the input line: readline keys and pastes, typed as a person would ───────────────────────────
# Each sends one line from Bob and finds exactly that on Alice's screen.
tmux_keys() { "${TMUX_CMD[@]}" send-keys -t "$@"; }

check_ctrl_u() {
  log "Ctrl+U kills what Bob typed; the line he types after it is what Alice gets"
  tmux_keys bob -l "wrong words"
  tmux_keys bob C-u
  type_line bob "after ctrl-u"
  wait_for alice "<Bob> after ctrl-u" 20 "Bob's line after Ctrl+U"
  ! screen alice | grep -qF "wrong words" || fail "Ctrl+U left the killed text in the line Alice got"
}

check_ctrl_w() {
  log "Ctrl+W kills the previous word"
  tmux_keys bob -l "hello wrongword"
  tmux_keys bob C-w
  type_line bob "world"
  wait_for alice "<Bob> hello world" 20 "Bob's line after Ctrl+W"
}

check_alt_keys_then_fast_typing() {
  log "Alt+B then typing at once: every key counts"
  tmux_keys bob -l "typing"
  # One tmux command: the keys reach peerchat within microseconds, as a fast typist's do.
  tmux_keys bob M-b \; send-keys -t bob -l "fast " \; send-keys -t bob Enter
  wait_for alice "<Bob> fast typing" 20 "Bob's line typed right after Alt+B"
  log "Alt+Backspace then Enter at once: the line is sent"
  tmux_keys bob -l "keep this typo"
  tmux_keys bob M-BSpace \; send-keys -t bob Enter
  wait_for alice "<Bob> keep this" 20 "Bob's line sent right after Alt+Backspace"
  ! screen alice | grep -qF "keep this typo" || fail "Alt+Backspace did not kill 'typo'"
}

check_bracketed_paste() {
  log "a bracketed paste of 2 lines goes at once, each line its own message"
  printf 'pasted A\npasted B' | "${TMUX_CMD[@]}" load-buffer -b e2e-paste -
  "${TMUX_CMD[@]}" paste-buffer -p -d -b e2e-paste -t bob
  wait_for alice "<Bob> pasted B" 20 "the 2-line paste on Alice's screen"
  log "a bracketed paste of 5 lines asks first; Enter sends them in order"
  printf 'paste one\npaste two\npaste three\npaste four\npaste five\n' | "${TMUX_CMD[@]}" load-buffer -b e2e-paste -
  "${TMUX_CMD[@]}" paste-buffer -p -d -b e2e-paste -t bob
  wait_for bob "paste 5 lines? Enter sends them, Esc does not" 10 "Bob's paste question"
  tmux_keys bob Enter
  wait_for alice "<Bob> paste five" 20 "the 5-line paste on Alice's screen"
  local got
  got=$(grep -o '<Bob> paste.*' "$WORK/alice.transcript" | tr '\n' '|')
  [[ "$got" == "<Bob> pasted A|<Bob> pasted B|<Bob> paste one|<Bob> paste two|<Bob> paste three|<Bob> paste four|<Bob> paste five|" ]] \
    || fail "pasted lines in Alice's transcript are not each one message in order: '$got'"
}

check_idle() { # name: at rest, the process sleeps (Terminal.Gui's own loops woke it about 460 times a second)
  log "$1 at rest: no polling (under $IDLE_WAKEUPS wake-ups a second, all threads)"
  local pane pid before after
  pane=$("${TMUX_CMD[@]}" display -p -t "$1" '#{pane_pid}')
  pid=$(pgrep -P "$pane" -x dotnet) || fail "no peerchat process under $1's pane"
  sleep 3 # the main loop keeps its pace for 2 s after the last thing that happened (IdleLoop.Linger)
  wakeups() { cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { n += $2 } END { print n }'; }
  before=$(wakeups); sleep 3; after=$(wakeups)
  (( (after - before) < IDLE_WAKEUPS * 3 )) || fail "$1 woke $(( (after - before) / 3 )) times a second at rest"
}
IDLE_WAKEUPS=20

check_title_given_back() { # name
  local title
  title=$("${TMUX_CMD[@]}" display -p -t "$1" '#{pane_title}')
  [[ "$title" == "e2e-$1" ]] || fail "$1's terminal title after quitting is '$title', not 'e2e-$1' as before peerchat started"
}

# ── the run ─────────────────────────────────────────────────────────────────────────────────────
log "starting Alice"
start alice --name Alice --age 31 --zip 10001 --host 127.0.0.1 --port 0
wait_for alice "listening on 127.0.0.1:" 60 "Alice's screen"
PORT=$(screen alice | grep -o 'Alice @ 127\.0\.0\.1:[0-9]*' | head -n1 | sed 's/.*://')
[[ "$PORT" =~ ^[1-9][0-9]*$ ]] || fail "no port in Alice's status bar (got '$PORT')"
log "Alice listens on port $PORT (read from her status bar)"

log "starting Bob, joining Alice"
start bob --name Bob --age 15 --zip 12345 --host 127.0.0.1 --port 0 --connect "127.0.0.1:$PORT"
wait_for bob "Alice joined" 60 "Bob joining Alice"
wait_for alice "Bob joined" 20 "Alice seeing Bob"
wait_for alice "Peers (1)" 10 "Alice's peers pane"

log "Bob types a line; it must appear on Alice's screen"
type_line bob "hello Alice, from Bob's terminal 你好 😀"
wait_for alice "<Bob> hello Alice, from Bob's terminal 你好 😀" 20 "Bob's message on Alice's screen"

log "Alice answers"
type_line alice "hi Bob, got it"
wait_for bob "<Alice> hi Bob, got it" 20 "Alice's message on Bob's screen"

log "Esc must not quit"
"${TMUX_CMD[@]}" send-keys -t alice Escape
sleep 1
[[ ! -s "$WORK/alice.rc" ]] || fail "Esc quit Alice"

log "resizing Alice's terminal: the screen lays itself out again"
"${TMUX_CMD[@]}" resize-window -t alice -x 80 -y 18
wait_for alice "Alice @ 127.0.0.1:$PORT" 10 "Alice's status bar after resizing"
LAST=$(screen alice | sed -n '18p')
[[ "$LAST" == *"Alice @ 127.0.0.1:$PORT"* ]] || fail "after resizing to 80x18 the status bar is not on row 18: '$LAST'"
"${TMUX_CMD[@]}" resize-window -t alice -x $COLS -y $ROWS

log "/peers on Bob"
type_line bob "/peers"
wait_for bob "Alice   31  10001  127.0.0.1:$PORT" 10 "Bob's /peers"

# Asleep, and still at once: the lines Bob sends next reach a screen whose loops all sleep.
check_idle alice

# ── a mention rings the bell and counts in the title ────────────────────────────────────────────
# tmux keeps what the program wrote: OSC 0 as #{pane_title}, and each BEL runs the alert-bell hook
# (the sessions are detached, so every bell is an alert), which appends a line to alice.bells.
log "Bob mentions Alice: her terminal's bell rings once, her title counts the mention until she types"
"${TMUX_CMD[@]}" set-hook -t alice alert-bell "run-shell 'echo bell >> $(printf %q "$WORK/alice.bells")'"
bells() { if [[ -f "$WORK/alice.bells" ]]; then wc -l <"$WORK/alice.bells"; else echo 0; fi; }
title() { "${TMUX_CMD[@]}" display-message -p -t alice '#{pane_title}'; }
wait_title() { # text seconds what
  local deadline=$((SECONDS + $2))
  until [[ "$(title)" == "$1" ]]; do
    (( SECONDS < deadline )) || fail "$3: Alice's title is '$(title)', not '$1'"
    sleep 0.2
  done
}
wait_title "PeerChat: Alice" 10 "Alice's title with nothing unread"
BELLS=$(bells)
type_line bob "lunch at noon, anyone?"
wait_for alice "<Bob> lunch at noon, anyone?" 20 "Bob's line without a mention"
type_line bob "ALICE: are you coming?"
wait_for alice "<Bob> ALICE: are you coming?" 20 "Bob's mention on Alice's screen"
wait_title "(1) PeerChat: Alice" 10 "the mention counted in Alice's title"
# capture-pane -e keeps the colours: the mention's text has a background of its own, the plain line's not.
COLOURS=$("${TMUX_CMD[@]}" capture-pane -e -p -t alice)
grep -q $'\e\[48;[0-9;]*mALICE: are you coming?' <<<"$COLOURS" || fail "the mention is not highlighted on Alice's screen"
! grep -q $'\e\[48;[0-9;]*mlunch at noon' <<<"$COLOURS" || fail "a line without a mention is highlighted on Alice's screen"
deadline=$((SECONDS + 10))
until (( $(bells) > BELLS )); do
  (( SECONDS < deadline )) || fail "Alice's bell did not ring for the mention (alert-bell hook never ran)"
  sleep 0.2
done
(( $(bells) == BELLS + 1 )) || fail "Alice's bell rang $(( $(bells) - BELLS )) times for one mention and one plain line"
"${TMUX_CMD[@]}" send-keys -t alice -l "o"
wait_title "PeerChat: Alice" 10 "Alice's title after she typed"
"${TMUX_CMD[@]}" send-keys -t alice BSpace
deadline=$((SECONDS + 10))
until screen alice | grep -qx '> *'; do
  (( SECONDS < deadline )) || fail "Alice's input line is not empty again after Backspace"
  sleep 0.2
done

check_ctrl_u
check_ctrl_w
check_alt_keys_then_fast_typing
check_bracketed_paste

screen alice >"$WORK/alice.screen.txt"
screen bob >"$WORK/bob.screen.txt"

# ── /nick: the other side sees a rename as a leave and a join ──────────────────────────────────
log "/nick on Alice: Bob must see Alice leave, then Alicia join"
type_line alice "/nick Alicia"
wait_for alice "you are now Alicia" 10 "Alice's screen after /nick"
wait_for bob "Alicia joined" 20 "Alice's rename reaching Bob as a join under the new name"
# The leave comes first; when the new join overtakes it, Bob's node reports Alice replaced instead.
screen bob | grep -qE "Alice (left|is gone)" || fail "Alice's rename did not reach Bob as a leave"
wait_for alice "Alicia @ 127.0.0.1:$PORT" 10 "Alice's status bar under her new name"
type_line alice "hello again, as Alicia"
wait_for bob "<Alicia> hello again, as Alicia" 20 "Alicia's line on Bob's screen"
screen bob >"$WORK/bob.nick.screen.txt"

log "Bob quits with Ctrl+Q: Alice must see him leave"
"${TMUX_CMD[@]}" send-keys -t bob C-q
wait_for alice "Bob left" 20 "Bob's leave reaching Alice"
wait_for alice "Peers (0)" 10 "Alice's peers pane after Bob left"
wait_exit bob 20

log "Alice quits with Ctrl+Q"
"${TMUX_CMD[@]}" send-keys -t alice C-q
wait_exit alice 20

log "the terminal titles are given back"
check_title_given_back alice
check_title_given_back bob

grep -qF "<Bob> hello Alice, from Bob's terminal" "$WORK/alice.transcript" || fail "Bob's line is not in Alice's transcript"
grep -qF "<Alice> hi Bob, got it" "$WORK/alice.transcript" || fail "Alice's own line is not in her transcript"
grep -qF "<Alicia> hello again, as Alicia" "$WORK/alice.transcript" || fail "Alice's line after /nick is not in her transcript under her new name"

log "PASSED${KEEP:+ (screen captures, logs and transcripts in $WORK)}"
echo "── Alice's screen ──"
cat "$WORK/alice.screen.txt"
