#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""-rpcbind and -rpcallowip with Bitcoin Core's rules: localhost only by default, -rpcbind
needs -rpcallowip, clients outside -rpcallowip get 403, bad values are init errors."""

import base64
import http.client
import json
import socket

from test_framework.test_framework import DotsTestFramework, SkipTest
from test_framework.util import assert_equal, get_auth_cookie, local_ipv4_addresses


class RPCBindTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def setup_nodes(self):
        self.add_nodes(self.num_nodes)  # each case starts the node itself

    def status_from(self, host):
        """POSTs uptime to host:rpcport; returns the HTTP status, or None if refused."""
        node = self.nodes[0]
        user, password = get_auth_cookie(node.datadir)
        conn = http.client.HTTPConnection(host, node.rpc_port, timeout=30)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        try:
            conn.request("POST", "/", json.dumps({"method": "uptime", "params": [], "id": 1}),
                         {"Authorization": f"Basic {token}"})
            resp = conn.getresponse()
            resp.read()
            return resp.status
        except ConnectionRefusedError:
            return None
        finally:
            conn.close()

    def start_with(self, args, host="127.0.0.1"):
        node = self.nodes[0]
        node.start(args)
        node.wait_for_rpc_connection(host=host)

    def run_test(self):
        node = self.nodes[0]
        addresses = local_ipv4_addresses()
        if not addresses:
            raise SkipTest("this machine has no non-loopback IPv4 address")
        ip = addresses[0]
        self.log.info(f"using non-loopback address {ip}")
        ipv6 = socket.has_ipv6

        self.log.info("Default: listen on localhost only")
        self.start_with([])
        assert_equal(self.status_from("127.0.0.1"), 200)
        if ipv6:
            assert self.status_from("::1") in (200, None)
        assert_equal(self.status_from(ip), None)
        self.stop_node(0)

        self.log.info("-rpcbind without -rpcallowip is ignored (still localhost only)")
        self.start_with([f"-rpcbind={ip}"])
        assert_equal(self.status_from("127.0.0.1"), 200)
        assert_equal(self.status_from(ip), None)
        self.stop_node(0)

        self.log.info("-rpcbind=<ip> with -rpcallowip=<ip>: listens there and serves it")
        self.start_with([f"-rpcbind={ip}", f"-rpcallowip={ip}"], host=ip)
        assert_equal(self.status_from(ip), 200)
        assert_equal(self.status_from("127.0.0.1"), None)
        self.stop_node(0)

        self.log.info("A client outside -rpcallowip gets 403; localhost is always allowed")
        self.start_with(["-rpcbind=0.0.0.0", "-rpcallowip=10.255.255.0/24"])
        assert_equal(self.status_from("127.0.0.1"), 200)
        assert_equal(self.status_from(ip), 403)
        self.stop_node(0)

        self.log.info("Subnets in CIDR and netmask form are accepted")
        self.start_with(["-rpcbind=0.0.0.0", f"-rpcallowip={ip}/32"])
        assert_equal(self.status_from(ip), 200)
        self.stop_node(0)
        self.start_with(["-rpcbind=0.0.0.0", f"-rpcallowip={ip}/255.255.255.255"])
        assert_equal(self.status_from(ip), 200)
        self.stop_node(0)

        self.log.info("-rpcbind=<ip>:<port> overrides -rpcport")
        self.start_with([f"-rpcbind=127.0.0.1:{node.rpc_port}", "-rpcallowip=127.0.0.1", f"-rpcport={node.rpc_port + 1}"])
        assert_equal(self.status_from("127.0.0.1"), 200)
        self.stop_node(0)

        self.log.info("Invalid -rpcallowip and -rpcbind values are init errors")
        node.assert_start_raises_init_error(["-rpcallowip=notanip"], "Invalid -rpcallowip subnet specification: notanip")
        node.assert_start_raises_init_error(["-rpcallowip=127.0.0.1/33"], "-rpcallowip")
        node.assert_start_raises_init_error(["-rpcbind=notanip", "-rpcallowip=127.0.0.1"], "-rpcbind")
        self.start_with([])


if __name__ == "__main__":
    RPCBindTest().main()
