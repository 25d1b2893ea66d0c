#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Sending: sendtoaddress/sendmany through the mempool with change and fees, balances and
history on both sides, insufficient funds and locked-wallet errors, fee options, concurrent
sends that never spend a coin twice, a payment across a reorg, rebroadcast after a restart,
a double spend that conflicts a wallet transaction, and abandontransaction (also of a payment that
comes back from mempool.dat)."""

import os
import threading
from decimal import Decimal

from test_framework.registry import miner_reward
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import units_to_amount
from test_framework.util import assert_equal, assert_raises_rpc_error
from test_framework.wallet_util import wallet_rpc


class WalletSendTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2
        self.extra_args = [["-keypool=50"], ["-keypool=50"]]

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("alice")
        node.createwallet("bob")
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        node.createwallet("miner")
        burn = wallet_rpc(node, "miner").getnewaddress()  # blocks pay a third wallet
        first = node.getblockcount() + 1
        node.generatetoaddress(6, alice.getnewaddress())
        node.generatetoaddress(100, burn)
        funded = units_to_amount(sum(miner_reward(h) for h in range(first, first + 6)))  # subsidy - availability pool each
        assert_equal(alice.getbalance(), funded)

        self.log.info("sendtoaddress: change comes back, the fee is paid, bob sees it pending then confirmed")
        bob_addr = bob.getnewaddress("from alice")
        txid = alice.sendtoaddress(bob_addr, Decimal("7.5"), "rent", "bob")
        assert txid in node.getrawmempool()
        tx = alice.gettransaction(txid)
        fee = -tx["fee"]
        assert Decimal("0") < fee < Decimal("0.001")
        assert_equal(tx["comment"], "rent")
        assert_equal(tx["amount"], Decimal("-7.5"))
        assert_equal(alice.getbalance(), funded - Decimal("7.5") - fee)
        # bob's wallet hears of the mempool transaction through the notification queue, later
        # than the send returns (Bitcoin Core's tests sync mempools here).
        self.wait_until(lambda: bob.getbalances()["mine"]["untrusted_pending"] == Decimal("7.5"), timeout=10)
        assert_equal(bob.getbalance(), 0)
        node.generatetoaddress(1, burn)
        assert_equal(bob.getbalance(), Decimal("7.5"))
        assert_equal(bob.listtransactions()[-1]["category"], "receive")
        assert_equal(bob.listtransactions()[-1]["label"], "from alice")
        sends = [t for t in alice.listtransactions() if t["category"] == "send"]
        assert_equal(len(sends), 1)
        assert_equal(sends[0]["fee"], -fee)
        assert_equal(alice.gettransaction(txid)["confirmations"], 1)

        self.log.info("sendmany with the fee taken from one recipient")
        b1, b2 = bob.getnewaddress(), bob.getnewaddress()
        txid = alice.sendmany("", {b1: 1, b2: 2}, 0, "split", [b2], True, None, "unset", None, True)
        detail = alice.gettransaction(txid["txid"])
        outs = {d["address"]: d["amount"] for d in detail["details"] if d["category"] == "send"}
        assert_equal(outs[b1], Decimal("-1"))
        assert_equal(outs[b2], Decimal("-2") + txid["fee"])
        node.generatetoaddress(1, burn)

        self.log.info("sending the whole balance with the fee subtracted: every coin spent, no change (as Bitcoin Core)")
        node.createwallet("carol")
        carol = wallet_rpc(node, "carol")
        alice.sendmany("", {carol.getnewaddress(): Decimal("0.5"), carol.getnewaddress(): Decimal("0.25"), carol.getnewaddress(): Decimal("0.125")})
        node.generatetoaddress(1, burn)
        assert_equal(carol.getbalance(), Decimal("0.875"))
        txid = carol.sendtoaddress(bob_addr, Decimal("0.875"), "", "", True)
        decoded = node.getrawtransaction(txid, True)
        assert_equal(len(decoded["vin"]), 3)
        assert_equal(len(decoded["vout"]), 1)
        fee = -carol.gettransaction(txid)["fee"]
        assert Decimal("0") < fee < Decimal("0.001")
        assert_equal(decoded["vout"][0]["value"], Decimal("0.875") - fee)
        assert_equal(carol.getbalance(), 0)
        assert_equal(carol.listunspent(0), [])
        node.generatetoaddress(1, burn)
        # sendmany, the fee shared by two recipients: carol empties her wallet into bob's.
        alice.sendmany("", {carol.getnewaddress(): Decimal("0.25"), carol.getnewaddress(): Decimal("0.125")})
        node.generatetoaddress(1, burn)
        bob_before = bob.getbalance()
        sent = carol.sendmany("", {b1: Decimal("0.125"), b2: Decimal("0.25")}, 0, "", [b1, b2], True, None, "unset", None, True)
        assert_equal(len(node.getrawtransaction(sent["txid"], True)["vout"]), 2)
        assert_equal(carol.getbalance(), 0)
        node.generatetoaddress(1, burn)
        assert_equal(bob.getbalance(), bob_before + Decimal("0.375") - sent["fee"])

        self.log.info("errors: bad address, too much, too small, fee options")
        assert_raises_rpc_error(-5, "Invalid address", alice.sendtoaddress, "rdots1nothing", 1)
        assert_raises_rpc_error(-6, "Insufficient funds", alice.sendtoaddress, bob_addr, 1000)
        assert_raises_rpc_error(-4, "Transaction amount too small", alice.sendtoaddress, bob_addr, Decimal("0.00000001"))
        assert_raises_rpc_error(-8, "Cannot specify both conf_target and fee_rate", alice.sendtoaddress, bob_addr, 1, "", "", False, True, 6, "unset", False, 5)
        assert_raises_rpc_error(-4, "lower than the minimum fee rate", alice.sendtoaddress, address=bob_addr, amount=1, fee_rate=Decimal("0.1"))
        txid = alice.sendtoaddress(address=bob_addr, amount=1, fee_rate=25)
        size = len(alice.gettransaction(txid)["hex"]) // 2
        assert_equal(-alice.gettransaction(txid)["fee"], Decimal(25 * size) / Decimal(10**8))
        node.generatetoaddress(1, burn)

        self.log.info("a locked wallet refuses to sign, with Bitcoin Core's error")
        bob.encryptwallet("pw")
        assert_raises_rpc_error(-13, "Please enter the wallet passphrase with walletpassphrase first", bob.sendtoaddress, alice.getnewaddress(), 1)
        bob.walletpassphrase("pw", 60)
        bob.sendtoaddress(alice.getnewaddress(), 1)
        bob.walletlock()
        node.generatetoaddress(1, burn)

        self.log.info("concurrent sends never pick the same coin")
        alice.sendmany("", {alice.getnewaddress(): 1 for _ in range(10)})  # ten coins to race for
        node.generatetoaddress(1, burn)
        addrs = [bob.getnewaddress() for _ in range(8)]
        results, errors = [], []

        def send(a):
            try:
                results.append(wallet_rpc(node, "alice").sendtoaddress(a, Decimal("0.5")))
            except Exception as e:  # noqa: BLE001 - collected and checked below
                errors.append(str(e))
        threads = [threading.Thread(target=send, args=(a,)) for a in addrs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert_equal(errors, [])
        assert_equal(len(set(results)), 8)
        spent = set()
        for txid in results:
            for vin in node.getrawtransaction(txid, True)["vin"]:
                key = (vin["txid"], vin["vout"])
                assert key not in spent, "a coin was spent twice"
                spent.add(key)
        assert_equal(len(node.getrawmempool()), 8)
        node.generatetoaddress(1, burn)
        assert_equal(node.getrawmempool(), [])

        self.log.info("a payment across a reorg: unconfirmed again, then confirmed on the new branch")
        txid = alice.sendtoaddress(bob_addr, 2)
        block = node.generatetoaddress(1, burn)[0]
        assert_equal(bob.gettransaction(txid)["confirmations"], 1)
        node.invalidateblock(block)
        assert_equal(bob.gettransaction(txid)["confirmations"], 0)
        self.wait_until(lambda: txid in node.getrawmempool())  # the pool re-adds it after the notifications
        node.generatetoaddress(2, burn)
        assert_equal(bob.gettransaction(txid)["confirmations"], 2)
        assert bob.gettransaction(txid)["blockhash"] != block

        self.log.info("an unconfirmed send survives a restart without -persistmempool and is rebroadcast")
        txid = alice.sendtoaddress(bob_addr, 1)
        self.restart_node(0, ["-keypool=50", "-persistmempool=0", "-wallet=alice", "-wallet=bob", "-wallet=miner"])
        self.wait_until(lambda: txid in node.getrawmempool())
        node.generatetoaddress(1, burn)
        assert_equal(wallet_rpc(node, "bob").gettransaction(txid)["confirmations"], 1)

        self.log.info("a double spend mined elsewhere (another node with the same keys) conflicts the wallet's payment")
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        other = self.nodes[1]
        for height in range(1, node.getblockcount() + 1):
            other.submitblock(node.getblock(node.getblockhash(height), 0))
        assert_equal(other.getbestblockhash(), node.getbestblockhash())
        other.createwallet(wallet_name="alice-twin", mnemonic=alice.getmnemonic())
        twin = wallet_rpc(other, "alice-twin")
        coin = max(alice.listunspent(), key=lambda u: u["amount"])
        others = [{"txid": u["txid"], "vout": u["vout"]} for u in alice.listunspent() if (u["txid"], u["vout"]) != (coin["txid"], coin["vout"])]
        alice.lockunspent(False, others)
        twin.lockunspent(False, others)
        sat = Decimal("0.00000001")
        first = alice.sendtoaddress(bob_addr, (coin["amount"] / 2).quantize(sat))
        second = twin.sendtoaddress(twin.getnewaddress(), (coin["amount"] / 4).quantize(sat))
        block = other.generatetoaddress(1, burn)[0]
        node.submitblock(other.getblock(block, 0))
        assert_equal(node.getbestblockhash(), block)
        self.wait_until(lambda: first not in node.getrawmempool())  # submitblock does not wait for the pool
        tx = alice.gettransaction(first)
        assert_equal(tx["confirmations"], -1)
        assert_equal(tx["state"], "conflicted")
        assert_equal(tx["walletconflicts"], [block])
        assert_equal(alice.gettransaction(second)["confirmations"], 1)  # our coin, spent by our keys elsewhere
        assert_raises_rpc_error(-5, "Transaction not eligible for abandonment", alice.abandontransaction, first)
        alice.lockunspent(True)

        self.log.info("abandontransaction frees the inputs of a payment that is in no mempool")
        self.restart_node(0, ["-keypool=50", "-wallet=alice", "-wallet=bob", "-wallet=miner"])
        alice = wallet_rpc(node, "alice")
        before = alice.getbalance()
        stuck = alice.sendtoaddress(bob_addr, 3)
        self.restart_node(0, ["-keypool=50", "-wallet=alice", "-wallet=miner", "-persistmempool=0", "-walletrebroadcast=0"])
        alice = wallet_rpc(node, "alice")
        assert stuck not in node.getrawmempool()
        assert alice.getbalance() < before - 3
        alice.abandontransaction(stuck)
        assert_equal(alice.getbalance(), before)
        assert [t for t in alice.listtransactions() if t["txid"] == stuck][0]["abandoned"]
        assert_raises_rpc_error(-5, "Invalid or non-wallet transaction id", alice.abandontransaction, "00" * 32)

        self.log.info("a backup restored into another node's datadir recovers the coins")
        node.generatetoaddress(1, burn)
        for height in range(other.getblockcount() + 1, node.getblockcount() + 1):
            other.submitblock(node.getblock(node.getblockhash(height), 0))
        assert_equal(other.getbestblockhash(), node.getbestblockhash())
        backup = os.path.join(self.options.tmpdir, "alice.bak")
        alice.backupwallet(backup)
        other.restorewallet("alice-copy", backup)
        copy = wallet_rpc(other, "alice-copy")
        coins = lambda w: sorted((u["txid"], u["vout"], u["amount"]) for u in w.listunspent(1))
        assert len(coins(alice)) > 0
        assert_equal(coins(copy), coins(alice))
        assert_equal(copy.getaddressinfo(bob_addr)["ismine"], False)
        assert_equal(copy.getnewaddress(), alice.getnewaddress())  # the same keys, the same next index

        self.log.info("an abandoned payment that comes back from mempool.dat is not abandoned any more: its coins stay spent")
        # mempool.dat is still the one written before the -persistmempool=0 runs: it holds `stuck`.
        abandoned = lambda: [t for t in alice.listtransactions() if t["txid"] == stuck][0]["abandoned"]
        assert abandoned()
        self.restart_node(0, ["-keypool=50", "-wallet=alice", "-wallet=miner", "-walletrebroadcast=0"])
        alice = wallet_rpc(node, "alice")
        self.wait_until(lambda: stuck in node.getrawmempool(), timeout=30)
        self.wait_until(lambda: not abandoned(), timeout=10)  # as Bitcoin Core: back in the mempool, no longer abandoned
        assert_equal(alice.gettransaction(stuck)["confirmations"], 0)
        assert_raises_rpc_error(-5, "Transaction not eligible for abandonment", alice.abandontransaction, stuck)
        # Nearly all the wallet calls spendable can be sent: nothing it selects conflicts with `stuck`
        # (before, it selected the coins `stuck` spends and the mempool refused the replacement).
        everything = alice.sendtoaddress(bob_addr, alice.getbalance() - Decimal("0.05"))
        assert everything in node.getrawmempool()
        inputs = lambda txid: {(i["txid"], i["vout"]) for i in node.getrawtransaction(txid, True)["vin"]}
        assert_equal(inputs(everything) & inputs(stuck), set())


if __name__ == "__main__":
    WalletSendTest().main()
