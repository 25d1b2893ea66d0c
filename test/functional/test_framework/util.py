#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Assertions, waiting and port helpers for functional tests."""

import inspect
import os
import re
import time

from .authproxy import JSONRPCException

# Ports: each test gets a block of ports derived from its port seed, so tests run in
# parallel (and by other users on the same machine) do not clash. Three ranges:
# P2P ports, RPC ports, SIP ports and SIP TLS ports, each PORT_RANGE wide, all below the
# ephemeral range (32768).
MAX_NODES = 40  # contrib/p2p-sim starts 30+
PORT_MIN = 11000
PORT_RANGE = 5000


class PortSeed:
    n = None


# Options dotsd accepts (from its -help), set by the framework at startup. Port options of
# subsystems that are not built yet (e.g. -port before P2P exists) are left out of dots.conf.
SUPPORTED_OPTIONS = None


def supports_option(name):
    return SUPPORTED_OPTIONS is None or name in SUPPORTED_OPTIONS


def port_options(n):
    """[(name, port)] for node n: P2P, RPC, SIP and SIP TLS ports, those dotsd supports."""
    return [(name, port) for name, port in (("port", p2p_port(n)), ("rpcport", rpc_port(n)), ("sipport", sip_port(n)),
                                            ("siptlsport", sip_tls_port(n)))
            if supports_option(name)]


def _port_slot(n):
    assert n < MAX_NODES
    assert PortSeed.n is not None, "PortSeed.n is set by the test framework"
    return PORT_MIN + n + (MAX_NODES * PortSeed.n) % (PORT_RANGE - 1 - MAX_NODES)


def p2p_port(n):
    return _port_slot(n)


def rpc_port(n):
    return _port_slot(n) + PORT_RANGE


def sip_port(n):
    return _port_slot(n) + 2 * PORT_RANGE


def sip_tls_port(n):
    return _port_slot(n) + 3 * PORT_RANGE


class AssertionFailure(AssertionError):
    pass


def assert_equal(thing1, thing2, *args):
    if thing1 != thing2 or any(thing1 != arg for arg in args):
        raise AssertionError("not(%s)" % " == ".join(str(arg) for arg in (thing1, thing2) + args))


def assert_not_equal(thing1, thing2):
    if thing1 == thing2:
        raise AssertionError(f"{thing1!r} == {thing2!r}")


def assert_greater_than(thing1, thing2):
    if thing1 <= thing2:
        raise AssertionError(f"{thing1} <= {thing2}")


def assert_greater_than_or_equal(thing1, thing2):
    if thing1 < thing2:
        raise AssertionError(f"{thing1} < {thing2}")


def assert_in(item, container):
    if item not in container:
        raise AssertionError(f"{item!r} not in {container!r}")


def assert_raises(exc, fun, *args, **kwds):
    assert_raises_message(exc, None, fun, *args, **kwds)


def assert_raises_message(exc, message, fun, *args, **kwds):
    try:
        fun(*args, **kwds)
    except JSONRPCException:
        raise AssertionError("Use assert_raises_rpc_error() to test RPC failures")
    except exc as e:
        if message is not None and message not in str(e):
            raise AssertionError(f"Expected substring not found: {message!r} not in {str(e)!r}")
    except Exception as e:
        raise AssertionError(f"Unexpected exception raised: {type(e).__name__}: {e}")
    else:
        raise AssertionError("No exception raised")


def try_rpc(code, message, fun, *args, **kwds):
    """Returns True if fun raised a JSONRPCException with this code (if not None) and a message
    containing `message` (if not None); False if it raised nothing. Anything else fails."""
    try:
        fun(*args, **kwds)
    except JSONRPCException as e:
        if code is not None and code != e.error["code"]:
            raise AssertionError(f"Unexpected JSONRPC error code {e.error['code']} (expected {code}): {e.error['message']!r}")
        if message is not None and message not in e.error["message"]:
            raise AssertionError(f"Expected substring not found in error message:\nsubstring: {message!r}\nerror message: {e.error['message']!r}")
        return True
    except Exception as e:
        raise AssertionError(f"Unexpected exception raised: {type(e).__name__}: {e}")
    return False


def assert_raises_rpc_error(code, message, fun, *args, **kwds):
    """Runs fun(*args, **kwds) and checks that it fails with JSON-RPC error `code` and a message
    containing `message` (either may be None to skip that check)."""
    assert try_rpc(code, message, fun, *args, **kwds), "No exception raised"


