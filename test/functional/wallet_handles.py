#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Handles from the wallet: registerhandle runs commit and reveal by itself (with a dotsd restart
between them) and sets the home node; listmyhandles with its states and expiry warning;
updatehandle, bindhandle, renewhandle, transferhandle to a second wallet; a SIP credential the
owning wallet keeps across a restart; two wallets racing for one name; numbers are refused until attestation exists; locked-wallet
and ownership errors."""

from decimal import Decimal

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_raises_rpc_error
from test_framework.wallet_util import my_handle, wallet_rpc

RPC_INVALID_PARAMETER = -8
RPC_WALLET_ERROR = -4
RPC_WALLET_UNLOCK_NEEDED = -13
COMMIT_MATURITY = 2   # regtest
HANDLE_LIFETIME = 50  # regtest
ENDPOINT = "sip:home.example.org:5060;transport=udp"


class WalletHandlesTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-keypool=20"]]

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("alice")
        node.createwallet("bob")
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        mine = alice.getnewaddress()
        node.generatetoaddress(105, mine)  # 5 mature coinbases

        self.log.info("Numbers wait for attestation; bad names are refused with the rule")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Number attestation does not exist yet", alice.registernumber, "+4930123456")
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "not registrable until number attestation exists", alice.registerhandle, "+4930123456")
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "Invalid handle \"Alice\"", alice.registerhandle, "Alice")

        self.log.info("A home node of the same wallet")
        home = alice.registernode([ENDPOINT], 1)["node"]
        node.generatetoaddress(1, mine)

        self.log.info("registerhandle sends the commitment and holds the reveal")
        status = alice.registerhandle("alice", home)
        assert_equal(status["state"], "committing")
        assert status["commit_txid"] in node.getrawmempool()
        assert status["reveal_txid"] not in node.getrawmempool()
        assert "home_txid" in status
        node.generatetoaddress(1, mine)
        commit_height = node.getblockcount()
        status = my_handle(alice, "alice")
        assert_equal(status["state"], "waiting_for_maturity")
        assert_equal(status["reveal_height"], commit_height + COMMIT_MATURITY)
        assert_raises_rpc_error(RPC_WALLET_ERROR, "already registering alice", alice.registerhandle, "alice")

        self.log.info("A restart between commit and reveal: the wallet reveals by itself once the commitment matures")
        self.restart_node(0, ["-keypool=20", "-wallet=alice", "-wallet=bob"])
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")  # a new RPC cookie
        assert status["reveal_txid"] not in node.getrawmempool()
        node.generatetoaddress(1, mine)  # the next block is commit_height + 2: the reveal may be mined
        self.wait_until(lambda: status["reveal_txid"] in node.getrawmempool(), timeout=30)
        assert_equal(my_handle(alice, "alice")["state"], "revealing")
        node.generatetoaddress(1, mine)
        registered_height = node.getblockcount()
        self.wait_until(lambda: status["home_txid"] in node.getrawmempool(), timeout=30)
        assert_equal(my_handle(alice, "alice")["state"], "setting_home")
        node.generatetoaddress(1, mine)
        status = my_handle(alice, "alice")
        assert_equal(status["state"], "registered")
        assert_equal(status["home_node"], home)
        assert_equal(status["expiry_height"], registered_height + HANDLE_LIFETIME)
        assert_equal(status["warnings"], [])
        chain = node.gethandle("alice")
        assert_equal(chain["owner"], status["owner"])
        assert_equal(chain["owner_key"], status["owner_key"])
        assert_equal(chain["home_node"], home)
        categories = [t["category"] for t in alice.listtransactions("*", 100)]
        for category in ("handle_commit", "handle_register", "handle_update", "node_register"):
            assert category in categories, category
        assert_raises_rpc_error(RPC_WALLET_ERROR, "already registered", bob.registerhandle, "alice")

        self.log.info("updatehandle: a fresh identity key")
        txid = alice.updatehandle("alice", None, "new")
        node.generatetoaddress(1, mine)
        assert_equal(node.gethandle("alice")["identity_key"], my_handle(alice, "alice")["identity_key"])
        assert_equal(alice.gettransaction(txid)["confirmations"], 1)

        self.log.info("bindhandle to the wallet's own node: owner and node sign")
        bound = alice.bindhandle("alice", home)
        assert bound["complete"]
        node.generatetoaddress(1, mine)
        assert_equal(my_handle(alice, "alice")["bound_node"], home)
        assert_equal(node.gethandle("alice")["binding_seq"], bound["seq"])

        self.log.info("setsipcredential: kept by the wallet that owns the handle, across a restart")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "Handle nobody is not registered", alice.setsipcredential, "nobody", "a password")
        assert_raises_rpc_error(-19, "Wallet file not specified", node.setsipcredential, "alice", "alice password")
        cred = alice.setsipcredential("alice", "alice password")
        assert cred["persistent"]
        assert_equal(cred["wallet"], "alice")
        assert_equal(node.getsipinfo()["credentials"], 1)
        self.restart_node(0, ["-keypool=20", "-wallet=alice", "-wallet=bob"])
        alice, bob = wallet_rpc(node, "alice"), wallet_rpc(node, "bob")
        assert_equal(node.getsipinfo()["credentials"], 1)
        assert alice.removesipcredential("alice")
        assert_equal(node.getsipinfo()["credentials"], 0)
        assert not alice.removesipcredential("alice")

        self.log.info("Expiry warning, then renewhandle")
        expiry = my_handle(alice, "alice")["expiry_height"]
        node.generatetoaddress(expiry - 3 - node.getblockcount(), mine)
        warnings = my_handle(alice, "alice")["warnings"]
        assert_equal(len(warnings), 1)
        assert "renew it with renewhandle" in warnings[0]
        alice.renewhandle("alice")
        node.generatetoaddress(1, mine)
        status = my_handle(alice, "alice")
        assert_equal(status["expiry_height"], node.getblockcount() + HANDLE_LIFETIME)
        assert_equal(status["warnings"], [])

        self.log.info("transferhandle to bob's wallet")
        new_owner = bob.getnewhandlekey()
        alice.transferhandle("alice", new_owner)
        node.generatetoaddress(1, mine)
        assert_equal(node.gethandle("alice")["owner_key"], new_owner)
        assert_equal(my_handle(alice, "alice")["state"], "transferred")
        theirs = my_handle(bob, "alice")
        assert_equal(theirs["state"], "registered")
        assert_equal(theirs["owner_key"], new_owner)
        assert "home_node" not in theirs  # a transfer clears home, identity and binding
        assert_raises_rpc_error(RPC_WALLET_ERROR, "not owned by this wallet", alice.renewhandle, "alice")
        alice.sendtoaddress(bob.getnewaddress(), 2)
        node.generatetoaddress(1, mine)
        bob.renewhandle("alice")
        node.generatetoaddress(1, mine)
        assert_equal(node.gethandle("alice")["expiry_height"], node.getblockcount() + HANDLE_LIFETIME)

        self.log.info("bindhandle to another operator's node: the owner signs, that node's wallet countersigns and sends")
        request = bob.bindhandle("alice", home)
        assert not request["complete"]
        fields = [request[k] for k in ("handle", "node", "owner", "seq", "owner_sig")]
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "does not verify", alice.countersignbinding, *fields[:3], fields[3], "00" * 64)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "next binding of alice has seq", alice.countersignbinding, *fields[:3], fields[3] + 1, fields[4])
        assert_raises_rpc_error(RPC_WALLET_ERROR, "is not a node of this wallet", bob.countersignbinding, *fields)
        txid = alice.countersignbinding(*fields)
        node.generatetoaddress(1, mine)
        assert_equal(alice.gettransaction(txid)["confirmations"], 1)
        assert_equal(node.gethandle("alice")["binding_seq"], request["seq"])
        assert_equal(my_handle(bob, "alice")["bound_node"], home)

        self.log.info("A locked wallet refuses to sign with -13")
        node.createwallet("carol", False, False, "a passphrase")
        carol = wallet_rpc(node, "carol")
        alice.sendtoaddress(carol.getnewaddress(), 1)
        node.generatetoaddress(1, mine)
        assert_equal(carol.getwalletinfo()["unlocked_until"], 0)  # created encrypted and locked
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase", carol.registerhandle, "carolina")
        bob.encryptwallet("bobs passphrase")
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase", bob.renewhandle, "alice")
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase", bob.bindhandle, "alice", home)
        carol.walletpassphrase("a passphrase", 60)
        assert_equal(carol.registerhandle("carolina")["state"], "committing")
        carol.walletlock()
        # The held reveal goes out while the wallet is locked.
        reveal = my_handle(carol, "carolina")["reveal_txid"]
        node.generatetoaddress(COMMIT_MATURITY, mine)
        self.wait_until(lambda: reveal in node.getrawmempool(), timeout=30)
        node.generatetoaddress(1, mine)
        assert_equal(my_handle(carol, "carolina")["state"], "registered")

        self.log.info("Two wallets race for one name: one reveal is mined, the other registration fails and frees its coins")
        node.createwallet("erin")
        erin = wallet_rpc(node, "erin")
        alice.sendtoaddress(erin.getnewaddress(), 1)
        node.generatetoaddress(1, mine)
        racers = {"alice": alice.registerhandle("dave"), "erin": erin.registerhandle("dave")}
        reveals = {name: status["reveal_txid"] for name, status in racers.items()}
        node.generatetoaddress(COMMIT_MATURITY, mine)
        self.wait_until(lambda: set(reveals.values()) & set(node.getrawmempool()), timeout=30)
        node.generatetoaddress(1, mine)
        winner = "alice" if node.gethandle("dave")["owner_key"] == racers["alice"]["owner_key"] else "erin"
        loser = "erin" if winner == "alice" else "alice"
        wallets = {"alice": alice, "erin": erin}
        assert_equal(my_handle(wallets[winner], "dave")["state"], "registered")
        self.wait_until(lambda: my_handle(wallets[loser], "dave")["state"] == "failed", timeout=30)
        assert "someone else first" in my_handle(wallets[loser], "dave")["failure"]
        assert wallets[loser].gettransaction(reveals[loser])["state"] == "abandoned"

        self.log.info("setsipcredential: owning a handle is not enough, it must be homed at or bound to one of the wallet's nodes")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "is owned by wallet \"%s\" but neither homed at nor bound to one of its nodes" % winner,
                                wallets[winner].setsipcredential, "dave", "a password")
        assert_raises_rpc_error(RPC_WALLET_ERROR, "neither owned by wallet \"%s\" nor homed at or bound to one of its nodes" % loser,
                                wallets[loser].setsipcredential, "dave", "a password")
        assert_equal(node.getsipinfo()["credentials"], 0)


if __name__ == "__main__":
    WalletHandlesTest().main()
