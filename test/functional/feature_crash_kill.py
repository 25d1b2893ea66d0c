#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""kill -9 at random moments while blocks are mined (and the coins cache is flushed often, in
many small batches): every restart must come back to a consistent tip with no manual step —
verifychain 4 passes and gettxoutsetinfo agrees with the tip."""

import random
import threading
import time

from test_framework.blocktools import wait_for_chain, encode_address
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal

ADDR = encode_address(b"\x5a" * 32)
ITERATIONS = 20
TIME_BUDGET = 200  # seconds; the loop stops early rather than time out


class CrashKillTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        # A tiny cache and batch size: flushes happen all the time and span many batches, so a
        # kill lands mid-flush (head-blocks marker set) in a good share of the iterations.
        self.crash_args = ["-dbcache=4", "-dbbatchsize=2048", "-flushinterval=1", "-checklevel=4", "-checkblocks=20"]
        self.extra_args = [self.crash_args]

    def mine_in_background(self, stop):
        try:
            proxy = self.nodes[0].get_rpc_proxy()
            while not stop.is_set():
                # A block whose generatetoaddress returned was accepted: it must survive the kill.
                self.acked = proxy.generatetoaddress(5, ADDR)[-1]
        except Exception:
            pass  # the node was killed under us

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        node = self.nodes[0]
        node.generatetoaddress(110, ADDR)
        rng = random.Random(int(time.time()))
        start = time.time()
        done = 0
        last_height = node.getblockcount()
        self.acked = None
        for i in range(ITERATIONS):
            if time.time() - start > TIME_BUDGET:
                break
            stop = threading.Event()
            miner = threading.Thread(target=self.mine_in_background, args=(stop,))
            miner.start()
            time.sleep(rng.uniform(0.05, 1.0))
            node.kill_process()
            stop.set()
            miner.join()
            self.start_node(0, self.crash_args)
            wait_for_chain(self.nodes[0])
            height = node.getblockcount()
            tip = node.getbestblockhash()
            stats = node.gettxoutsetinfo()
            assert_equal(stats["bestblock"], tip)
            assert_equal(stats["height"], height)
            # One coinbase output per block after genesis, nothing else is spent here.
            assert_equal(stats["txouts"], height)
            assert_equal(node.verifychain(4, 0), True)
            # No block the node acknowledged is lost, and the chain never goes backwards.
            assert height >= last_height, f"restarted at {height}, below {last_height}"
            if self.acked is not None:
                assert node.getblockheader(self.acked)["confirmations"] >= 1, "an acknowledged block was lost"
            self.log.info(f"iteration {i}: restarted at height {height} (was {last_height} before the run)")
            last_height = height
            done += 1
        assert done >= 5, f"only {done} iterations in the time budget"
        self.log.info(f"{done} kill -9 iterations recovered")


if __name__ == "__main__":
    CrashKillTest().main()
