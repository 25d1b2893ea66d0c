#!/usr/bin/env bash
# Installs the build dependencies, builds dotsd and dots-cli, and starts a local DOTS network:
# three regtest nodes on this machine, connected by P2P, each with its SIP router. Each node's
# operator wallet registers the node on chain (free peering: rate 0) and one handle homed there
# with a SIP credential: alice at node 0, bob at node 1, carol at node 2. A phone registered at
# its own node calls any of them through it: the node finds the callee's home node on chain and
# forwards the call there (doc/sip.md "Routing to other nodes"). Prints how to point SIP clients
# and dots-cli at the nodes.
# Each run rebuilds and starts a fresh network: the nodes are stopped and their regtest data is
# deleted first. Options (environment):
#   DOTS_DEMO_DATADIR   parent of the nodes' data directories n0, n1, n2 (default: ~/.dots-demo)
#   DOTS_JOBS           parallel build jobs (default: nproc)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
base="${DOTS_DEMO_DATADIR:-$HOME/.dots-demo}"
jobs="${DOTS_JOBS:-$(nproc)}"
build="$root/build/demo"
nodes=3
handles=(alice bob carol)

depends/install.sh build
./autogen.sh >/dev/null
mkdir -p "$build"
if [[ ! -f "$build/config.status" ]]; then
  (cd "$build" && "$root/configure" --disable-tests --disable-bench >configure.out) || { cat "$build/configure.out"; exit 1; }
fi
make -C "$build/src" -j"$jobs" dotsd dots-cli >"$build/make.out" 2>&1 || { tail -40 "$build/make.out"; exit 1; }
dotsd="$build/src/dotsd"

# Node i: data directory $base/n<i>, RPC port 17450+10i, P2P 17451+10i, SIP (UDP and TCP)
# 5070+10i and SIP over TLS one above (regtest's defaults, 17443/17444/5064, stay free for a
# node of your own).
rpc_port() { echo $((17450 + 10 * $1)); }
p2p_port() { echo $((17451 + 10 * $1)); }
sip_port() { echo $((5070 + 10 * $1)); }
datadir() { echo "$base/n$1"; }
cli() { local i=$1; shift; "$build/src/dots-cli" -regtest -datadir="$(datadir "$i")" -rpcport="$(rpc_port "$i")" "$@"; }
wallet() { local i=$1; shift; cli "$i" -rpcwallet=op "$@"; }
# A string field of dots-cli's JSON answer on stdin (dots-cli prints one field per line).
field() { sed -n "s/^ *\"$1\": \"\([^\"]*\)\".*/\1/p" | head -1; }

for i in $(seq 0 $((nodes - 1))); do
  if cli "$i" uptime >/dev/null 2>&1; then
    echo "Stopping node $i"
    cli "$i" stop >/dev/null
    for _ in $(seq 1 100); do cli "$i" uptime >/dev/null 2>&1 || break; sleep 0.1; done
  fi
  rm -rf "$(datadir "$i")/regtest"
  mkdir -p "$(datadir "$i")"
done

for i in $(seq 0 $((nodes - 1))); do
  peers=()
  for j in $(seq 0 $((i - 1))); do peers+=("-addnode=127.0.0.1:$(p2p_port "$j")"); done
  "$dotsd" -regtest -datadir="$(datadir "$i")" -daemon -rpcport="$(rpc_port "$i")" -port="$(p2p_port "$i")" \
    -bind=127.0.0.1 -sipport="$(sip_port "$i")" -fallbackfee=0.0002 "${peers[@]}"
done
for i in $(seq 0 $((nodes - 1))); do cli "$i" -rpcwait -rpcwaittimeout=30 getnetworkinfo >/dev/null; done

echo "Each operator funds its wallet and registers its node (free peering) at its SIP address"
declare -a address key
for i in $(seq 0 $((nodes - 1))); do
  cli "$i" createwallet op >/dev/null
  address[i]="$(wallet "$i" getnewaddress mining)"
  cli "$i" generatetoaddress 101 "${address[i]}" >/dev/null   # a coinbase is spendable 100 blocks later
