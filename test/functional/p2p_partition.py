#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Nodes leave and rejoin: a node that stops while the others keep mining (and that mined a
shorter fork of its own meanwhile) reorgs onto the longer chain when it rejoins; two partitions
that mine competing chains converge on the one with the most work once reconnected."""

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal

ADDR = encode_address(b"\x52" * 32)
ISOLATED = ["-connect=0", "-listen=1"]


class PartitionTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 4
        # Only the connections the test makes: no automatic outbound peers from peers.dat or
        # gossiped addresses, which would heal the partitions by themselves.
        self.extra_args = [ISOLATED] * 4

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        n0, n1, n2, n3 = self.nodes
        for a, b in ((1, 0), (2, 1), (3, 2)):
            self.connect_nodes(a, b)
        n0.generatetoaddress(10, ADDR)
        self.sync_blocks()

        self.log.info("node3 leaves; the others mine 6 blocks, node3 mines a fork of 3 alone")
        self.stop_node(3)
        self.start_node(3, ISOLATED)
        wait_for_chain(n3)
        n1.generatetoaddress(6, ADDR)
        self.sync_blocks(self.nodes[:3])
        n3.generatetoaddress(3, ADDR)
        fork_tip = n3.getbestblockhash()
        assert_equal(n3.getblockcount(), 13)

        self.log.info("node3 rejoins and reorgs onto the longer chain")
        self.connect_nodes(3, 2)
        self.sync_blocks()
        assert_equal(n3.getblockcount(), 16)
        tips = {t["hash"]: t["status"] for t in n3.getchaintips()}
        assert_equal(tips[fork_tip], "valid-fork")

        self.log.info("partitions {0,1} and {2,3} mine competing chains: 5 blocks against 8")
        self.disconnect_nodes(1, 2)
        n0.generatetoaddress(5, ADDR)
        n3.generatetoaddress(8, ADDR)
        self.sync_blocks([n0, n1])
        self.sync_blocks([n2, n3])
        assert n1.getbestblockhash() != n2.getbestblockhash()
        best = n3.getbestblockhash()

        self.log.info("reconnected, every node converges on the chain with the most work")
        self.connect_nodes(1, 2)
        self.sync_blocks()
        assert_equal(n0.getbestblockhash(), best)
        assert_equal(n0.getblockcount(), 24)


if __name__ == "__main__":
    PartitionTest().main()
