#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The optional registry index (-registryindex, doc/registry.md "State layout"): listtermdeposits
(the pairs a node terminates) and listnodehistory (settlements as either end, balance changes).
Without the flag the RPCs say how to enable it. The index follows blocks as they connect, undoes
disconnected ones (invalidateblock), catches up at start when it was enabled later or the node
stopped while it lagged, and ends identical to an index built from scratch."""

import os
import shutil

from test_framework.registry import settle_epoch_of
from test_framework.registry_node import K, RegistryTestBase, units
from test_framework.txtools import COIN
from test_framework.util import assert_equal, assert_raises_rpc_error

A, B, C = K("index a"), K("index b"), K("index c")
RPC_MISC_ERROR = -1


class RegistryIndexTest(RegistryTestBase):
    NODE_KEYS = [A, B, C]
    PAIRS = [(A, B), (C, B), (B, A)]

    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-registryindex"]]

    def index_dump(self, node=None):
        node = node or self.nodes[0]
        return {k.xonly.hex(): (node.listtermdeposits(k.xonly.hex(), 1000), node.listnodehistory(k.xonly.hex(), 0, 1000))
                for k in self.NODE_KEYS}

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 12)
        a, b, c = (k.xonly.hex() for k in (A, B, C))
        self.mine_checked([self.register_node(A), self.register_node(B), self.register_node(C)])
        self.mine_checked([self.deposit(A, B, COIN), self.deposit(C, B, COIN // 2)])
        self.log.info("listtermdeposits: the pairs a node terminates, by originating key")
        assert_equal(sorted(p["orig"] for p in node.listtermdeposits(b)), sorted([a, c]))
        assert_equal(node.listtermdeposits(a), [])
        e = settle_epoch_of(node.getblockcount() + 1)
        s1 = self.mine_checked([self.settle(A, B, [(e, 600, 600)])])
        h1 = node.getblockcount()
        self.log.info("listnodehistory: a settlement for both ends and the balance change")
        hist_b = node.listnodehistory(b)
        assert_equal([(x["height"], x["type"], x["counterparty"], x["epoch"], x["seconds"], units(x["before"]), units(x["after"]))
                      for x in hist_b],
                     [(h1, "settled_as_term", a, e, 600, 0, 6000), (h1, "balance", None, None, None, 0, 6000)])
        assert_equal([x["type"] for x in node.listnodehistory(a)], ["settled_as_orig"])
        self.mine_checked([self.settle(A, B, [(e, 900, 600)]), self.withdraw(B, 9000, fee=1000)])
        assert_equal([(x["type"], units(x["before"]), units(x["after"])) for x in node.listnodehistory(b, h1 + 1)],
                     # One balance event per block: the diff holds the value before and after it.
                     [("settled_as_term", 6000, 9000), ("balance", 6000, 0)])
        assert_equal(len(node.listnodehistory(b, 0, 2)), 2)

        self.log.info("invalidateblock undoes the index, reconsiderblock redoes it")
        full = self.index_dump()
        node.invalidateblock(s1)
        assert_equal(node.listnodehistory(b), [])
        assert_equal(len(node.listtermdeposits(b)), 2)
        node.reconsiderblock(s1)
        assert_equal(self.index_dump(), full)

        self.log.info("without -registryindex the RPCs say how to enable it")
        self.restart_node(0, extra_args=[])
        assert_raises_rpc_error(RPC_MISC_ERROR, "restart with -registryindex", node.listnodehistory, b)
        self.log.info("blocks mined while the index was off are caught up at the next start")
        self.mine_checked([self.deposit(B, A, COIN)])
        self.restart_node(0, extra_args=["-registryindex"])
        assert_equal([p["orig"] for p in node.listtermdeposits(a)], [b])
        self.log.info("the same as an index built from scratch")
        caught_up = self.index_dump()
        self.stop_node(0)
        shutil.rmtree(os.path.join(node.datadir, "regtest", "indexes", "registry"))
        self.start_node(0, extra_args=["-registryindex"])
        assert_equal(self.index_dump(), caught_up)


if __name__ == "__main__":
    RegistryIndexTest().main()
