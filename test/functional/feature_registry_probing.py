#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Availability probing end to end (doc/registry.md "Probing protocol"): four dotsd, each with a
wallet holding three registered node keys whose endpoint is the dotsd's SIP port on 127.0.0.1,
so that twelve nodes are in the frozen set and each target's 9 probers are a real draw from its
11 others. Through one probe epoch the probers send real SIP OPTIONS with DOTS-Probe, the targets
answer, keep the receipts in their wallets, submit them in a probe_receipts transaction and are
credited their share (getnodebalance). node2 is stopped before the epoch starts: its keys are
not credited while every other key is. node3 runs with -probe=0 (it withholds as prober, but
answers as target): no target holds a receipt from one of its keys, although they were drawn,
and every other drawn live prober's receipt is kept."""

from decimal import Decimal

from test_framework.registry import REGTEST_PARAMS as P, probe_epoch_of, seed_height
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal
from test_framework.wallet_util import wallet_rpc

KEYS_PER_NODE = 3
STOPPED, WITHHOLDER = 2, 3


class RegistryProbingTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 4
        self.extra_args = [["-keypool=20", "-probejitter=0", "-debug=sip"] for _ in range(self.num_nodes)]
        self.extra_args[WITHHOLDER].append("-probe=0")

    def setup_nodes(self):
        self.add_nodes(self.num_nodes, self.extra_args)
        for i, node in enumerate(self.nodes):
            node.extra_args = self.extra_args[i] + [f"-sipbind=127.0.0.1:{node.sip_port}"]
        self.start_nodes([n.extra_args for n in self.nodes])
        for i in range(1, self.num_nodes):
            self.connect_nodes(i, 0)

    def live(self):
        return [n for i, n in enumerate(self.nodes) if i != STOPPED]

    def run_test(self):
        miner = self.nodes[0]
        wallets = []
        for node in self.nodes:
            node.createwallet("w")
            wallets.append(wallet_rpc(node, "w"))
        mine_to = wallets[0].getnewaddress()
        for w in wallets:
            miner.generatetoaddress(2, w.getnewaddress())
        miner.generatetoaddress(100, mine_to)
        self.sync_blocks()

        self.log.info("register three node keys per dotsd, endpoint = its SIP port")
        keys = []  # per dotsd, its node keys
        for i, (node, w) in enumerate(zip(self.nodes, wallets)):
            endpoint = f"sip:127.0.0.1:{node.sip_port};transport=udp"
            mine = []
            for k in range(KEYS_PER_NODE):
                mine.append(w.registernode([endpoint], 1 + k)["node"])  # bonds 1, 2, 3: a weighted draw
            keys.append(mine)
            self.wait_until(lambda: len(miner.getrawmempool()) >= KEYS_PER_NODE * (i + 1), timeout=30)
        miner.generatetoaddress(1, mine_to)
        registered = miner.getblockcount()
        owner = {k: i for i, ks in enumerate(keys) for k in ks}

        # The first epoch whose seed is at or after the registrations.
        epoch = probe_epoch_of(registered) + 1
        while seed_height(epoch) < registered:
            epoch += 1
        start = epoch * P["probe_epoch"]
        miner.generatetoaddress(start - 1 - miner.getblockcount(), mine_to)
        self.sync_blocks()
        info = miner.getprobeepoch(epoch)
        assert_equal(info["nodes"], len(owner))

        self.log.info("the draw: every target has 9 of its 11 others as probers")
        drawn = {t: [p["node"] for p in miner.getprobers(t, epoch)["probers"]] for t in owner}
        for t, probers in drawn.items():
            assert_equal(len(probers), P["probe_count"])
            assert t not in probers
        assert any(owner[p] == WITHHOLDER for t in owner if owner[t] != WITHHOLDER for p in drawn[t])

        self.log.info("node2 stops before epoch %d starts; the others mine into it and probe", epoch)
        self.stop_node(STOPPED)
        miner.generatetoaddress(1, mine_to)
        self.sync_blocks(self.live())
        live_targets = [t for t in owner if owner[t] != STOPPED]

        def expected_receipts(t):
            """The drawn probers that send: live and not withholding."""
            return {p for p in drawn[t] if owner[p] not in (STOPPED, WITHHOLDER)}

        def kept(t):
            found = set()
            for line in self.nodes[owner[t]].debug_log_lines():
                if f"probe receipt kept: target {t} prober " in line:
                    found.add(line.split(" prober ")[1].split()[0])
            return found

        self.wait_until(lambda: all(kept(t) == expected_receipts(t) for t in live_targets), timeout=60)
        for t in live_targets:
            assert len(expected_receipts(t)) >= P["probe_threshold"]
            assert not any(owner[p] == WITHHOLDER for p in kept(t)), "a receipt from the withholding prober"
        withheld = sum(1 for t in live_targets for p in drawn[t] if owner[p] == WITHHOLDER)
        assert withheld > 0
        self.log.info("%d receipts kept from real OPTIONS; %d withheld by node3's keys", sum(len(kept(t)) for t in live_targets), withheld)

        self.log.info("the targets submit their receipts and are credited")

        def submitted():
            return len(set().union(*(n.getrawmempool() for n in self.live()))) >= len(live_targets)
        self.wait_until(submitted, timeout=30)
        for node in self.live():  # each mines its own mempool, so relay timing does not matter
            node.generatetoaddress(1, mine_to)
            self.sync_blocks(self.live())
        assert miner.getblockcount() < start + P["probe_epoch"], "credited inside the epoch"
        for t in live_targets:
            p = miner.getprobers(t, epoch)
            assert_equal(p["receipts"], P["probe_threshold"])  # exactly t submitted: more would only cost fees
            assert p["share"] > 0
            assert_equal(miner.getnodebalance(t)["balance"], p["share"])

        self.log.info("node2's keys answered nobody: no receipts, no share")
        for t in keys[STOPPED]:
            p = miner.getprobers(t, epoch)
            assert_equal(p["receipts"], 0)
            assert not p["qualified"]
            assert_equal(miner.getnodebalance(t)["balance"], Decimal(0))


if __name__ == "__main__":
    RegistryProbingTest().main()
