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
from test_framework.wallet_util import my_handle, wallet_rpc

RPC_WALLET_ERROR = -4
ENDPOINT = "sip:reg.example.org:5060;transport=udp"
COMMIT_MATURITY = 2  # regtest
REVEAL_WINDOW = 20   # regtest: a commitment at c may be revealed up to block c + 20


class WalletRegistrationTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        # No spending of unconfirmed change: a queued statement must not descend from the one before
        # it, or abandoning that one would abandon it by inheritance, not by the queue's own rule.
        self.extra_args = [["-keypool=20", "-rpcthreads=8", "-spendzeroconfchange=0"]]

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("alice")
        alice = wallet_rpc(node, "alice")
        self.mine = alice.getnewaddress()
        node.generatetoaddress(110, self.mine)
        self.test_concurrent_registration(node, alice)
        alice = self.test_queued_statements(node, alice)
        alice = self.test_reveal_window(node, alice)
        self.test_reorg(node, alice)
        self.test_kills(node)

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
        # The commitment's block and the next: the reveal is released at the last one (not mined yet).
        node.generatetoaddress(COMMIT_MATURITY, self.mine)
        reveal = results[0]["reveal_txid"]
        self.wait_until(lambda: reveal in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        assert_equal(my_handle(alice, "racer")["state"], "registered")

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
        assert_equal(chain["identity_key"], my_handle(alice, "racer")["identity_key"])
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
        self.restart_node(0, ["-keypool=20", "-rpcthreads=8", "-spendzeroconfchange=0", "-wallet=alice", "-persistmempool=0", "-walletrebroadcast=0"])
        alice = wallet_rpc(node, "alice")
        assert first not in node.getrawmempool()
        alice.abandontransaction(first)
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: alice.gettransaction(second)["state"] == "abandoned", timeout=30)
        assert_equal(node.getrawmempool(), [])
        # -persistmempool=0 stays: the mempool.dat of the first restart still holds `first`.
        self.restart_node(0, ["-keypool=20", "-rpcthreads=8", "-spendzeroconfchange=0", "-wallet=alice", "-persistmempool=0"])
        alice = wallet_rpc(node, "alice")
        return alice

    def empty_blocks_until(self, node, height):
        while node.getblockcount() < height:
            node.generateblock(self.mine, [])

    def test_reveal_window(self, node, alice):
        self.log.info("A reveal may be mined in the reveal window's last block: not failed one block early")
        status = alice.registerhandle("window")
        node.generateblock(self.mine, [status["commit_txid"]])
        commit_height = node.getblockcount()
        node.generateblock(self.mine, [])  # the next block may hold the reveal: released to the mempool
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)
        self.empty_blocks_until(node, commit_height + REVEAL_WINDOW - 1)
        self.wait_until(lambda: alice.getwalletinfo()["lastprocessedblock"]["height"] == node.getblockcount(), timeout=30)
        assert_equal(my_handle(alice, "window")["state"], "revealing")
        node.generatetoaddress(1, self.mine)  # block commit_height + REVEAL_WINDOW holds the reveal
        status = my_handle(alice, "window")
        assert_equal(status["state"], "registered")
        assert_equal(status["warnings"], [])

        self.log.info("A reveal still in the mempool when its commitment expires is abandoned once it leaves")
        status = alice.registerhandle("stuck")
        node.generateblock(self.mine, [status["commit_txid"]])
        commit_height = node.getblockcount()
        node.generateblock(self.mine, [])
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)
        self.empty_blocks_until(node, commit_height + REVEAL_WINDOW)
        self.wait_until(lambda: my_handle(alice, "stuck")["state"] == "failed", timeout=30)
        assert "expired" in my_handle(alice, "stuck")["failure"]
        node.generateblock(self.mine, [])  # the commitment is erased: the reveal can never be mined
        # The mempool does not re-check a reveal when its commitment is erased; a restart does
        # (mempool.dat is validated again at load), and the wallet then abandons the reveal.
        self.restart_node(0, ["-keypool=20", "-spendzeroconfchange=0", "-wallet=alice"])
        alice = wallet_rpc(node, "alice")
        node.generateblock(self.mine, [])
        self.wait_until(lambda: alice.gettransaction(status["reveal_txid"])["state"] == "abandoned", timeout=30)
        assert status["reveal_txid"] not in node.getrawmempool()
        return alice

    def test_reorg(self, node, alice):
        self.log.info("A reorg removes a registration's commitment and reveal: the wallet sends both again and finishes")
        status = alice.registerhandle("reorged")
        node.generatetoaddress(1, self.mine)
        commit_block = node.getbestblockhash()
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        assert_equal(my_handle(alice, "reorged")["state"], "registered")
        node.invalidateblock(commit_block)
        self.wait_until(lambda: my_handle(alice, "reorged")["state"] == "committing", timeout=30)
        node.generatetoaddress(1, self.mine)  # the commitment again (from the mempool the reorg refilled)
        self.wait_until(lambda: my_handle(alice, "reorged")["state"] in ("waiting_for_maturity", "revealing"), timeout=30)
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        assert_equal(my_handle(alice, "reorged")["state"], "registered")
        assert_equal(node.gethandle("reorged")["owner_key"], status["owner_key"])

    def test_kills(self, node):
        self.log.info("kill -9 between commit and reveal, and again with the reveal in the mempool: the registration finishes")
        args = ["-keypool=20", "-spendzeroconfchange=0", "-wallet=alice"]
        alice = wallet_rpc(node, "alice")
        home = [n["node"] for n in alice.listmynodes()][0]
        status = alice.registerhandle("killed", home)
        node.generatetoaddress(1, self.mine)
        node.kill_process()
        self.start_node(0, args)
        alice = wallet_rpc(node, "alice")
        assert_equal(my_handle(alice, "killed")["state"], "waiting_for_maturity")
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)
        node.kill_process()  # the reveal was in the mempool only: mempool.dat was not written
        self.start_node(0, args)
        alice = wallet_rpc(node, "alice")
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)  # resubmitted at load
        node.generatetoaddress(1, self.mine)
        self.wait_until(lambda: status["home_txid"] in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, self.mine)
        status = my_handle(alice, "killed")
        assert_equal(status["state"], "registered")
        assert_equal(status["home_node"], home)


if __name__ == "__main__":
    WalletRegistrationTest().main()
