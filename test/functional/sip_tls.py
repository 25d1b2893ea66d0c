#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""SIP over TLS (RFC 3261 26):
- the node creates a self-signed certificate at its first start (key mode 0600) and keeps it
  across restarts; TLS 1.1 is refused, TLS 1.2+ answered over the client's own connection;
- baresip over TLS registers and answers a call from baresip over UDP: audio both ways, the
  BYE crosses from UDP to TLS along the double Record-Route, no RTP at the node;
- SIPp calls the TLS phone over TLS: Debian's sip-tester is built without TLS ("To use a TLS
  transport you must compile SIPp with OpenSSL"), so SIPp speaks TCP into a socat tunnel that
  opens one TLS connection per SIPp connection to the node.
"""

import hashlib
import os
import shutil
import socket
import ssl
import stat
import subprocess
import time
import warnings

from test_framework.sip_clients import Baresip, NoMediaAtNode, baresip_call, write_tone
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, assert_in, p2p_port, sip_port

CALL_SECONDS = 2
SIPP_TIMEOUT = 20
SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sip")


def tls_context(maximum=None):
    """A client context that accepts the node's self-signed certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if maximum is not None:
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # let this client offer old versions at all
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = maximum
    return ctx


class SipTlsTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip"]]

    def skip_test_if_missing_module(self):
        for tool, package in (("baresip", "baresip"), ("sipp", "sip-tester"), ("socat", "socat")):
            if shutil.which(tool) is None:
                raise SkipTest(f"{tool} is not installed (Debian package {package}, depends/install.sh test)")

    def run_test(self):
        self.node = self.nodes[0]
        self.wait_until(lambda: self.node.getsipinfo()["enabled"], timeout=60)
        self.work = os.path.join(self.options.tmpdir, "tls")
        os.makedirs(self.work)
        self.test_certificate()
        self.test_versions()
        self.node.setsipcredential("alice", "alice-secret")
        self.node.setsipcredential("bob", "bob-secret-pw")
        self.phones = []
        self.tunnel = None
        try:
            self.test_calls()
        finally:
            for phone in self.phones:
                phone.kill()
            if self.tunnel and self.tunnel.poll() is None:
                self.tunnel.kill()
                self.tunnel.wait()
        self.test_restart_keeps_certificate()

    def test_certificate(self):
        self.log.info("A self-signed certificate was created at the first start; its key is private")
        info = self.node.getsipinfo()
        assert_in(f"TLS:127.0.0.1:{self.node.sip_tls_port}", info["listeners"])
        self.cert = os.path.join(self.node.chain_dir, "sip-tls.crt")
        key = os.path.join(self.node.chain_dir, "sip-tls.key")
        assert_equal(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        with open(self.cert, encoding="ascii") as f:
            self.cert_pem = f.read()
        assert self.cert_pem.startswith("-----BEGIN CERTIFICATE-----")
        with open(self.node.debug_log_path, encoding="utf8") as f:
            log = f.read()
        assert_in("SIP: created a self-signed TLS certificate", log)
        tls = info["tls"]
        der = ssl.PEM_cert_to_DER_cert(self.cert_pem)
        fingerprint = ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())
        assert_equal((tls["certificate"], tls["self_signed"], tls["fingerprint"]), (self.cert, True, fingerprint))
        assert_in(fingerprint, log)
        assert tls["expires"] > time.time() + 9 * 365 * 86400, tls

    def test_versions(self):
        self.log.info("TLS 1.2+ answers over the client's connection; TLS 1.1 is refused by the node")
        options = ("OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKtls1;rport\r\n"
                   "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: tls-1\r\n"
                   "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.node.sip_tls_port), timeout=10) as raw:
            with tls_context().wrap_socket(raw) as conn:
                assert conn.version() in ("TLSv1.2", "TLSv1.3"), conn.version()
                der = conn.getpeercert(binary_form=True)
                assert_equal(ssl.DER_cert_to_PEM_cert(der).strip(), self.cert_pem.strip())
                conn.sendall(options)
                reply = b""
                while b"\r\n\r\n" not in reply:
                    reply += conn.recv(4096)
        assert reply.startswith(b"SIP/2.0 200 OK\r\n"), reply
        try:
            with socket.create_connection(("127.0.0.1", self.node.sip_tls_port), timeout=10) as raw:
                with tls_context(ssl.TLSVersion.TLSv1_1).wrap_socket(raw):
                    raise AssertionError("the node accepted TLS 1.1")
        except ssl.SSLError as e:
            self.log.debug(f"TLS 1.1 refused: {e}")
        self.wait_until(lambda: "unsupported protocol" in open(self.node.debug_log_path, encoding="utf8").read(), timeout=10)

    def test_calls(self):
        node = self.node
        tones = {}
        for name, freq in (("alice", 440), ("bob", 660)):
            tones[name] = os.path.join(self.work, f"{name}-{freq}.wav")
            write_tone(tones[name], freq, CALL_SECONDS)
        # baresip: SIP at sip_port(n) (UDP/TCP) and n+1 (TLS); RTP in this test's P2P range.
        bob = Baresip(self, "bob", os.path.join(self.work, "bob"), user="bob", password="bob-secret-pw",
                      node_port=node.sip_tls_port, sip_port=sip_port(3), rtp_ports=(p2p_port(8), p2p_port(11)),
                      tone=tones["bob"], auto_answer=True, transport="tls")
        alice = Baresip(self, "alice", os.path.join(self.work, "alice"), user="alice", password="alice-secret",
                        node_port=node.sip_port, sip_port=sip_port(1), rtp_ports=(p2p_port(4), p2p_port(7)),
                        tone=tones["alice"])
        self.phones += [bob, alice]

        self.log.info("bob registers over TLS (auto-answer)")
        bob.start(40)
        bob.wait_for_output(r"bob@127\.0\.0\.1: \{0/TLS/v4\} 200 OK", timeout=10)
        regs = node.listsipregistrations("bob")
        assert_equal(len(regs), 1)
        assert_equal(regs[0]["transport"], "TLS")

        self.log.info("alice (UDP) calls bob (TLS): audio both ways, media phone to phone")
        phone_ports = {p for phone in (alice, bob) for p in range(phone.rtp_ports[0], phone.rtp_ports[1] + 1)}
        with NoMediaAtNode(self, node, phone_ports):
            baresip_call(alice, bob, f"sip:bob@127.0.0.1:{node.sip_port}", CALL_SECONDS)
        alice.assert_heard(bob, 660, CALL_SECONDS)
        bob.assert_heard(alice, 440, CALL_SECONDS)
        calls = [c for c in node.listsipcalls() if c["state"] != "early"]
        assert_equal([(c["from"], c["to"], c["state"]) for c in calls], [("alice", "bob", "ended")])

        self.log.info("SIPp calls bob over TLS (through a socat TLS tunnel: Debian's SIPp has no TLS)")
        tunnel_port = p2p_port(1)
        self.tunnel = subprocess.Popen(["socat", f"TCP-LISTEN:{tunnel_port},bind=127.0.0.1,reuseaddr,fork",
                                        f"OPENSSL:127.0.0.1:{node.sip_tls_port},verify=0"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_until(lambda: self.port_open(tunnel_port), timeout=10)
        tls_before = node.getsipinfo()
        with NoMediaAtNode(self, node):
            self.sipp("uac_call.xml", tunnel_port, sip_port(5), "bob")
        bob.wait_for_output(r"terminated \(duration.*\n(.|\n)*terminated \(duration", timeout=5)
        calls = [c for c in node.listsipcalls() if c["state"] != "early"]
        assert_equal(sorted((c["from"], c["state"]) for c in calls), [("alice", "ended"), ("alice", "ended")])
        assert node.getsipinfo()["proxy"]["routed"] > tls_before["proxy"]["routed"]

    def port_open(self, port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    def sipp(self, scenario, remote_port, local_port, service):
        """One SIPp run over TCP to `remote_port` (the tunnel), failing with SIPp's own errors.
        The scenario's URIs name the node's TLS port, not the tunnel's."""
        errors = os.path.join(self.work, f"{scenario}-errors.log")
        with open(os.path.join(SCENARIOS, scenario), encoding="utf8") as f:
            text = f.read().replace("[remote_ip]:[remote_port]", f"127.0.0.1:{self.node.sip_tls_port}")
        path = os.path.join(self.work, scenario)
        with open(path, "w", encoding="utf8") as f:
            f.write(text)
        cmd = ["sipp", f"127.0.0.1:{remote_port}", "-t", "t1", "-sf", path, "-i", "127.0.0.1",
               "-p", str(local_port), "-mp", str(p2p_port(0)), "-m", "1", "-s", service, "-timeout", f"{SIPP_TIMEOUT}s",
               "-timeout_error", "-default_behaviors", "all,-abortunexp", "-nostdin", "-trace_err", "-error_file", errors,
               "-recv_timeout", "15000"]
        self.log.debug(" ".join(cmd))
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=self.work,
                              timeout=SIPP_TIMEOUT + 15)
        if proc.returncode != 0:
            text = open(errors, encoding="utf8", errors="replace").read()[-3000:] if os.path.exists(errors) else ""
            raise AssertionError(f"sipp {scenario} failed with {proc.returncode}:\n{proc.stdout[-3000:]}\n{text}")

    def test_restart_keeps_certificate(self):
        self.log.info("After a restart the node serves the same certificate")
        self.restart_node(0)
        self.wait_until(lambda: self.node.getsipinfo()["enabled"], timeout=60)
        with open(self.cert, encoding="ascii") as f:
            assert_equal(f.read(), self.cert_pem)
        deadline = time.time() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.node.sip_tls_port), timeout=10) as raw:
                    with tls_context().wrap_socket(raw) as conn:
                        der = conn.getpeercert(binary_form=True)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        assert_equal(ssl.DER_cert_to_PEM_cert(der).strip(), self.cert_pem.strip())


if __name__ == "__main__":
    SipTlsTest().main()
