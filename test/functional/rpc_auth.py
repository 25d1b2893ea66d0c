#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""RPC authentication: cookie, -rpcauth, -rpcuser/-rpcpassword, -rpccookiefile; 401 with
WWW-Authenticate on failure; the cookie is removed at stop."""

import base64
import hmac
import http.client
import json
import os
import re
import secrets
import stat

from test_framework.authproxy import JSONRPCException
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_in, assert_not_equal, get_auth_cookie


def rpcauth_line(user, password):
    """The same format as Bitcoin Core's share/rpcauth/rpcauth.py."""
    salt = secrets.token_hex(16)
    digest = hmac.new(salt.encode("utf-8"), password.encode("utf-8"), "SHA256").hexdigest()
    return f"{user}:{salt}${digest}"


class RpcAuthTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def call(self, user, password, method="uptime", headers_override=None):
        """Raw HTTP POST; returns (status, headers, body)."""
        node = self.nodes[0]
        conn = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if user is not None:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        if headers_override:
            headers.update(headers_override)
        conn.request("POST", "/", json.dumps({"method": method, "params": [], "id": 1}), headers)
        resp = conn.getresponse()
        body = resp.read()
        result = (resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
        conn.close()
        return result

    def assert_unauthorized(self, user, password, headers_override=None):
        status, headers, body = self.call(user, password, headers_override=headers_override)
        assert_equal(status, 401)
        assert_in("www-authenticate", headers)
        assert headers["www-authenticate"].startswith("Basic"), headers["www-authenticate"]
        assert_equal(body, b"")

    def assert_authorized(self, user, password):
        status, _, body = self.call(user, password)
        assert_equal(status, 200)
        assert_equal(json.loads(body)["error"], None)

    def run_test(self):
        self.test_cookie()
        self.test_rpcauth()
        self.test_rpcuser()
        self.test_cookiefile_option()

    def test_cookie(self):
        node = self.nodes[0]
        self.log.info("The cookie is __cookie__:<64 hex>, owner-only, and authenticates")
        cookie_path = os.path.join(node.chain_dir, ".cookie")
        with open(cookie_path, encoding="ascii") as f:
            content = f.read()
        assert re.fullmatch(r"__cookie__:[0-9a-f]{64}\n?", content), f"bad cookie {content!r}"
        mode = stat.S_IMODE(os.stat(cookie_path).st_mode)
        assert_equal(mode & 0o077, 0)
        user, password = get_auth_cookie(node.datadir)
        self.assert_authorized(user, password)

        self.log.info("Wrong password, wrong user, no or malformed Authorization: 401 with WWW-Authenticate")
        self.assert_unauthorized(user, password[:-1] + ("0" if password[-1] != "0" else "1"))
        self.assert_unauthorized("__cookie__x", password)
        self.assert_unauthorized("", password)
        self.assert_unauthorized(None, None)
        self.assert_unauthorized(None, None, {"Authorization": "Basic !!!notbase64"})
        self.assert_unauthorized(None, None, {"Authorization": "Basic " + base64.b64encode(b"nocolon").decode()})
        self.assert_unauthorized(None, None, {"Authorization": "Bearer " + password})

        self.log.info("The proxy raises on 401 and the node keeps serving")
        bad = node.get_rpc_proxy(user, "wrong")
        try:
            bad.uptime()
            raise AssertionError("wrong password accepted")
        except JSONRPCException as e:
            assert_equal(e.http_status, 401)
        assert node.uptime() >= 0

        self.log.info("The cookie is removed at stop and a new one is written at start")
        self.stop_node(0)
        assert not os.path.exists(cookie_path), "cookie left behind after stop"
        self.start_node(0)
        user2, password2 = get_auth_cookie(node.datadir)
        assert_equal(user2, "__cookie__")
        assert_not_equal(password2, password)
        self.assert_unauthorized(user, password)
        self.assert_authorized(user2, password2)

    def test_rpcauth(self):
        node = self.nodes[0]
        self.log.info("-rpcauth users authenticate; the cookie keeps working beside them")
        alice_pw = secrets.token_hex(12)
        bob_pw = "b0b's p@ss:word"
        self.restart_node(0, [f"-rpcauth={rpcauth_line('alice', alice_pw)}",
                              f"-rpcauth={rpcauth_line('bob', bob_pw)}"])
        self.assert_authorized("alice", alice_pw)
        self.assert_authorized("bob", bob_pw)
        self.assert_authorized(*get_auth_cookie(node.datadir))
        self.log.info("Wrong -rpcauth user or password fails")
        self.assert_unauthorized("alice", bob_pw)
        self.assert_unauthorized("bob", alice_pw)
        self.assert_unauthorized("carol", alice_pw)
        self.assert_unauthorized("alice", alice_pw + "x")

        self.log.info("A malformed -rpcauth is an init error")
        self.stop_node(0)
        node.assert_start_raises_init_error(["-rpcauth=alice"], "rpcauth")
        node.assert_start_raises_init_error(["-rpcauth=alice:nodollar"], "rpcauth")
        self.start_node(0)

    def test_rpcuser(self):
        node = self.nodes[0]
        self.log.info("-rpcuser/-rpcpassword authenticate")
        self.restart_node(0, ["-rpcuser=rt", "-rpcpassword=rt_password"])
        self.assert_authorized("rt", "rt_password")
        self.assert_unauthorized("rt", "rt_passwordx")
        self.assert_unauthorized("rtx", "rt_password")
        assert_equal(node.uptime() >= 0, True)  # the framework uses the same credentials
        self.log.info("dots-cli authenticates with -rpcuser/-rpcpassword")
        assert_equal(node.cli("-rpcuser=rt", "-rpcpassword=rt_password").uptime() >= 0, True)
        self.stop_node(0)
        self.start_node(0)

    def test_cookiefile_option(self):
        node = self.nodes[0]
        self.log.info("-rpccookiefile moves the cookie; relative paths are inside the chain datadir")
        custom = os.path.join(self.options.tmpdir, "custom.cookie")
        self.restart_node(0, [f"-rpccookiefile={custom}"])
        assert os.path.isfile(custom)
        assert not os.path.exists(os.path.join(node.chain_dir, ".cookie"))
        with open(custom, encoding="ascii") as f:
            user, password = f.read().strip().split(":", 1)
        self.assert_authorized(user, password)
        assert_equal(node.cli(f"-rpccookiefile={custom}").uptime() >= 0, True)
        self.stop_node(0)
        assert not os.path.exists(custom), "custom cookie left behind after stop"

        self.start_node(0, ["-rpccookiefile=relative.cookie"])
        assert os.path.isfile(os.path.join(node.chain_dir, "relative.cookie"))
        assert_equal(node.cli("-rpccookiefile=relative.cookie").uptime() >= 0, True)
        self.stop_node(0)
        assert not os.path.exists(os.path.join(node.chain_dir, "relative.cookie"))
        self.start_node(0)


if __name__ == "__main__":
    RpcAuthTest().main()
