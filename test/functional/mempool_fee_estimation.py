#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""estimatesmartfee end to end (Bitcoin Core's shape): transactions at two known fee rates enter
the mempool through sendrawtransaction; the high-rate ones are mined in the next block, the
low-rate ones only LOW_WAIT blocks after they entered. Then estimatesmartfee answers
{"feerate", "blocks"}: about the high rate for targets shorter than LOW_WAIT, about the low
rate from LOW_WAIT on, never below the mempool's minimum fee, the same in conservative mode
(every transaction confirmed when its rate predicts), and the same after a restart
(fee_estimates.dat). Before that, with too little data, it answers {"errors", "blocks": 0}."""

from decimal import Decimal

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import (
    KIND_TRANSFER,
    Utxo,
    amount_to_units,
    lock_for_key,
    make_signed_tx,
    make_transfer,
    spendable_coinbase,
)
from test_framework.util import assert_equal, assert_greater_than_or_equal

BURN = encode_address(b"\x00" * 31 + b"\x0a")
HIGH = 20_000  # units per kvB
LOW = 5_000    # units per kvB (the minimum relay fee is 1,000)
LOW_WAIT = 6   # blocks a low-rate transaction waits
ROUNDS = 16
PER_ROUND = 8  # transactions of each rate per block
NO_DATA = {"errors": ["Insufficient data or no feerate found"], "blocks": 0}


class MempoolFeeEstimationTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def at_rate(self, coin, rate):
        """A transfer of `coin` paying `rate` units per kvB of its size (every such transfer has the same size)."""
        size = len(make_transfer(coin, self.key, self.genesis, fee=1000).serialize())
        tx = make_transfer(coin, self.key, self.genesis, fee=rate * size // 1000)
        assert_equal(len(tx.serialize()), size)
        return tx

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        self.key = ECKey()
        self.genesis = node.getblockhash(0)
        coinbases = spendable_coinbase(node, self.key, count=4)

        self.log.info("no data yet: Bitcoin Core's errors answer")
        for target in (1, 2, LOW_WAIT, 1008):
            assert_equal(node.estimatesmartfee(target), NO_DATA)

        self.log.info("split coinbases into %d coins (mined directly: the estimator never sees them)", 2 * ROUNDS * PER_ROUND)
        lt, prog = lock_for_key(self.key)
        coins, splits = [], []
        per_split = ROUNDS * PER_ROUND // 2
        for cb in coinbases:
            value = (cb.value - 100_000) // per_split
            split = make_signed_tx(KIND_TRANSFER, [cb], [(value, lt, prog)] * per_split, self.key, self.genesis)
            splits.append(split.serialize().hex())
            coins += [Utxo(split.txid(), n, value, lt, prog) for n in range(per_split)]
        # generateblock with raw transactions takes them straight into the block.
        node.generateblock(BURN, splits)
        assert_equal(node.getrawmempool(), [])

        self.log.info("%d blocks: %d high-rate transactions mined at once, %d low-rate ones after %d blocks",
                      ROUNDS, PER_ROUND, PER_ROUND, LOW_WAIT)
        waiting = []  # per round, the low-rate txids sent then
        for r in range(ROUNDS):
            high = [node.sendrawtransaction(self.at_rate(coins.pop(), HIGH).serialize().hex()) for _ in range(PER_ROUND)]
            waiting.append([node.sendrawtransaction(self.at_rate(coins.pop(), LOW).serialize().hex()) for _ in range(PER_ROUND)])
            due = waiting[r - LOW_WAIT + 1] if r >= LOW_WAIT - 1 else []
            node.generateblock(BURN, high + due)
            if r == 0:
                # One block of data: each rate's bucket holds too few transactions for a decision.
                assert_equal(node.estimatesmartfee(1), NO_DATA)
        # The low-rate transactions of the last rounds still wait.
        assert_equal(len(node.getrawmempool()), (LOW_WAIT - 1) * PER_ROUND)
        estimates = self.check_estimates(node)

        self.log.info("the estimates survive a restart (fee_estimates.dat)")
        self.restart_node(0)
        wait_for_chain(node)
        assert_equal(self.check_estimates(node), estimates)

    def check_estimates(self, node):
        """Checks every answer's shape and range; returns them."""
        min_fee = amount_to_units(node.getmempoolinfo()["mempoolminfee"])
        answers = {}
        for target in (1, 2, LOW_WAIT - 1, LOW_WAIT, LOW_WAIT + 1, 25, 1008):
            for mode in ("economical", "conservative"):
                res = node.estimatesmartfee(target, mode)
                assert_equal(sorted(res), ["blocks", "feerate"])
                assert isinstance(res["feerate"], Decimal)
                rate = amount_to_units(res["feerate"])
                assert_greater_than_or_equal(rate, min_fee)
                expected = HIGH if target < LOW_WAIT else LOW
                # The average rate of the bucket group that decided, within the buckets' 5% spacing.
                assert abs(rate - expected) <= expected // 20, (target, mode, res)
                # The target answered for: the one asked (every target has enough data).
                assert_equal(res["blocks"], target)
                answers[(target, mode)] = res
        return answers


if __name__ == "__main__":
    MempoolFeeEstimationTest().main()
