#!/usr/bin/env bash
# `peerchat check` against our own node, as a student's CI would run it against theirs: a headless
# node on a free port is the target, and --start has the runner start more copies for the mesh and
# message checks. Every check must PASS: exit 0 (every MUST passed) and no profile WARN either.
#
#   tests/e2e/check-own-node.sh [--junit FILE]
#
# Uses the existing Debug build of src/PeerChat.App (CI builds first). Exit status: 0 passed, 1 failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
DLL="$REPO/src/PeerChat.App/bin/Debug/net10.0/peerchat.dll"

JUNIT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --junit) JUNIT="$2"; shift 2 ;;
    *) echo "check-own-node: unknown argument '$1' (use --junit FILE)" >&2; exit 2 ;;
  esac
done
[ -f "$DLL" ] || { echo "check-own-node: $DLL is not built; run dotnet build PeerChat.sln first" >&2; exit 1; }

work=$(mktemp -d)
mkfifo "$work/in" "$work/events"
# The node reads commands from a fifo this script holds open, so it runs until killed; its events
# come through another fifo, read here for the listening line, then drained.
dotnet "$DLL" --headless --host 127.0.0.1 --port 0 --name CheckedByCI <"$work/in" >"$work/events" 2>"$work/log" &
node=$!
exec 3>"$work/in" 4<"$work/events"
cleanup() { exec 3>&-; kill "$node" 2>/dev/null; wait "$node" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if ! read -r -t 60 -u 4 first; then
  echo "check-own-node: the node did not start within 60 s; its log:" >&2
  cat "$work/log" >&2
  exit 1
fi
cat <&4 >/dev/null &
port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' <<<"$first")
[ -n "$port" ] || { echo "check-own-node: expected a listening event first, got: $first" >&2; exit 1; }

args=(check "127.0.0.1:$port" --json "$work/check.json"
      --start "dotnet '$DLL' --headless --host 127.0.0.1 --port {port} --connect {peer} --name Started")
[ -n "$JUNIT" ] && args+=(--junit "$JUNIT")
dotnet "$DLL" "${args[@]}"
status=$?
if [ "$status" != 0 ]; then
  echo "check-own-node: peerchat check exited $status: our node fails a MUST check" >&2
  exit 1
fi
if ! grep -q '"warn": 0,' "$work/check.json"; then
  echo "check-own-node: our node departs from its own profile (WARN above)" >&2
  exit 1
fi
echo "check-own-node: every check passed"
