#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A restart keeps the tip and the UTXO set (gettxoutsetinfo hash_serialized equal)."""

from test_framework.blocktools import wait_for_chain, encode_address
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal

ADDR = encode_address(b"\x42" * 32)


class RestartTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        node = self.nodes[0]
        node.generatetoaddress(150, ADDR)
        before = node.gettxoutsetinfo()
        tip = node.getbestblockhash()
        self.restart_node(0)
        wait_for_chain(self.nodes[0])
        assert_equal(node.getbestblockhash(), tip)
        after = node.gettxoutsetinfo()
        for key in ["height", "bestblock", "txouts", "hash_serialized", "total_amount", "bogosize"]:
            assert_equal(after[key], before[key])
        self.log.info("a small -dbcache flushes while mining; restart again")
        self.restart_node(0, ["-dbcache=4"])
        wait_for_chain(self.nodes[0])
        node.generatetoaddress(60, ADDR)
        tip = node.getbestblockhash()
        stats = node.gettxoutsetinfo()
        self.restart_node(0, ["-checklevel=4", "-checkblocks=0"])
        wait_for_chain(self.nodes[0])
        assert_equal(node.getbestblockhash(), tip)
        assert_equal(node.gettxoutsetinfo()["hash_serialized"], stats["hash_serialized"])
        assert_equal(node.verifychain(4, 0), True)


if __name__ == "__main__":
    RestartTest().main()
