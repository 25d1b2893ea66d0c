#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Helpers for the wallet's functional tests.

    w = wallet_rpc(node, "alice")          # RPC at /wallet/alice (Bitcoin Core's get_wallet_rpc)
    w.getnewaddress()
    w, mine, home = funded_wallet_with_node(node, "op", "sip:127.0.0.1:5060;transport=udp")
    register_handles(test, w, {"alice": home, "emily": None}, node, mine)
"""

import urllib.parse

from .authproxy import AuthServiceProxy


def wallet_rpc(node, name):
    """A proxy whose calls go to /wallet/<name> of `node` (percent-encoded as dots-cli does)."""
    return AuthServiceProxy(node.url + "/wallet/" + urllib.parse.quote(name, safe=""), timeout=node.rpc_timeout,
                            trace=node.trace_rpc)


def my_handle(wallet, name):
    """The one listmyhandles entry of `name` (asserts there is exactly one)."""
    found = [h for h in wallet.listmyhandles() if h["handle"] == name]
    assert len(found) == 1, f"listmyhandles has {len(found)} entries for {name}"
    return found[0]


def funded_wallet_with_node(node, name, endpoint, bond=1, rate=0):
    """Creates wallet `name` on `node`, mines 105 blocks to one of its addresses (mature coins to
    spend), registers a node with the one SIP `endpoint`, `bond` and per-minute `rate` (DOTS), and
    mines that registration. Returns (wallet proxy, the address mined to, the node key)."""
    node.createwallet(name)
    wallet = wallet_rpc(node, name)
    address = wallet.getnewaddress()
    node.generatetoaddress(105, address)
    home = wallet.registernode([endpoint], bond, rate)["node"]
    node.generatetoaddress(1, address)
    return wallet, address, home


def register_handles(test, wallet, homes, miner, address, max_blocks=12):
    """Registers each handle of `homes` (name -> home node key, or None for no home) with
    `wallet`'s registerhandle, which sends the commitment, the reveal once it matured and the home
    update by itself, and mines a block at a time on `miner` to `address` until every handle is
    "registered" in listmyhandles and `miner` sees its home on chain. After each block it syncs the
    test's nodes and waits until the wallet's next transaction reached `miner`'s mempool (or no
    transaction is due: a commitment maturing). Bounded: fails after `max_blocks` blocks."""
    for name, home in homes.items():
        if home is None:
            wallet.registerhandle(name)
        else:
            wallet.registerhandle(name, home)

    def registered():
        return all(my_handle(wallet, name)["state"] == "registered" and
                   (home is None or miner.gethandle(name).get("home_node") == home) for name, home in homes.items())

    def next_step_sent():
        states = {my_handle(wallet, name)["state"] for name in homes}
        return miner.getrawmempool() != [] or states <= {"waiting_for_maturity", "registered"}

    for _ in range(max_blocks):
        test.wait_until(lambda: registered() or next_step_sent(), timeout=30)
        if registered():
            return
        miner.generatetoaddress(1, address)
        test.sync_all()
    assert registered(), f"handles {sorted(homes)} not registered after {max_blocks} blocks: " + \
        str({name: my_handle(wallet, name)["state"] for name in homes})
