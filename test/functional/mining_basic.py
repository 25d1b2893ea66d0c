#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The built-in miner: -gen mines on its threads and takes mempool transactions, getmininginfo
reports its hash rate, setgenerate stops and restarts it under RPC load, and the node shuts down
cleanly while it mines under that load; getmininginfo's pooledtx follows the mempool."""

import threading
import time

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import make_transfer, spendable_coinbase, to_display
from test_framework.util import assert_equal, assert_greater_than, assert_raises_rpc_error, wait_until

MINER = encode_address(b"\x00" * 31 + b"\x05")


class MiningBasicTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def rpc_load(self, stop, errors):
        """Template, info and mempool calls as fast as the node answers."""
        proxy = self.nodes[0].get_rpc_proxy()
        try:
            while not stop.is_set():
                proxy.getblocktemplate()
                proxy.getmininginfo()
                proxy.getrawmempool()
        except Exception as e:  # the node stopping under us ends the load
            if not stop.is_set():
                errors.append(e)

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        key = ECKey()
        genesis = node.getblockhash(0)
        coins = spendable_coinbase(node, key, count=2)
        info = node.getmininginfo()
        assert_equal((info["generate"], info["hashespersec"], info["pooledtx"]), (False, 0, 0))

        self.log.info("setgenerate needs an address; with one the miner runs on two threads")
        assert_raises_rpc_error(-8, "-genaddress", node.setgenerate, True, 2)
        assert_raises_rpc_error(-8, "genproclimit must be between", node.setgenerate, True, 99, MINER)
        tx = make_transfer(coins[0], key, genesis, fee=50_000)
        txid = node.sendrawtransaction(tx.serialize().hex())
        assert_equal(node.getmininginfo()["pooledtx"], 1)
        start = node.getblockcount()
        node.setgenerate(True, 2, MINER)
        wait_until(lambda: node.getblockcount() > start + 5)
        info = node.getmininginfo()
        assert_equal((info["generate"], info["genproclimit"]), (True, 2))
        wait_until(lambda: node.getmininginfo()["hashespersec"] > 0)
        self.log.info(f"hash rate reported: {node.getmininginfo()['hashespersec']:.0f} H/s")
        self.log.info("it mined the mempool transaction")
        wait_until(lambda: node.getrawmempool() == [])
        assert_greater_than(node.gettxout(txid, 0, False)["confirmations"], 0)

        self.log.info("setgenerate false stops it")
        node.setgenerate(False)
        assert_equal(node.getmininginfo()["generate"], False)
        height = node.getblockcount()
        time.sleep(0.5)
        assert_equal(node.getblockcount(), height)

        self.log.info("mining under RPC load, then a clean shutdown while both go on")
        node.setgenerate(True, 1, MINER)
        stop, errors = threading.Event(), []
        loaders = [threading.Thread(target=self.rpc_load, args=(stop, errors), daemon=True) for _ in range(3)]
        for t in loaders:
            t.start()
        try:
            wait_until(lambda: node.getblockcount() > height + 20, timeout=60)
            tx2 = make_transfer(coins[1], key, genesis, fee=40_000)
            node.sendrawtransaction(tx2.serialize().hex())
            wait_until(lambda: to_display(tx2.txid()) not in node.getrawmempool())
            node.setgenerate(False)
            stopped_at = node.getblockcount()
            time.sleep(0.3)
            assert_equal(node.getblockcount(), stopped_at)
            node.setgenerate(True, 2, MINER)
            wait_until(lambda: node.getblockcount() > stopped_at + 3)
            assert_equal(errors, [])
            node.stop_node()  # waits (bounded) for the process to exit 0
        finally:
            stop.set()
            for t in loaders:
                t.join(timeout=30)
        assert not any(t.is_alive() for t in loaders)
        self.log.info("after a restart with -gen the miner runs from the start, at -genproclimit threads")
        self.start_node(0, extra_args=["-gen", "-genproclimit=1", f"-genaddress={MINER}"])
        wait_for_chain(node)
        restarted_at = node.getblockcount()
        assert_greater_than(restarted_at, height + 20)
        info = node.getmininginfo()
        assert_equal((info["generate"], info["genproclimit"]), (True, 1))
        wait_until(lambda: node.getblockcount() > restarted_at + 3)
        node.setgenerate(False)
        assert_equal(node.getmininginfo()["generate"], False)


if __name__ == "__main__":
    MiningBasicTest().main()
