#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Base class for DOTS functional tests.

A test subclasses DotsTestFramework, sets num_nodes (and extra_args) in set_test_params()
and does its work in run_test(). main() parses the options, creates a temporary directory,
starts the nodes, runs the test, always stops the nodes, and exits with 0 (passed),
1 (failed) or 77 (skipped).
"""

import argparse
import configparser
import logging
import os
import re
import subprocess
import shutil
import sys
import tempfile
import time
import traceback

from .authproxy import JSONRPCException
from .test_node import TestNode
from . import util
from .util import PortSeed, initialize_datadir, wait_until

TEST_EXIT_PASSED = 0
TEST_EXIT_FAILED = 1
TEST_EXIT_SKIPPED = 77

TMPDIR_PREFIX = "dots_func_test_"


class SkipTest(Exception):
    """Raised by skip_test_if_missing_* or run_test to skip the test."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def find_config_file(explicit):
    """The build's test/config.ini: --configfile, else ./test/config.ini (run from the build
    dir), else <srcdir>/test/config.ini (in-tree build)."""
    candidates = [explicit] if explicit else [
        os.path.join(os.getcwd(), "test", "config.ini"),
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "config.ini"),
    ]
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    return None


class DotsTestFramework:
    """Subclass and override set_test_params() and run_test()."""

    def __init__(self):
        self.chain = "regtest"
        self.setup_clean_chain = True
        self.nodes = []
        self.num_nodes = 1
        self.extra_args = None
        self.rpc_timeout = 60
        self.supports_cli = True
        self.options = None
        self.config = None
        self.set_test_params()
        assert self.num_nodes >= 0

    # -- to be overridden -------------------------------------------------

    def set_test_params(self):
        raise NotImplementedError

    def run_test(self):
        raise NotImplementedError

    def add_options(self, parser):
        """Override to add test-specific command-line options."""

    def skip_test_if_missing_module(self):
        """Override and raise SkipTest when something the test needs is not built."""

    def setup_nodes(self):
        self.add_nodes(self.num_nodes, self.extra_args)
        self.start_nodes()

    # -- main --------------------------------------------------------------

    def main(self):
        exit_code = TEST_EXIT_FAILED
        try:
            self.parse_args()
            self.setup()
            self.skip_test_if_missing_module()
            self.setup_nodes()
            self.run_test()
            exit_code = TEST_EXIT_PASSED
        except SkipTest as e:
            self.log.warning(f"Test Skipped: {e.message}")
            exit_code = TEST_EXIT_SKIPPED
        except (AssertionError, JSONRPCException) as e:
            self.log.exception("Assertion failed" if isinstance(e, AssertionError) else "JSONRPC error")
        except KeyboardInterrupt:
            self.log.warning("Exiting after keyboard interrupt")
        except Exception:
            self.log.exception("Unexpected exception caught during testing")
        exit_code = self.shutdown(exit_code)
        sys.exit(exit_code)

    def parse_args(self):
        parser = argparse.ArgumentParser(usage="%(prog)s [options]")
        parser.add_argument("--nocleanup", dest="nocleanup", default=False, action="store_true",
                            help="Leave dotsd processes' datadirs on exit or error")
        parser.add_argument("--noshutdown", dest="noshutdown", default=False, action="store_true",
                            help="Don't stop dotsd processes after the test execution")
        parser.add_argument("--tmpdir", dest="tmpdir", help="Root directory for datadirs (must not exist)")
        parser.add_argument("-l", "--loglevel", dest="loglevel", default="INFO",
                            help="log events at this level and higher to the console (DEBUG, INFO, WARNING, ERROR)")
        parser.add_argument("--tracerpc", dest="trace_rpc", default=False, action="store_true",
                            help="Print out all RPC calls as they are made")
        parser.add_argument("--portseed", dest="port_seed", default=os.getpid(), type=int,
                            help="The seed to use for assigning port numbers (default: current process id)")
        parser.add_argument("--configfile", dest="configfile", default=None,
                            help="Location of the test framework config file (default: ./test/config.ini)")
        parser.add_argument("--timeout-factor", dest="timeout_factor", type=float, default=1.0,
                            help="adjust test timeouts by a factor")
        parser.add_argument("--usecli", dest="usecli", default=False, action="store_true",
                            help="use dots-cli instead of RPC for all calls")
        self.add_options(parser)
        self.options = parser.parse_args()

    def setup(self):
        PortSeed.n = self.options.port_seed
        configfile = find_config_file(self.options.configfile)
        config = configparser.ConfigParser()
        if configfile:
            config.read_file(open(configfile, encoding="utf8"))
        elif not (os.getenv("DOTSD") and os.getenv("DOTSCLI")):
            print("No test/config.ini found: run from the build directory, pass --configfile, "
                  "or set DOTSD and DOTSCLI", file=sys.stderr)
            raise SystemExit(TEST_EXIT_FAILED)
        self.config = config
        builddir = config["environment"]["BUILDDIR"] if config.has_section("environment") else ""
        exeext = config["environment"].get("EXEEXT", "") if config.has_section("environment") else ""
        self.options.dotsd = os.getenv("DOTSD", os.path.join(builddir, "src", "dotsd" + exeext))
        self.options.dotscli = os.getenv("DOTSCLI", os.path.join(builddir, "src", "dots-cli" + exeext))

        if self.options.tmpdir:
            self.options.tmpdir = os.path.abspath(self.options.tmpdir)
            os.makedirs(self.options.tmpdir, exist_ok=False)
        else:
            self.options.tmpdir = tempfile.mkdtemp(prefix=TMPDIR_PREFIX)
        self._start_logging()
        self.log.debug(f"Setting up network on chain {self.chain}")
        self.log.info(f"PRNG/port seed {self.options.port_seed}; tmpdir {self.options.tmpdir}")
        for name, path in (("dotsd", self.options.dotsd), ("dots-cli", self.options.dotscli)):
            if not os.access(path, os.X_OK):
                raise FileNotFoundError(f"{name} binary not found at {path} (build it, or set DOTSD/DOTSCLI)")
        util.SUPPORTED_OPTIONS = self._dotsd_options()

    def _dotsd_options(self):
        """The option names dotsd lists in -help -help-debug."""
        p = subprocess.run([self.options.dotsd, "-help", "-help-debug"], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError(f"dotsd -help failed ({p.returncode}): {p.stderr}")
        return set(re.findall(r"^  -([a-z0-9]+)", p.stdout, flags=re.MULTILINE))

    def _start_logging(self):
        self.log = logging.getLogger("TestFramework")
        self.log.setLevel(logging.DEBUG)
        fh = logging.FileHandler(os.path.join(self.options.tmpdir, "test_framework.log"), encoding="utf-8")
        fh.setLevel(logging.DEBUG)
        ch = logging.StreamHandler(sys.stdout)
        ch.setLevel(getattr(logging, self.options.loglevel.upper(), logging.INFO))
        formatter = logging.Formatter(fmt="%(asctime)s.%(msecs)03d000Z %(name)s (%(levelname)s): %(message)s",
                                      datefmt="%Y-%m-%dT%H:%M:%S")
        formatter.converter = time.gmtime
        fh.setFormatter(formatter)
        ch.setFormatter(formatter)
        root = logging.getLogger()
        root.setLevel(logging.DEBUG)
        root.handlers = [fh, ch]
        if self.options.trace_rpc:
            logging.getLogger("DOTSRPC").setLevel(logging.DEBUG)
        else:
            logging.getLogger("DOTSRPC").setLevel(logging.INFO)

    def shutdown(self, exit_code):
        if not self.options or not hasattr(self, "log"):
            return exit_code
        if not self.options.noshutdown:
            self.log.info("Stopping nodes")
            for node in self.nodes:
                for p in node.p2ps:
                    p.close()
                node.p2ps = []
                try:
                    if node.running:
                        if exit_code == TEST_EXIT_PASSED and node.rpc_connected:
                            node.stop_node()
                        else:
                            # after a failure, do not let a hung node keep the test alive
                            try:
                                if node.rpc_connected:
                                    node.stop_node(wait=False)
                                    node.wait_until_stopped(timeout=20)
                            except Exception:
                                pass
                            node.kill_process()
                except Exception:
                    self.log.exception(f"Failed to stop node{node.index}")
                    exit_code = TEST_EXIT_FAILED
                    node.kill_process()
        if exit_code == TEST_EXIT_FAILED:
            self._print_node_logs()
        cleanup = not self.options.nocleanup and not self.options.noshutdown and exit_code != TEST_EXIT_FAILED
        if cleanup:
            self.log.info("Cleaning up {} on exit".format(self.options.tmpdir))
        else:
            self.log.warning("Not cleaning up dir {}".format(self.options.tmpdir))
        if exit_code == TEST_EXIT_PASSED:
            self.log.info("Tests successful")
        elif exit_code == TEST_EXIT_SKIPPED:
            self.log.info("Test skipped")
        else:
            self.log.error(f"Test failed. Test logging available at {self.options.tmpdir}/test_framework.log")
        logging.shutdown()
        if cleanup:
            shutil.rmtree(self.options.tmpdir, ignore_errors=True)
        return exit_code

    def _print_node_logs(self, lines=40):
        for node in self.nodes:
            tail = node.debug_log_lines()[-lines:]
            print(f"\n--- node{node.index} debug.log (last {len(tail)} lines) ---")
            print("\n".join(tail))
            stderr = node.read_stderr().strip() if node.stderr is not None else ""
            if stderr:
                print(f"--- node{node.index} stderr ---\n{stderr}")
        sys.stdout.flush()

    # -- build components ---------------------------------------------------

    def is_component_enabled(self, name):
        """Whether test/config.ini's [components] marks `name` (e.g. ENABLE_ZMQ) as built."""
        if not self.config or not self.config.has_section("components"):
            return False
        return self.config["components"].get(name, "").strip().lower() in ("1", "yes", "true")

    def skip_if_no_zmq(self):
        if not self.is_component_enabled("ENABLE_ZMQ"):
            raise SkipTest("dotsd was built without ZMQ (or test/config.ini does not say)")

    # -- node helpers -------------------------------------------------------

    def add_nodes(self, num_nodes, extra_args=None):
        if extra_args is None:
            extra_args = [[]] * num_nodes
        assert len(extra_args) == num_nodes
        for i in range(num_nodes):
            n = len(self.nodes)
            datadir = initialize_datadir(self.options.tmpdir, n, self.chain)
            self.nodes.append(TestNode(
                n, datadir, chain=self.chain, rpc_timeout=self.rpc_timeout,
                timeout_factor=self.options.timeout_factor, dotsd=self.options.dotsd,
                dotscli=self.options.dotscli, extra_args=extra_args[i], use_cli=self.options.usecli,
                trace_rpc=self.options.trace_rpc))

    def start_node(self, i, extra_args=None, **kwargs):
        node = self.nodes[i]
        node.start(extra_args, **kwargs)
        node.wait_for_rpc_connection()

    def start_nodes(self, extra_args=None):
        if extra_args is None:
            extra_args = [None] * len(self.nodes)
        for node, args in zip(self.nodes, extra_args):
            node.start(args)
        for node in self.nodes:
            node.wait_for_rpc_connection()

    def stop_node(self, i, expected_stderr="", wait=True):
        self.nodes[i].stop_node(expected_stderr=expected_stderr, wait=wait)

    def stop_nodes(self):
        for node in self.nodes:
            node.stop_node(wait=False)
        for node in self.nodes:
            node.wait_until_stopped()

    def restart_node(self, i, extra_args=None):
        self.stop_node(i)
        self.start_node(i, extra_args)

    def wait_until(self, predicate, *, timeout=60):
        return wait_until(predicate, timeout=timeout, timeout_factor=self.options.timeout_factor)

    # -- P2P between nodes ----------------------------------------------------

    def connect_nodes(self, a, b, *, wait=True):
        """Node a opens an outbound (manual, onetry) connection to node b; waits until both
        completed the handshake."""
        from_node, to_node = self.nodes[a], self.nodes[b]
        target = f"127.0.0.1:{to_node.p2p_port}"
        from_node.addnode(target, "onetry")
        if not wait:
            return

        def connected():
            out = [p for p in from_node.getpeerinfo() if p["addr"] == target and p["version"] != 0]
            if not out:
                return False
            local_port = out[0]["addrbind"].rsplit(":", 1)[1]
            return any(p["addr"].endswith(":" + local_port) and p["version"] != 0 for p in to_node.getpeerinfo())
        self.wait_until(connected, timeout=30)

    def disconnect_nodes(self, a, b):
        """Closes every connection between nodes a and b and waits until both see it gone."""
        def peers_of(x, y):
            port_y = self.nodes[y].p2p_port
            binds = {p["addrbind"] for p in self.nodes[y].getpeerinfo()}
            return [p for p in self.nodes[x].getpeerinfo()
                    if p["addr"].endswith(f":{port_y}") or p["addr"] in binds]
        for x, y in ((a, b), (b, a)):
            for p in peers_of(x, y):
                try:
                    self.nodes[x].disconnectnode(nodeid=p["id"])
                except JSONRPCException as e:
                    if e.error["code"] != -29:  # already gone
                        raise
        self.wait_until(lambda: not peers_of(a, b) and not peers_of(b, a), timeout=30)

    def sync_blocks(self, nodes=None, *, timeout=60):
        """Waits until the nodes agree on the best block."""
        nodes = nodes if nodes is not None else self.nodes
        self.wait_until(lambda: len({n.getbestblockhash() for n in nodes}) == 1, timeout=timeout)

    def sync_all(self, nodes=None, *, timeout=60):
        self.sync_blocks(nodes, timeout=timeout)
