#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Nodes from the wallet: registernode (endpoints, domains, prefixes, rate, bond), updatenode,
listmynodes; depositfor a node pair and withdrawdeposit back to the node's balance;
withdrawnodebalance to the wallet; deregisternode and the bond's return; a settlement another
operator's node pays to the wallet's node in listmynodes; the errors (bond too
small, a 7-digit prefix, no balance, a node of another wallet, a locked wallet)."""

from decimal import Decimal

from test_framework.blocktools import sha256
from test_framework.key import ECKey
from test_framework.registry import (
    deposit_payload,
    make_registry_tx,
    node_register_payload,
    settle_epoch_of,
    settlement_payload,
    voucher,
    voucher_amount,
)
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import COIN, KIND_DEPOSIT, KIND_NODE_REGISTER, KIND_SETTLEMENT, spendable_coinbase, to_display
from test_framework.util import assert_equal, assert_raises_rpc_error
from test_framework.wallet_util import wallet_rpc

RPC_INVALID_PARAMETER = -8
RPC_WALLET_ERROR = -4
RPC_WALLET_INSUFFICIENT_FUNDS = -6
RPC_WALLET_UNLOCK_NEEDED = -13
RELEASE_DELAY = 5 + 20     # regtest settle_epoch + settle_window
BOND_RELEASE_DELAY = 50    # regtest


class WalletNodesTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-keypool=20"]]

    def run_test(self):
        node = self.nodes[0]
        for name in ("op1", "op2"):
            node.createwallet(name)
        op1, op2 = wallet_rpc(node, "op1"), wallet_rpc(node, "op2")
        mine = op1.getnewaddress()
        node.generatetoaddress(5, op2.getnewaddress())
        node.generatetoaddress(101, mine)

        self.log.info("registernode: its errors, then two nodes")
        endpoints = ["sip:gw.example.org:5060;transport=udp"]
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "The bond must be at least 1.00000000 DOTS", op1.registernode, endpoints, Decimal("0.5"))
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "1-6 digits", op1.registernode, endpoints, 1, 0, [], ["+4930123"])
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "invalid endpoint", op1.registernode, ["http://x"], 1)
        balance = op1.getbalance()
        n1 = op1.registernode(endpoints, 1, Decimal("0.001"), ["example.org"], ["+4930"])
        n2 = op2.registernode(["sip:sip.example.net:5061;transport=tls"], 2)
        node.generatetoaddress(1, mine)
        record = node.getnode(n1["node"])
        assert record["active"]
        assert_equal(record["bond"], Decimal("1"))
        assert_equal(record["rate"], Decimal("0.001"))
        assert_equal(record["prefixes"], ["+4930"])
        assert_equal(record["domains"], ["example.org"])
        fee = -op1.gettransaction(n1["txid"])["fee"]
        assert_equal(op1.getbalance(), balance - 1 - fee + Decimal("4"))  # + the block's coinbase (mature now)
        mine_nodes = op1.listmynodes()
        assert_equal([n["node"] for n in mine_nodes], [n1["node"]])
        assert_equal(mine_nodes[0]["bond"], Decimal("1"))
        assert "node_register" in [t["category"] for t in op1.listtransactions("*", 50)]

        self.log.info("updatenode keeps what is not given")
        op1.updatenode(n1["node"], ["sip:gw2.example.org:5060;transport=tcp"])
        node.generatetoaddress(1, mine)
        record = node.getnode(n1["node"])
        assert_equal(record["endpoints"], ["sip:gw2.example.org:5060;transport=tcp"])
        assert_equal(record["prefixes"], ["+4930"])
        assert_equal(record["seq"], 2)
        assert_raises_rpc_error(RPC_WALLET_ERROR, "is not a node of this wallet", op1.updatenode, n2["node"], None, 0)

        self.log.info("depositfor: op1's node pays for minutes op2's node terminates")
        op1.depositfor(n2["node"], 3)
        node.generatetoaddress(1, mine)
        assert_equal(node.getdeposit(n1["node"], n2["node"])["deposit"], Decimal("3"))
        mine_nodes = op1.listmynodes()[0]
        assert_equal(mine_nodes["deposits"], [{"term": n2["node"], "deposit": Decimal("3"), "debt": Decimal("0")}])
        assert_equal(mine_nodes["deposits_received"], [])
        assert_equal((mine_nodes["settlements"], mine_nodes["earned"], mine_nodes["paid"], mine_nodes["owed"]), ([], 0, 0, 0))
        theirs = op2.listmynodes()[0]
        assert_equal(theirs["deposits_received"], [{"orig": n1["node"], "deposit": Decimal("3"), "debt": Decimal("0")}])
        assert_equal(theirs["deposits"], [])
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "is not an active node", op1.depositfor, op1.getnewhandlekey(), 1)

        self.log.info("withdrawdeposit: released to op1's node balance after the settle window")
        assert_raises_rpc_error(RPC_WALLET_INSUFFICIENT_FUNDS, "The deposit is only 3.00000000 DOTS", op1.withdrawdeposit, n2["node"], 4)
        op1.withdrawdeposit(n2["node"], 2)
        node.generatetoaddress(1, mine)
        pair = node.getdeposit(n1["node"], n2["node"])
        assert_equal(pair["release_amount"], Decimal("2"))
        assert_equal(pair["release_height"], node.getblockcount() + RELEASE_DELAY)
        listed = op1.listmynodes()[0]["deposits"][0]
        assert_equal((listed["release_amount"], listed["release_height"]), (Decimal("2"), pair["release_height"]))
        assert_raises_rpc_error(RPC_WALLET_INSUFFICIENT_FUNDS, "has no balance", op1.withdrawnodebalance, n1["node"])
        node.generatetoaddress(RELEASE_DELAY, mine)
        assert_equal(node.getnodebalance(n1["node"])["balance"], Decimal("2"))
        assert_equal(node.getdeposit(n1["node"], n2["node"])["deposit"], Decimal("1"))

        self.log.info("withdrawnodebalance pays the balance into the wallet")
        to = op1.getnewaddress("earnings")
        paid = op1.withdrawnodebalance(n1["node"], None, to)
        assert paid["txid"] in node.getrawmempool()
        assert_equal(paid["amount"] + paid["fee"], Decimal("2"))
        node.generatetoaddress(1, mine)
        assert_equal(node.getnodebalance(n1["node"])["balance"], 0)
        withdrawal = [t for t in op1.listtransactions("*", 100) if t["category"] == "node_withdraw"]
        assert_equal(len(withdrawal), 1)
        assert_equal(withdrawal[0]["amount"], Decimal("2"))  # what left the node balance; the fee beside it
        assert_equal(withdrawal[0]["fee"], -paid["fee"])
        assert_equal([u["amount"] for u in op1.listunspent(1, 9999999, [to])], [paid["amount"]])

        self.log.info("deregisternode: the bond returns to the node's balance, then to the wallet")
        op2.deregisternode(n2["node"])
        node.generatetoaddress(1, mine)
        assert not node.getnode(n2["node"])["active"]
        assert_raises_rpc_error(RPC_WALLET_ERROR, "already deregistered", op2.deregisternode, n2["node"])
        node.generatetoaddress(BOND_RELEASE_DELAY, mine)
        assert_equal(op2.listmynodes()[0]["balance"], Decimal("2"))
        before = op2.getbalance()
        paid = op2.withdrawnodebalance(n2["node"])
        node.generatetoaddress(1, mine)
        assert_equal(op2.getbalance(), before + paid["amount"])

        self.log.info("listmynodes shows a settlement confirmed for the wallet's node, with its amount")
        # Another operator's node (Python's key) funds a deposit for op1's node and settles ten
        # minutes it terminated; the settlement names op1's node, so op1's wallet keeps it.
        genesis = node.getblockhash(0)
        fund, orig = ECKey(sha256(b"wallet_nodes fund")), ECKey(sha256(b"wallet_nodes orig"))
        term = bytes.fromhex(n1["node"])
        coins = spendable_coinbase(node, fund, count=3, mature_to=mine)

        def mine_registry_tx(coin, kind, payload, locked=0):
            tx = make_registry_tx(kind, payload, coin, None, fund, fund, 10_000, locked, genesis_hash=genesis)
            node.generateblock(mine, [tx.serialize().hex()])
            return to_display(tx.txid())

        mine_registry_tx(coins[0], KIND_NODE_REGISTER, node_register_payload(orig, genesis, 1, COIN, ["sip:127.0.0.1:5070;transport=udp"]), COIN)
        mine_registry_tx(coins[1], KIND_DEPOSIT, deposit_payload(orig, term, COIN), COIN)
        assert_equal(op1.listmynodes()[0]["settlements"], [])
        epoch = settle_epoch_of(node.getblockcount() + 1)
        rate = 100_000  # 0.001 DOTS a minute
        entry = voucher(orig, term, genesis, epoch, 600, rate)
        settled = mine_registry_tx(coins[2], KIND_SETTLEMENT, settlement_payload(orig, term, [entry]))
        amount = Decimal(voucher_amount(600, rate)) / COIN
        assert_equal(amount, Decimal("0.01"))
        assert_equal(node.getsettlement(orig.xonly.hex(), n1["node"], epoch)["amount"], amount)
        listed = op1.listmynodes()[0]
        assert_equal(listed["settlements"], [{"counterparty": orig.xonly.hex(), "role": "terminating", "epoch": epoch,
                                              "amount": amount, "seconds": 600}])
        assert_equal((listed["earned"], listed["paid"]), (amount, 0))
        assert_equal(listed["deposits_received"], [{"orig": orig.xonly.hex(), "deposit": 1 - amount, "debt": Decimal("0")}])
        assert settled in [t["txid"] for t in op1.listtransactions("*", 200)]

        self.log.info("A locked wallet refuses node statements with -13")
        op1.encryptwallet("op1 passphrase")
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase", op1.registernode, endpoints, 1)
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase", op1.withdrawdeposit, n2["node"])
        assert_raises_rpc_error(RPC_WALLET_UNLOCK_NEEDED, "walletpassphrase", op1.withdrawnodebalance, n1["node"])


if __name__ == "__main__":
    WalletNodesTest().main()
