#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The small CI version of contrib/p2p-sim/p2p_sim.py: 8 nodes in a random topology (fixed
seed), 6 blocks mined on 3 of them; every block reaches every node and all converge."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "contrib", "p2p-sim"))

from p2p_sim import NetworkSimulation  # noqa: E402


class SmallNetworkSimulation(NetworkSimulation):
    def add_options(self, parser):
        super().add_options(parser)
        parser.set_defaults(nodes=8, degree=2, miners=3, blocks=6, seed=12)


if __name__ == "__main__":
    SmallNetworkSimulation().main()