def assert_raises_process_error(returncode, output, fun, *args, **kwds):
    import subprocess
    try:
        fun(*args, **kwds)
    except subprocess.CalledProcessError as e:
        if returncode != e.returncode:
            raise AssertionError(f"Unexpected returncode {e.returncode} (expected {returncode})")
        if output not in e.output:
            raise AssertionError(f"Expected substring not found: {output!r} not in {e.output!r}")
    else:
        raise AssertionError("No exception raised")


def wait_until(predicate, *, timeout=60, check_interval=0.05, timeout_factor=1.0):
    """Polls predicate() until it returns a true value; fails after timeout seconds."""
    timeout = timeout * timeout_factor
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(check_interval)
    predicate_source = "''''\n" + inspect.getsource(predicate) + "'''"
    raise AssertionError(f"Predicate {predicate_source} not true after {timeout} seconds")


def get_datadir_path(dirname, n):
    return os.path.join(dirname, f"node{n}")


def write_config(config_path, *, n, chain="regtest", extra_config=""):
    """Writes dots.conf for test node n: the chain and its ports in the chain's section."""
    section = "test" if chain == "testnet" else chain
    with open(config_path, "w", encoding="utf8") as f:
        if chain == "testnet":
            f.write("testnet=1\n")
        elif chain != "main":
            f.write(f"{chain}=1\n")
        f.write(f"[{section}]\n")
        for name, port in port_options(n):
            f.write(f"{name}={port}\n")
        if supports_option("bind"):
            # Tests talk to 127.0.0.1 only; Python peers connect from other 127/8 addresses.
            f.write("bind=127.0.0.1\n")
        f.write(extra_config)


def initialize_datadir(dirname, n, chain="regtest"):
    datadir = get_datadir_path(dirname, n)
    os.makedirs(datadir, exist_ok=True)
    write_config(os.path.join(datadir, "dots.conf"), n=n, chain=chain)
    return datadir


def chain_subdir(chain):
    return {"main": "", "testnet": "testnet", "test": "testnet", "regtest": "regtest"}[chain]


def get_auth_cookie(datadir, chain="regtest", cookie_file=None):
    """Returns (user, password) from the cookie file (default <datadir>/<chain>/.cookie; a
    relative cookie_file is inside the chain directory), else from dots.conf
    rpcuser/rpcpassword. Raises ValueError when neither is there (yet)."""
    user = password = None
    conf = os.path.join(datadir, "dots.conf")
    if os.path.isfile(conf):
        with open(conf, "r", encoding="utf8") as f:
            for line in f:
                if line.startswith("rpcuser="):
                    user = line.split("=", 1)[1].strip()
                if line.startswith("rpcpassword="):
                    password = line.split("=", 1)[1].strip()
    cookie = os.path.join(datadir, chain_subdir(chain), cookie_file or ".cookie")
    if os.path.isfile(cookie) and os.access(cookie, os.R_OK):
        with open(cookie, "r", encoding="ascii") as f:
            userpass = f.read().strip()
        if ":" in userpass:
            user, password = userpass.split(":", 1)
    if user is None or password is None:
        raise ValueError("No RPC credentials")
    return user, password


def rpc_url(datadir, i, chain="regtest", host="127.0.0.1", port=None, auth=None, cookie_file=None):
    user, password = auth if auth else get_auth_cookie(datadir, chain, cookie_file)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{user}:{password}@{host}:{port if port else rpc_port(i)}"


def local_ipv4_addresses():
    """Non-loopback IPv4 addresses of this machine's interfaces (Linux), for -rpcbind tests."""
    import fcntl
    import socket
    import struct
    addresses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(s.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))  # SIOCGIFADDR
            except OSError:
                continue  # no IPv4 address on this interface
            addr = socket.inet_ntoa(packed[20:24])
            if not addr.startswith("127."):
                addresses.append(addr)
    return addresses


def match_text(text, expected, match):
    """match is 'full', 'partial' or 'regex'."""
    if match == "full":
        return text.strip() == expected.strip()
    if match == "partial":
        return expected in text
    if match == "regex":
        return re.search(expected, text, flags=re.MULTILINE) is not None
    raise ValueError(match)
