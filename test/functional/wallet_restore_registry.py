#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A wallet restored from its words finds its registry objects: its node and a finished handle by
rescanning, and a registration stopped between commit and reveal resumes from its own commitment
(the salt is derived from the owner key, so the restored wallet recomputes it) when registerhandle
is called again: no second commitment, no second fee burned before the reveal."""

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal
from test_framework.wallet_util import funded_wallet_with_node, my_handle, wallet_rpc

ENDPOINT = "sip:restore.example.org:5060;transport=udp"
COMMIT_MATURITY = 2  # regtest


class WalletRestoreRegistryTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-keypool=20"]]

    def run_test(self):
        node = self.nodes[0]
        self.log.info("alice: a node, a finished handle, and a registration between commit and reveal")
        alice, mine, home = funded_wallet_with_node(node, "alice", ENDPOINT)
        done = alice.registerhandle("done")
        # The commitment's block and the next: the reveal is released at the last one (not mined yet).
        node.generatetoaddress(COMMIT_MATURITY, mine)
        self.wait_until(lambda: done["reveal_txid"] in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, mine)
        assert_equal(my_handle(alice, "done")["state"], "registered")
        pending = alice.registerhandle("pending", home)
        node.generatetoaddress(1, mine)
        assert_equal(my_handle(alice, "pending")["state"], "waiting_for_maturity")
        words = alice.getmnemonic()
        node.unloadwallet("alice")  # its held reveal never goes out

        self.log.info("Restored from the words: the node and the finished handle are found by the rescan")
        node.createwallet(wallet_name="restored", mnemonic=words)
        restored = wallet_rpc(node, "restored")
        assert_equal([n["node"] for n in restored.listmynodes()], [home])
        assert_equal(my_handle(restored, "done")["state"], "registered")
        assert_equal(my_handle(restored, "done")["owner_key"], done["owner_key"])
        assert "pending" not in [h["handle"] for h in restored.listmyhandles()]

        self.log.info("registerhandle again resumes from the wallet's own commitment")
        resumed = restored.registerhandle("pending", home)
        assert_equal(resumed["commit_txid"], pending["commit_txid"])
        assert_equal(resumed["owner_key"], pending["owner_key"])
        assert_equal(len([t for t in restored.listtransactions("*", 1000) if t["category"] == "handle_commit"]), 2)
        node.generatetoaddress(COMMIT_MATURITY - 1, mine)  # the commitment was mined a block ago: due now
        self.wait_until(lambda: resumed["reveal_txid"] in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, mine)
        self.wait_until(lambda: resumed["home_txid"] in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, mine)
        status = my_handle(restored, "pending")
        assert_equal(status["state"], "registered")
        assert_equal(status["home_node"], home)
        assert_equal(node.gethandle("pending")["owner_key"], pending["owner_key"])


if __name__ == "__main__":
    WalletRestoreRegistryTest().main()
