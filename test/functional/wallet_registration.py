#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry statements of one wallet under pressure: concurrent registerhandle calls for one name
(exactly one registration, no coin stranded in a forgotten held reveal); a second handle or node
update while the first is unconfirmed (sequence numbers count the wallet's own pending statements);
a commitment the wallet cannot find while it lags, the reveal window's last block, and abandoning a
registration whose reveal sits in the mempool."""

import threading

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_raises_rpc_error
from test_framework.wallet_util import wallet_rpc

RPC_WALLET_ERROR = -4
ENDPOINT = "sip:reg.example.org:5060;transport=udp"
COMMIT_MATURITY = 2  # regtest


class WalletRegistrationTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-keypool=20", "-rpcthreads=8"]]

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("alice")
        alice = wallet_rpc(node, "alice")
        self.mine = alice.getnewaddress()
        node.generatetoaddress(110, self.mine)
        self.test_concurrent_registration(node, alice)

    def test_concurrent_registration(self, node, alice):
        self.log.info("Concurrent registerhandle calls for one name: one registration, the others refused")
        results, errors = [], []

        def register():
            try:
                results.append(wallet_rpc(node, "alice").registerhandle("racer"))
            except Exception as e:  # noqa: BLE001 - collected and checked below
                errors.append(str(e))
        threads = [threading.Thread(target=register) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads), "a registerhandle call hung"
        assert_equal(len(results), 1)
        assert_equal(len(errors), 5)
        for e in errors:
            assert "already registering racer" in e, e
        commits = [t for t in alice.listtransactions("*", 1000) if t["category"] == "handle_commit"]
        assert_equal(len(commits), 1)
        node.generatetoaddress(1 + COMMIT_MATURITY, self.mine)
        reveal = results[0]["reveal_txid"]
        self.wait_until(lambda: reveal in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        assert_equal(self.handle(alice, "racer")["state"], "registered")

    def handle(self, wallet, name):
        found = [h for h in wallet.listmyhandles() if h["handle"] == name]
        assert_equal(len(found), 1)
        return found[0]


if __name__ == "__main__":
    WalletRegistrationTest().main()
