#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Two baresip phones call each other through dotsd: alice dials bob, bob answers
automatically, each sends a tone from a file (440 Hz and 660 Hz) and records what it receives;
both recordings must hold the other side's tone. The call must show in listsipcalls as
answered and then ended (alice's BYE went through the node), and no RTP may reach dotsd."""

import os
import shutil

from test_framework.sip_clients import Baresip, NoMediaAtNode, baresip_call, write_tone
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, p2p_port, sip_port

CALL_SECONDS = 2  # length of each tone: the caller hangs up when its file ends


class SipBaresipTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip"]]

    def skip_test_if_missing_module(self):
        if shutil.which("baresip") is None:
            raise SkipTest("baresip is not installed (depends/install.sh test)")

    def run_test(self):
        node = self.nodes[0]
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)
        node.setsipcredential("alice", "alice-secret")
        node.setsipcredential("bob", "bob-secret-pw")
        work = os.path.join(self.options.tmpdir, "baresip")
        tones = {}
        for name, freq in (("alice", 440), ("bob", 660)):
            tones[name] = os.path.join(work, f"{name}-{freq}.wav")
            os.makedirs(work, exist_ok=True)
            write_tone(tones[name], freq, CALL_SECONDS)
        # SIP: baresip listens on UDP and TCP at its port and TLS one above, so two apart. RTP:
        # UDP in this test's P2P range (dotsd uses those numbers for TCP only).
        rtp = {"alice": (p2p_port(4), p2p_port(7)), "bob": (p2p_port(8), p2p_port(11))}
        phones = {name: Baresip(self, name, os.path.join(work, name), user=name, password=pw, node_port=node.sip_port,
                                sip_port=sip_port(n), rtp_ports=rtp[name], tone=tones[name], auto_answer=(name == "bob"))
                  for n, name, pw in ((1, "alice", "alice-secret"), (3, "bob", "bob-secret-pw"))}
        try:
            self.call(node, phones)
        finally:
            for phone in phones.values():
                phone.kill()

    def call(self, node, phones):
        alice, bob = phones["alice"], phones["bob"]
        self.log.info("bob registers (auto-answer)")
        bob.start(30)
        bob.wait_for_output(r"bob@127\.0\.0\.1: \{0/UDP/v4\} 200 OK", timeout=10)
        assert_equal(len(node.listsipregistrations("bob")), 1)

        self.log.info("alice calls bob through the node; media flows phone to phone")
        phone_ports = {p for phone in (alice, bob) for p in range(phone.rtp_ports[0], phone.rtp_ports[1] + 1)}
        with NoMediaAtNode(self, node, phone_ports):
            baresip_call(alice, bob, f"sip:bob@127.0.0.1:{node.sip_port}", CALL_SECONDS)

        self.log.info("both recordings hold the far end's tone")
        alice.assert_heard(bob, 660, CALL_SECONDS)
        bob.assert_heard(alice, 440, CALL_SECONDS)

        self.log.info("the node saw the call answered and ended by alice's BYE")
        calls = [c for c in node.listsipcalls() if c["state"] != "early"]
        assert_equal(len(calls), 1)
        assert_equal((calls[0]["from"], calls[0]["to"], calls[0]["state"]), ("alice", "bob", "ended"))
        assert_equal(node.getsipinfo()["calls"], 0)


if __name__ == "__main__":
    SipBaresipTest().main()
