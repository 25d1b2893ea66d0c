#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A second dotsd on the same datadir exits with a clear error and leaves the first one (and
its cookie, pid file and debug.log) alone."""

import os

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, get_auth_cookie


class DatadirLockTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2

    def setup_nodes(self):
        self.add_nodes(self.num_nodes)
        self.start_node(0)  # node1 is only used for its distinct ports

    def run_test(self):
        node0, node1 = self.nodes
        cookie_before = get_auth_cookie(node0.datadir)
        uptime_before = node0.uptime()

        self.log.info("Second dotsd on the same datadir (other ports) fails with a lock error")
        # Use node1's ports so that only the datadir is shared: the lock must be what fails.
        node1.args = [node1.binary, f"-datadir={node0.datadir}"]
        stderr = node1.assert_start_raises_init_error(
            node1.port_args(),
            r"(?i)lock.*data directory|data directory.*lock", match="regex")
        self.log.info(f"error was: {stderr}")
        assert node0.datadir in stderr, f"error should name the datadir: {stderr}"

        self.log.info("The first node is untouched: still running, same cookie, RPC works")
        assert_equal(get_auth_cookie(node0.datadir), cookie_before)
        assert node0.process.poll() is None
        assert node0.uptime() >= uptime_before
        assert os.path.isfile(os.path.join(node0.chain_dir, ".cookie"))

        self.log.info("After the first node stops, the datadir can be used again")
        self.stop_node(0)
        self.start_node(0)
        assert node0.uptime() >= 0


if __name__ == "__main__":
    DatadirLockTest().main()
