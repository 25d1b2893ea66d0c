#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A call between two nodes, paid for by minutes (issue 10, Registry v2; doc/sip.md "Routing to
other nodes", doc/wallet.md "Vouchers during calls"). Nodes A and B share a regtest chain over
P2P; each operator's wallet registers a node whose endpoint is the node's own SIP address, B's
at RATE DOTS a minute; the handle bob is homed at B's node with a SIP credential there, the
handle alice at A's with a credential at A; A's operator deposits for the pair (A, B); A routes
to nodes charging up to -sipmaxrate.

A SIPp phone registers bob at B. A caller without credentials gets 407 from A for the paid
route (toll-fraud protection: nobody makes A's operator pay). A SIPp caller alice answers the
407 with her Digest credentials and calls bob through A: A routes the call to B, B to the
phone; it is answered and lasts CALL_SECONDS; no RTP reaches either dotsd. A reports the call's seconds to its
voucher agent, which first sends B an opener (a voucher of 0 seconds) whose 200 carries B's nonce for the pair and
epoch (DOTS-Term-Nonce), then signs a voucher with that nonce and the Merkle root of the call's receipt, which A's
router carries to B in a MESSAGE with the receipt; both wallets keep the same receipt (listreceipts). B settles the
voucher and its node balance grows by floor(seconds * rate / 60). Twelve calls at once make a voucher MESSAGE over 1300
bytes, which A sends B over TCP (RFC 3261 18.1.1); both wallets keep the same receipts, one per call. Restarted with -sipmaxrate below B's rate, A refuses the same call
with 403 and no new voucher appears."""

import hashlib
import re
import tempfile
import time
from decimal import Decimal

from test_framework.sip_clients import NoMediaAtNode, Sipp, sipp_installed
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, assert_greater_than_or_equal
from test_framework.wallet_util import funded_wallet_with_node, my_handle, wallet_rpc

RATE = Decimal("0.01")  # B's rate, DOTS per minute
COIN = 100_000_000
CALL_SECONDS = 4
MANY_CALLS = 12
PASSWORD = "bob-secret-pw"
ALICE_PASSWORD = "alice-secret-pw"
COMMON = ["-sipbind=127.0.0.1", "-sippinginterval=0", "-sipdigestalgorithm=md5", "-debug=sip", "-debug=registry", "-keypool=20"]
A_ARGS = COMMON + ["-sipmaxrate=0.02", "-voucherinterval=1"]
B_ARGS = COMMON + ["-voucherinterval=1"]


class SipRemoteCallTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2
        self.extra_args = [A_ARGS, B_ARGS]

    def skip_test_if_missing_module(self):
        if not sipp_installed():
            raise SkipTest("sipp (Debian package sip-tester) is not installed")

    def run_test(self):
        self.a, self.b = self.nodes
        self.connect_nodes(0, 1)
        self.setup_chain()
        self.sipp = Sipp(self, tempfile.mkdtemp(prefix="sipp", dir=self.options.tmpdir), 2)  # the nodes use slots 0 and 1
        self.paid_call()
        self.settle()
        self.receipts_over_tcp()
        self.refused_above_maximum()

    def mine_b(self, n=1):
        self.b.generatetoaddress(n, self.b_addr)
        self.sync_all()

    def setup_chain(self):
        a, b = self.a, self.b
        self.log.info("A's operator registers node O at A's SIP address, B's operator node T at B's, charging %s a minute", RATE)
        self.a_wallet, self.a_addr, self.O = funded_wallet_with_node(a, "opa", f"sip:127.0.0.1:{a.sip_port};transport=udp")
        self.sync_all()
        self.b_wallet, self.b_addr, self.T = funded_wallet_with_node(b, "opb", f"sip:127.0.0.1:{b.sip_port};transport=udp",
                                                                     rate=RATE)
        self.sync_all()
        assert_equal(a.getnode(self.T)["rate"], RATE)

        self.log.info("B's operator registers the handle bob homed at T, with a SIP credential at B; A's alice homed at O, with one at A")
        statuses = [self.b_wallet.registerhandle("bob", self.T), self.a_wallet.registerhandle("alice", self.O)]
        for step in ("commit_txid", None, "reveal_txid", "home_txid"):
            for status in statuses:
                if step is not None:
                    self.wait_until(lambda: status[step] in b.getrawmempool(), timeout=30)
            self.mine_b()
        assert_equal((my_handle(self.b_wallet, "bob")["state"], my_handle(self.b_wallet, "bob")["home_node"]), ("registered", self.T))
        assert_equal((my_handle(self.a_wallet, "alice")["state"], my_handle(self.a_wallet, "alice")["home_node"]), ("registered", self.O))
        assert self.b_wallet.setsipcredential("bob", PASSWORD)["persistent"]
        assert self.a_wallet.setsipcredential("alice", ALICE_PASSWORD)["persistent"]

        self.log.info("A's operator deposits for the pair (O, T)")
        self.a_wallet.depositfor(self.T, 1)
        self.wait_until(lambda: len(b.getrawmempool()) > 0, timeout=30)
        self.mine_b()
        assert_equal(a.getdeposit(self.O, self.T)["deposit"], Decimal("1"))
        assert_equal(a.gethandle("bob")["home_node"], self.T)

    def terminating_vouchers(self):
        return [v for v in self.b_wallet.listmynodes()[0]["vouchers"] if v["role"] == "terminating" and v["counterparty"] == self.O]

    def paid_call(self):
        a, b = self.a, self.b
        self.log.info("bob's phone registers at B")
        bob = self.bob_port = self.sipp.slot()
        self.sipp.run(b, "register.xml", bob, "bob", auth=("bob", PASSWORD))
        assert_equal(len(b.listsipregistrations("bob")), 1)
        assert_equal(a.listsipregistrations("bob"), [])

        self.log.info("A caller without credentials: 407 Proxy Authentication Required for the paid route, nothing reaches B")
        with a.assert_debug_log(["407 Proxy Authentication Required"], timeout=10):
            self.sipp.run(a, "uac_invite_rejected.xml", self.sipp.slot(), "bob", expected=407)
        assert_equal(b.listsipcalls(), [])

        self.log.info("alice answers the 407 with her Digest credentials; A routes to B, B to the phone; %d s of call, media phone to phone only", CALL_SECONDS)
        pause = {'<pause milliseconds="1500"/>': f'<pause milliseconds="{CALL_SECONDS * 1000}"/>'}
        with NoMediaAtNode(self, a), NoMediaAtNode(self, b, self.sipp.media_ports()):
            uas = self.sipp.run(b, "uas_call.xml", bob, "bob", background=True, media=0)
            self.sipp.run(a, "uac_call_auth.xml", self.sipp.slot(), "bob", auth=("alice", ALICE_PASSWORD), replace=pause)
            self.sipp.finish(uas, "uas_call.xml")
        for node in (a, b):
            calls = [c for c in node.listsipcalls() if c["state"] != "early"]
            assert_equal([(c["from"], c["to"], c["state"]) for c in calls], [("alice", "bob", "ended")])
            assert_greater_than_or_equal(calls[0]["duration"], CALL_SECONDS)

        self.log.info("A signs a voucher for the call's seconds; its router carries it to B, whose wallet keeps it")
        self.wait_until(lambda: any(v["seconds"] >= CALL_SECONDS for v in self.terminating_vouchers()), timeout=60)
        held = self.terminating_vouchers()
        assert_equal(len(held), 1)
        self.seconds = held[0]["seconds"]
        # Every second once: the call's seconds as A's router counted them, not more.
        assert self.seconds <= CALL_SECONDS + 2, f"{self.seconds} s billed for a {CALL_SECONDS} s call"
        signed = [v for v in self.a_wallet.listmynodes()[0]["vouchers"] if v["role"] == "originating"]
        assert_equal([(v["counterparty"], v["seconds"]) for v in signed], [(self.T, self.seconds)])

        self.log.info("The call's only voucher carries B's nonce: A's opener fetched it (DOTS-Term-Nonce) before A signed")
        pattern = re.compile(rf"voucher {self.O} -> {self.T} of epoch \d+: terminating nonce ([0-9a-f]{{64}})")
        with open(a.debug_log_path, encoding="utf-8") as f:
            nonces = set(pattern.findall(f.read()))
        assert_equal(len(nonces), 1)  # one nonce per stream
        voucher = bytes.fromhex(held[0]["hex"])  # orig 32, term 32, epoch 4, seconds 8, rate 8, root 32, nonces 2 x 32, signature 64
        root, term_nonce = voucher[84:116].hex(), voucher[148:180].hex()
        assert_equal(term_nonce, nonces.pop())
        assert term_nonce != "00" * 32

        self.log.info("Both wallets keep the call's receipt (SHA-256 of its Call-ID, its seconds), whose root the voucher signs")
        call_id = [c for c in a.listsipcalls() if c["state"] != "early"][0]["call_id"]
        receipt = {"call": hashlib.sha256(call_id.encode()).hexdigest(), "seconds": self.seconds}
        for w in (self.a_wallet, self.b_wallet):
            kept = w.listreceipts(self.O, self.T, held[0]["epoch"])
            assert_equal(kept["receipts"], [receipt])
            assert_equal(kept["seconds"], self.seconds)
            assert_equal(kept["receipts_root"], root)
        assert root != "00" * 32

    def settle(self):
        self.log.info("B settles the voucher; T's balance grows by floor(seconds * rate / 60)")
        before = self.b_wallet.listmynodes()[0]["balance"]
        res = self.b_wallet.settlevouchers()
        assert_equal([(s["orig"], s["term"]) for s in res["settlements"]], [(self.O, self.T)])
        self.wait_until(lambda: res["settlements"][0]["txid"] in self.b.getrawmempool(), timeout=30)
        self.mine_b()
        units = self.seconds * int(RATE * COIN) // 60
        assert_equal(self.b_wallet.listmynodes()[0]["balance"], before + Decimal(units) / COIN)

    def receipts_over_tcp(self):
        a, b = self.a, self.b
        self.log.info("%d calls at once: a voucher's receipts make a MESSAGE over 1300 bytes, which A sends B over TCP", MANY_CALLS)
        # A longer interval, so that the calls' receipts share vouchers (-voucherinterval=1 signs each at once).
        self.restart_node(0, [x for x in A_ARGS if not x.startswith("-voucherinterval")] + ["-voucherinterval=15", "-wallet=opa"])
        self.connect_nodes(0, 1)
        self.a_wallet = wallet_rpc(a, "opa")
        before = {v["epoch"]: v["seconds"] for v in self.terminating_vouchers()}
        uas = self.sipp.run(b, "uas_call.xml", self.bob_port, "bob", background=True, media=0, calls=MANY_CALLS)  # bob's phone, registered
        self.sipp.run(a, "uac_call_auth.xml", self.sipp.slot(), "bob", auth=("alice", ALICE_PASSWORD), calls=MANY_CALLS)
        self.sipp.finish(uas, "uas_call.xml")
        call_ids = {c["call_id"] for c in a.listsipcalls() if c["state"] == "ended"}
        assert_greater_than_or_equal(len(call_ids), MANY_CALLS)

        hashes = {hashlib.sha256(c.encode()).hexdigest() for c in call_ids}

        def grown():
            return [v for v in self.terminating_vouchers() if v["seconds"] > before.get(v["epoch"], 0)]

        def received():
            return {r["call"] for v in grown() for r in self.b_wallet.listreceipts(self.O, self.T, v["epoch"])["receipts"]}
        with b.assert_debug_log(["voucher MESSAGE from TCP:127.0.0.1:"], timeout=60):
            self.wait_until(lambda: hashes <= received(), timeout=60)
        self.log.info("Both wallets keep the same receipts for every epoch the calls fell in, one per call, whose root the voucher signs")
        def same_at_both():  # a message overtaken by a later one is completed by a resend: wait for it
            for v in grown():
                kept = [w.listreceipts(self.O, self.T, v["epoch"]) for w in (self.a_wallet, self.b_wallet)]
                if kept[0] != kept[1] or kept[1]["seconds"] != v["seconds"] or kept[1]["receipts_root"] != bytes.fromhex(v["hex"])[84:116].hex():
                    return False
            return True
        self.wait_until(same_at_both, timeout=60)
        assert len(received() - hashes) <= 1  # the first call's, when these calls fell in its epoch

    def refused_above_maximum(self):
        a = self.a
        self.log.info("A restarted with -sipmaxrate below T's rate refuses the call with 403, and signs nothing")
        args = [x for x in A_ARGS if not x.startswith("-sipmaxrate")] + ["-sipmaxrate=0.005", "-wallet=opa"]
        self.restart_node(0, args)
        self.connect_nodes(0, 1)
        self.a_wallet = wallet_rpc(a, "opa")
        held = self.terminating_vouchers()
        signed = self.a_wallet.listmynodes()[0]["vouchers"]
        with a.assert_debug_log(["403 Rate Above Our Maximum"], timeout=10):
            self.sipp.run(a, "uac_invite_rejected.xml", self.sipp.slot(), "bob", expected=403)
        time.sleep(7)  # a voucher interval and a SIP sweep: nothing may come of the refused call
        assert_equal(self.terminating_vouchers(), held)
        assert_equal(self.a_wallet.listmynodes()[0]["vouchers"], signed)


if __name__ == "__main__":
    SipRemoteCallTest().main()
