#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""linphonec (Linphone's console client) and baresip through dotsd: carol on linphonec calls
bob on baresip, then alice on baresip calls carol, and alice's MESSAGE reaches carol. Each
side sends a tone from a file; every recording must hold the far end's tone, the calls must
end with a BYE through the node, and no RTP may reach dotsd."""

import os
import re
import shutil

from test_framework.sip_clients import Baresip, Linphonec, NoMediaAtNode, analyse_wav, write_tone
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, p2p_port, sip_port

CALL_SECONDS = 2  # a baresip party hangs up when its tone file ends
TONES = {"alice": 550, "bob": 660, "carol": 440}


class SipLinphoneTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip"]]

    def skip_test_if_missing_module(self):
        for tool, package in (("linphonec", "linphone-cli"), ("baresip", "baresip")):
            if shutil.which(tool) is None:
                raise SkipTest(f"{tool} is not installed (Debian package {package}; depends/install.sh test)")

    def run_test(self):
        self.node = self.nodes[0]
        node = self.node
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)
        self.work = os.path.join(self.options.tmpdir, "phones")
        os.makedirs(self.work)
        self.tone = {}
        for name, freq in TONES.items():
            self.tone[name] = os.path.join(self.work, f"{name}-{freq}.wav")
            write_tone(self.tone[name], freq, CALL_SECONDS)
        passwords = {"alice": "alice-secret", "bob": "bob-secret-pw", "carol": "carol-secret"}
        for name, pw in passwords.items():
            node.setsipcredential(name, pw)
        # SIP ports two apart (baresip adds TLS one above its port); RTP in the P2P range (UDP).
        self.carol = Linphonec(self, "carol", os.path.join(self.work, "carol"), user="carol", password=passwords["carol"],
                               node_port=node.sip_port, sip_port=sip_port(5), rtp_port=p2p_port(8), auto_answer=True)
        self.bob = Baresip(self, "bob", os.path.join(self.work, "bob"), user="bob", password=passwords["bob"],
                           node_port=node.sip_port, sip_port=sip_port(1), rtp_ports=(p2p_port(1), p2p_port(3)),
                           tone=self.tone["bob"], auto_answer=True)
        self.alice = Baresip(self, "alice", os.path.join(self.work, "alice"), user="alice", password=passwords["alice"],
                             node_port=node.sip_port, sip_port=sip_port(3), rtp_ports=(p2p_port(4), p2p_port(6)),
                             tone=self.tone["alice"], contacts=[f"sip:carol@127.0.0.1:{node.sip_port}"])
        self.phone_ports = set(range(p2p_port(1), p2p_port(7))) | {p2p_port(8), p2p_port(9)}
        try:
            self.register()
            self.linphone_calls_baresip()
            self.baresip_calls_linphone()
            self.carol.quit()
        finally:
            for phone in (self.alice, self.bob, self.carol):
                phone.kill()

    def wait_registered(self, phone):
        try:
            self.wait_until(lambda: len(self.node.listsipregistrations(phone.name)) == 1, timeout=15)
        except AssertionError:
            raise AssertionError(f"{phone.name} did not register\n{phone.log_tail()}")

    def register(self):
        self.log.info("carol (linphonec, auto-answer) and bob (baresip, auto-answer) register")
        self.carol.start()
        self.bob.start(45)
        self.wait_registered(self.carol)
        self.wait_registered(self.bob)

    def check_heard(self, recording, listener, speaker):
        seconds, freq = analyse_wav(recording)
        want = TONES[speaker.name]
        assert seconds >= CALL_SECONDS / 2, f"{listener.name} received {seconds:.2f} s of audio from {speaker.name}\n{listener.log_tail()}"
        assert abs(freq - want) < want * 0.05, f"{listener.name} heard {freq} Hz, {speaker.name} sent {want} Hz"

    def linphone_calls_baresip(self):
        self.log.info("carol (linphonec) calls bob (baresip); bob hangs up when his tone ends")
        carol_rec = os.path.join(self.carol.dir, "from-bob.wav")
        with NoMediaAtNode(self, self.node, self.phone_ports):
            self.carol.send(f"play {self.tone['carol']}")
            self.carol.send(f"record {carol_rec}")
            self.carol.send(f"call sip:bob@127.0.0.1:{self.node.sip_port}")
            self.carol.wait_for_output(r"Call 1 with sip:bob@\S+ connected", timeout=10)
            self.bob.wait_for_output(r"Call established: sip:carol@", timeout=5)
            self.carol.wait_for_output(r"Call 1 with sip:bob@\S+ ended", timeout=CALL_SECONDS + 10)
        self.check_heard(self.bob.recordings()[1], self.bob, self.carol)
        self.check_heard(carol_rec, self.carol, self.bob)
        self.check_call("carol", "bob")

    def baresip_calls_linphone(self):
        self.log.info("alice (baresip) sends carol a MESSAGE and calls her; carol answers automatically")
        carol_rec = os.path.join(self.carol.dir, "from-alice.wav")
        with NoMediaAtNode(self, self.node, self.phone_ports):
            self.carol.send(f"play {self.tone['carol']}")
            self.carol.send(f"record {carol_rec}")
            self.alice.start(20, ["/message hello-carol-from-alice", f"/dial sip:carol@127.0.0.1:{self.node.sip_port}"])
            self.carol.wait_for_output(r"Message received from sip:alice@127\.0\.0\.1\S*: hello-carol-from-alice", timeout=10)
            self.alice.wait_for_output(r"Call established: sip:carol@", timeout=10)
            self.alice.wait_for_output(r"terminated \(duration", timeout=CALL_SECONDS + 10)
            self.carol.wait_for_output(r"Call 2 with sip:alice@\S+ ended", timeout=5)
        self.check_heard(self.alice.recordings()[1], self.alice, self.carol)
        self.check_heard(carol_rec, self.carol, self.alice)
        self.check_call("alice", "carol")

    def check_call(self, caller, callee):
        calls = [c for c in self.node.listsipcalls() if c["from"] == caller and c["state"] != "early"]
        assert_equal(len(calls), 1)
        assert_equal((calls[0]["to"], calls[0]["state"]), (callee, "ended"))


if __name__ == "__main__":
    SipLinphoneTest().main()
