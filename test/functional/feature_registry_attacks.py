#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The attacks of doc/registry.md "Threat model", played against a regtest node. Python plays
the SIP nodes: probers sign challenges, targets answer and keep receipts, originating nodes sign
vouchers.

1. Availability: 14 nodes, so that each target's 9 probers are drawn from 13 others and the draw
   (getprobers, getprobetargets, the Python draw) decides who probes whom; a node that was not
   drawn cannot stand in for one. Three epochs: everybody answers; then a drawn prober withholds
   its challenges from a target whose other live probers are exactly threshold - 1, so the target
   misses its share, which is never created (money supply checked), while the withholder's own
   share is unchanged (and, when it signs late, the target gets exactly its share and the
   withholder nothing); nodes that are down cannot earn with their previous epoch's receipts (a
   node that really stops answering OPTIONS is played by feature_registry_probing.py); then all
   earn again. Reorgs across an epoch start and one that replaces an epoch's seed block (another
   seed, another draw) restore every registry RPC result byte for byte.
2. Fabricated minutes: an operator with 2 and then with 10 nodes signs vouchers for calls that
   never happened for 200 blocks each (deposits, settlements, debts), then takes everything back
   (withdrawals, deregistration, bonds) and ends with exactly the coins it had minus the fees it paid.
