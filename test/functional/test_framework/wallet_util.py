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
