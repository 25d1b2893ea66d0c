#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""TestNode: one dotsd process under test, and TestNodeCLI: dots-cli against it."""

import json
import logging
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.parse
import http.client

from .authproxy import AuthServiceProxy, JSONRPCException
from .util import (
    chain_subdir,
    get_auth_cookie,
    match_text,
    p2p_port,
    port_options,
    rpc_port,
    rpc_url,
    sip_port,
    sip_tls_port,
)

DOTSD_PROC_WAIT_TIMEOUT = 60


class FailedToStartError(Exception):
    """dotsd exited (or never answered RPC) during startup."""


class TestNode:
    """A dotsd process with its own datadir and ports.

    RPC methods are called as attributes: node.getnetworkinfo(). The proxy is available once
    start() + wait_for_rpc_connection() (or start_node in the framework) returned.
    """

    def __init__(self, i, datadir, *, chain="regtest", rpc_timeout, timeout_factor, dotsd, dotscli,
                 extra_args=None, use_cli=False, trace_rpc=False):
        self.index = i
        self.datadir = datadir
        self.chain = chain
        self.chain_dir = os.path.join(datadir, chain_subdir(chain))
        self.stdout_dir = os.path.join(datadir, "stdout")
        self.stderr_dir = os.path.join(datadir, "stderr")
        self.rpc_timeout = rpc_timeout
        self.timeout_factor = timeout_factor
        self.binary = dotsd
        self.extra_args = list(extra_args or [])
        self.use_cli = use_cli
        self.trace_rpc = trace_rpc
        self.args = [self.binary, f"-datadir={self.datadir}"]
        self.cli = TestNodeCLI(dotscli, self.datadir)
        self.process = None
        self.rpc = None
        self.running = False
        self.rpc_connected = False
        self.stdout = None
        self.stderr = None
        self.auth = None  # (user, password) when the node runs without a cookie
        self.cookie_file = None  # -rpccookiefile of the running process
        self.log = logging.getLogger(f"TestFramework.node{i}")
        self.p2ps = []  # Python P2P peers connected to this node (add_p2p_connection)

    @property
    def p2p_port(self):
        return p2p_port(self.index)

    @property
    def rpc_port(self):
        return rpc_port(self.index)

    @property
    def sip_port(self):
        return sip_port(self.index)

    @property
    def sip_tls_port(self):
        return sip_tls_port(self.index)

    def port_args(self):
        """-port/-rpcport/-sipport/-siptlsport for this node, those that dotsd supports."""
        return [f"-{name}={port}" for name, port in port_options(self.index)]

    @property
    def debug_log_path(self):
        return os.path.join(self.chain_dir, "debug.log")

    def __getattr__(self, name):
        """Dispatches unknown attributes to the RPC proxy (or to dots-cli with use_cli)."""
        if name.startswith("__"):
            raise AttributeError(name)
        if self.use_cli:
            return getattr(self.cli, name)
        if self.rpc is None or not self.rpc_connected:
            raise AssertionError(f"Error: RPC not connected on node{self.index} (calling {name})")
        return getattr(self.rpc, name)

    def start(self, extra_args=None, *, stdout=None, stderr=None, env=None):
        """Starts dotsd; does not wait for RPC."""
        if extra_args is None:
            extra_args = self.extra_args
        os.makedirs(self.stdout_dir, exist_ok=True)
        os.makedirs(self.stderr_dir, exist_ok=True)
        if stdout is None:
            stdout = tempfile.NamedTemporaryFile(dir=self.stdout_dir, delete=False)
        if stderr is None:
            stderr = tempfile.NamedTemporaryFile(dir=self.stderr_dir, delete=False)
        self.stdout = stdout
        self.stderr = stderr
        self.auth = self._auth_from_args(extra_args)
        self.cookie_file = next((a.split("=", 1)[1] for a in reversed(list(extra_args))
                                 if a.startswith("-rpccookiefile=")), None)
        self.process = subprocess.Popen(self.args + list(extra_args), stdout=stdout, stderr=stderr, env=env)
        self.running = True
        self.log.debug("dotsd started (pid %d), waiting for RPC to come up", self.process.pid)

    @staticmethod
    def _auth_from_args(args):
        user = password = None
        for a in args:
            if a.startswith("-rpcuser="):
                user = a.split("=", 1)[1]
            elif a.startswith("-rpcpassword="):
                password = a.split("=", 1)[1]
        return (user, password) if user is not None and password is not None else None

    def read_stderr(self):
        if self.stderr is None:
            return ""
        if not self.stderr.closed:
            self.stderr.flush()
        with open(self.stderr.name, "r", encoding="utf8", errors="replace") as f:
            return f.read()

    def read_stdout(self):
        if self.stdout is None:
            return ""
        if not self.stdout.closed:
            self.stdout.flush()
        with open(self.stdout.name, "r", encoding="utf8", errors="replace") as f:
            return f.read()

    def wait_for_rpc_connection(self, timeout=60, *, host="127.0.0.1"):
        """Polls until RPC answers on host (reading the cookie on every try); raises
        FailedToStartError if dotsd exits first or the timeout passes."""
        deadline = time.time() + timeout * self.timeout_factor
        last_error = None
        while time.time() < deadline:
            if self.process.poll() is not None:
                self.running = False
                raise FailedToStartError(
                    f"[node {self.index}] dotsd exited with status {self.process.returncode} during initialization:\n"
                    f"{self.read_stderr()}")
            try:
                url = rpc_url(self.datadir, self.index, self.chain, host=host, auth=self.auth, cookie_file=self.cookie_file)
                proxy = AuthServiceProxy(url, timeout=self.rpc_timeout, trace=self.trace_rpc)
                # getblockcount answers only after warmup (uptime answers during it), so a
                # test never races the chainstate still loading.
                proxy.getblockcount()
                self.rpc = proxy
                self.rpc_connected = True
                self.url = url
                self.log.debug("RPC successfully started")
                return
            except JSONRPCException as e:
                last_error = e  # -28 warmup, or 401 with a stale cookie: try again
            except (ConnectionError, OSError, ValueError, http.client.HTTPException) as e:
                last_error = e  # not listening yet, or no cookie yet
            time.sleep(0.1)
        self.kill_process()
        raise FailedToStartError(f"[node {self.index}] Unable to connect to dotsd RPC within {timeout}s: {last_error!r}")

    def get_rpc_proxy(self, user=None, password=None, timeout=None):
        """A new proxy to this node, optionally with other credentials."""
        auth = (user, password) if user is not None else self.auth
        url = rpc_url(self.datadir, self.index, self.chain, auth=auth, cookie_file=self.cookie_file)
        return AuthServiceProxy(url, timeout=timeout or self.rpc_timeout, trace=self.trace_rpc)

    def stop_node(self, expected_stderr="", *, wait=True, timeout=DOTSD_PROC_WAIT_TIMEOUT):
        """Stops the node via the stop RPC and (by default) waits for a clean exit."""
        self.log.debug("Stopping node")
        try:
            result = self.rpc.stop()
            assert result == "DOTS server stopping", f"unexpected stop reply {result!r}"
        except http.client.HTTPException:
            self.log.exception("Unable to stop node.")
        if wait:
            self.wait_until_stopped(expected_stderr=expected_stderr, timeout=timeout)

    def is_node_stopped(self, *, expected_stderr="", expected_ret_code=0):
        """True once dotsd exited; asserts it exited with the expected code and stderr."""
        if not self.running:
            return True
        return_code = self.process.poll()
        if return_code is None:
            return False
        assert return_code == expected_ret_code, \
            f"Node {self.index} returned unexpected exit code {return_code} (expected {expected_ret_code}); stderr:\n{self.read_stderr()}"
        stderr = self.read_stderr().strip()
        if stderr != expected_stderr.strip():
            raise AssertionError(f"Unexpected stderr {stderr!r} != {expected_stderr!r}")
        self.running = False
        self.process = None
        self.rpc_connected = False
        self.rpc = None
        self.log.debug("Node stopped")
        return True

    def wait_until_stopped(self, *, timeout=DOTSD_PROC_WAIT_TIMEOUT, expected_ret_code=0, expected_stderr=""):
        deadline = time.time() + timeout * self.timeout_factor
        while time.time() < deadline:
            if self.is_node_stopped(expected_ret_code=expected_ret_code, expected_stderr=expected_stderr):
                return
            time.sleep(0.05)
        raise AssertionError(f"node{self.index} did not stop within {timeout}s")

    def send_signal(self, sig):
        self.process.send_signal(sig)

    def kill_process(self):
        """kill -9: no clean shutdown (tests of crash recovery, or cleanup after a failure)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=DOTSD_PROC_WAIT_TIMEOUT)
        self.running = False
        self.process = None
        self.rpc_connected = False
        self.rpc = None

    def assert_start_raises_init_error(self, extra_args=None, expected_msg=None, match="partial", timeout=30):
        """Starts dotsd expecting it to fail during init: a non-zero exit and (if given)
        expected_msg in its stderr. match is 'partial', 'full' or 'regex'."""
        with tempfile.NamedTemporaryFile(dir=self.stderr_dir if os.path.isdir(self.stderr_dir) else None, delete=False) as log_stderr, \
             tempfile.NamedTemporaryFile(dir=self.stdout_dir if os.path.isdir(self.stdout_dir) else None, delete=False) as log_stdout:
            self.start(extra_args, stdout=log_stdout, stderr=log_stderr)
            try:
                ret = self.process.wait(timeout=timeout * self.timeout_factor)
            except subprocess.TimeoutExpired:
                self.kill_process()
                raise AssertionError(f"dotsd should have exited with an error (args {extra_args}) but is still running")
            self.running = False
            self.process = None
            log_stderr.seek(0)
            stderr = log_stderr.read().decode("utf-8", "replace").strip()
            if ret == 0:
                raise AssertionError(f"dotsd exited with status 0, expected an init error (stderr: {stderr!r})")
            if expected_msg is not None and not match_text(stderr, expected_msg, match):
                raise AssertionError(f"Expected message {expected_msg!r} ({match}) does not match stderr:\n{stderr!r}")
            return stderr

    def add_p2p_connection(self, p2p, *, wait_for_verack=True, srcaddr=None, send_version=True, **version_kwargs):
        """Connects a Python P2P peer (test_framework/p2p.py) to this node's P2P port, from
        `srcaddr` (e.g. "127.0.0.2", so bans and discouragement hit only this peer), and by
        default completes the handshake. Returns the peer."""
        p2p.timeout_factor = self.timeout_factor
        p2p.peer_connect("127.0.0.1", self.p2p_port, srcaddr=srcaddr, send_version=send_version,
                         version_kwargs=version_kwargs or None)
        self.p2ps.append(p2p)
        if wait_for_verack:
            p2p.wait_for_verack()
            p2p.sync_with_ping()
        return p2p

    def disconnect_p2ps(self):
        """Closes every Python P2P peer of this node and waits until the node dropped them."""
        for p in self.p2ps:
            p.close()
        self.p2ps = []
        if self.rpc_connected:
            deadline = time.time() + 30 * self.timeout_factor
            while time.time() < deadline:
                if not any(p["subver"].startswith("/python-p2p") for p in self.getpeerinfo()):
                    return
                time.sleep(0.05)
            raise AssertionError(f"node{self.index} still lists Python peers")

    def debug_log_lines(self):
        if not os.path.isfile(self.debug_log_path):
            return []
        with open(self.debug_log_path, "r", encoding="utf8", errors="replace") as f:
            return f.read().splitlines()

    def assert_debug_log(self, expected_msgs, timeout=2):
        """Checks that every message appears in debug.log lines written after this call's start
        (use as a context manager around the action that logs)."""
        return _DebugLogChecker(self, expected_msgs, timeout)


class _DebugLogChecker:
    def __init__(self, node, expected_msgs, timeout):
        self.node, self.expected, self.timeout = node, expected_msgs, timeout

    def __enter__(self):
        self.start_size = os.path.getsize(self.node.debug_log_path) if os.path.isfile(self.node.debug_log_path) else 0
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False
        deadline = time.time() + self.timeout * self.node.timeout_factor
        while True:
            with open(self.node.debug_log_path, "rb") as f:
                f.seek(self.start_size)
                log = f.read().decode("utf8", "replace")
            missing = [m for m in self.expected if m not in log]
            if not missing:
                return False
            if time.time() > deadline:
                raise AssertionError(f"Expected messages {missing!r} not found in debug.log:\n{log[-3000:]}")
            time.sleep(0.05)


class CLIError(Exception):
    """dots-cli failed without a JSON-RPC error (connection, auth, usage)."""

    def __init__(self, returncode, stderr):
        super().__init__(f"dots-cli exit {returncode}: {stderr}")
        self.returncode = returncode
        self.stderr = stderr


def arg_to_cli(arg):
    if isinstance(arg, bool):
        return str(arg).lower()
    if arg is None:
        return "null"
    if isinstance(arg, (dict, list)):
        return json.dumps(arg)
    return str(arg)


class TestNodeCLI:
    """Runs dots-cli against a node: node.cli.getnetworkinfo(), node.cli("-getinfo").send_cli(),
    node.cli.help(command="stop") (sent with -named). Results are parsed as JSON when they are
    JSON, else returned as text. JSON-RPC errors raise JSONRPCException like the proxy does;
    other failures raise CLIError."""

    def __init__(self, binary, datadir):
        self.options = []
        self.binary = binary
        self.datadir = datadir
        self.input = None

    def __call__(self, *options, input=None):
        cli = TestNodeCLI(self.binary, self.datadir)
        cli.options = [str(o) for o in options]
        cli.input = input
        return cli

    def __getattr__(self, command):
        if command.startswith("__"):
            raise AttributeError(command)
        return lambda *args, **kwargs: self.send_cli(command, *args, **kwargs)

    def run(self, *args):
        """Runs dots-cli with the node's datadir plus args; returns (returncode, stdout, stderr)."""
        p = subprocess.run([self.binary, f"-datadir={self.datadir}"] + self.options + [str(a) for a in args],
                           input=self.input, capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def send_cli(self, clicommand=None, *args, **kwargs):
        pos_args = [arg_to_cli(a) for a in args]
        named_args = [f"{k}={arg_to_cli(v)}" for k, v in kwargs.items()]
        cli_args = []
        if named_args:
            cli_args.append("-named")
        if clicommand is not None:
            cli_args.append(clicommand)
        cli_args += pos_args + named_args
        returncode, out, err = self.run(*cli_args)
        if returncode != 0:
            m = re.match(r"error code: ([-0-9]+)\nerror message:\n(.*)", err, re.DOTALL)
            if m:
                raise JSONRPCException({"code": int(m.group(1)), "message": m.group(2).rstrip("\n")})
            raise CLIError(returncode, err)
        try:
            return json.loads(out)
        except json.JSONDecodeError:
            # dots-cli prints a string result raw followed by one newline
            return out[:-1] if out.endswith("\n") else out
