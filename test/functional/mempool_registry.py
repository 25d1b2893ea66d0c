#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The registry's first-seen rule in the mempool: a statement whose key a pool statement holds is
refused (txn-registry-conflict) and kept aside; its signer (here: its payer, for a commitment)
may replace its own with a higher fee; a block that confirms the other version wins at once (the
pool's version leaves); after a reorg that drops that block, the confirmed version is back in
the pool and the other is not."""

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.registry import handle_commit_payload, handle_commitment, make_registry_tx
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import KIND_HANDLE_COMMIT, Utxo, lock_for_key, make_transfer, spendable_coinbase, to_display
from test_framework.util import assert_equal, assert_raises_rpc_error, wait_until

BURN = encode_address(b"\x00" * 31 + b"\x06")


class MempoolRegistryTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        alice, mallory = ECKey(), ECKey()
        genesis = node.getblockhash(0)
        coins = spendable_coinbase(node, alice, count=3)
        # Mallory gets a coin of her own.
        fund = make_transfer(coins[2], alice, genesis, dest_lock=lock_for_key(mallory), fee=10_000)
        node.sendrawtransaction(fund.serialize().hex())
        node.generatetoaddress(1, BURN)
        mallory_coin = Utxo(fund.txid(), 0, fund.vout[0][0], *lock_for_key(mallory))
        commitment = handle_commitment("firstseen", b"\x07" * 32, alice)

        def commit(coin, key, fee):
            return make_registry_tx(KIND_HANDLE_COMMIT, handle_commit_payload(commitment), coin, None, key, key, fee,
                                    genesis_hash=genesis)

        self.log.info("first seen stays; a rival with the same key is refused and kept aside")
        first = commit(coins[0], alice, 10_000)
        node.sendrawtransaction(first.serialize().hex())
        rival = commit(mallory_coin, mallory, 500_000)
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction, rival.serialize().hex())
        assert_equal(node.getmempoolinfo()["aside"], 1)
        assert_equal(node.getrawmempool(), [to_display(first.txid())])
        res = node.testmempoolaccept([rival.serialize().hex()])[0]
        assert_equal((res["allowed"], res["reject-reason"]), (False, "txn-registry-conflict"))

        self.log.info("the same payer replaces its own only by paying more")
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction,
                                commit(coins[1], alice, 10_000).serialize().hex())
        own = commit(coins[1], alice, 40_000)
        node.sendrawtransaction(own.serialize().hex())
        assert_equal(node.getrawmempool(), [to_display(own.txid())])

        self.log.info("a block confirming the rival wins at once: the pool's version leaves")
        block = node.generateblock(BURN, [rival.serialize().hex()])["hash"]
        assert_equal(node.getrawmempool(), [])
        assert_equal(node.getmempoolinfo()["aside"], 0)
        self.log.info("a reorg dropping that block brings the rival back, first")
        node.invalidateblock(block)
        wait_until(lambda: node.getrawmempool() == [to_display(rival.txid())])
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction, own.serialize().hex())
        node.reconsiderblock(block)
        wait_until(lambda: node.getrawmempool() == [])

        self.log.info("generatetoaddress mines a pool statement; the kept-aside one enters when the key frees")
        node.invalidateblock(block)
        wait_until(lambda: node.getrawmempool() == [to_display(rival.txid())])
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction, own.serialize().hex())
        # The rival leaves the pool by a replacement of its own coin (an ordinary spend, full RBF):
        # its key is free at the next block, and the kept-aside statement enters.
        spend = make_transfer(mallory_coin, mallory, genesis, fee=600_000)
        node.sendrawtransaction(spend.serialize().hex())
        assert to_display(rival.txid()) not in node.getrawmempool()
        node.generatetoaddress(1, BURN)
        wait_until(lambda: to_display(own.txid()) in node.getrawmempool())
        node.generatetoaddress(1, BURN)
        assert_equal(node.getrawmempool(), [])


if __name__ == "__main__":
    MempoolRegistryTest().main()
