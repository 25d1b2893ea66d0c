#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""-reindex and -reindex-chainstate rebuild the same state; a truncated blk file is reported
clearly (naming the file, suggesting -reindex) and -reindex recovers."""

import os

from test_framework.blocktools import wait_for_chain, encode_address
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal

ADDR = encode_address(b"\x99" * 32)


class ReindexTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def state(self):
        node = self.nodes[0]
        stats = node.gettxoutsetinfo()
        return node.getbestblockhash(), stats["hash_serialized"], stats["txouts"]

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        node = self.nodes[0]
        node.generatetoaddress(120, ADDR)
        expected = self.state()
        for args in (["-reindex-chainstate"], ["-reindex"], ["-reindex", "-txindex"]):
            self.log.info(f"restart with {args}")
            self.restart_node(0, args)
            wait_for_chain(self.nodes[0])
            assert_equal(self.state(), expected)
        self.restart_node(0)
        wait_for_chain(self.nodes[0])
        assert_equal(self.state(), expected)

        self.log.info("truncate blk00000.dat: reported clearly, -reindex recovers")
        self.stop_node(0)
        blk = os.path.join(node.chain_dir, "blocks", "blk00000.dat")
        size = os.path.getsize(blk)
        with open(blk, "r+b") as f:
            f.truncate(size // 2)
        node.assert_start_raises_init_error([], "blk00000.dat", match="partial")
        with open(node.debug_log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        assert "-reindex" in log
        self.start_node(0, ["-reindex"])
        wait_for_chain(self.nodes[0])
        height = node.getblockcount()
        assert 0 < height < 120, height
        assert_equal(node.verifychain(4, 0), True)
        node.generatetoaddress(130 - height, ADDR)
        assert_equal(node.getblockcount(), 130)
        self.restart_node(0)
        wait_for_chain(self.nodes[0])
        assert_equal(node.getblockcount(), 130)


if __name__ == "__main__":
    ReindexTest().main()
