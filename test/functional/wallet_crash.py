#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""kill -9 while the wallet sends, hands out addresses and follows new blocks: after every
restart the wallet still knows every address it handed out and every payment it acknowledged,
rebroadcasts what was unconfirmed, and never spends a coin twice (every acknowledged payment
confirms, no two wallet transactions share an input, the balance is the sum of the coins)."""

import random
import threading
import time
from decimal import Decimal

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal
from test_framework.wallet_util import wallet_rpc

ITERATIONS = 20
TIME_BUDGET = 240  # seconds for all iterations; the test fails with a message past it
ARGS = ["-keypool=20", "-wallet=w", "-wallet=dest", "-fallbackfee=0.0002"]


class WalletCrashTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-keypool=20", "-fallbackfee=0.0002"]]

    def work_in_background(self, stop, rng):
        """Sends, new addresses and blocks until the node dies; records what it acknowledged."""
        try:
            node = self.nodes[0]
            w = wallet_rpc(node, "w")
            while not stop.is_set():
                op = rng.random()
                if op < 0.6:
                    self.acked_sends.append(w.sendtoaddress(self.dest_addr, Decimal("0.1")))
                elif op < 0.9:
                    self.acked_addresses.append(w.getnewaddress())
                else:
                    node.get_rpc_proxy().generatetoaddress(1, self.dest_addr)
        except Exception:
            pass  # the node was killed under us

    def check_consistent(self, node):
        w = wallet_rpc(node, "w")
        for address in self.acked_addresses:
            assert w.getaddressinfo(address)["ismine"], f"lost the key of {address}"
        # A kill never makes the wallet hand out an address twice (indices are written first).
        assert_equal(len(set(self.acked_addresses)), len(self.acked_addresses))
        pending = [t for t in self.acked_sends if w.gettransaction(t)["confirmations"] == 0]
        # Unconfirmed payments come back to the mempool (rebroadcast, or mempool.dat).
        self.wait_until(lambda: set(pending) <= set(node.getrawmempool()), timeout=30)
        node.generatetoaddress(1, self.dest_addr)
        for txid in self.acked_sends:
            assert w.gettransaction(txid)["confirmations"] >= 1, f"acknowledged payment {txid} never confirmed"
        # No outpoint spent by two wallet transactions; the balance is the sum of the coins.
        spender = {}
        for entry in w.listtransactions("*", 100000):
            if entry["category"] != "send" or entry["confirmations"] < 1:
                continue
            tx = node.decoderawtransaction(w.gettransaction(entry["txid"])["hex"])
            for vin in tx["vin"]:
                outpoint = (vin["txid"], vin["vout"])
                assert spender.setdefault(outpoint, entry["txid"]) == entry["txid"], f"{outpoint} spent twice"
        coins = w.listunspent(1)
        assert_equal(len({(c["txid"], c["vout"]) for c in coins}), len(coins))
        assert_equal(w.getbalance(), sum((c["amount"] for c in coins), Decimal(0)))

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("w")
        node.createwallet("dest")
        w = wallet_rpc(node, "w")
        self.dest_addr = wallet_rpc(node, "dest").getnewaddress()
        node.generatetoaddress(30, w.getnewaddress())
        node.generatetoaddress(100, self.dest_addr)
        self.restart_node(0, ARGS)
        self.acked_sends, self.acked_addresses = [], []
        rng = random.Random(int(time.time()))
        start = time.time()
        for i in range(ITERATIONS):
            assert time.time() - start < TIME_BUDGET, f"only {i} kills within {TIME_BUDGET}s"
            stop = threading.Event()
            worker = threading.Thread(target=self.work_in_background, args=(stop, rng))
            worker.start()
            time.sleep(rng.uniform(0.05, 0.8))
            node.kill_process()
            stop.set()
            worker.join(timeout=60)
            assert not worker.is_alive(), "the worker did not notice the kill"
            self.start_node(0, ARGS)
            self.check_consistent(node)
            self.log.info(f"kill {i + 1}: {len(self.acked_sends)} payments and {len(self.acked_addresses)} addresses kept")
        assert len(self.acked_sends) > 0, "no payment was acknowledged before a kill"


if __name__ == "__main__":
    WalletCrashTest().main()
