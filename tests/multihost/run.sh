#!/usr/bin/env bash
# Multi-host test: three PeerChat nodes, each in its own network namespace with its own address,
# joined by veth pairs to a bridge (itself in a namespace of its own, so the machine's network is
# never touched). Checks that peer-joined events and who-replies carry the real addresses, that
# messages cross in every direction, and that cutting one node's link removes it from the others.
# Needs root and iproute2; otherwise it says so and skips. Cleans up everything, even on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 || ! ip netns list >/dev/null 2>&1; then
  echo "multihost: SKIPPED (needs root and iproute2 'ip netns')"
  exit 0
fi

tag="pc$$"
work=$(mktemp -d)
net=192.0.2     # TEST-NET-1: documentation range, only ever inside these namespaces
pids=()

cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for ns in "$tag-n1" "$tag-n2" "$tag-n3" "$tag-n4" "$tag-br"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# Any other failing command names itself instead of ending the script silently.
set -E
trap 'echo "multihost: FAIL: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR

fail() { echo "multihost: FAIL: $*" >&2; for i in 1 2 3; do echo "--- node $i stdout" >&2; cat "$work/out$i" >&2 || true; echo "--- node $i stderr" >&2; tail -5 "$work/err$i" >&2 || true; done; exit 1; }

echo "== build"
dotnet build src/PeerChat.App -c Debug -v quiet -nologo >/dev/null
dll=$(pwd)/src/PeerChat.App/bin/Debug/net10.0/peerchat.dll
[ -f "$dll" ] || fail "no $dll after build"

# Root alone is not enough in some sandboxes: veth pairs need the kernel's support.
if ! probe=$(ip netns add "$tag-br" 2>&1 && ip -n "$tag-br" link add "p$tag" type veth peer name "q$tag" 2>&1); then
  echo "multihost: SKIPPED (this machine cannot make network namespaces with veth pairs: $probe)"
  exit 0
fi
ip -n "$tag-br" link del "p$tag"

echo "== network: bridge + 4 hosts ($net.1-4)"
ip -n "$tag-br" link add br0 type bridge
ip -n "$tag-br" link set br0 up
for i in 1 2 3 4; do
  ip netns add "$tag-n$i"
  ip link add "v$tag$i" type veth peer name "b$tag$i"
  ip link set "v$tag$i" netns "$tag-n$i"
  ip link set "b$tag$i" netns "$tag-br"
  ip -n "$tag-br" link set "b$tag$i" master br0 up
  ip -n "$tag-n$i" link set lo up
  ip -n "$tag-n$i" link set "v$tag$i" name eth0
  ip -n "$tag-n$i" addr add "$net.$i/24" dev eth0
  ip -n "$tag-n$i" link set eth0 up
done

# Short keepalive so a cut link is noticed in seconds.
cat > "$work/node.conf" <<CONF
peerchat.keepalive { idle = 1s, interval = 1s, count = 2 }
peerchat.mesh-repair.enabled = off
CONF

# wait_for FILE PATTERN COUNT SECONDS: until FILE has COUNT lines matching PATTERN.
wait_for() {
  local deadline=$((SECONDS + $4))
  while [ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -lt "$3" ]; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# start_node I [ARGS...]: node I in namespace I, its stdin a FIFO kept open on fd $inI.
start_node() {
  local i=$1; shift
  mkfifo "$work/in$i"
  ip netns exec "$tag-n$i" dotnet "$dll" --headless --config "$work/node.conf" --name "node$i" \
      --host 0.0.0.0 --port 5000 "$@" <"$work/in$i" >"$work/out$i" 2>"$work/err$i" &
  pids+=($!)
  exec {fd}>"$work/in$i"; eval "in$i=$fd"
}

echo "== start three nodes"
# node1 first, and only once it listens: a --connect that finds nobody listening is an error
# event, not a retry, so starting all three at once would race on a slow machine.
start_node 1
wait_for "$work/out1" '"event":"listening"' 1 60 || fail "node1 did not start listening"
for i in 2 3; do start_node "$i" --connect "$net.1:5000"; done

for i in 1 2 3; do
  wait_for "$work/out$i" '"event":"peer-joined"' 2 30 || fail "node$i did not join both others"
done
echo "   mesh formed"

for i in 1 2 3; do
  for j in 1 2 3; do
    [ "$i" = "$j" ] && continue
    grep -q "\"event\":\"peer-joined\",\"name\":\"node$j\",.*\"ip\":\"$net.$j\",\"port\":5000" "$work/out$i" \
      || fail "node$i does not see node$j at $net.$j:5000"
  done
done
echo "   peer-joined events carry the real addresses"

echo "== who-reply from node1, asked by a raw peer on $net.4"
reply=$(ip netns exec "$tag-n4" bash -c "
  exec 3<>/dev/tcp/$net.1/5000
  printf '%s\n' '{\"type\":\"join\",\"name\":\"raw\",\"age\":\"1\",\"zip\":\"1\",\"port\":\"6000\"}' >&3
  IFS= read -r -t 5 line <&3
  printf '%s\n' '{\"type\":\"who\"}' >&3
  IFS= read -r -t 5 line <&3; echo \"\$line\"
  printf '%s\n' '{\"type\":\"leave\"}' >&3
") || fail "raw peer got no who-reply"
echo "   $reply"
for j in 2 3; do
  echo "$reply" | grep -q "{\"ip\":\"$net.$j\",\"port\":\"5000\"}" || fail "who-reply lacks $net.$j:5000"
done
echo "$reply" | grep -q '127.0.0.1\|::ffff' && fail "who-reply carries a loopback or mapped address"

echo "== messages in every direction"
for i in 1 2 3; do eval "echo 'hello from node$i' >&\$in$i"; done
for i in 1 2 3; do
  for j in 1 2 3; do
    [ "$i" = "$j" ] && continue
    wait_for "$work/out$i" "\"from\":{\"name\":\"node$j\",\"ip\":\"$net.$j\",\"port\":5000},\"text\":\"hello from node$j\"" 1 10 \
      || fail "node$i did not get node$j's message"
  done
done
echo "   6 deliveries"

echo "== cut node3's link"
ip -n "$tag-n3" link set eth0 down
for i in 1 2; do
  wait_for "$work/out$i" "\"event\":\"peer-left\",\"name\":\"node3\"" 1 30 || fail "node$i still has node3 after its link went down"
done
echo "   node3 removed from node1 and node2"
echo "hello after the cut" >&"$in1"
wait_for "$work/out2" '"text":"hello after the cut"' 1 10 || fail "node1 and node2 stopped talking"

echo "== quit"
# /quit rather than closing the pipes: each node inherited the others' pipe ends, so EOF would not come.
for i in 1 2; do eval "echo /quit >&\$in$i"; done
for i in 0 1; do wait "${pids[$i]}" || fail "node$((i + 1)) exited non-zero"; done
echo "multihost: PASSED"
