#!/usr/bin/env bash
# Installs the build dependencies, builds dotsd and dots-cli, and starts a regtest node in the
# background with its own data directory and its SIP router listening, creates SIP accounts for
# two handles (alice and bob), then prints how to point SIP clients and dots-cli at it.
# Run it again to rebuild and restart. Options (environment):
#   DOTS_DEMO_DATADIR   data directory (default: ~/.dots-demo)
#   DOTS_JOBS           parallel build jobs (default: nproc)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
datadir="${DOTS_DEMO_DATADIR:-$HOME/.dots-demo}"
jobs="${DOTS_JOBS:-$(nproc)}"
build="$root/build/demo"

depends/install.sh build
./autogen.sh >/dev/null
mkdir -p "$build"
if [[ ! -f "$build/config.status" ]]; then
  (cd "$build" && "$root/configure" --disable-tests --disable-bench >configure.out) || { cat "$build/configure.out"; exit 1; }
fi
make -C "$build/src" -j"$jobs" dotsd dots-cli >"$build/make.out" 2>&1 || { tail -40 "$build/make.out"; exit 1; }

dotsd="$build/src/dotsd"
cli=("$build/src/dots-cli" -regtest -datadir="$datadir")
mkdir -p "$datadir"
if "${cli[@]}" uptime >/dev/null 2>&1; then
  echo "Stopping the node already running in $datadir"
  "${cli[@]}" stop >/dev/null
  for _ in $(seq 1 100); do "${cli[@]}" uptime >/dev/null 2>&1 || break; sleep 0.1; done
fi

"$dotsd" -regtest -datadir="$datadir" -daemon
"${cli[@]}" -rpcwait -rpcwaittimeout=30 getnetworkinfo >/dev/null

# Digest credentials for two handles (kept in the node's memory until it stops).
random_password() { od -An -tx1 -N8 /dev/urandom | tr -d ' \n'; }
alice_pw="$(random_password)"
bob_pw="$(random_password)"
"${cli[@]}" setsipcredential alice "$alice_pw" >/dev/null
"${cli[@]}" setsipcredential bob "$bob_pw" >/dev/null
sip_port="$("${cli[@]}" getsipinfo | sed -n 's/.*"UDP:[^"]*:\([0-9]*\)".*/\1/p' | head -1)"
sip_port="${sip_port:-5064}"

cat <<INFO

DOTS regtest node is running (data directory: $datadir, log: $datadir/regtest/debug.log),
with its SIP registrar and proxy on UDP and TCP port $sip_port.

Point two SIP clients at it (e.g. baresip: add these lines to ~/.baresip/accounts):
  <sip:alice@127.0.0.1:$sip_port;transport=udp>;auth_pass=$alice_pw
  <sip:bob@127.0.0.1:$sip_port;transport=udp>;auth_pass=$bob_pw
then call bob from alice's client: /dial sip:bob@127.0.0.1:$sip_port
(Linphone: username alice, password $alice_pw, domain 127.0.0.1:$sip_port; see doc/sip.md.)
See who is registered: ${cli[*]} listsipregistrations

Talk to it with dots-cli:
  ${cli[*]} -getinfo
  ${cli[*]} getsipinfo
  ${cli[*]} help
  ${cli[*]} stop

or with any JSON-RPC client (cookie auth, as with Bitcoin Core):
  curl --user "\$(cat $datadir/regtest/.cookie)" --data-binary '{"jsonrpc":"2.0","id":1,"method":"getnetworkinfo"}' http://127.0.0.1:17443/
INFO
