#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""SIP over WebSocket (RFC 7118) with RFC 5626 flow keeping, from two scripted WebSocket phones
as a browser runs them (Contact with a .invalid host, ;ob, +sip.instance, reg-id):
- the WS and WSS ports serve the phone's files under /phone/ and refuse upgrades without the
  "sip" subprotocol;
- alice (ws://) and bob (wss://) register with Digest; a MESSAGE and a whole call (INVITE,
  180, 200, ACK, BYE) travel between them, every request reaching a phone over its own
  WebSocket, in-dialog requests along the double Record-Route with flow tokens;
- once bob's WebSocket is closed (close handshake), requests for him get 480: a browser can
  never be reached any other way.
"""

import base64
import hashlib
import os
import re
import socket
import ssl
import struct
import time
import urllib.request

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_in, p2p_port


class WsPhone:
    """A SIP phone on one WebSocket, as RFC 7118 browsers do it (JsSIP's message layout)."""

    def __init__(self, test, name, port, secure):
        self.test, self.name = test, name
        raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        if secure:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            raw = ctx.wrap_socket(raw)
        self.sock = raw
        self.transport = "WSS" if secure else "WS"
        self.host = f"{name}{os.getpid()}.invalid"
        self.instance = f"<urn:uuid:00000000-0000-4000-8000-{abs(hash(name)) % 10**12:012d}>"
        self.buffer = b""
        self.cseq = 1
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n"
                           "Origin: https://127.0.0.1\r\n\r\n").encode())
        head = self._read_until(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101 "), head
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        assert_in(f"Sec-WebSocket-Accept: {accept}", head.decode())
        assert_in("Sec-WebSocket-Protocol: sip", head.decode())

    def _read_until(self, marker):
        while marker not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                raise AssertionError(f"{self.name}: connection closed")
            self.buffer += data
        end = self.buffer.index(marker) + len(marker)
        out, self.buffer = self.buffer[:end], self.buffer[end:]
        return out

    def _read_exact(self, n):
        while len(self.buffer) < n:
            data = self.sock.recv(65536)
            if not data:
                raise AssertionError(f"{self.name}: connection closed")
            self.buffer += data
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        head += bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n) if n < 65536 else \
            bytes([0x80 | 127]) + struct.pack("!Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, text):
        self.send_frame(0x1, text.encode())

    def recv_frame(self):
        b0, b1 = self._read_exact(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._read_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._read_exact(8))[0]
        assert not b1 & 0x80, "server frames are not masked"
        return b0 & 0x0F, self._read_exact(n)

    def recv(self):
        """The next SIP message (pings are answered on the way)."""
        while True:
            opcode, payload = self.recv_frame()
            if opcode == 0x9:
                self.send_frame(0xA, payload)
            elif opcode in (0x1, 0x2):
                return payload.decode()
            else:
                raise AssertionError(f"{self.name}: unexpected frame {opcode} {payload!r}")

    def recv_request(self, method):
        msg = self.recv()
        assert msg.startswith(method + " "), f"{self.name} expected {method}, got:\n{msg}"
        return msg

    def recv_response(self, code):
        while True:
            msg = self.recv()
            status = int(msg.split(" ", 2)[1])
            if status == 100 and code != 100:
                continue
            assert_equal(status, code)
            return msg

    def via(self):
        return f"Via: SIP/2.0/{self.transport} {self.host};branch=z9hG4bK{os.urandom(6).hex()}"

    def request(self, method, ruri, to, call_id, from_tag, extra="", body="", to_tag=""):
        self.cseq += 1
        tag = f";tag={to_tag}" if to_tag else ""
        return (f"{method} {ruri} SIP/2.0\r\n{self.via()}\r\nMax-Forwards: 70\r\nTo: <{to}>{tag}\r\n"
                f"From: <sip:{self.name}@127.0.0.1>;tag={from_tag}\r\nCall-ID: {call_id}\r\nCSeq: {self.cseq} {method}\r\n"
                f"Contact: <sip:{self.name}@{self.host};transport=ws;ob>\r\n{extra}Content-Length: {len(body)}\r\n\r\n{body}")

    def register(self, password):
        call_id = f"reg-{self.name}-{os.getpid()}"
        extra = ("Supported: path, gruu, outbound\r\n"
                 f"Expires: 600\r\n")
        contact = f"Contact: <sip:{self.name}@{self.host};transport=ws;ob>;+sip.instance=\"{self.instance}\";reg-id=1\r\n"
        msg = self.request("REGISTER", "sip:127.0.0.1", f"sip:{self.name}@127.0.0.1", call_id, "r1", extra)
        msg = re.sub(r"Contact: [^\r]*\r\n", contact, msg)
        self.send(msg)
        challenge = self.recv_response(401)
        realm = re.search(r'realm="([^"]+)"', challenge).group(1)
        nonce = re.search(r'nonce="([^"]+)"', challenge).group(1)
        uri = "sip:127.0.0.1"
        ha1 = hashlib.md5(f"{self.name}:{realm}:{password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"REGISTER:{uri}".encode()).hexdigest()
        cnonce = os.urandom(4).hex()
        response = hashlib.md5(f"{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}".encode()).hexdigest()
        auth = (f'Authorization: Digest username="{self.name}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
                f'response="{response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="{cnonce}"\r\n')
        msg = self.request("REGISTER", uri, f"sip:{self.name}@127.0.0.1", call_id, "r1", extra + auth)
        msg = re.sub(r"Contact: [^\r]*\r\n", contact, msg)
        self.send(msg)
        return self.recv_response(200)

    def reply(self, request, code, reason, to_tag="", extra="", body=""):
        """A response to `request` (Via, From, To, Call-ID, CSeq and Record-Route copied)."""
        lines = request.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
        keep = [h for h in lines if re.match(r"(?i)(via|from|call-id|cseq|record-route):", h)]
        to = next(h for h in lines if re.match(r"(?i)to:", h))
        if to_tag and ";tag=" not in to:
            to += f";tag={to_tag}"
        return (f"SIP/2.0 {code} {reason}\r\n" + "\r\n".join(keep + [to]) +
                f"\r\nContact: <sip:{self.name}@{self.host};transport=ws;ob>\r\n{extra}Content-Length: {len(body)}\r\n\r\n{body}")

    def close(self):
        self.send_frame(0x8, struct.pack("!H", 1000))
        opcode, payload = self.recv_frame()
        assert_equal((opcode, payload[:2]), (0x8, struct.pack("!H", 1000)))
        self.sock.close()


def header_values(message, name):
    """Every value of header `name` (comma-separated lists split), in order."""
    out = []
    for line in message.split("\r\n\r\n", 1)[0].split("\r\n"):
        if line.lower().startswith(name.lower() + ":"):
            out += [v.strip() for v in line.split(":", 1)[1].split(",")]
    return out


class SipWebSocketTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def setup_nodes(self):
        self.ws_port, self.wss_port = p2p_port(2), p2p_port(3)
        self.www = os.path.join(self.options.tmpdir, "www")
        os.makedirs(self.www)
        with open(os.path.join(self.www, "index.html"), "w", encoding="utf8") as f:
            f.write("<!doctype html><title>test phone</title>")
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip", f"-sipwsport={self.ws_port}",
                            f"-sipwssport={self.wss_port}", f"-sipwwwdir={self.www}"]]
        super().setup_nodes()

    def run_test(self):
        node = self.nodes[0]
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)
        listeners = node.getsipinfo()["listeners"]
        assert_in(f"WS:127.0.0.1:{self.ws_port}", listeners)
        assert_in(f"WSS:127.0.0.1:{self.wss_port}", listeners)
        self.test_pages()
        node.setsipcredential("alice", "alice-secret")
        node.setsipcredential("bob", "bob-secret-pw")

        self.log.info("alice registers over ws://, bob over wss:// (Digest, RFC 5626 instance and reg-id)")
        alice = WsPhone(self, "alice", self.ws_port, secure=False)
        bob = WsPhone(self, "bob", self.wss_port, secure=True)
        alice.register("alice-secret")
        ok = bob.register("bob-secret-pw")
        assert_in("\r\nRequire: outbound\r\n", ok)  # RFC 5626 6: the registrar keeps bob's flow
        regs = {r["handle"]: r for r in node.listsipregistrations()}
        assert_equal((regs["alice"]["transport"], regs["bob"]["transport"]), ("WS", "WSS"))
        assert_equal(regs["bob"]["reg_id"], 1)

        self.log.info("A MESSAGE reaches bob over his own WebSocket")
        alice.send(alice.request("MESSAGE", "sip:bob@127.0.0.1", "sip:bob@127.0.0.1", "msg-1", "m1",
                                 "Content-Type: text/plain\r\n", "hello over websocket"))
        message = bob.recv_request("MESSAGE")
        assert message.endswith("\r\n\r\nhello over websocket")
        assert_equal(header_values(message, "Via")[0].split(";")[0], f"SIP/2.0/WSS 127.0.0.1:{self.wss_port}")
        bob.send(bob.reply(message, 200, "OK"))
        alice.recv_response(200)

        self.call(node, alice, bob)

        self.log.info("bob closes his WebSocket: he cannot be reached any other way (480)")
        bob.close()
        alice.send(alice.request("MESSAGE", "sip:bob@127.0.0.1", "sip:bob@127.0.0.1", "msg-2", "m2",
                                 "Content-Type: text/plain\r\n", "anyone?"))
        alice.recv_response(480)
        alice.close()

    def test_pages(self):
        self.log.info("The WebSocket ports serve the phone's files and refuse upgrades that do not speak SIP")
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ws_port}/phone") as r:  # follows the 301
            assert_equal(r.status, 200)
            assert_equal(r.geturl(), f"http://127.0.0.1:{self.ws_port}/phone/")
            assert_in(b"test phone", r.read())
            assert_equal(r.headers["Content-Type"], "text/html; charset=utf-8")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with urllib.request.urlopen(f"https://127.0.0.1:{self.wss_port}/phone/", context=ctx) as r:
            assert_in(b"test phone", r.read())
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{self.ws_port}/phone/nothing.js")
            raise AssertionError("a missing file was served")
        except urllib.error.HTTPError as e:
            assert_equal(e.code, 404)
        with socket.create_connection(("127.0.0.1", self.ws_port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      b"Sec-WebSocket-Protocol: chat\r\n\r\n")
            assert s.recv(4096).startswith(b"HTTP/1.1 400 Bad Request\r\n")

    def call(self, node, alice, bob):
        self.log.info("alice calls bob: INVITE, 180, 200, ACK and BYE, each phone reached over its own flow")
        sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
        alice.send(alice.request("INVITE", "sip:bob@127.0.0.1", "sip:bob@127.0.0.1", "call-1", "a1",
                                 "Content-Type: application/sdp\r\n", sdp))
        alice.recv_response(100)
        invite = bob.recv_request("INVITE")
        rr = header_values(invite, "Record-Route")
        # RFC 5658 double Record-Route: the URI facing bob (WSS port) first, then alice's (WS
        # port); each carries its side's flow token (RFC 5626).
        assert_equal(len(rr), 2)
        assert re.fullmatch(rf"<sip:[A-Za-z0-9_-]{{34}}@127\.0\.0\.1:{self.wss_port};lr;transport=ws>", rr[0]), rr[0]
        assert re.fullmatch(rf"<sip:[A-Za-z0-9_-]{{34}}@127\.0\.0\.1:{self.ws_port};lr;transport=ws>", rr[1]), rr[1]
        bob.send(bob.reply(invite, 180, "Ringing", "b1"))
        alice.recv_response(180)
        bob.send(bob.reply(invite, 200, "OK", "b1", "Content-Type: application/sdp\r\n", sdp))
        ok = alice.recv_response(200)
        assert_equal(header_values(ok, "Record-Route"), rr)
        route = "Route: " + ", ".join(reversed(rr)) + "\r\n"  # alice's route set
        alice.send(alice.request("ACK", f"sip:bob@{bob.host};transport=ws;ob", "sip:bob@127.0.0.1", "call-1", "a1",
                                 route, to_tag="b1").replace(f"CSeq: {alice.cseq} ACK", "CSeq: 1 ACK"))
        ack = bob.recv_request("ACK")
        assert "Route:" not in ack
        calls = node.listsipcalls()
        assert_equal([(c["from"], c["to"], c["state"]) for c in calls], [("alice", "bob", "answered")])

        bye = bob.request("BYE", f"sip:alice@{alice.host};transport=ws;ob", "sip:alice@127.0.0.1", "call-1", "b1",
                          "Route: " + ", ".join(rr) + "\r\n", to_tag="a1")
        bob.send(bye)
        got = alice.recv_request("BYE")
        assert "Route:" not in got
        assert_equal(header_values(got, "Via")[0].split(";")[0], f"SIP/2.0/WS 127.0.0.1:{self.ws_port}")
        alice.send(alice.reply(got, 200, "OK"))
        bob.recv_response(200)
        self.wait_until(lambda: node.listsipcalls()[0]["state"] == "ended", timeout=5)


if __name__ == "__main__":
    SipWebSocketTest().main()
