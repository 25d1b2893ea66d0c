#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Network simulation: starts --nodes dotsd on 127.0.0.1 (framework-assigned ports), connects
each to --degree random earlier nodes (a random connected topology), then mines --blocks
blocks, each on a randomly chosen node among --miners, and measures for every block how long
each other node took to have it as its tip (polled over RPC). Reports the median and 95th
percentile of those propagation times and whether all nodes converged on one tip.

  contrib/p2p-sim/p2p_sim.py --configfile build/dev/test/config.ini --nodes 30 --blocks 20

test/functional/p2p_simulation.py runs a small version in CI."""

import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "functional"))

from test_framework.blocktools import encode_address, wait_for_chain  # noqa: E402
from test_framework.test_framework import DotsTestFramework  # noqa: E402

ADDR = encode_address(b"\x53" * 32)


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


class NetworkSimulation(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 0  # from --nodes, in setup_nodes

    def add_options(self, parser):
        parser.add_argument("--nodes", type=int, default=30, help="nodes to start (default 30)")
        parser.add_argument("--degree", type=int, default=2, help="outbound connections per node (default 2)")
        parser.add_argument("--miners", type=int, default=5, help="nodes that mine (default 5)")
        parser.add_argument("--blocks", type=int, default=20, help="blocks to mine (default 20)")
        parser.add_argument("--seed", type=int, default=None, help="topology and miner seed (default random)")
        parser.add_argument("--block-timeout", type=float, default=60, help="seconds a block may take to reach every node")

    def setup_nodes(self):
        self.num_nodes = self.options.nodes
        # Only the random topology: no automatic outbound connections that would add edges.
        args = ["-connect=0", "-listen=1", "-siplisten=0"]
        self.add_nodes(self.num_nodes, [args] * self.num_nodes)
        self.start_nodes()
        for n in self.nodes:
            wait_for_chain(n)

    def run_test(self):
        o = self.options
        rng = random.Random(o.seed if o.seed is not None else random.randrange(1 << 30))
        edges = set()
        for i in range(1, o.nodes):
            for j in rng.sample(range(i), min(o.degree, i)):
                edges.add((i, j))
        self.log.info(f"{o.nodes} nodes, {len(edges)} connections, {o.blocks} blocks mined on {o.miners} nodes")
        for a, b in sorted(edges):
            self.connect_nodes(a, b, wait=False)
        self.wait_until(lambda: all(len(n.getpeerinfo()) > 0 for n in self.nodes), timeout=60)
        miners = rng.sample(range(o.nodes), min(o.miners, o.nodes))

        delays = []
        for k in range(o.blocks):
            miner = rng.choice(miners)
            start = time.monotonic()
            block = self.nodes[miner].generatetoaddress(1, ADDR)[0]
            pending = set(range(o.nodes)) - {miner}
            deadline = start + o.block_timeout
            while pending and time.monotonic() < deadline:
                for i in list(pending):
                    if self.nodes[i].getbestblockhash() == block:
                        delays.append(time.monotonic() - start)
                        pending.discard(i)
                time.sleep(0.01)
            if pending:
                raise AssertionError(f"block {k} from node{miner} did not reach nodes {sorted(pending)} in {o.block_timeout} s")

        tips = {n.getbestblockhash() for n in self.nodes}
        converged = len(tips) == 1
        median, p95 = statistics.median(delays), percentile(delays, 95)
        self.log.info(f"block propagation over {len(delays)} node arrivals: median {median * 1000:.0f} ms, "
                      f"95th percentile {p95 * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms; "
                      f"converged: {'yes' if converged else 'NO'} (height {self.nodes[0].getblockcount()})")
        assert converged, f"{len(tips)} different tips"


if __name__ == "__main__":
    NetworkSimulation().main()
