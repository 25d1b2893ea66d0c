#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""SIP end to end with SIPp: Digest REGISTER, a call through the proxy (INVITE/100/180/200/ACK/
BYE/200 with Record-Route, RTP phone to phone and none at the node), MESSAGE, CANCEL, forking to two registrations, 404 for an unknown
handle, 480 for a handle without contacts, a wrong password (401 then 403, no binding), UDP
batching (getsipinfo's recvmmsg/sendmmsg counters), and the OPTIONS keepalive removing a contact
that stopped answering."""

import signal
import socket
import tempfile
import time

from test_framework.authproxy import JSONRPCException
from test_framework.sip_clients import NoMediaAtNode, Sipp, sipp_installed
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, assert_greater_than_or_equal


class SipEndToEndTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        # SIPp 3.6 reads only the first challenge and knows MD5 only: offer MD5 first.
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-sipdigestalgorithm=md5",
                            "-sipdigestalgorithm=sha-256", "-debug=sip"]]

    def skip_test_if_missing_module(self):
        if not sipp_installed():
            raise SkipTest("sipp (Debian package sip-tester) is not installed")

    def run_test(self):
        self.node = self.nodes[0]
        self.wait_until(self.warmed_up, timeout=60)
        info = self.node.getsipinfo()
        assert info["enabled"]
        assert_equal(info["listeners"], [f"UDP:127.0.0.1:{self.node.sip_port}", f"TCP:127.0.0.1:{self.node.sip_port}",
                                         f"TLS:127.0.0.1:{self.node.sip_tls_port}"])
        self.node.setsipcredential("alice", "alice-secret")
        self.node.setsipcredential("bob", "bob-secret-pw")
        self.node.setsipcredential("carol", "carol-secret")
        self.scratch = tempfile.mkdtemp(prefix="sipp", dir=self.options.tmpdir)
        self.sipp_runner = Sipp(self, self.scratch, 1)  # node 0 uses slot 0

        self.test_bad_password()
        self.test_call()
        self.test_message()
        self.test_cancel()
        self.test_forking()
        self.test_rejections()
        self.test_udp_batching()
        info = self.node.getsipinfo()
        assert_greater_than_or_equal(info["proxy"]["routed"], 4)
        assert_equal(info["calls"], 0)
        self.test_keepalive()

    # --- helpers ---
    def warmed_up(self):
        try:
            self.node.getsipinfo()
            return True
        except JSONRPCException as e:
            if e.error["code"] == -28:
                return False
            raise

    def slot(self):
        return self.sipp_runner.slot()

    def sipp(self, scenario, port, user, **kwargs):
        return self.sipp_runner.run(self.node, scenario, port, user, **kwargs)

    def finish(self, proc, scenario):
        return self.sipp_runner.finish(proc, scenario)

    def media_ports(self):
        return self.sipp_runner.media_ports()

    def register(self, user, password, local):
        self.sipp("register.xml", local, user, auth=(user, password))

    # --- tests ---
    def test_bad_password(self):
        self.log.info("A wrong password gets 401, then 403, and never a binding")
        self.sipp("register_bad_password.xml", self.slot(), "carol", auth=("carol", "wrong-password"))
        assert_equal(self.node.listsipregistrations("carol"), [])

    def test_call(self):
        self.log.info("bob registers with Digest; alice registers and calls bob through the node")
        bob = self.slot()
        self.register("bob", "bob-secret-pw", bob)
        regs = self.node.listsipregistrations("bob")
        assert_equal(len(regs), 1)
        assert_equal(regs[0]["contact"], f"sip:bob@127.0.0.1:{bob}")
        assert_equal(regs[0]["behind_nat"], False)
        alice = self.slot()
        self.register("alice", "alice-secret", alice)
        before = self.node.getsipinfo()["messages"]
        with NoMediaAtNode(self, self.node, self.media_ports()):
            uas = self.sipp("uas_call.xml", bob, "bob", background=True, media=0)
            self.sipp("uac_call.xml", alice, "bob")
            self.finish(uas, "uas_call.xml")
        after = self.node.getsipinfo()["messages"]
        # The call's messages (all UDP here) came in and went out through recvmmsg/sendmmsg: the
        # counters move, and a receive call finds at least one datagram (only the read after a
        # full batch of 16 may find none), so they stay well under twice the messages.
        received = after["received"] - before["received"]
        receive_calls = after["udp_receive_calls"] - before["udp_receive_calls"]
        send_calls = after["udp_send_calls"] - before["udp_send_calls"]
        assert_greater_than_or_equal(received, 6)  # INVITE, ACK, BYE from alice; 180, 200, 200 (BYE) from bob
        assert_greater_than_or_equal(receive_calls, 1)
        assert_greater_than_or_equal(send_calls, 1)
        assert_greater_than_or_equal(2 * received, receive_calls)
        assert_greater_than_or_equal(after["sent"] - before["sent"], send_calls)
        calls = [c for c in self.node.listsipcalls() if c["state"] != "early"]
        assert_equal(len(calls), 1)
        call = calls[0]
        assert_equal((call["from"], call["to"], call["state"]), ("alice", "bob", "ended"))
        assert_greater_than_or_equal(call["duration"], 1)
        assert call["end_time"] >= call["start_time"]
        self.bob = bob

    def test_message(self):
        self.log.info("MESSAGE from alice reaches bob with its body unchanged")
        uas = self.sipp("uas_message.xml", self.bob, "bob", background=True, media=0)
        self.sipp("uac_message.xml", self.slot(), "bob")
        self.finish(uas, "uas_message.xml")

    def test_cancel(self):
        self.log.info("alice cancels while bob rings: 200 for the CANCEL, 487 for the INVITE")
        uas = self.sipp("uas_cancelled.xml", self.bob, "bob", background=True, media=0)
        self.sipp("uac_cancel.xml", self.slot(), "bob")
        self.finish(uas, "uas_cancelled.xml")

    def test_forking(self):
        self.log.info("bob on two devices: both ring, one answers, the other is cancelled")
        second = self.slot()
        self.register("bob", "bob-secret-pw", second)
        assert_equal(len(self.node.listsipregistrations("bob")), 2)
        # The most recently registered contact comes first; both are tried in parallel.
        answering = self.sipp("uas_call.xml", self.bob, "bob", background=True, media=0)
        ringing = self.sipp("uas_cancelled.xml", second, "bob", background=True, media=1)
        # Make sure the cancelled leg rang before the other answers: uas_call pauses 300 ms.
        with NoMediaAtNode(self, self.node, self.media_ports()):
            self.sipp("uac_call.xml", self.slot(), "bob")
            self.finish(answering, "uas_call.xml")
            self.finish(ringing, "uas_cancelled.xml")

    def test_rejections(self):
        self.log.info("unknown handle: 404; handle without a contact: 480")
        self.sipp("uac_invite_rejected.xml", self.slot(), "nobody", expected=404)
        self.sipp("uac_invite_rejected.xml", self.slot(), "carol", expected=480)

    def test_udp_batching(self):
        self.log.info("UDP batching: datagrams waiting when the SIP thread runs are read and answered in batches")
        # Under load the SIP thread finds many datagrams waiting when it gets the CPU. Make that
        # happen for certain: stop the node, queue 48 OPTIONS in its socket, let it run. Each
        # recvmmsg reads up to 16 of them and the 200s of one batch leave with one sendmmsg.
        count = 48
        before = self.node.getsipinfo()["messages"]
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", self.slot()))
        sock.settimeout(0.5)
        local = sock.getsockname()[1]
        node_addr = ("127.0.0.1", self.node.sip_port)
        self.node.process.send_signal(signal.SIGSTOP)
        try:
            for i in range(count):
                sock.sendto((f"OPTIONS sip:127.0.0.1:{self.node.sip_port} SIP/2.0\r\n"
                             f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-batch-{i};rport\r\n"
                             "Max-Forwards: 70\r\n"
                             f"From: <sip:batch@127.0.0.1>;tag=b{i}\r\n"
                             f"To: <sip:127.0.0.1:{self.node.sip_port}>\r\n"
                             f"Call-ID: batch-{i}@127.0.0.1\r\n"
                             "CSeq: 1 OPTIONS\r\n"
                             "Content-Length: 0\r\n\r\n").encode(), node_addr)
        finally:
            self.node.process.send_signal(signal.SIGCONT)
        answered = set()
        deadline = time.time() + 10
        while len(answered) < count and time.time() < deadline:
            try:
                data = sock.recv(65535).decode(errors="replace")
            except socket.timeout:
                continue
            if data.startswith("SIP/2.0 200"):
                answered.update(line.split(": ", 1)[1] for line in data.split("\r\n") if line.startswith("Call-ID: "))
        sock.close()
        assert_equal(len(answered), count)
        # The SIP thread counts a batch once sendmmsg has returned, which can be after the
        # answers reached us: wait for the counters instead of reading them once.
        self.wait_until(lambda: self.node.getsipinfo()["messages"]["sent"] - before["sent"] >= count, timeout=10)
        after = self.node.getsipinfo()["messages"]
        received = after["received"] - before["received"]
        sent = after["sent"] - before["sent"]
        receive_calls = after["udp_receive_calls"] - before["udp_receive_calls"]
        send_calls = after["udp_send_calls"] - before["udp_send_calls"]
        self.log.debug(f"{received} datagrams in {receive_calls} recvmmsg, {sent} out in {send_calls} sendmmsg")
        assert_greater_than_or_equal(received, count)
        assert_greater_than_or_equal(sent, count)
        assert receive_calls < received / 2, f"{received} datagrams took {receive_calls} recvmmsg calls"
        assert send_calls < sent / 2, f"{sent} datagrams took {send_calls} sendmmsg calls"

    def test_keepalive(self):
        self.log.info("Keepalive: a contact that stops answering OPTIONS is removed")
        args = [a for a in self.extra_args[0] if not a.startswith("-sippinginterval")]
        self.restart_node(0, args + ["-sippinginterval=2"])
        self.wait_until(self.warmed_up, timeout=60)
        self.node.setsipcredential("dave", "dave-secret-pw")
        self.register("dave", "dave-secret-pw", self.slot())  # SIPp exits: nobody answers there
        assert_equal(len(self.node.listsipregistrations("dave")), 1)
        # One ping interval plus timer F (64*T1 = 32 s).
        self.wait_until(lambda: self.node.listsipregistrations("dave") == [], timeout=60)
        info = self.node.getsipinfo()
        assert_greater_than_or_equal(info["proxy"]["keepalives_sent"], 1)
        assert_equal(info["proxy"]["keepalive_removed"], 1)


if __name__ == "__main__":
    SipEndToEndTest().main()
