#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Nodes that talk to each other over P2P: four nodes sync from scratch along a line, blocks
mined anywhere reach everyone (headers announcements), a node stopped in the middle of its
sync (headers ahead of blocks) restarts and finishes by itself, and a restarted node with no
-addnode reconnects from peers.dat."""

import os

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.messages import Header, msg_headers
from test_framework.p2p import P2PInterface
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_greater_than

ADDR = encode_address(b"\x51" * 32)


class SyncBasicTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 5

    def setup_nodes(self):
        self.add_nodes(self.num_nodes)
        self.start_nodes([[] for _ in range(4)] + [["-debug=net"]])
        for n in self.nodes:
            wait_for_chain(n)

    def run_test(self):
        n0, n1, n2, n3, n4 = self.nodes
        self.log.info("node0 mines 120 blocks; nodes 1-3 sync from scratch along the line 0-1-2-3")
        n0.generatetoaddress(120, ADDR)
        self.connect_nodes(1, 0)
        self.connect_nodes(2, 1)
        self.connect_nodes(3, 2)
        self.sync_blocks(self.nodes[:4])
        assert_equal(n3.getblockcount(), 120)
        peer = next(p for p in n1.getpeerinfo() if p["addr"].endswith(f":{n0.p2p_port}"))
        assert_equal(peer["synced_headers"], 120)
        assert_equal(peer["synced_blocks"], 120)
        assert_equal(peer["connection_type"], "manual")

        self.log.info("blocks mined at either end of the line reach the other end")
        n3.generatetoaddress(3, ADDR)
        self.sync_blocks(self.nodes[:4])
        n0.generatetoaddress(2, ADDR)
        self.sync_blocks(self.nodes[:4])
        assert_equal(n3.getblockcount(), 125)
        # Announcements travel as headers (BIP130) once the peers know each other's chain.
        assert_greater_than(n2.getpeerinfo()[0]["bytesrecv_per_msg"].get("headers", 0), 0)

        self.test_restart_mid_sync()
        self.test_reconnect_from_peers_dat()

    def test_restart_mid_sync(self):
        n0, n4 = self.nodes[0], self.nodes[4]
        self.log.info("node4 has every header but only half the blocks, then stops")
        tip = n0.getblockcount()
        hashes = [n0.getblockhash(h) for h in range(1, tip + 1)]
        for h in hashes[:60]:
            assert_equal(n4.submitblock(n0.getblock(h, 0)), None)
        headers = [Header.from_hex(n0.getblockheader(h, False)) for h in hashes]
        feeder = n4.add_p2p_connection(P2PInterface(), srcaddr="127.0.0.2")
        feeder.send_message(msg_headers(headers))
        feeder.sync_with_ping()
        info = n4.getblockchaininfo()
        assert_equal((info["blocks"], info["headers"]), (60, tip))
        n4.disconnect_p2ps()
        self.stop_node(4)

        self.log.info("node4 restarts with -addnode and finishes its sync by itself")
        self.start_node(4, ["-debug=net", f"-addnode=127.0.0.1:{n0.p2p_port}"])
        wait_for_chain(n4)
        self.sync_blocks([n0, n4])
        assert_equal(n4.getblockcount(), tip)

    def test_reconnect_from_peers_dat(self):
        n1, n4 = self.nodes[1], self.nodes[4]
        self.log.info("node4 stops; peers.dat remembers node0; a restart without -addnode reconnects")
        self.stop_node(4)
        assert os.path.isfile(os.path.join(n4.chain_dir, "peers.dat"))
        self.start_node(4, ["-debug=net"])
        wait_for_chain(n4)
        self.wait_until(lambda: any(p["connection_type"] == "outbound-full-relay" for p in n4.getpeerinfo()), timeout=60)
        n1.generatetoaddress(1, ADDR)
        self.sync_blocks()


if __name__ == "__main__":
    SyncBasicTest().main()
