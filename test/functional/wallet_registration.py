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
        alice = self.test_queued_statements(node, alice)

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

    def test_queued_statements(self, node, alice):
        self.log.info("A second handle update while the first is unconfirmed takes the next seq and waits for it")
        home = alice.registernode([ENDPOINT], 1, 0.01)["node"]
        node.generatetoaddress(1, self.mine)
        seq = node.gethandle("racer")["update_seq"]
        first = alice.updatehandle("racer", home)
        second = alice.updatehandle("racer", None, "new")
        mempool = node.getrawmempool()
        assert first in mempool and second not in mempool  # the mempool keeps one statement per handle
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: second in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        chain = node.gethandle("racer")
        assert_equal(chain["update_seq"], seq + 2)
        assert_equal(chain["home_node"], home)
        assert_equal(chain["identity_key"], self.handle(alice, "racer")["identity_key"])
        assert_equal(alice.gettransaction(second)["confirmations"], 1)

        self.log.info("Two node updates in a row: both mined, in order")
        seq = node.getnode(home)["seq"]
        first = alice.updatenode(home, None, 0.02)
        second = alice.updatenode(home, [ENDPOINT, "sip:reg2.example.org:5060;transport=udp"])
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: second in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        assert_equal(node.getnode(home)["seq"], seq + 2)
        assert_equal(len(node.getnode(home)["endpoints"]), 2)
        assert_equal(alice.gettransaction(first)["confirmations"], 2)

        self.log.info("A queued statement whose predecessor is abandoned is abandoned too (its coins freed)")
        first = alice.updatehandle("racer", "")
        second = alice.updatehandle("racer", home)
        self.restart_node(0, ["-keypool=20", "-rpcthreads=8", "-wallet=alice", "-persistmempool=0", "-walletrebroadcast=0"])
        alice = wallet_rpc(node, "alice")
        assert first not in node.getrawmempool()
        alice.abandontransaction(first)
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: alice.gettransaction(second)["state"] == "abandoned", timeout=30)
        assert_equal(node.getrawmempool(), [])
        self.restart_node(0, ["-keypool=20", "-rpcthreads=8", "-wallet=alice"])
        return wallet_rpc(node, "alice")

    def handle(self, wallet, name):
        found = [h for h in wallet.listmyhandles() if h["handle"] == name]
        assert_equal(len(found), 1)
        return found[0]


if __name__ == "__main__":
    WalletRegistrationTest().main()
