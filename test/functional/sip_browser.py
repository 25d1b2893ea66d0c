#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The browser phone (share/www with JsSIP, served by dotsd at /phone/ on its WSS port) in two
headless Chromium browsers with fake audio devices, driven through the page's own controls:
- alice and bob register their handles over wss:// with Digest;
- alice calls bob, bob's page shows the incoming call and he answers; the call connects;
- both pages' WebRTC statistics (getStats inbound-rtp packetsReceived) grow, over DTLS-SRTP,
  on a candidate pair between the two browsers: no RTP reaches any of dotsd's UDP ports;
- alice hangs up: both pages show the end and the node lists the call as ended;
- a message from bob shows in alice's page.
"""

import os

from test_framework.browser import BrowserDriver, BrowserPhone, bundle_www, missing_browser_tools
from test_framework.sip_clients import NoMediaAtNode
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, assert_greater_than, p2p_port

PACKETS = 50  # about one second of 20 ms audio packets, in each direction


class SipBrowserTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def skip_test_if_missing_module(self):
        reason = missing_browser_tools()
        if reason:
            raise SkipTest(reason)

    def setup_nodes(self):
        self.wss_port = p2p_port(3)
        www = bundle_www(self.config["environment"]["SRCDIR"], self.log)
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip", f"-sipwssport={self.wss_port}",
                            f"-sipwwwdir={www}"]]
        super().setup_nodes()

    def run_test(self):
        node = self.nodes[0]
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)
        node.setsipcredential("alice", "alice-secret")
        node.setsipcredential("bob", "bob-secret-pw")
        driver = BrowserDriver(os.path.join(self.options.tmpdir, "browsers"))
        try:
            alice, bob = BrowserPhone(driver, "alice"), BrowserPhone(driver, "bob")
            self.register(node, alice, bob)
            self.call(node, alice, bob)
            self.message(alice, bob)
        finally:
            driver.stop()

    def register(self, node, alice, bob):
        self.log.info("Two browsers open the phone at /phone/ and register over wss://")
        BrowserPhone.open_all([alice, bob], f"https://127.0.0.1:{self.wss_port}/phone/")
        for phone, password in ((alice, "alice-secret"), (bob, "bob-secret-pw")):
            phone.fill("#handle", phone.name)
            phone.fill("#password", password)
            phone.click("#register")
        for phone in (alice, bob):
            phone.wait_text("#status", f"^Registered as {phone.name}$", timeout=15)
        regs = {r["handle"]: r for r in node.listsipregistrations()}
        assert_equal((regs["alice"]["transport"], regs["bob"]["transport"]), ("WSS", "WSS"))

    def call(self, node, alice, bob):
        self.log.info("alice calls bob; bob answers; audio flows browser to browser over DTLS-SRTP")
        with NoMediaAtNode(self, node) as media:
            alice.fill("#target", "bob")
            alice.click("#call")
            bob.wait_text("#incoming-from", "^Incoming call from alice$", timeout=15)
            bob.click("#answer")
            alice.wait_text("#call-state", "^In call with bob$", timeout=15)
            bob.wait_text("#call-state", "^In call with alice$", timeout=10)
            stats = self.wait_for_audio(alice, bob)
            calls = node.listsipcalls()
            assert_equal([(c["from"], c["to"], c["state"]) for c in calls], [("alice", "bob", "answered")])
            alice.click("#hangup")
            alice.wait_text("#call-state", "^Call ended", timeout=10)
            bob.wait_text("#call-state", "^Call ended", timeout=10)
        # The media went between the two browsers' own ports (the pair each page reports), and
        # the capture saw it there: the check at the node's ports cannot pass vacuously.
        a, b = stats["alice"], stats["bob"]
        assert_equal((a["remote"]["port"], b["remote"]["port"]), (b["local"]["port"], a["local"]["port"]))
        for s in (a, b):
            assert s["local"]["port"] not in media.ports and s["remote"]["port"] not in media.ports, s
        if media.watch.available:
            browser_ports = {a["local"]["port"], b["local"]["port"]}
            assert_greater_than(media.watch.media_to(browser_ports), 2 * PACKETS)
            self.log.info(f"media: {media.watch.media_to(browser_ports)} datagrams between the browsers' ports "
                          f"{sorted(browser_ports)}, none at dotsd's {sorted(media.ports)}")
        self.wait_until(lambda: node.listsipcalls()[0]["state"] == "ended", timeout=10)

    def wait_for_audio(self, alice, bob):
        """Waits until both pages received PACKETS audio packets; returns their statistics."""
        stats = {}

        def both_hear():
            for phone in (alice, bob):
                stats[phone.name] = phone.evaluate("dotsPhone.callStats()")
            return all(s and s["packetsReceived"] >= PACKETS for s in stats.values())

        try:
            self.wait_until(both_hear, timeout=20)
        except AssertionError:
            raise AssertionError(f"audio did not flow: {stats}\n{alice.console_tail()}\n{bob.console_tail()}") from None
        for name, s in stats.items():
            self.log.info(f"{name}: {s['packetsReceived']} packets received from {s['remote']['address']}:{s['remote']['port']}, "
                          f"DTLS {s['dtlsState']}, SRTP {s['srtpCipher']}")
            assert_equal(s["dtlsState"], "connected")
            assert s["srtpCipher"], f"{name}: no SRTP cipher: {s}"
            assert_greater_than(s["packetsSent"], 0)
        return stats

    def message(self, alice, bob):
        self.log.info("A message from bob shows in alice's page")
        bob.fill("#message-to", "alice")
        bob.fill("#message-text", "hello from bob")
        bob.click("#send")
        alice.wait_text("#message-log", "from bob: hello from bob", timeout=10)
        bob.wait_text("#message-log", "to alice: hello from bob", timeout=10)


if __name__ == "__main__":
    SipBrowserTest().main()
