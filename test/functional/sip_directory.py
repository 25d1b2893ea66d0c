#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The SIP router reads the chain (node/registry_directory.h, doc/sip.md "How the router reads the
chain"): on one regtest node, wallet "op" registers a node and the handles alice (homed at it,
with a SIP credential), carol (credential set while homed here, then homed at the node of wallet
"far", which is unloaded) and emily (on chain only). A REGISTER for carol gets 403 "Handle Homed
Elsewhere", alice registers with Digest (200), an INVITE to an unknown handle gets 404 and to
emily (on chain, no contact) 480; after invalidateblock of the block that registered the handles
emily is unknown again (404), and after reconsiderblock on chain again (480)."""

import hashlib
import os
import re
import socket
import time

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, sip_port
from test_framework.wallet_util import funded_wallet_with_node, register_handles

ENDPOINT = "sip:127.0.0.1:5060;transport=udp"
FAR_ENDPOINT = "sip:127.0.0.2:5060;transport=udp"
PASSWORD = "alice-secret-pw"


class SipDirectoryTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        # MD5 first: the Digest answer below is computed with MD5 (RFC 2617 as SIPp does).
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-sipdigestalgorithm=md5",
                            "-sipdigestalgorithm=sha-256", "-debug=sip", "-keypool=20"]]

    def sip(self, method, user, extra_headers=""):
        """Sends one request over UDP from this test's SIP slot 1 and returns the final answer
        (status code, reason, whole message); provisional answers are skipped (bounded: 10 s)."""
        self.cseq += 1
        port = sip_port(1)
        host = f"127.0.0.1:{self.nodes[0].sip_port}"
        call_id = f"dir{self.cseq}x{os.getpid()}@127.0.0.1"
        uri = f"sip:{host}" if method == "REGISTER" else f"sip:{user}@{host}"
        msg = (f"{method} {uri} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKdir{self.cseq}x{os.getpid()};rport\r\n"
               f"Max-Forwards: 70\r\n"
               f"From: <sip:tester@127.0.0.1>;tag=t{self.cseq}\r\n"
               f"To: <sip:{user}@127.0.0.1>\r\n"
               f"Call-ID: {call_id}\r\n"
               f"CSeq: {self.cseq} {method}\r\n"
               f"Contact: <sip:{user}@127.0.0.1:{port}>\r\n"
               f"{extra_headers}"
               f"Content-Length: 0\r\n\r\n")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", port))
            s.settimeout(10)
            s.sendto(msg.encode(), ("127.0.0.1", self.nodes[0].sip_port))
            deadline = time.time() + 10
            while time.time() < deadline:
                data = s.recv(65535).decode(errors="replace")
                status = re.match(r"SIP/2\.0 (\d{3}) ([^\r\n]*)", data)
                assert status, f"not a SIP answer: {data[:200]}"
                if int(status.group(1)) >= 200:
                    if method == "INVITE":  # ACK the final answer (RFC 3261 17.1.1.3), same branch
                        to = re.search(r"^To: ([^\r\n]*)", data, re.M | re.I).group(1)
                        ack = (f"ACK {uri} SIP/2.0\r\n"
                               f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKdir{self.cseq}x{os.getpid()};rport\r\n"
                               f"Max-Forwards: 70\r\nFrom: <sip:tester@127.0.0.1>;tag=t{self.cseq}\r\nTo: {to}\r\n"
                               f"Call-ID: {call_id}\r\nCSeq: {self.cseq} ACK\r\nContent-Length: 0\r\n\r\n")
                        s.sendto(ack.encode(), ("127.0.0.1", self.nodes[0].sip_port))
                    return int(status.group(1)), status.group(2), data
        raise AssertionError(f"no final answer to {method} {user}")

    def register_with_digest(self, user, password):
        """REGISTER, then again with the MD5 Digest answer to the 401's challenge; the final status."""
        code, reason, data = self.sip("REGISTER", user)
        if code != 401:
            return code, reason
        challenge = re.search(r"^WWW-Authenticate: Digest ([^\r\n]*)", data, re.M | re.I).group(1)
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge))
        assert_equal(params.get("algorithm", "MD5").upper(), "MD5")
        uri = f"sip:127.0.0.1:{self.nodes[0].sip_port}"
        ha1 = hashlib.md5(f"{user}:{params['realm']}:{password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"REGISTER:{uri}".encode()).hexdigest()
        cnonce, nc = "0a4f113b", "00000001"
        if "qop" in params:
            response = hashlib.md5(f"{ha1}:{params['nonce']}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
            qop = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response = hashlib.md5(f"{ha1}:{params['nonce']}:{ha2}".encode()).hexdigest()
            qop = ""
        opaque = f', opaque="{params["opaque"]}"' if "opaque" in params else ""
        auth = (f'Authorization: Digest username="{user}", realm="{params["realm"]}", nonce="{params["nonce"]}", '
                f'uri="{uri}", response="{response}", algorithm=MD5{qop}{opaque}\r\n')
        code, reason, _ = self.sip("REGISTER", user, auth)
        return code, reason

    def run_test(self):
        node = self.nodes[0]
        self.cseq = 0
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)

        self.log.info("Wallet far registers a node; wallet op registers a node and alice, carol and emily")
        far, _, far_key = funded_wallet_with_node(node, "far", FAR_ENDPOINT)
        op, mine, home = funded_wallet_with_node(node, "op", ENDPOINT)
        register_handles(self, op, {"alice": home, "carol": home, "emily": None}, node, mine)
        assert_equal(node.gethandle("alice")["home_node"], home)
        reveal_height = node.gethandle("emily")["registered_height"]
        reveal_block = node.getblockhash(reveal_height)

        self.log.info("carol's credential was set while homed here; then op homes carol at far's node, far is unloaded")
        op.setsipcredential("alice", PASSWORD)
        op.setsipcredential("carol", PASSWORD)
        op.updatehandle("carol", far_key)
        node.unloadwallet("far")
        node.generatetoaddress(1, mine)
        self.wait_until(lambda: node.gethandle("carol").get("home_node") == far_key, timeout=30)

        self.log.info("REGISTER carol: 403 Handle Homed Elsewhere (the directory knows far's key is not ours)")
        self.wait_until(lambda: self.sip("REGISTER", "carol")[:2] == (403, "Handle Homed Elsewhere"), timeout=30)
        self.log.info("REGISTER alice, homed at op's node: 200 with Digest")
        assert_equal(self.register_with_digest("alice", PASSWORD), (200, "OK"))
        assert_equal(len(node.listsipregistrations("alice")), 1)

        self.log.info("INVITE: unknown handle 404, emily (on chain, no contact) 480")
        assert_equal(self.sip("INVITE", "nobody1")[:2], (404, "Not Found"))
        assert_equal(self.sip("INVITE", "emily")[:2], (480, "Temporarily Unavailable"))

        self.log.info("invalidateblock of the registrations' block: emily is unknown again (404); reconsiderblock: 480")
        node.invalidateblock(reveal_block)
        assert_equal(node.getblockcount(), reveal_height - 1)
        self.wait_until(lambda: self.sip("INVITE", "emily")[0] == 404, timeout=30)
        # carol is unknown on chain now: its credential here is used again (a 401 challenge).
        assert_equal(self.sip("REGISTER", "carol")[0], 401)
        node.reconsiderblock(reveal_block)
        # The blocks come back one notification at a time: wait for the last one (carol's new home).
        self.wait_until(lambda: self.sip("REGISTER", "carol")[:2] == (403, "Handle Homed Elsewhere"), timeout=30)
        assert_equal(self.sip("INVITE", "emily")[:2], (480, "Temporarily Unavailable"))

        self.log.info("After a restart the directory is loaded from the chainstate")
        self.restart_node(0, self.extra_args[0] + ["-wallet=op"])
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)
        assert_equal(self.sip("INVITE", "emily")[:2], (480, "Temporarily Unavailable"))
        assert_equal(self.sip("INVITE", "nobody1")[:2], (404, "Not Found"))
        assert_equal(self.sip("REGISTER", "carol")[:2], (403, "Handle Homed Elsewhere"))
        assert_equal(self.register_with_digest("alice", PASSWORD), (200, "OK"))


if __name__ == "__main__":
    SipDirectoryTest().main()
