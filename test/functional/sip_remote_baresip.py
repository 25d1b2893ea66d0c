#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Real phones on two nodes (doc/sip.md "Routing to other nodes"): nodes A and B share a regtest
chain over P2P, each operator's wallet registers a free node (rate 0: free peering, routed with
the default -sipmaxrate=0) at the node's SIP address and homes a handle there: alice at A, bob at
B, each with a SIP credential on its own node. Two baresip phones register with Digest, alice at
A and bob at B; alice dials sip:bob@A; A finds bob's home node on chain and routes the call to B,
B to bob's phone, which answers. Each phone sends a tone (440 Hz, 660 Hz) and records what it
receives: both recordings must hold the far end's tone; no RTP reaches either dotsd; both nodes
list the call as answered and ended; and no voucher is signed for a free call. Then bob calls
alice the other way."""

import os
import shutil

from test_framework.sip_clients import Baresip, NoMediaAtNode, baresip_call, write_tone
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, p2p_port, sip_port
from test_framework.wallet_util import funded_wallet_with_node, register_handles

CALL_SECONDS = 2  # length of each tone: the caller hangs up when its file ends
ARGS = ["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip", "-keypool=20", "-voucherinterval=1"]
PASSWORDS = {"alice": "alice-secret", "bob": "bob-secret-pw"}
FREQ = {"alice": 440, "bob": 660}  # each phone's tone


class SipRemoteBaresipTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2
        self.extra_args = [ARGS, ARGS]

    def skip_test_if_missing_module(self):
        if shutil.which("baresip") is None:
            raise SkipTest("baresip is not installed (depends/install.sh test)")

    def run_test(self):
        a, b = self.nodes
        self.connect_nodes(0, 1)
        self.log.info("Each operator registers a free node at its dotsd's SIP address and homes a handle there")
        operators = {}
        for node, name, handle in ((a, "opa", "alice"), (b, "opb", "bob")):
            operators[handle] = (node, *funded_wallet_with_node(node, name, f"sip:127.0.0.1:{node.sip_port};transport=udp"))
            self.sync_all()
        # Handles after both nodes: a regtest handle lives 50 blocks, and each node mined 106.
        self.wallets, keys = {}, {}
        for handle, (node, wallet, address, key) in operators.items():
            register_handles(self, wallet, {handle: key}, node, address)
            assert wallet.setsipcredential(handle, PASSWORDS[handle])["persistent"]
            self.wallets[handle], keys[handle] = wallet, key
        self.sync_all()
        assert_equal(a.gethandle("bob")["home_node"], keys["bob"])
        assert_equal(b.gethandle("alice")["home_node"], keys["alice"])

        work = os.path.join(self.options.tmpdir, "baresip")
        os.makedirs(work, exist_ok=True)
        tones = {}
        for name, freq in FREQ.items():
            tones[name] = os.path.join(work, f"{name}-{freq}.wav")
            write_tone(tones[name], freq, CALL_SECONDS)
        self.call(a, b, "alice", "bob", work, tones)
        self.call(b, a, "bob", "alice", work, tones)

        self.log.info("A free call signs no voucher")
        for wallet in self.wallets.values():
            assert_equal(wallet.listmynodes()[0]["vouchers"], [])

    def call(self, caller_node, callee_node, caller, callee, work, tones):
        self.log.info(f"{callee}'s phone registers at its node (auto-answer), {caller}'s at its own")
        # SIP: baresip listens on UDP and TCP at its port and TLS one above, so two apart. RTP: UDP
        # in this test's P2P range (dotsd uses those numbers for TCP only).
        # sip_port(0) and (1) are the nodes'.
        slots = {"alice": (2, 4, 7), "bob": (4, 8, 11)}
        phones = {}
        for name, node in ((caller, caller_node), (callee, callee_node)):
            sip_slot, rtp_first, rtp_last = slots[name]
            phones[name] = Baresip(self, name, os.path.join(work, name), user=name,
                                   password=PASSWORDS[name], node_port=node.sip_port, sip_port=sip_port(sip_slot),
                                   rtp_ports=(p2p_port(rtp_first), p2p_port(rtp_last)), tone=tones[name],
                                   auto_answer=(name == callee))
        me, far = phones[caller], phones[callee]
        try:
            far.start(30)
            far.wait_for_output(rf"{callee}@127\.0\.0\.1: \{{0/UDP/v4\}} 200 OK", timeout=10)
            # baresip's Contact user differs per process: the killed phone's binding of the first call stays.
            regs = callee_node.listsipregistrations(callee)
            assert f"127.0.0.1:{sip_port(slots[callee][0])}" in [r["source"] for r in regs], regs
            assert_equal(caller_node.listsipregistrations(callee), [])

            self.log.info(f"{caller} dials sip:{callee}@<its own node>: routed to {callee}'s node by the chain; media phone to phone")
            phone_ports = {p for phone in (me, far) for p in range(phone.rtp_ports[0], phone.rtp_ports[1] + 1)}
            with NoMediaAtNode(self, caller_node, phone_ports), NoMediaAtNode(self, callee_node, phone_ports):
                baresip_call(me, far, f"sip:{callee}@127.0.0.1:{caller_node.sip_port}", CALL_SECONDS, answer_timeout=15)

            self.log.info("both recordings hold the far end's tone")
            me.assert_heard(far, FREQ[callee], CALL_SECONDS)
            far.assert_heard(me, FREQ[caller], CALL_SECONDS)
        finally:
            for phone in phones.values():
                phone.kill()

        self.log.info("both nodes saw the call answered and ended by the caller's BYE")
        for node in (caller_node, callee_node):
            calls = [(c["from"], c["to"], c["state"]) for c in node.listsipcalls() if c["state"] != "early"]
            assert_equal(calls[-1], (caller, callee, "ended"))
            assert_equal(node.getsipinfo()["calls"], 0)


if __name__ == "__main__":
    SipRemoteBaresipTest().main()
