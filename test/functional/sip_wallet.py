#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A real SIP client (baresip) registers with a Digest credential the wallet keeps in wallet.dat
(doc/wallet.md "SIP credentials"): the operator's wallet registers a node and a handle homed at
it, setsipcredential persists the credential, dotsd restarts, and baresip gets 200 OK; a wrong
password gets 403. Then the wallet is encrypted: the HA1 values leave the file (they are
ciphertext now), the registrar keeps serving them while the wallet is locked, setsipcredential
needs the wallet unlocked, a restart of the locked wallet serves nothing (403 Handle Not Homed
Here: the handle is on chain but has no credential here; a log line says why) until
walletpassphrase, after which the phone registers again, also once the wallet is locked again."""

import hashlib
import os
import shutil

from test_framework.sip_clients import Baresip, write_tone
from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, assert_raises_rpc_error, p2p_port, sip_port
from test_framework.wallet_util import funded_wallet_with_node, my_handle, register_handles, wallet_rpc

RPC_WALLET_UNLOCK_NEEDED = -13
ENDPOINT = "sip:127.0.0.1:5060;transport=udp"
PASSWORD = "alice-secret-pw"
NEW_PASSWORD = "alice new pw 2"  # spaces: the phone's config must quote it (Baresip in sip_clients.py)
PASSPHRASE = "operator passphrase"


class SipWalletTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.args = ["-sipbind=127.0.0.1", "-sippinginterval=0", "-debug=sip", "-keypool=20"]
        self.extra_args = [self.args]

    def skip_test_if_missing_module(self):
        if shutil.which("baresip") is None:
            raise SkipTest("baresip is not installed (depends/install.sh test)")

    def restart(self, expected_log=()):
        with self.nodes[0].assert_debug_log(list(expected_log), timeout=10):
            self.restart_node(0, self.args + ["-wallet=op"])
        self.wait_until(lambda: self.nodes[0].getsipinfo()["enabled"], timeout=60)
        return wallet_rpc(self.nodes[0], "op")

    def register(self, password, expect):
        """A fresh baresip registers alice with `password`; waits for the final reply `expect`
        ("200 OK", "403 Forbidden", "403 Credential Not Loaded Here") in its output, then stops it."""
        self.phones += 1
        n = self.phones
        directory = os.path.join(self.options.tmpdir, "baresip", f"phone{n}")
        tone = os.path.join(self.options.tmpdir, "baresip", "tone.wav")
        if not os.path.exists(tone):
            os.makedirs(os.path.dirname(tone), exist_ok=True)
            write_tone(tone, 440, 1)
        # Each phone its own SIP port (UDP+TCP, TLS one above) and RTP range in this test's slots.
        phone = Baresip(self, f"phone{n}", directory, user="alice", password=password, node_port=self.nodes[0].sip_port,
                        sip_port=sip_port(2 * n + 1), rtp_ports=(p2p_port(4 * n), p2p_port(4 * n + 3)), tone=tone)
        try:
            phone.start(20)
            if expect == "200 OK":
                phone.wait_for_output(r"alice@127\.0\.0\.1: \{0/UDP/v4\} 200 OK", timeout=15)
            else:  # baresip reports a refused registration as "reg: <aor>: <code> <reason>"
                phone.wait_for_output(r"reg: sip:alice@127\.0\.0\.1:\d+: " + expect, timeout=15)
        finally:
            phone.kill()

    def run_test(self):
        node = self.nodes[0]
        self.phones = 0
        self.wait_until(lambda: node.getsipinfo()["enabled"], timeout=60)
        self.log.info("The operator's wallet registers a node and the handle alice homed at it")
        op, mine, home = funded_wallet_with_node(node, "op", ENDPOINT)
        register_handles(self, op, {"alice": home}, node, mine)
        assert_equal(my_handle(op, "alice")["state"], "registered")
        assert_equal(node.gethandle("alice")["home_node"], home)

        self.log.info("setsipcredential keeps the credential in wallet.dat")
        cred = op.setsipcredential("alice", PASSWORD)
        assert cred["persistent"]
        realm = cred["realm"]
        ha1_md5 = hashlib.md5(f"alice:{realm}:{PASSWORD}".encode()).digest()
        ha1_sha256 = hashlib.sha256(f"alice:{realm}:{PASSWORD}".encode()).digest()
        wallet_file = os.path.join(node.chain_dir, "wallets", "op", "wallet.dat")
        with open(wallet_file, "rb") as f:
            assert ha1_sha256 in f.read(), "an unencrypted wallet keeps the HA1 values in the clear"

        self.log.info("After a restart of dotsd, baresip registers with Digest: 200 OK; a wrong password: 403")
        op = self.restart()
        assert_equal(node.getsipinfo()["credentials"], 1)
        self.register(PASSWORD, "200 OK")
        assert_equal(len(node.listsipregistrations("alice")), 1)
        self.register("not-the-password", "403 Forbidden")

        self.log.info("encryptwallet encrypts the HA1 values; the registrar keeps serving them while locked")
        op.encryptwallet(PASSPHRASE)
        assert_equal(op.getwalletinfo()["unlocked_until"], 0)
        with open(wallet_file, "rb") as f:
            contents = f.read()
        assert ha1_sha256 not in contents and ha1_md5 not in contents, "the HA1 values are still in the file"
        assert_equal(node.getsipinfo()["credentials"], 1)
        self.register(PASSWORD, "200 OK")
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase first", op.setsipcredential, "alice", "another password")

        self.log.info("A restart of the locked wallet serves nothing until walletpassphrase (logged)")
        op = self.restart(['Wallet "op" is encrypted and locked: the SIP credentials of 1 handles (alice) are not served until walletpassphrase'])
        assert_equal(node.getsipinfo()["credentials"], 0)
        self.register(PASSWORD, "403 Credential Not Loaded Here")  # homed at the wallet's node, its credential not served yet

        self.log.info("walletpassphrase gives them to the registrar, which keeps them after walletlock")
        op.walletpassphrase(PASSPHRASE, 60)
        assert_equal(node.getsipinfo()["credentials"], 1)
        op.walletlock()
        self.register(PASSWORD, "200 OK")
        self.register("not-the-password", "403 Forbidden")

        self.log.info("Unlocked, setsipcredential stores a new password encrypted; the old one no longer registers")
        op.walletpassphrase(PASSPHRASE, 60)
        op.setsipcredential("alice", NEW_PASSWORD)
        op.walletlock()
        new_sha256 = hashlib.sha256(f"alice:{realm}:{NEW_PASSWORD}".encode()).digest()
        with open(wallet_file, "rb") as f:
            assert new_sha256 not in f.read()
        op = self.restart()
        op.walletpassphrase(PASSPHRASE, 5)
        self.register(NEW_PASSWORD, "200 OK")
        self.register(PASSWORD, "403 Forbidden")


if __name__ == "__main__":
    SipWalletTest().main()
