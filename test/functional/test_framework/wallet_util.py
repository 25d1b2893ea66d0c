#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Helpers for the wallet's functional tests.

    w = wallet_rpc(node, "alice")          # RPC at /wallet/alice (Bitcoin Core's get_wallet_rpc)
    w.getnewaddress()
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
