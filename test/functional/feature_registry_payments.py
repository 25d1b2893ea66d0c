#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry v2 (doc/registry.md), nodes and payment for minutes: node registration (bond, rate,
prefixes of 1-6 digits), rate changes one full settlement epoch later, getgateway returning every
matching gateway, deposits per node pair, settlements of vouchers (the difference of a higher
voucher, debts paid first by the next deposit, up to 24 epochs at once), settlement keys erased
when their window ends, deposit releases after settle_epoch + settle_window, node withdrawals
without inputs, bonds credited to the balance after deregistration. Throughout, every coinbase pays
exactly subsidy - availability pool + fees. Last, a second node mines a longer chain without the
registry blocks and the first reorgs onto it and back: every registry RPC result identical."""

from test_framework.registry import (
    REGTEST_PARAMS as P,
    release_height,
    settle_deadline,
    settle_epoch_of,
    voucher_amount,
)
from test_framework.registry_node import (
    FEE,
    K,
    RPC_NOT_FOUND,
    RegistryTestBase,
    miner_reward,
    units,
)
from test_framework.txtools import COIN, Utxo, lock_for_key, make_transfer
from test_framework.util import assert_equal, assert_raises_rpc_error

O, T, G1, G2 = K("orig node"), K("term node"), K("gateway 1"), K("gateway 2")
EP = "sip:127.0.0.1:5080;transport=udp"


class RegistryPaymentsTest(RegistryTestBase):
    NODE_KEYS = [O, T, G1, G2]
    PAIRS = [(O, T), (T, O), (O, G1)]

    def set_test_params(self):
        self.num_nodes = 2

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 30)
        self.base = node.getblockcount()
        self.empty_dump = self.dump()
        self.test_nodes()
        self.test_settlements()
        self.test_mined_from_mempool()
        self.test_release_and_withdrawal()
        self.test_bond_credit()
        self.test_reorg()

    def test_nodes(self):
        node = self.nodes[0]
        self.log.info("node registration: bond, endpoints, prefixes of 1-6 digits")
        self.assert_rejected(self.register_node(O, bond=COIN - 1), "bad-node-bond")
        self.assert_rejected(self.register_node(O, prefixes=["+1234567"]), "bad-registry-prefix")
        self.assert_rejected(self.register_node(O, endpoints=["sip:127.0.0.1:5080;transport=sctp"]), "bad-registry-endpoint")
        self.mine_checked([self.register_node(O, rate=0), self.register_node(T, bond=2 * COIN, rate=COIN // 100, endpoints=[EP]),
                           self.register_node(G1, rate=500, prefixes=["+44"], domains=["voice.example.net"]),
                           self.register_node(G2, rate=700, prefixes=["+4420", "+1"])])
        h = node.getblockcount()
        rec = node.getnode(T.xonly.hex())
        assert_equal(rec, {"node": T.xonly.hex(), "seq": 1, "active": True, "endpoints": [EP], "domains": [], "prefixes": [],
                           "rate": rec["rate"], "next_rate": None, "next_rate_epoch": None, "bond": rec["bond"], "registered_height": h,
                           "deregistered_height": None, "bond_release_height": None, "balance": rec["balance"]})
        assert_equal((units(rec["rate"]), units(rec["bond"]), units(rec["balance"])), (COIN // 100, 2 * COIN, 0))

        self.log.info("getgateway: every node announcing a prefix of the number, by key, with its longest prefix")
        g1, g2 = G1.xonly.hex(), G2.xonly.hex()
        res = node.getgateway("+442071234567")
        assert_equal(sorted((n["node"], n["match"]) for n in res["nodes"]), sorted([(g1, "+44"), (g2, "+4420")]))
        assert_equal([n["node"] for n in res["nodes"]], sorted([g1, g2]))
        assert_equal([n["node"] for n in node.getgateway("+4412")["nodes"]], [g1])
        assert_equal([(n["node"], n["match"]) for n in node.getgateway("voice.example.net")["nodes"]], [(g1, "voice.example.net")])
        assert_equal(node.getgateway("+33123"), {"target": "+33123", "nodes": []})

        self.log.info("a rate change applies from the settlement epoch after the next")
        self.mine_checked([self.update_node(G1, rate=900, prefixes=["+44"], domains=["voice.example.net"])])
        uh = node.getblockcount()
        effective = settle_epoch_of(uh) + 2
        rec = node.getnode(g1)
        assert_equal((units(rec["rate"]), units(rec["next_rate"]), rec["next_rate_epoch"]), (500, 900, effective))
        self.mine_to(effective * P["settle_epoch"] - 2)
        assert_equal(units(node.getnode(g1)["rate"]), 500)
        self.mine_empty(1)  # the next block is the first of the new epoch
        rec = node.getnode(g1)
        assert_equal((units(rec["rate"]), rec["next_rate"]), (900, None))

    def test_settlements(self):
        node = self.nodes[0]
        o, t = O.xonly.hex(), T.xonly.hex()
        self.log.info("deposits: between two active nodes, locked (not the miner's)")
        self.assert_rejected(self.deposit(O, K("nobody"), COIN), "bad-deposit-node")
        self.mine_checked([self.deposit(O, T, 3 * COIN)])
        assert_equal(node.getdeposit(o, t), {"orig": o, "term": t, "deposit": node.getdeposit(o, t)["deposit"], "debt": 0,
                                             "release_amount": None, "release_height": None})
        assert_equal(units(node.getdeposit(o, t)["deposit"]), 3 * COIN)
        assert_equal(units(node.getdeposit(t, o)["deposit"]), 0)

        self.log.info("a settlement pays the voucher amount from the deposit to the terminating node")
        e = settle_epoch_of(node.getblockcount() + 1)
        amount1 = voucher_amount(3600, COIN // 100)  # an hour at 0.01 DOTS a minute = 0.6 DOTS
        self.assert_rejected(self.settle(O, T, [(e + 1, 60, 60)]), "bad-settle-future")
        self.assert_rejected(self.settle(O, T, [(e, 0, 100)]), "bad-registry-voucher")
        self.mine_checked([self.settle(O, T, [(e, 3600, COIN // 100)])])
        assert_equal(units(node.getnodebalance(t)["balance"]), amount1)
        s = node.getsettlement(o, t, e)
        assert_equal((units(s["amount"]), s["seconds"], s["settleable_until"]), (amount1, 3600, settle_deadline(e) - 1))
        self.log.info("the same total again pays nothing (invalid); a higher one pays the difference")
        self.assert_rejected(self.settle(O, T, [(e, 3600, COIN // 100)]), "bad-settle-not-higher")
        amount2 = voucher_amount(9000, COIN // 100)
        self.mine_checked([self.settle(O, T, [(e, 9000, COIN // 100)])])
        assert_equal(units(node.getnodebalance(t)["balance"]), amount2)
        assert_equal(units(node.getdeposit(o, t)["deposit"]), 3 * COIN - amount2)

        self.log.info("a shortfall is a debt; the next deposit pays it first")
        big = voucher_amount(3600 * 6, COIN // 100)  # 3.6 DOTS > 1.5 left
        self.mine_to(max(node.getblockcount(), P["settle_epoch"] * (e + 1)))
        self.mine_checked([self.settle(O, T, [(e + 1, 3600 * 6, COIN // 100)])])
        debt = big - (3 * COIN - amount2)
        assert_equal((units(node.getdeposit(o, t)["deposit"]), units(node.getdeposit(o, t)["debt"])), (0, debt))
        self.mine_checked([self.deposit(O, T, 3 * COIN)])
        assert_equal((units(node.getdeposit(o, t)["deposit"]), units(node.getdeposit(o, t)["debt"])), (3 * COIN - debt, 0))
        assert_equal(units(node.getnodebalance(t)["balance"]), amount2 + big)

        self.log.info("one settlement covers up to 24 epochs; settlement keys are erased when their window ends")
        first = settle_epoch_of(node.getblockcount() + 1) - 3
        many = [(first + i, 60, 60) for i in range(4)]
        self.mine_checked([self.deposit(O, G1, COIN), self.settle(O, G1, many)])
        listed = node.listsettlements(o, G1.xonly.hex())
        assert_equal([x["epoch"] for x in listed], [first + i for i in range(4)])
        assert_equal(len(node.listsettlements(o)), 4 + 2)
        self.mine_to(settle_deadline(e) - 1)
        assert_equal(node.getsettlement(o, t, e)["seconds"], 9000)
        self.assert_rejected(self.settle(O, T, [(e, 9001, COIN // 100)]), "bad-settle-expired")
        self.mine_empty(1)
        assert_raises_rpc_error(RPC_NOT_FOUND, "Settlement not found", node.getsettlement, o, t, e)
        self.mine_to(settle_deadline(first + 3))
        assert_equal(node.listsettlements(o), [])

    def test_mined_from_mempool(self):
        node = self.nodes[0]
        o, t = O.xonly.hex(), T.xonly.hex()
        self.log.info("from the mempool: templates take deposits and settlements; the coinbase value is the same plus their fees")
        empty = node.getblocktemplate()
        assert_equal(empty["coinbasevalue"], miner_reward(empty["height"]))
        e = settle_epoch_of(node.getblockcount() + 1)
        # A deposit of O for G1 and a settlement of T's calls to O beyond any deposit (a debt).
        deposit, settlement = self.deposit(O, G1, COIN), self.settle(T, O, [(e, 120, 60)])
        for tx in (deposit, settlement):
            node.sendrawtransaction(tx.serialize().hex())
        tmpl = node.getblocktemplate()
        assert_equal(sorted(x["kind"] for x in tmpl["transactions"]), ["deposit", "settlement"])
        assert_equal(tmpl["coinbasevalue"], miner_reward(tmpl["height"]) + 2 * FEE)
        deposit_before = units(node.getdeposit(o, G1.xonly.hex())["deposit"])
        assert_equal(units(node.getdeposit(t, o)["debt"]), 0)
        block = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal(node.getrawmempool(), [])
        assert_equal(self.coinbase_value(block), miner_reward(node.getblockcount()) + 2 * FEE)
        assert_equal(units(node.getdeposit(o, G1.xonly.hex())["deposit"]), deposit_before + COIN)
        assert_equal(units(node.getdeposit(t, o)["debt"]), voucher_amount(120, 60))
        for tx in (deposit, settlement):
            self.coins.append(Utxo(tx.txid(), 0, tx.vout[0][0], *lock_for_key(self.fund_key)))

    def test_release_and_withdrawal(self):
        node = self.nodes[0]
        o, t = O.xonly.hex(), T.xonly.hex()
        self.log.info("a deposit release waits settle_epoch + settle_window; settlements mined before it come first")
        left = units(node.getdeposit(o, t)["deposit"])
        rel = self.release(O, T, left)
        self.mine_checked([rel])
        r = release_height(node.getblockcount())
        assert_equal((units(node.getdeposit(o, t)["release_amount"]), node.getdeposit(o, t)["release_height"]), (left, r))
        e = settle_epoch_of(node.getblockcount() + 1)
        self.mine_checked([self.settle(O, T, [(e, 60, 60)])])
        before = units(node.getnodebalance(o)["balance"])
        self.mine_to(r - 1)
        assert_equal(units(node.getnodebalance(o)["balance"]), before)
        self.mine_empty(1)
        assert_equal(units(node.getnodebalance(o)["balance"]), before + left - 60)
        assert_equal(node.getdeposit(o, t), {"orig": o, "term": t, "deposit": 0, "debt": 0, "release_amount": None, "release_height": None})

        self.log.info("node withdrawals have no inputs; the statement signs the outputs; the fee is the miner's")
        bal = units(node.getnodebalance(t)["balance"])
        assert_equal(node.getnodebalance(t)["next_seq"], 2)
        self.assert_rejected(self.withdraw(T, bal + 1), "bad-withdraw-balance")
        w = self.withdraw(T, bal, fee=3000)
        assert_equal(w.vin, [])
        self.mine_checked([w])
        assert_equal(units(node.getnodebalance(t)["balance"]), 0)
        utxo = node.gettxout(w.txid()[::-1].hex(), 0)
        assert_equal(units(utxo["value"]), bal - 3000)
        self.log.info("the withdrawn coin is spent like any other")
        coin = next(c for c in self.coins if c.txid == w.txid())
        self.coins.remove(coin)
        spend = make_transfer(coin, self.fund_key, self.genesis, fee=1000)
        spend.fee = 1000
        self.mine_checked([spend])
        self.log.info("a copy of the withdrawal is rejected")
        self.assert_rejected(w, "bad-node-seq", replay=True)

    def test_bond_credit(self):
        node = self.nodes[0]
        g2 = G2.xonly.hex()
        self.log.info("deregistration: the node leaves the active set; its bond is credited 50 blocks later")
        self.mine_checked([self.deregister_node(G2)])
        d = node.getblockcount()
        rec = node.getnode(g2)
        assert_equal((rec["active"], rec["deregistered_height"], rec["bond_release_height"]), (False, d, d + P["bond_release_delay"]))
        assert_equal(node.getgateway("+12125550100")["nodes"], [])
        self.mine_to(d + P["bond_release_delay"] - 1)
        assert_equal(units(node.getnodebalance(g2)["balance"]), 0)
        self.mine_empty(1)
        assert_equal(units(node.getnodebalance(g2)["balance"]), COIN)
        assert_equal(units(node.getnode(g2)["bond"]), 0)
        self.mine_checked([self.withdraw(G2, COIN)])
        assert_equal(units(node.getnodebalance(g2)["balance"]), 0)

    def test_reorg(self):
        node, other = self.nodes
        final = self.dump()
        for needle in ['"deposit"', '"balance"', '"next_rate"']:
            assert needle in final, needle
        self.log.info("node 1 mines a longer chain without the registry blocks; node 0 reorgs onto it and back")
        for h in range(1, self.base + 1):
            assert other.submitblock(node.getblock(node.getblockhash(h), 0)) in (None, "duplicate")
        tip = node.getblockcount()
        fork = other.generatetoaddress(tip - self.base + 2, self.miner_addr)
        for h in fork:
            assert node.submitblock(other.getblock(h, 0)) in (None, "inconclusive")
        assert_equal(node.getbestblockhash(), fork[-1])
        assert_equal(node.listnodes(), [])
        self.assert_same_dump(self.dump(other), self.dump(node))
        node.invalidateblock(fork[0])
        self.assert_same_dump(final, self.dump())
        self.log.info("a restart keeps the state identical")
        self.restart_node(0)
        self.assert_same_dump(final, self.dump())
        self.log.info("invalidating the first registry block empties the registry")
        first = node.getblockhash(self.base + 1)
        node.invalidateblock(first)
        self.assert_same_dump(self.empty_dump, self.dump())
        node.reconsiderblock(first)
        self.assert_same_dump(final, self.dump())


if __name__ == "__main__":
    RegistryPaymentsTest().main()
