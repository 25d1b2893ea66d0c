#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Every registry kind (doc/registry.md) goes through the mempool into a mined block: node
registrations, handle commitment, reveal and update, a binding by the home node, a deposit, a
settlement, probe receipts, a deposit release and a node withdrawal without inputs are each sent
with sendrawtransaction, shown by getrawmempool and getblocktemplate (with their kind), and mined
by generatetoaddress (a template from the pool, not generateblock's given list); the registry RPCs
then show their effect, and every coinbase pays subsidy - availability pool + the block's fees."""

from test_framework.blocktools import sha256
from test_framework.registry import REGTEST_PARAMS as P, seed_height, settle_epoch_of, voucher_amount
from test_framework.registry_node import FEE, K, RegistryTestBase, miner_reward, units
from test_framework.txtools import COIN, Utxo, to_display
from test_framework.util import assert_equal

N1, N2 = K("kinds node 1"), K("kinds node 2")
OWNER = K("kinds owner")
SALT = sha256(b"kinds salt")


class MiningRegistryKindsTest(RegistryTestBase):
    HANDLES = ["alice"]
    NODE_KEYS = [N1, N2]
    PAIRS = [(N1, N2)]

    def set_test_params(self):
        self.num_nodes = 1

    def mine_from_pool(self, txs, kinds):
        """Sends `txs` to the mempool, checks the template lists them with `kinds` and pays their
        fees on top of subsidy - pool, mines one block with generatetoaddress and checks it holds
        them all, leaves the pool empty and its coinbase pays what the template said."""
        node = self.nodes[0]
        txids = [to_display(tx.txid()) for tx in txs]
        for tx, txid in zip(txs, txids):
            assert_equal(node.sendrawtransaction(tx.serialize().hex()), txid)
        assert_equal(sorted(node.getrawmempool()), sorted(txids))
        tmpl = node.getblocktemplate()
        assert_equal({t["txid"]: t["kind"] for t in tmpl["transactions"]}, dict(zip(txids, kinds)))
        fees = sum(getattr(tx, "fee", None) or FEE for tx in txs)
        assert_equal(tmpl["coinbasevalue"], miner_reward(tmpl["height"]) + fees)
        blockhash = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal(sorted(node.getblock(blockhash)["tx"][1:]), sorted(txids))
        assert_equal(node.getrawmempool(), [])
        assert_equal(self.coinbase_value(blockhash), miner_reward(node.getblockcount()) + fees)
        for tx in txs:
            self.coins.append(Utxo(tx.txid(), 0, tx.vout[0][0], tx.vout[0][1], bytes(tx.vout[0][2])))
        return blockhash

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 12)
        n1, n2 = N1.xonly.hex(), N2.xonly.hex()

        self.log.info("node registrations (bonds locked) from the pool")
        self.mine_from_pool([self.register_node(N1), self.register_node(N2)], ["node_register"] * 2)
        registered = node.getblockcount()
        assert_equal(sorted(n["node"] for n in node.listnodes()), sorted([n1, n2]))

        self.log.info("a handle commitment, then (once mature) its reveal, then an update (home node)")
        self.mine_from_pool([self.commit("alice", SALT, OWNER)], ["handle_commit"])
        self.mine_empty(P["commit_maturity"] - 1)
        self.mine_from_pool([self.reveal("alice", SALT, OWNER)], ["handle_register"])
        self.mine_from_pool([self.update(OWNER, "alice", 1, home=N1.xonly)], ["handle_update"])
        assert_equal(node.gethandle("alice")["home_node"], n1)

        self.log.info("a binding signed by the home node alone")
        self.mine_from_pool([self.bind(N1, OWNER, "alice", 1, owner_signs=False)], ["binding"])
        assert_equal((node.getbinding("alice")["node"], node.getbinding("alice")["by_home"]), (n1, True))

        self.log.info("a deposit, then a settlement paying the terminating node from it")
        self.mine_from_pool([self.deposit(N1, N2, COIN)], ["deposit"])
        epoch = settle_epoch_of(node.getblockcount() + 1)
        paid = voucher_amount(3600, COIN // 100)
        self.mine_from_pool([self.settle(N1, N2, [(epoch, 3600, COIN // 100)])], ["settlement"])
        assert_equal(units(node.getnodebalance(n2)["balance"]), paid)
        assert_equal(units(node.getdeposit(n1, n2)["deposit"]), COIN - paid)

        self.log.info("probe receipts of the first epoch whose seed follows the registrations (N2 is N1's only prober)")
        e = next(e for e in range(1, 100) if seed_height(e) >= registered)
        self.mine_to(e * P["probe_epoch"] - 1)
        self.mine_from_pool([self.receipts(N1, e, [N2])], ["probe_receipts"])
        probers = node.getprobers(n1, e)
        assert_equal((probers["receipts"], probers["qualified"]), (1, False))

        self.log.info("a deposit release request and a node withdrawal without inputs")
        self.mine_from_pool([self.release(N1, N2, COIN // 10)], ["deposit_release"])
        assert_equal(units(node.getdeposit(n1, n2)["release_amount"]), COIN // 10)
        withdrawal = self.withdraw(N2, paid)
        assert_equal(withdrawal.vin, [])
        self.mine_from_pool([withdrawal], ["node_withdraw"])
        assert_equal(units(node.getnodebalance(n2)["balance"]), 0)


if __name__ == "__main__":
    MiningRegistryKindsTest().main()
