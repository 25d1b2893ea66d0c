#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The mempool through RPC: sendrawtransaction and testmempoolaccept with Bitcoin Core's error
codes and reject reasons, the getmempool* shapes, gettxout include_mempool, getrawtransaction
from the pool, prioritisetransaction, replacement by fee, generatetoaddress mining the pool
(parents before children), a reorg putting transactions back, and mempool.dat across a
restart (also after kill -9: the file is replaced atomically, the load validates again)."""

from decimal import Decimal

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import (
    KIND_TRANSFER,
    Utxo,
    address_for_key,
    amount_to_units,
    build_tx,
    lock_for_key,
    make_signed_tx,
    make_transfer,
    sign_tx,
    spendable_coinbase,
    to_display,
)
from test_framework.util import assert_equal, assert_greater_than, assert_raises_rpc_error, wait_until

BURN = encode_address(b"\x00" * 31 + b"\x02")
FEE = 10_000


class MempoolAcceptTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-acceptnonstdtxn=0"]]

    def send(self, tx):
        return self.node.sendrawtransaction(tx.serialize().hex())

    def child_of(self, tx, n, fee=FEE):
        """A transfer spending output n of `tx` (locked to self.key)."""
        coin = Utxo(tx.txid(), n, tx.vout[n][0], tx.vout[n][1], tx.vout[n][2])
        return make_transfer(coin, self.key, self.genesis, fee=fee)

    def run_test(self):
        node = self.node = self.nodes[0]
        wait_for_chain(node)
        self.key = ECKey()
        self.genesis = node.getblockhash(0)
        coins = spendable_coinbase(node, self.key, count=12)

        self.log.info("getmempoolinfo on an empty pool")
        info = node.getmempoolinfo()
        assert_equal(info["loaded"], True)
        assert_equal(info["size"], 0)
        assert_equal(info["minrelaytxfee"], Decimal("0.00001000"))
        assert_equal(info["fullrbf"], True)

        self.log.info("estimatesmartfee: Bitcoin Core's answer and errors while it has no data")
        assert_equal(node.estimatesmartfee(6), {"errors": ["Insufficient data or no feerate found"], "blocks": 0})
        assert_equal(node.estimatesmartfee(1, "conservative")["blocks"], 0)
        assert_raises_rpc_error(-8, "Invalid conf_target, must be between 1 and 1008", node.estimatesmartfee, 0)
        assert_raises_rpc_error(-8, "Invalid conf_target, must be between 1 and 1008", node.estimatesmartfee, 1009)
        assert_raises_rpc_error(-8, "Invalid estimate_mode parameter", node.estimatesmartfee, 2, "fast")

        self.log.info("sendrawtransaction accepts a transfer; the pool shows it")
        tx = make_transfer(coins[0], self.key, self.genesis, fee=FEE)
        txid = self.send(tx)
        assert_equal(txid, to_display(tx.txid()))
        assert_equal(node.getrawmempool(), [txid])
        entry = node.getmempoolentry(txid)
        assert_equal(entry["fees"]["base"], Decimal(FEE) / 10**8)
        assert_equal(entry["vsize"], len(tx.serialize()))
        assert_equal(entry["ancestorcount"], 1)
        assert_equal(entry["wtxid"], to_display(tx.wtxid()))
        assert_equal(entry["kind"], "transfer")
        assert_equal(node.getrawtransaction(txid), tx.serialize().hex())
        # Sending it again answers the txid (as Bitcoin Core).
        assert_equal(self.send(tx), txid)
        seq = node.getrawmempool(False, True)
        assert_equal(seq["txids"], [txid])
        assert_raises_rpc_error(-8, "Verbose results cannot contain mempool sequence values", node.getrawmempool, True, True)

        self.log.info("gettxout sees the pool's outputs and hides what the pool spends")
        out = node.gettxout(txid, 0)
        assert_equal(out["confirmations"], 0)
        assert_equal(node.gettxout(coins[0].txid_hex, coins[0].n), None)
        assert node.gettxout(coins[0].txid_hex, coins[0].n, False) is not None
        assert_equal(node.gettxout(txid, 0, False), None)

        self.log.info("a chain of unconfirmed transactions: ancestors and descendants")
        child = self.child_of(tx, 0)
        self.send(child)
        grandchild = self.child_of(child, 0)
        self.send(grandchild)
        gtxid = to_display(grandchild.txid())
        assert_equal(sorted(node.getmempoolancestors(gtxid)), sorted([txid, to_display(child.txid())]))
        assert_equal(sorted(node.getmempooldescendants(txid)), sorted([to_display(child.txid()), gtxid]))
        assert_equal(node.getmempoolentry(gtxid)["ancestorcount"], 3)
        assert_equal(node.getmempoolentry(txid)["spentby"], [to_display(child.txid())])
        assert_equal(node.getmempoolancestors(gtxid, True)[txid]["descendantcount"], 3)
        assert_raises_rpc_error(-5, "Transaction not in mempool", node.getmempoolentry, "11" * 32)

        self.log.info("reject reasons and codes")
        assert_raises_rpc_error(-22, "TX decode failed", node.sendrawtransaction, "00ff")
        missing = make_transfer(Utxo(b"\x42" * 32, 0, 10**8, *lock_for_key(self.key)), self.key, self.genesis)
        assert_raises_rpc_error(-25, "bad-txns-inputs-missingorspent", self.send, missing)
        low = make_transfer(coins[1], self.key, self.genesis, fee=10)
        assert_raises_rpc_error(-26, "min relay fee not met", self.send, low)
        dust = make_signed_tx(KIND_TRANSFER, [coins[1]], [(coins[1].value - FEE - 100, *lock_for_key(self.key)),
                                                          (100, *lock_for_key(self.key))], self.key, self.genesis)
        assert_raises_rpc_error(-26, "dust", self.send, dust)
        badsig = make_transfer(coins[1], self.key, self.genesis, fee=FEE)
        badsig.vin[0][3][1] = bytes(64)
        assert_raises_rpc_error(-26, "bad-txns-sig", self.send, badsig)
        huge_fee = make_transfer(coins[1], self.key, self.genesis, fee=2 * 10**8)
        assert_raises_rpc_error(-25, "Fee exceeds maximum configured by user", self.send, huge_fee)
        assert_equal(node.sendrawtransaction(huge_fee.serialize().hex(), 0), to_display(huge_fee.txid()))

        self.log.info("testmempoolaccept: single, package and refusals, nothing changes")
        size_before = node.getmempoolinfo()["size"]
        a = make_transfer(coins[2], self.key, self.genesis, fee=FEE)
        b = self.child_of(a, 0)
        res = node.testmempoolaccept([a.serialize().hex(), b.serialize().hex()])
        assert_equal([r["allowed"] for r in res], [True, True])
        assert_equal(res[0]["fees"]["base"], Decimal(FEE) / 10**8)
        assert_equal(res[0]["vsize"], len(a.serialize()))
        res = node.testmempoolaccept([low.serialize().hex()])
        assert_equal(res[0]["allowed"], False)
        assert_equal(res[0]["reject-reason"], "min relay fee not met")
        res = node.testmempoolaccept([tx.serialize().hex()])
        assert_equal(res[0]["reject-reason"], "txn-already-in-mempool")
        res = node.testmempoolaccept([missing.serialize().hex(), a.serialize().hex()])
        assert_equal(res[0]["reject-reason"], "bad-txns-inputs-missingorspent")
        assert_equal(res[1]["package-error"], "package-not-validated")
        assert_raises_rpc_error(-8, "Array must contain between 1 and 25 transactions", node.testmempoolaccept, [])
        assert_equal(node.getmempoolinfo()["size"], size_before)

        self.log.info("replacement by fee: more in total and in rate replaces the conflict and its children")
        replacement = make_transfer(coins[0], self.key, self.genesis, fee=FEE * 4)
        assert_raises_rpc_error(-26, "insufficient fee", self.send,
                                make_transfer(coins[0], self.key, self.genesis, fee=FEE + 100))
        self.send(replacement)
        pool = node.getrawmempool()
        assert to_display(replacement.txid()) in pool
        for gone in (tx, child, grandchild):
            assert to_display(gone.txid()) not in pool

        self.log.info("prioritisetransaction changes the modified fee")
        rtxid = to_display(replacement.txid())
        assert_equal(node.prioritisetransaction(rtxid, 0, 12345), True)
        assert_equal(node.getmempoolentry(rtxid)["fees"]["modified"], Decimal(FEE * 4 + 12345) / 10**8)
        assert_raises_rpc_error(-8, "dummy argument", node.prioritisetransaction, rtxid, 1, 100)

        self.log.info("generatetoaddress mines the pool: parents before children, fees to the miner")
        p = make_transfer(coins[3], self.key, self.genesis, fee=FEE)
        self.send(p)
        c = self.child_of(p, 0, fee=FEE * 20)
        self.send(c)
        pool_before = set(node.getrawmempool())
        block = node.getblock(node.generatetoaddress(1, BURN)[0])
        assert_equal(set(block["tx"][1:]), pool_before)
        assert block["tx"].index(to_display(p.txid())) < block["tx"].index(to_display(c.txid()))
        assert_equal(node.getrawmempool(), [])
        assert_equal(node.getmininginfo()["pooledtx"], 0)

        self.log.info("a reorg puts the block's transactions back in the pool")
        node.invalidateblock(block["hash"])
        wait_until(lambda: set(node.getrawmempool()) == pool_before)
        node.reconsiderblock(block["hash"])
        wait_until(lambda: node.getrawmempool() == [])

        self.log.info("mempool.dat: savemempool, restart, kill -9 and restart")
        kept = [make_transfer(coins[i], self.key, self.genesis, fee=FEE + i) for i in (5, 6, 7)]
        for t in kept:
            self.send(t)
        node.prioritisetransaction(to_display(kept[0].txid()), 0, 777)
        saved = node.savemempool()
        assert saved["filename"].endswith("mempool.dat")
        expected = sorted(to_display(t.txid()) for t in kept)
        self.restart_node(0, ["-acceptnonstdtxn=0"])
        wait_for_chain(node)
        wait_until(lambda: node.getmempoolinfo()["loaded"])
        assert_equal(sorted(node.getrawmempool()), expected)
        assert_equal(node.getmempoolentry(to_display(kept[0].txid()))["fees"]["modified"], Decimal(FEE + 5 + 777) / 10**8)
        # A transaction added after the last dump is gone after a kill, the rest comes back.
        extra = make_transfer(coins[8], self.key, self.genesis, fee=FEE)
        self.send(extra)
        node.kill_process()
        self.start_node(0, ["-acceptnonstdtxn=0"])
        wait_for_chain(node)
        wait_until(lambda: node.getmempoolinfo()["loaded"])
        assert_equal(sorted(node.getrawmempool()), expected)
        # -persistmempool=0 neither loads nor writes.
        self.restart_node(0, ["-acceptnonstdtxn=0", "-persistmempool=0"])
        wait_for_chain(node)
        assert_equal(node.getrawmempool(), [])
        assert_greater_than(node.getblockcount(), 100)


if __name__ == "__main__":
    MempoolAcceptTest().main()