done
wait_synced() { # every node at node 0's height (bounded: 30 s)
  local height; height="$(cli 0 getblockcount)"
  for _ in $(seq 1 300); do
    local behind=0
    for i in $(seq 1 $((nodes - 1))); do [[ "$(cli "$i" getblockcount)" == "$height" ]] || behind=1; done
    [[ $behind -eq 0 ]] && return 0
    sleep 0.1
  done
  echo "the nodes did not sync to height $height within 30 s: see $base/n*/regtest/debug.log" >&2; exit 1
}
wait_mempool() { # until node 0's mempool holds at least $1 transactions (relayed with trickling; bounded: 15 s)
  for _ in $(seq 1 150); do
    [[ "$(cli 0 getmempoolinfo | sed -n 's/^ *"size": \([0-9]*\).*/\1/p')" -ge "$1" ]] && return 0
    sleep 0.1
  done
}
for i in $(seq 0 $((nodes - 1))); do
  key[i]="$(wallet "$i" registernode "[\"sip:127.0.0.1:$(sip_port "$i");transport=udp\"]" 1 | field node)"
done
wait_mempool "$nodes"
cli 0 generatetoaddress 1 "${address[0]}" >/dev/null
wait_synced

echo "Each operator registers its handle homed at its node (commitment, reveal, home: a block each)"
for i in $(seq 0 $((nodes - 1))); do wallet "$i" registerhandle "${handles[i]}" "${key[i]}" >/dev/null; done
for _ in $(seq 1 12); do
  done_count=0
  sending=0   # wallets whose next step is a transaction (commitment, reveal, home update)
  for i in $(seq 0 $((nodes - 1))); do
    state="$(wallet "$i" listmyhandles | field state)"
    home="$(cli 0 gethandle "${handles[i]}" 2>/dev/null | field home_node || true)"
    if [[ "$state" == "registered" && "$home" == "${key[i]}" ]]; then
      done_count=$((done_count + 1))
    elif [[ "$state" != "waiting_for_maturity" && "$state" != "registered" ]]; then
      sending=$((sending + 1))
    fi
  done
  [[ $done_count -eq $nodes ]] && break
  # Each wallet sends its next step on the block notification; wait until node 0 has them all.
  wait_mempool "$sending"
  cli 0 generatetoaddress 1 "${address[0]}" >/dev/null
  wait_synced
done
[[ $done_count -eq $nodes ]] || { echo "the handles were not registered: see $base/n*/regtest/debug.log" >&2; exit 1; }

random_password() { od -An -tx1 -N8 /dev/urandom | tr -d ' \n'; }
declare -a password
for i in $(seq 0 $((nodes - 1))); do
  password[i]="$(random_password)"
  wallet "$i" setsipcredential "${handles[i]}" "${password[i]}" >/dev/null   # kept in the wallet file
done

cat <<INFO

A local DOTS network is running: $nodes regtest nodes connected by P2P, data in $base/n0..n$((nodes - 1))
(logs: $base/n*/regtest/debug.log). On chain, each node is registered with its SIP address and
one handle is homed at it, with a SIP account there:

INFO
for i in $(seq 0 $((nodes - 1))); do
  echo "  node $i: SIP UDP/TCP 127.0.0.1:$(sip_port "$i") (TLS $(( $(sip_port "$i") + 1 ))), RPC $(rpc_port "$i"); handle ${handles[i]}, password ${password[i]}"
done
cat <<INFO

Point SIP clients at the handles' nodes, e.g. baresip (one line per phone in ~/.baresip/accounts):
  <sip:alice@127.0.0.1:$(sip_port 0);transport=udp>;auth_pass=${password[0]}
  <sip:bob@127.0.0.1:$(sip_port 1);transport=udp>;auth_pass=${password[1]}
(Linphone: username alice, password ${password[0]}, domain 127.0.0.1:$(sip_port 0); see doc/sip.md.)
Then call bob from alice's phone through alice's own node: /dial sip:bob@127.0.0.1:$(sip_port 0)
Node 0 finds bob's home node on chain and forwards the call to node 1, which rings bob's phone;
the media flows phone to phone. Follow it in the logs with -debug=sip, or:
  $build/src/dots-cli -regtest -datadir=$base/n0 -rpcport=$(rpc_port 0) listsipcalls

Talk to the nodes with dots-cli (node i: -datadir=$base/n<i> -rpcport=<its RPC port>):
  $build/src/dots-cli -regtest -datadir=$base/n0 -rpcport=$(rpc_port 0) -getinfo
  $build/src/dots-cli -regtest -datadir=$base/n1 -rpcport=$(rpc_port 1) gethandle alice
  $build/src/dots-cli -regtest -datadir=$base/n2 -rpcport=$(rpc_port 2) -rpcwallet=op listmynodes
  $build/src/dots-cli -regtest -datadir=$base/n0 -rpcport=$(rpc_port 0) stop
Regtest handles live 50 blocks: after mining more, renew them (-rpcwallet=op renewhandle <handle>).
Paid calls (a node with a rate, -sipmaxrate, deposits and vouchers): doc/wallet.md and doc/sip.md.
INFO
