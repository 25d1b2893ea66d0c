#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Reorganisations: invalidateblock/reconsiderblock on one node, and a real fork built from
blocks mined on a second node and handed over with getblock(0) + submitblock."""

from test_framework.blocktools import wait_for_chain, encode_address
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal

ADDR_A = encode_address(b"\x0a" * 32)
ADDR_B = encode_address(b"\x0b" * 32)


class ReorgTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2

    def tips(self, node):
        return {t["hash"]: t for t in node.getchaintips()}

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        a, b = self.nodes
        self.log.info("invalidate back 5 blocks, mine a longer branch, reconsider: most work wins")
        old = a.generatetoaddress(20, ADDR_A)
        utxo_20 = a.gettxoutsetinfo()["hash_serialized"]
        a.invalidateblock(old[15])
        assert_equal(a.getblockcount(), 15)
        new = a.generatetoaddress(7, ADDR_B)
        assert_equal(a.getblockcount(), 22)
        tips = self.tips(a)
        assert_equal(tips[old[-1]]["status"], "invalid")
        assert_equal(tips[new[-1]]["status"], "active")
        a.reconsiderblock(old[15])
        assert_equal(a.getbestblockhash(), new[-1])  # 22 > 20 blocks of work
        assert_equal(self.tips(a)[old[-1]]["status"], "valid-fork")
        assert_equal(self.tips(a)[old[-1]]["branchlen"], 5)
        self.log.info("invalidate the new branch: back to the old one, same UTXO set as before")
        a.invalidateblock(new[0])
        assert_equal(a.getbestblockhash(), old[-1])
        assert_equal(a.gettxoutsetinfo()["hash_serialized"], utxo_20)
        a.reconsiderblock(new[0])
        assert_equal(a.getbestblockhash(), new[-1])

        self.log.info("a competing chain from node B, submitted block by block to node A")
        # B's genesis is the same; B mines 30 blocks of its own: more work than A's 22.
        bhashes = b.generatetoaddress(30, ADDR_B)
        results = []
        for h in bhashes:
            results.append(a.submitblock(b.getblock(h, 0)))
        # The first blocks are a side branch with less work: stored, not connected.
        assert "inconclusive" in results[:22]
        assert_equal(results[-1], None)
        assert_equal(a.getbestblockhash(), bhashes[-1])
        assert_equal(a.getblockcount(), 30)
        assert_equal(a.gettxoutsetinfo()["hash_serialized"], b.gettxoutsetinfo()["hash_serialized"])
        assert_equal(a.submitblock(b.getblock(bhashes[-1], 0)), "duplicate")
        tips = self.tips(a)
        assert_equal(tips[new[-1]]["status"], "valid-fork")
        assert_equal(a.verifychain(4, 0), True)
        self.log.info("node A extends B's chain; B accepts A's block")
        ha = a.generatetoaddress(1, ADDR_A)[0]
        assert_equal(b.submitblock(a.getblock(ha, 0)), None)
        assert_equal(b.getbestblockhash(), ha)


if __name__ == "__main__":
    ReorgTest().main()
