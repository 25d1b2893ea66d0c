#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Vouchers from the wallet (doc/wallet.md "From a fresh regtest node to earnings"): the walkthrough
exactly as documented, through RPCs: alice (the originating node O) and bob (the terminating node
T) register nodes, bob with a rate; bob registers a handle homed at T, binds it and sets its SIP
credential, which survives a restart; alice funds a deposit for the pair (depositfor), signs a
voucher (signvoucher), bob stores it (addvoucher), settles it (settlevouchers), sees the earnings
in listmynodes and withdraws them (withdrawnodebalance). Then: a higher voucher of a settled epoch
pays the difference; two epochs settle in one transaction; the default rate follows the chain's
rate change one full epoch later; stored vouchers survive a restart; and the errors: locked wallet,
bad signature, a voucher for another wallet's node, a lower voucher, nothing to settle, an expired
epoch, malformed hex; vouchers are erased settle_window blocks after their window."""

import threading
from decimal import Decimal

from test_framework.registry import settle_deadline, settle_epoch_of
from test_framework.authproxy import JSONRPCException
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_raises_rpc_error
from test_framework.wallet_util import my_handle, wallet_rpc

RPC_WALLET_ERROR = -4
RPC_INVALID_PARAMETER = -8
RPC_WALLET_UNLOCK_NEEDED = -13
RPC_DESERIALIZATION_ERROR = -22
PASSPHRASE = "alice passphrase"


class WalletVouchersTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-keypool=20"]]

    def run_test(self):
        self.node = self.nodes[0]
        self.walkthrough()
        self.higher_voucher_and_two_epochs()
        self.rate_change()
        self.errors()
        self.restart_and_expiry()

    def mine(self, n=1):
        self.node.generatetoaddress(n, self.addr)

    def walkthrough(self):
        """doc/wallet.md "From a fresh regtest node to earnings", command by command."""
        node = self.node
        self.log.info("Walkthrough: two wallets, coins for both")
        node.createwallet("alice")
        node.createwallet("bob")
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        self.alice, self.bob = alice, bob
        self.addr = alice.getnewaddress()
        node.generatetoaddress(101, self.addr)
        alice.sendtoaddress(bob.getnewaddress(), 5)
        self.mine()

        self.log.info("Walkthrough: alice registers node O, bob node T at 0.01 DOTS a minute")
        O = alice.registernode(["sip:alice.example.org:5060;transport=udp"], 1)["node"]
        T = bob.registernode(["sip:bob.example.org:5060;transport=udp"], 1, Decimal("0.01"))["node"]
        self.mine()
        self.O, self.T = O, T
        assert_equal(bob.listmynodes()[0]["rate"], Decimal("0.01"))

        self.log.info("Walkthrough: bob registers the handle bob homed at T (commit, then reveal and home update by itself)")
        status = bob.registerhandle("bob", T)
        assert_equal(status["state"], "committing")
        for txid in (status["commit_txid"], None, status["reveal_txid"], status["home_txid"]):
            if txid is not None:
                self.wait_until(lambda: txid in node.getrawmempool(), timeout=30)
            self.mine()
        assert_equal((my_handle(bob, "bob")["state"], my_handle(bob, "bob")["home_node"]), ("registered", T))

        self.log.info("Walkthrough: bob binds it to T and sets its SIP credential, which survives a restart")
        assert bob.bindhandle("bob", T)["complete"]
        self.mine()
        assert_equal(my_handle(bob, "bob")["bound_node"], T)
        assert bob.setsipcredential("bob", "bob's SIP password")["persistent"]
        self.restart_node(0, ["-keypool=20", "-wallet=alice", "-wallet=bob"])
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        self.alice, self.bob = alice, bob
        assert_equal(node.getsipinfo()["credentials"], 1)

        self.log.info("Walkthrough: alice funds the pair's deposit")
        alice.depositfor(T, 2)
        self.mine()
        assert_equal(alice.listmynodes()[0]["deposits"][0]["deposit"], Decimal("2"))

        self.log.info("Walkthrough: alice signs 10 minutes of calls in this epoch; bob stores the voucher")
        params = node.getregistryparams()
        epoch = node.getblockcount() // params["settle_epoch"]
        assert_equal(epoch, settle_epoch_of(node.getblockcount()))
        self.epoch = epoch
        v = alice.signvoucher(T, epoch, 600)
        assert_equal((v["orig"], v["term"], v["epoch"], v["seconds"]), (O, T, epoch, 600))
        assert_equal(v["rate"], Decimal("0.01"))  # T's rate on chain
        assert_equal(v["amount"], Decimal("0.1"))
        assert_equal(len(bytes.fromhex(v["hex"])), 244)
        added = bob.addvoucher(v["hex"])
        assert_equal(added["status"], "added")
        assert_equal(added["amount"], Decimal("0.1"))
        # Receipts come with the vouchers of calls (sip_remote_call.py): signvoucher and addvoucher keep none.
        for w in (alice, bob):
            assert_equal(w.listreceipts(O, T, epoch), {"receipts_root": "00" * 32, "seconds": 0, "receipts": []})
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "orig must be a 32-byte key", bob.listreceipts, "00", T, epoch)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "epoch must be between", bob.listreceipts, O, T, -1)
        signed = alice.listmynodes()[0]["vouchers"]
        assert_equal([(x["role"], x["counterparty"], x["epoch"], x["state"]) for x in signed], [("originating", T, epoch, "unsettled")])
        held = bob.listmynodes()[0]["vouchers"]
        assert_equal([(x["role"], x["counterparty"], x["amount"], x["state"]) for x in held], [("terminating", O, Decimal("0.1"), "unsettled")])

        self.log.info("Walkthrough: bob settles; the earnings reach T's balance")
        res = bob.settlevouchers()
        assert_equal([(s["orig"], s["term"], s["epochs"], s["amount"]) for s in res["settlements"]], [(O, T, [epoch], Decimal("0.1"))])
        assert_raises_rpc_error(RPC_WALLET_ERROR, "1 are in unconfirmed settlements", bob.settlevouchers)  # not sent twice
        self.mine()
        mine = bob.listmynodes()[0]
        assert_equal(mine["balance"], Decimal("0.1"))
        assert_equal(mine["earned"], Decimal("0.1"))
        assert_equal(mine["vouchers"][0]["state"], "settled")
        assert_equal(mine["vouchers"][0]["settled_seconds"], 600)
        assert_equal(mine["deposits_received"][0]["deposit"], Decimal("1.9"))
        assert_equal(alice.listmynodes()[0]["vouchers"][0]["state"], "settled")
        categories = {t["txid"]: t["category"] for t in bob.listtransactions("*", 50)}
        assert_equal(categories[res["settlements"][0]["txid"]], "settlement")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Nothing to settle: of 1 stored voucher(s), 1 are settled", bob.settlevouchers)

        self.log.info("Walkthrough: bob withdraws the earnings to his wallet")
        before = bob.getbalance()
        w = bob.withdrawnodebalance(T)
        self.mine()
        assert_equal(bob.listmynodes()[0]["balance"], 0)
        assert_equal(bob.getbalance(), before + w["amount"])
        assert_equal(w["amount"] + w["fee"], Decimal("0.1"))

    def next_epoch(self):
        """Mines to the first block of the next settlement epoch; returns that epoch."""
        self.mine(5 - self.node.getblockcount() % 5)  # regtest settle_epoch
        return settle_epoch_of(self.node.getblockcount())

    def higher_voucher_and_two_epochs(self):
        alice, bob, T = self.alice, self.bob, self.T
        self.log.info("A higher voucher of a settled epoch pays the difference")
        v = alice.signvoucher(T, self.epoch, 900)
        assert_equal(bob.addvoucher(v["hex"])["status"], "replaced")
        assert_equal(bob.addvoucher(v["hex"])["status"], "unchanged")
        res = bob.settlevouchers()
        assert_equal(res["settlements"][0]["amount"], Decimal("0.05"))
        self.mine()
        entry = [x for x in bob.listmynodes()[0]["vouchers"] if x["epoch"] == self.epoch][0]
        assert_equal((entry["seconds"], entry["settled_seconds"], entry["state"]), (900, 900, "settled"))

        self.log.info("Vouchers of two epochs of a pair settle in one transaction")
        e1 = self.next_epoch()
        bob.addvoucher(alice.signvoucher(T, e1, 960)["hex"])
        e2 = self.next_epoch()
        bob.addvoucher(alice.signvoucher(T, e2, 120)["hex"])
        res = bob.settlevouchers()
        assert_equal([(s["epochs"], s["amount"]) for s in res["settlements"]], [([e1, e2], Decimal("0.18"))])
        self.mine()
        assert all(x["state"] == "settled" for x in bob.listmynodes()[0]["vouchers"])

    def rate_change(self):
        alice, bob, T = self.alice, self.bob, self.T
        self.log.info("A rate change is the default rate one full epoch after it is mined")
        self.next_epoch()
        bob.updatenode(T, None, Decimal("0.02"))
        self.mine()
        h = self.node.getblockcount()
        e = settle_epoch_of(h)
        assert_equal(alice.signvoucher(T, e, 60)["rate"], Decimal("0.01"))
        self.mine(5 * (e + 2) - 1 - h)  # the next block is the first of epoch e + 2
        v = alice.signvoucher(T, e + 2, 60)
        assert_equal((v["rate"], v["amount"]), (Decimal("0.02"), Decimal("0.02")))
        assert_equal(alice.signvoucher(T, e + 2, 60, Decimal("0.04"))["amount"], Decimal("0.04"))  # an agreed rate
        bob.addvoucher(alice.signvoucher(T, e + 2, 150)["hex"])
        self.mine()
        bob.settlevouchers()
        self.mine()

    def errors(self):
        node, alice, bob, O, T = self.node, self.alice, self.bob, self.O, self.T
        epoch = settle_epoch_of(node.getblockcount())
        self.log.info("Errors: a lower voucher than one already signed; the originating nonce stays the epoch's")
        v1 = alice.signvoucher(T, epoch, 300)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "vouchers are cumulative", alice.signvoucher, T, epoch, 299)
        v2 = alice.signvoucher(T, epoch, 600)
        assert_equal(v1["orig_nonce"], v2["orig_nonce"])
        bob.addvoucher(v2["hex"])
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "Not higher than the stored voucher", bob.addvoucher, v1["hex"])

        self.log.info("Errors: bad signature, malformed hex, a voucher for another wallet's node")
        raw = bytearray.fromhex(v2["hex"])
        raw[-1] ^= 1
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "the signature is not node " + O, bob.addvoucher, raw.hex())
        raw = bytearray.fromhex(v2["hex"])
        raw[80] ^= 1  # the seconds: the signature no longer matches
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "the signature is not node", bob.addvoucher, raw.hex())
        assert_raises_rpc_error(RPC_DESERIALIZATION_ERROR, "a voucher is 244 bytes, not 243", bob.addvoucher, v2["hex"][:-2])
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "must be hexadecimal string", bob.addvoucher, "zz")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Node " + T + " is not a node of this wallet", alice.addvoucher, v2["hex"])
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Node " + O + " is not a node of this wallet", bob.signvoucher, T, epoch, 60, None, O)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "must differ", alice.signvoucher, O, epoch, 60)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "has not begun", alice.signvoucher, T, epoch + 2, 60)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "amount (seconds x rate / 60) is 0", alice.signvoucher, T, epoch, 1, Decimal("0.00000001"))
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "above 21,000,000 DOTS", alice.signvoucher, T, epoch, 2**62, 21000000)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "seconds must be above 0", alice.signvoucher, T, epoch, 0)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "receipts_root must be 32 bytes", alice.signvoucher, T, epoch, 900, None, None, "00")

        self.log.info("Errors: a locked wallet cannot sign; addvoucher works while locked")
        alice.encryptwallet(PASSPHRASE)
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase first", alice.signvoucher, T, epoch, 900)
        alice.walletpassphrase(PASSPHRASE, 600)
        v3 = alice.signvoucher(T, epoch, 900, None, None, "11" * 32, "22" * 32)
        assert_equal((v3["receipts_root"], v3["term_nonce"]), ("11" * 32, "22" * 32))
        bob.encryptwallet(PASSPHRASE)
        assert_equal(bob.addvoucher(v3["hex"])["status"], "replaced")
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase first", bob.settlevouchers)
        bob.walletpassphrase(PASSPHRASE, 600)
        assert_raises_rpc_error(RPC_WALLET_ERROR, "is not a node of this wallet", bob.settlevouchers, O)
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Nothing to settle: this wallet holds no voucher", bob.settlevouchers, None, T)

        self.log.info("Concurrent addvoucher calls of one pair and epoch keep the highest")
        vouchers = [alice.signvoucher(T, epoch, seconds)["hex"] for seconds in range(960, 1560, 60)]
        order = vouchers[::2] + vouchers[1::2]  # low and high interleaved over the threads
        outcomes = []

        def add_all(chunk):
            w = wallet_rpc(node, "bob")
            for h in chunk:
                try:
                    outcomes.append(w.addvoucher(h)["status"])
                except JSONRPCException as e:
                    assert_equal(e.error["code"], RPC_INVALID_PARAMETER)
                    assert "Not higher than the stored voucher" in e.error["message"], e.error["message"]
                    outcomes.append("lower")
        threads = [threading.Thread(target=add_all, args=(order[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert_equal(len(outcomes), len(vouchers))
        stored = [x for x in bob.listmynodes()[0]["vouchers"] if x["epoch"] == epoch]
        assert_equal((len(stored), stored[0]["seconds"], stored[0]["hex"]), (1, 1500, vouchers[-1]))

    def restart_and_expiry(self):
        node = self.node
        self.log.info("Stored vouchers survive a restart and are settled after it")
        unsettled = [x for x in self.bob.listmynodes()[0]["vouchers"] if x["state"] == "unsettled"]
        assert_equal(len(unsettled), 1)
        self.restart_node(0, ["-keypool=20", "-wallet=alice", "-wallet=bob"])
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        assert_equal([x for x in bob.listmynodes()[0]["vouchers"] if x["state"] == "unsettled"], unsettled)
        bob.walletpassphrase(PASSPHRASE, 600)
        alice.walletpassphrase(PASSPHRASE, 600)
        assert_equal(bob.settlevouchers()["settlements"][0]["epochs"], [unsettled[0]["epoch"]])
        self.mine()

        self.log.info("An epoch whose window ended: listed expired, not settled, not signed, not added")
        epoch = self.next_epoch()
        late = alice.signvoucher(self.T, epoch, 60)
        bob.addvoucher(late["hex"])
        deadline = settle_deadline(epoch)
        self.mine(deadline - 1 - node.getblockcount())
        # The next block is the deadline: no longer settleable.
        states = {x["epoch"]: x["state"] for x in bob.listmynodes()[0]["vouchers"]}
        assert_equal(states[epoch], "expired")
        assert_equal({x["epoch"]: x["state"] for x in alice.listmynodes()[0]["vouchers"]}[epoch], "expired")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "1 expired (their window ended)", bob.settlevouchers)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, f"Settlement epoch {epoch} can no longer be settled: its window ended at height {deadline}",
                                bob.addvoucher, late["hex"])
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "can no longer be settled", alice.signvoucher, self.T, epoch, 120)

        self.log.info("A settled voucher stays settled once the chain erased its settlement record")
        restarted = [x for x in bob.listmynodes()[0]["vouchers"] if x["epoch"] == unsettled[0]["epoch"]][0]
        assert node.getblockcount() + 1 >= restarted["settle_deadline"]  # the chain's record is gone
        assert_equal((restarted["state"], restarted["seconds"], restarted["settled_seconds"]), ("settled", 1500, 1500))

        self.log.info("settle_window blocks after its window a voucher's record is erased")
        window = node.getregistryparams()["settle_window"]
        self.mine(window - 1)  # the expired voucher's record goes at the next block
        next_height = node.getblockcount() + 1
        self.wait_until(lambda: all(x["settle_deadline"] + window > next_height for x in bob.listmynodes()[0]["vouchers"]))
        assert_equal([(x["epoch"], x["state"]) for x in bob.listmynodes()[0]["vouchers"]], [(epoch, "expired")])
        self.mine()
        self.wait_until(lambda: bob.listmynodes()[0]["vouchers"] == [] and alice.listmynodes()[0]["vouchers"] == [])
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Nothing to settle: this wallet holds no voucher", bob.settlevouchers)

if __name__ == "__main__":
    WalletVouchersTest().main()
