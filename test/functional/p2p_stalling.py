#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A peer that announces a chain and never sends its blocks cannot stall a sync (doc/p2p.md,
"Initial sync"; issue 12 item 2).

node1 mines a chain longer than the 1024-block download window. A fresh node0 first hears of it
from a Python peer that sends every header and then ignores the getdata that follows, so the
first blocks of node0's window are in flight with that peer. node0 then connects to node1 and
downloads the rest of the window from it; when the window is full and its first block is still
with the silent peer, node0 logs the peer as stalling, disconnects it after the stalling timeout
(2 s) and takes those blocks from node1, reaching node1's tip. A second silent peer that is the
only one to have a block is dropped once the block-download timeout passes (one block interval
on the node's clock, which follows setmocktime), and node0 keeps serving its honest peer."""

import time

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.messages import Header, msg_headers
from test_framework.p2p import P2PInterface
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_greater_than

ADDR = encode_address(b"\x53" * 32)
DOWNLOAD_WINDOW = 1024      # BLOCK_DOWNLOAD_WINDOW (net/processing/peerman_impl.h)
BLOCKS_PER_PEER = 16        # MAX_BLOCKS_IN_TRANSIT_PER_PEER


class SilentPeer(P2PInterface):
    """Answers pings, records every block it is asked for and sends none."""

    def __init__(self):
        super().__init__()
        self.requested = set()

    def on_getdata(self, msg):
        self.requested.update(inv.hash for inv in msg.inv)


class StallingTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2
        self.extra_args = [["-debug=net"], []]

    def run_test(self):
        n0, n1 = self.nodes
        for n in self.nodes:
            wait_for_chain(n)
        self.length = DOWNLOAD_WINDOW + 2 * BLOCKS_PER_PEER
        self.log.info(f"node1 mines {self.length} blocks; node0 hears of them only from silent peers at first")
        n1.generatetoaddress(self.length, ADDR)
        self.test_block_download_timeout()
        self.test_staller_is_replaced()

    def headers_of(self, node, first, last):
        return [Header.from_hex(node.getblockheader(node.getblockhash(h), False)) for h in range(first, last + 1)]

    def test_staller_is_replaced(self):
        n0, n1 = self.nodes
        length = self.length
        self.log.info("a silent peer sends every header: node0 asks it for the first blocks of its window")
        staller = n0.add_p2p_connection(SilentPeer(), srcaddr="127.0.0.2")
        staller.send_message(msg_headers(self.headers_of(n1, 1, length)))
        staller.wait_until(lambda: len(staller.requested) == BLOCKS_PER_PEER, timeout=30)
        assert_equal(n0.getblockchaininfo()["headers"], length)
        assert_equal(n0.getblockcount(), 0)

        self.log.info("node0 downloads the rest of its window from node1, then drops the staller and finishes")
        started = time.monotonic()
        with n0.assert_debug_log(["Stall started peer=", "is stalling block download, disconnecting"], timeout=60):
            self.connect_nodes(0, 1)
            staller.wait_for_disconnect(timeout=60)
        self.sync_blocks()
        assert_equal(n0.getblockcount(), length)
        # Nothing but the stalling timeout held the sync up (not the 60 s block-download timeout).
        assert_greater_than(30, time.monotonic() - started)
        n0.disconnect_p2ps()

    def test_block_download_timeout(self):
        n0, n1 = self.nodes
        self.log.info("a silent peer that alone has a block is dropped after the block-download timeout (mock clock)")
        silent = n0.add_p2p_connection(SilentPeer(), srcaddr="127.0.0.3")
        silent.send_message(msg_headers(self.headers_of(n1, 1, 1)))
        silent.wait_until(lambda: len(silent.requested) == 1, timeout=30)
        with n0.assert_debug_log(["Timeout downloading block"], timeout=30):
            # Past one block interval (60 s on regtest) on node0's clock; the ping timeout is 20 minutes.
            n0.setmocktime(int(time.time()) + 5 * 60)
            silent.wait_for_disconnect(timeout=30)
        n0.setmocktime(0)
        assert_equal(n0.getblockcount(), 0)
        n0.disconnect_p2ps()

if __name__ == "__main__":
    StallingTest().main()
