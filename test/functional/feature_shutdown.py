#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""dotsd shuts down cleanly (exit code 0, "Shutdown: done" in debug.log, cookie removed) on
the stop RPC, SIGTERM and SIGINT, also while RPC calls are in flight; with -daemon the pid
file is written and removed again."""

import http.client
import os
import signal
import subprocess
import threading
import time

from test_framework.authproxy import AuthServiceProxy
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, rpc_url

SHUTDOWN_DONE = "Shutdown: done"
STOP_CYCLES = 10


class ShutdownTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def count_done(self):
        return sum(1 for line in self.nodes[0].debug_log_lines() if SHUTDOWN_DONE in line)

    def assert_clean_stop(self, before):
        node = self.nodes[0]
        assert_equal(self.count_done(), before + 1)
        assert not os.path.exists(os.path.join(node.chain_dir, ".cookie")), "cookie left behind"

    def run_test(self):
        node = self.nodes[0]
        self.log.info("stop RPC: answers 'DOTS server stopping', exit code 0 and 'Shutdown: done'")
        for i in range(STOP_CYCLES):
            if i:
                self.start_node(0)
            before = self.count_done()
            # Call stop directly (TestNode.stop_node tolerates a lost reply): the reply must
            # arrive before the server closes the connection, also right after start.
            try:
                reply = node.stop()
            except http.client.RemoteDisconnected:
                raise AssertionError(f"cycle {i}: the server closed the connection without answering stop")
            assert_equal(reply, "DOTS server stopping")
            node.wait_until_stopped()  # asserts exit code 0 and empty stderr
            self.assert_clean_stop(before)

        for sig in (signal.SIGTERM, signal.SIGINT):
            self.log.info(f"{sig.name}: exit code 0 and 'Shutdown: done'")
            self.start_node(0)
            before = self.count_done()
            node.send_signal(sig)
            node.wait_until_stopped()
            self.assert_clean_stop(before)

        self.log.info("stop while other RPC calls are in flight")
        self.start_node(0)
        before = self.count_done()
        stop_event = threading.Event()
        errors = []

        def hammer():
            proxy = node.get_rpc_proxy(timeout=10)
            while not stop_event.is_set():
                try:
                    proxy.getnetworkinfo()
                except Exception as e:  # connection refused or reset once the node is gone
                    errors.append(e)
                    return

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        self.stop_node(0)
        stop_event.set()
        for t in threads:
            t.join(timeout=30)
        self.assert_clean_stop(before)

        self.test_daemon()
        self.start_node(0)  # leave a running node for the framework's own shutdown

    def test_daemon(self):
        node = self.nodes[0]
        self.log.info("-daemon: the launcher exits 0, the pid file names the daemon, stop removes it")
        before = self.count_done()
        pid_file = os.path.join(node.chain_dir, "dotsd.pid")
        assert not os.path.exists(pid_file)
        launcher = subprocess.run([node.binary, f"-datadir={node.datadir}", "-daemon"],
                                  capture_output=True, text=True, timeout=60)
        assert_equal(launcher.returncode, 0)
        self.wait_until(lambda: os.path.isfile(pid_file) and open(pid_file).read().strip() != "", timeout=30)
        with open(pid_file, encoding="ascii") as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)  # the daemon is alive

        proxy = None

        def rpc_up():
            nonlocal proxy
            try:
                proxy = AuthServiceProxy(rpc_url(node.datadir, 0), timeout=10)
                proxy.uptime()
                return True
            except Exception:
                return False

        try:
            self.wait_until(rpc_up, timeout=30)
            assert_equal(proxy.stop(), "DOTS server stopping")

            def gone():
                try:
                    os.kill(pid, 0)
                    return False
                except ProcessLookupError:
                    return True

            self.wait_until(gone, timeout=60)
        except Exception:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            raise
        assert not os.path.exists(pid_file), "pid file left behind after stop"
        self.assert_clean_stop(before)


if __name__ == "__main__":
    ShutdownTest().main()