Every block of the test is checked: the coinbase is subsidy - pool + fees, whatever registry
transactions it holds (the miner gains nothing by leaving them out or stuffing its own)."""

from test_framework.registry import (
    REGTEST_PARAMS as P,
    epoch_pool,
    miner_reward,
    pool_share,
    probe_answer_message,
    probe_challenge_message,
    probe_epoch_of,
    probe_receipts_payload,
    seed_height,
    settle_epoch_of,
)
from test_framework.registry_node import FEE, K, RegistryTestBase, units
from test_framework.txtools import COIN, KIND_PROBE_RECEIPTS
from test_framework.util import assert_equal

HONEST = [K(f"honest {i}") for i in range(14)]
BONDS = [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 2, 3]  # DOTS (a funding coin holds 4)
BY_KEY = {k.xonly: k for k in HONEST}
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
    def supply(self):
        """Every unit in existence that the registry can pay out: the UTXO set plus all node balances."""
        node = self.nodes[0]
        return units(node.gettxoutsetinfo()["total_amount"]) + sum(units(node.getnodebalance(k.xonly.hex())["balance"])
                                                                   for k in HONEST)

    def draws(self, epoch):
        """{target: [prober keys in draw order]} from getprobers (checked against the Python draw),
        cross-checked with getprobetargets, the prober's side of the same draw."""
        node = self.nodes[0]
        drawn = {t: [BY_KEY[x] for x in self.probers(t, epoch)] for t in HONEST}
        for p in HONEST:
            targets = {(bytes.fromhex(e["target"]), e["index"]) for e in node.getprobetargets(p.xonly.hex(), epoch)["targets"]}
            assert_equal(targets, {(t.xonly, d.index(p)) for t, d in drawn.items() if p in d})
        return drawn

    def probe(self, prober, target, epoch, drawn):
        """One OPTIONS exchange (doc/registry.md "Challenge and answer"): the prober signs the
        challenge; the target checks that the prober is one of its drawn probers and the signature,
        answers and keeps the receipt; the prober checks the answer. Returns the receipt."""
        msg = probe_challenge_message(target.xonly, prober.xonly, epoch, self.genesis)
        challenge = prober.sign(msg)
        assert prober in drawn and prober.verify(msg, challenge)
        answer_msg = probe_answer_message(target.xonly, prober.xonly, epoch, challenge, self.genesis)
        assert target.verify(answer_msg, target.sign(answer_msg))
        return (drawn.index(prober), challenge)

    def run_epoch(self, epoch, drawn, withholding=(), down=()):
        """Every live node probes the targets it was drawn for once in `epoch` (a withholding node
        sends no challenge; a node that is down neither probes nor receives OPTIONS); targets submit
        what they got in one block. Checks each credit, getprobers and the money supply. Returns
        {target: expected credit}."""
        node = self.nodes[0]
        frozen = self.frozen_set(epoch)
        total = sum(b for _, b in frozen)
        pool = epoch_pool(epoch)
        txs, expected = [], {}
        for target in HONEST:
            live = [p for p in drawn[target] if p not in withholding and p not in down]
            receipts = [] if target in down else sorted(self.probe(p, target, epoch, drawn[target]) for p in live)
            got = len(receipts) >= P["probe_threshold"]
            expected[target] = pool_share(pool, self.bonds[target.xonly.hex()], total) if got else 0
            if receipts:
                txs.append(self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(target, epoch, receipts)))
        before = {k: units(node.getnodebalance(k.xonly.hex())["balance"]) for k in HONEST}
        supply = self.supply()
        self.mine_checked(txs)
        for k, credit in expected.items():
            assert_equal(units(node.getnodebalance(k.xonly.hex())["balance"]) - before[k], credit)
            info = node.getprobers(k.xonly.hex(), epoch)
            assert_equal((info["qualified"], units(info["share"])), (credit > 0, pool_share(pool, self.bonds[k.xonly.hex()], total)))
        # New money in the block: the miner's reward and the credited shares, nothing else.
        assert_equal(self.supply() - supply, miner_reward(node.getblockcount()) + sum(expected.values()))
        assert sum(expected.values()) <= pool
        return expected

    def test_availability(self):
        node = self.nodes[0]
        n = len(HONEST)
        self.log.info("%d honest nodes, bonds of 1-3 DOTS: each target has %d probers drawn from %d others", n,
                      P["probe_count"], n - 1)
        assert P["probe_count"] < n - 1  # the draw leaves nodes out: who probes whom depends on the seed
        self.mine_checked([self.register_node(k, bond=b * COIN) for k, b in zip(HONEST, BONDS)])
        e1 = probe_epoch_of(node.getblockcount()) + 1
        self.mine_to(e1 * P["probe_epoch"] + 1)
        info = node.getprobeepoch(e1)
        assert_equal((info["frozen"], info["nodes"], units(info["total_bond"]), units(info["pool"])),
                     (True, n, sum(BONDS) * COIN, epoch_pool(e1)))

        self.log.info("epoch %d: everybody answers its drawn probers; every node qualifies", e1)
        drawn1 = self.draws(e1)
        for t, d in drawn1.items():
            assert_equal(len(d), P["probe_count"])
            assert t not in d
        self.log.info("a node that was not drawn cannot stand in for a drawn prober")
        target = HONEST[0]
        outsider = next(k for k in HONEST if k is not target and k not in drawn1[target])
        fake = probe_receipts_payload(target, e1, [(0, outsider.sign(probe_challenge_message(target.xonly, outsider.xonly, e1,
                                                                                             self.genesis)))])
        self.assert_rejected(self.rtx(KIND_PROBE_RECEIPTS, fake), "bad-probe-sig")
        credits = self.run_epoch(e1, drawn1)
        assert all(c > 0 for c in credits.values())

        e2 = e1 + 1
        self.mine_to(e2 * P["probe_epoch"] + 1)
        drawn2 = self.draws(e2)
        # A target the withholder can fail: of its drawn probers only the withholder and two others
        # are up this epoch (the other six are down), so the withholder's signature is its third.
        target = HONEST[0]
        withholder, others, down = drawn2[target][0], drawn2[target][1:3], drawn2[target][3:]
        self.log.info("epoch %d: %d of the target's probers are down; the withholder is its third live prober", e2, len(down))
        assert_equal(len([withholder] + others), P["probe_threshold"])
        credits = self.run_epoch(e2, drawn2, withholding=[withholder], down=down)
        self.log.info("the target misses the threshold by the withheld receipt: its share is never created")
        info = node.getprobers(target.xonly.hex(), e2)
        assert_equal((info["receipts"], info["qualified"], credits[target]), (P["probe_threshold"] - 1, False, 0))
        self.log.info("the withholder's own share is what it is without withholding; nobody gets more than bond / W")
        total = sum(BONDS) * COIN
        assert_equal(credits[withholder], pool_share(epoch_pool(e2), self.bonds[withholder.xonly.hex()], total))
        for k, c in credits.items():
            assert c in (0, pool_share(epoch_pool(e2), self.bonds[k.xonly.hex()], total))
        for k in down:
            assert_equal(credits[k], 0)
        self.log.info("a node that is down cannot earn with old receipts: the challenge signs the epoch")
        old = self.probers(down[0], e1)
        replay = sorted(self.probe(BY_KEY[p], down[0], e1, [BY_KEY[x] for x in old]) for p in old[:P["probe_threshold"]])
        self.assert_rejected(self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(down[0], e2, replay)), "bad-probe-sig")
        # (A real node that stops answering OPTIONS: feature_registry_probing.py.)

        e3 = e2 + 1
        self.log.info("epoch %d: every node is back and earns again", e3)
        self.mine_to(e3 * P["probe_epoch"] + 1)
        credits = self.run_epoch(e3, self.draws(e3))
        assert all(c > 0 for c in credits.values())

        self.log.info("reorgs across an epoch start, and one that replaces the seed block of epoch %d, restore every "
                      "registry RPC result byte for byte", e3)
        self.roundtrip(node.getblockhash(e2 * P["probe_epoch"]))
        tip = node.getblockcount()
        seed = node.getprobeepoch(e3)["seed_hash"]
        before = {t.xonly.hex(): node.getprobers(t.xonly.hex(), e3) for t in HONEST}
        balances = {k: units(node.getnodebalance(k)["balance"]) for k in before}

        def on_other_branch(node):
            # A shorter branch from the seed height, of empty blocks (generateblock: the receipts the
            # reorg returned to the mempool stay out): another seed, so another draw, no receipts.
            while node.getblockcount() < tip - 1:
                node.generateblock(self.miner_addr, [])
            assert node.getprobeepoch(e3)["seed_hash"] != seed
            after = {k: node.getprobers(k, e3) for k in before}
            assert any(after[k]["probers"] != before[k]["probers"] for k in before), "a new seed left every draw as it was"
            assert not any(a["qualified"] for a in after.values())
            for k in before:
                assert_equal(units(node.getnodebalance(k)["balance"]), balances[k] - units(before[k]["share"]))
        self.roundtrip(node.getblockhash(seed_height(e3)), check_between=on_other_branch)
        assert_equal(node.getblockcount(), tip)

        self.log.info("the withholder signs late, inside epoch %d's window: the target is credited exactly its share, "
                      "the withholder nothing", e2)
        w_receipt = self.probe(withholder, target, e2, drawn2[target])
        balances = {k: units(node.getnodebalance(k.xonly.hex())["balance"]) for k in (target, withholder)}
        supply = self.supply()
        share = pool_share(epoch_pool(e2), self.bonds[target.xonly.hex()], total)
        self.mine_checked([self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(target, e2, [w_receipt]))])
        assert_equal(units(node.getnodebalance(target.xonly.hex())["balance"]) - balances[target], share)
        assert_equal(units(node.getnodebalance(withholder.xonly.hex())["balance"]), balances[withholder])
        assert_equal(self.supply() - supply, miner_reward(node.getblockcount()) + share)

        self.log.info("after its window an epoch's frozen set is erased and its receipts are refused")
        assert_equal(node.getprobeepoch(e1)["frozen"], False)
        late = probe_receipts_payload(HONEST[1], e1, [(0, HONEST[2].sign(probe_challenge_message(HONEST[1].xonly, HONEST[2].xonly,
                                                                                                    e1, self.genesis)))])
        self.assert_rejected(self.rtx(KIND_PROBE_RECEIPTS, late), "bad-probe-epoch")

    # ---- fabricated minutes ----
    def test_fabricated_minutes(self, farm, label):
        node = self.nodes[0]
        self.log.info("an operator with %s fabricates vouchers for 200 blocks", label)
        wealth = sum(c.value for c in self.coins)
        fees = 0

        def mine(txs):
            nonlocal fees
            fees += sum(t.fee if getattr(t, "funding", None) is None else FEE for t in txs)
            self.mine_checked(txs)

        n = len(farm)
        ring = [(farm[i], farm[(i + 1) % n]) for i in range(n)]
        mine([self.register_node(k, bond=COIN, rate=COIN) for k in farm])
        mine([self.deposit(o, t, COIN) for o, t in ring])
        seconds = {}
        # Every settlement epoch for 200 blocks each node claims an hour of calls to the next at 1
        # DOTS a minute: 60 DOTS it "earns" from the other's deposit (then as a debt), over and over.
        first = node.getblockcount() + 1
        for _ in range(200 // P["settle_epoch"]):
            e = settle_epoch_of(node.getblockcount() + 1)
            txs = []
            for o, t in ring:
                seconds[(o, t, e)] = seconds.get((o, t, e), 0) + 3600
                txs.append(self.settle(o, t, [(e, seconds[(o, t, e)], COIN)]))
            mine(txs)
            self.mine_empty(P["settle_epoch"] - 1)
        assert_equal(node.getblockcount(), first + 199)
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
