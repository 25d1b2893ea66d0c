#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The attacks of doc/registry.md "Threat model", played against a regtest node. Python plays
the SIP nodes: probers sign challenges, targets answer and keep receipts, originating nodes sign
vouchers.

1. Availability: eight nodes probe each other for three epochs. Every qualified target is credited
   exactly pool_e x bond / W_e, W_e counting every bond at the seed; a prober that withholds its
   challenges takes nothing for itself (its own share is unchanged) and only its targets with too
   few other receipts miss theirs; a node that stops answering stops earning, and earns again
   when it is back. Reorgs across the epoch boundaries restore every registry RPC result.
2. Fabricated minutes: an operator with 2 and then with 10 nodes signs vouchers for calls that
   never happened for 200 blocks each (deposits, settlements, debts, releases, withdrawals,
   deregistration, bonds back) and ends with exactly the coins it had minus the fees it paid.
Every block of the test is checked: the coinbase is subsidy - pool + fees, whatever registry
transactions it holds (the miner gains nothing by leaving them out or stuffing its own)."""

from test_framework.registry import (
    REGTEST_PARAMS as P,
    epoch_pool,
    pool_share,
    probe_answer_message,
    probe_challenge_message,
    probe_epoch_of,
    probe_receipts_payload,
    settle_epoch_of,
)
from test_framework.registry_node import K, RegistryTestBase, units
from test_framework.txtools import COIN, KIND_PROBE_RECEIPTS
from test_framework.util import assert_equal

HONEST = [K(f"honest {i}") for i in range(8)]
BONDS = [1, 1, 2, 2, 3, 3, 3, 3]  # DOTS (a funding coin holds 4)
FARM2 = [K(f"farm2 {i}") for i in range(2)]
FARM10 = [K(f"farm10 {i}") for i in range(10)]


class RegistryAttacksTest(RegistryTestBase):
    NODE_KEYS = HONEST

    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 40)
        self.test_availability()
        self.test_fabricated_minutes(FARM2, "2 nodes")
        self.test_fabricated_minutes(FARM10, "10 nodes")

    # ---- availability ----
    def probe(self, prober, target, epoch, drawn):
        """One OPTIONS exchange (doc/registry.md "Challenge and answer"): the prober signs the
        challenge; the target checks that the prober is one of its drawn probers and the signature,
        answers and keeps the receipt; the prober checks the answer. Returns the receipt."""
        msg = probe_challenge_message(target.xonly, prober.xonly, epoch, self.genesis)
        challenge = prober.sign(msg)
        assert prober.xonly in drawn and prober.verify(msg, challenge)
        answer_msg = probe_answer_message(target.xonly, prober.xonly, epoch, challenge, self.genesis)
        assert target.verify(answer_msg, target.sign(answer_msg))
        return (drawn.index(prober.xonly), challenge)

    def run_epoch(self, epoch, withholding=(), down=()):
        """Every honest node probes its targets once in `epoch`; targets submit what they got.
        Returns {target hex: expected credit}."""
        node = self.nodes[0]
        frozen = self.frozen_set(epoch)
        total = sum(b for _, b in frozen)
        pool = epoch_pool(epoch)
        txs, expected = [], {}
        for target in HONEST:
            drawn = self.probers(target, epoch)
            # A withholding prober never signs; a node that is down never receives the OPTIONS.
            probing = [p for p in HONEST if p.xonly in drawn and p not in withholding]
            receipts = [] if target in down else sorted(self.probe(p, target, epoch, drawn) for p in probing)
            got = len(receipts) >= P["probe_threshold"]
            expected[target.xonly.hex()] = pool_share(pool, self.bonds[target.xonly.hex()], total) if got else 0
            if receipts:
                txs.append(self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(target, epoch, receipts)))
        before = {k: units(node.getnodebalance(k)["balance"]) for k in expected}
        self.mine_checked(txs)
        for k, credit in expected.items():
            assert_equal(units(node.getnodebalance(k)["balance"]) - before[k], credit)
            assert_equal(node.getprobers(k, epoch)["qualified"], credit > 0)
        assert sum(expected.values()) <= pool
        return expected

    def test_availability(self):
        node = self.nodes[0]
        self.log.info("eight honest nodes, bonds of 1-3 DOTS, registered before the next seed")
        self.mine_checked([self.register_node(k, bond=b * COIN) for k, b in zip(HONEST, BONDS)])
        e1 = probe_epoch_of(node.getblockcount()) + 1
        self.mine_to(e1 * P["probe_epoch"] + 1)
        info = node.getprobeepoch(e1)
        assert_equal((info["frozen"], info["nodes"], units(info["total_bond"]), units(info["pool"])),
                     (True, 8, sum(BONDS) * COIN, epoch_pool(e1)))

        self.log.info("epoch %d: everybody answers; every node qualifies", e1)
        credits = self.run_epoch(e1)
        assert all(c > 0 for c in credits.values())

        withholder, down = HONEST[7], HONEST[0]
        self.log.info("epoch %d: a node withholds its challenges, another is down", e1 + 1)
        self.mine_to((e1 + 1) * P["probe_epoch"] + 1)
        credits = self.run_epoch(e1 + 1, withholding=[withholder], down=[down])
        self.log.info("the node that stopped answering earns nothing")
        assert_equal(credits[down.xonly.hex()], 0)
        self.log.info("the withholder's own share is what it always is: withholding gains it nothing")
        assert_equal(credits[withholder.xonly.hex()], pool_share(epoch_pool(e1 + 1), BONDS[7] * COIN, sum(BONDS) * COIN))
        for k, c in credits.items():
            # Nobody gets more than bond / W of the pool: the unqualified shares are not redistributed.
            assert c in (0, pool_share(epoch_pool(e1 + 1), self.bonds[k], sum(BONDS) * COIN))

        self.log.info("epoch %d: the node is back and earns again", e1 + 2)
        self.mine_to((e1 + 2) * P["probe_epoch"] + 1)
        credits = self.run_epoch(e1 + 2)
        assert credits[down.xonly.hex()] > 0

        self.log.info("reorgs across the epoch boundaries restore every registry RPC result")
        for h in [(e1 + 1) * P["probe_epoch"], (e1 + 2) * P["probe_epoch"] - P["probe_seed_depth"], node.getblockcount()]:
            self.roundtrip(node.getblockhash(h))
        self.log.info("after its window an epoch's frozen set is erased and its receipts are refused")
        assert_equal(node.getprobeepoch(e1)["frozen"], False)
        late = probe_receipts_payload(HONEST[1], e1, [(0, HONEST[2].sign(probe_challenge_message(HONEST[1].xonly, HONEST[2].xonly,
                                                                                                    e1, self.genesis)))])
        self.assert_rejected(self.rtx(KIND_PROBE_RECEIPTS, late), "bad-probe-epoch")

    # ---- fabricated minutes ----
    def test_fabricated_minutes(self, farm, label):
        node = self.nodes[0]
        self.log.info("an operator with %s fabricates vouchers for 200 blocks", label)
        start = node.getblockcount()
        wealth = sum(c.value for c in self.coins)
        fees = 0

        def mine(txs):
            nonlocal fees
            fees += sum(t.fee if getattr(t, "funding", None) is None else 10_000 for t in txs)
            self.mine_checked(txs)

        n = len(farm)
        ring = [(farm[i], farm[(i + 1) % n]) for i in range(n)]
        mine([self.register_node(k, bond=COIN, rate=COIN) for k in farm])
        mine([self.deposit(o, t, COIN) for o, t in ring])
        seconds = {}
        # Every settlement epoch each node claims an hour of calls to the next at 1 DOTS a minute:
        # 60 DOTS it "earns" from the other's deposit (then as a debt), over and over.
        while node.getblockcount() < start + 110:
            e = settle_epoch_of(node.getblockcount() + 1)
            txs = []
            for o, t in ring:
                seconds[(o, t, e)] = seconds.get((o, t, e), 0) + 3600
                txs.append(self.settle(o, t, [(e, seconds[(o, t, e)], COIN)]))
            mine(txs)
            self.mine_empty(P["settle_epoch"] - 1)
        claimed = sum(units(node.getnodebalance(k.xonly.hex())["balance"]) for k in farm)
        debts = sum(units(node.getdeposit(o.xonly.hex(), t.xonly.hex())["debt"]) for o, t in ring)
        self.log.info("its vouchers claimed %s DOTS: %s paid from its own deposits, %s left as debts between its own nodes",
                      (claimed + debts) / COIN, claimed / COIN, debts / COIN)
        assert claimed > 0 and debts > 0

        self.log.info("it takes everything back: withdrawals, deregistration, bonds")
        assert all(units(node.getdeposit(o.xonly.hex(), t.xonly.hex())["deposit"]) == 0 for o, t in ring)
        mine([self.withdraw(k, units(node.getnodebalance(k.xonly.hex())["balance"]), fee=5_000)
              for k in farm if units(node.getnodebalance(k.xonly.hex())["balance"]) > 0])
        mine([self.deregister_node(k) for k in farm])
        d = node.getblockcount()
        self.mine_to(d + P["bond_release_delay"])
        mine([self.withdraw(k, COIN, fee=5_000) for k in farm])
        self.mine_to(start + 200)
        for k in farm:
            assert_equal(units(node.getnodebalance(k.xonly.hex())["balance"]), 0)
            assert_equal(units(node.getnode(k.xonly.hex())["bond"]), 0)
        for o, t in ring:
            assert_equal(units(node.getdeposit(o.xonly.hex(), t.xonly.hex())["deposit"]), 0)
        self.log.info("it ends with exactly what it had minus %d units of fees", fees)
        for c in self.coins:
            assert_equal(units(node.gettxout(c.txid_hex, c.n)["value"]), c.value)
        assert_equal(sum(c.value for c in self.coins), wealth - fees)


if __name__ == "__main__":
    RegistryAttacksTest().main()
