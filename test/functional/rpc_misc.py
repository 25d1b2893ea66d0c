#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Node-level RPCs: uptime, getnetworkinfo, logging, help."""

import time

from test_framework.test_framework import DotsTestFramework
from test_framework.util import (
    assert_equal,
    assert_greater_than,
    assert_greater_than_or_equal,
    assert_in,
    assert_raises_rpc_error,
)


class RpcMiscTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.test_uptime(node)
        self.test_getnetworkinfo(node)
        self.test_logging(node)
        self.test_help(node)

    def test_uptime(self, node):
        self.log.info("uptime counts whole seconds since start and increases")
        first = node.uptime()
        assert isinstance(first, int), f"uptime must be an integer, got {first!r}"
        assert_greater_than_or_equal(first, 0)
        time.sleep(2.1)
        second = node.uptime()
        assert_greater_than_or_equal(second, first + 2)
        assert_raises_rpc_error(-1, None, node.uptime, 1)  # takes no arguments: help text error

    def test_getnetworkinfo(self, node):
        self.log.info("getnetworkinfo has Bitcoin Core's fields with DOTS values")
        info = node.getnetworkinfo()
        for field in ("version", "subversion", "protocolversion", "localservices", "networks",
                      "localaddresses", "warnings"):
            assert_in(field, info)
        assert_equal(info["subversion"], "/DOTS:0.1.0/")
        assert isinstance(info["version"], int)
        assert_greater_than(info["version"], 0)
        assert isinstance(info["protocolversion"], int)
        assert_greater_than(info["protocolversion"], 0)
        assert isinstance(info["localservices"], str)
        assert_equal(len(info["localservices"]), 16)
        int(info["localservices"], 16)  # hex
        assert isinstance(info["networks"], list)
        for net in info["networks"]:
            assert_in("name", net)
            assert_in("reachable", net)
        assert isinstance(info["localaddresses"], list)
        assert isinstance(info["warnings"], (str, list))

    def test_logging(self, node):
        self.log.info("logging: include/exclude round trip")
        categories = node.logging()
        assert isinstance(categories, dict)
        assert_greater_than(len(categories), 0)
        names = sorted(categories.keys())
        assert all(isinstance(v, bool) for v in categories.values())
        target = "rpc" if "rpc" in categories else names[0]

        result = node.logging([target])
        assert_equal(result[target], True)
        assert_equal(node.logging()[target], True)

        result = node.logging([], [target])
        assert_equal(result[target], False)
        assert_equal(node.logging()[target], False)

        self.log.info("logging: 'all' and 'none' switch every category")
        result = node.logging(["all"])
        assert all(result.values()), result
        result = node.logging([], ["all"])
        assert not any(result.values()), result
        assert not any(node.logging().values())

        self.log.info("logging: unknown category and wrong types are errors")
        assert_raises_rpc_error(-8, "unknown logging category", node.logging, ["nosuchcategory"])
        assert_raises_rpc_error(-3, None, node.logging, "rpc")  # not an array
        # the node still works after the errors
        assert_equal(node.logging([target])[target], True)

    def test_help(self, node):
        self.log.info("help lists the methods, help <method> explains one")
        text = node.help()
        for method in ("help", "stop", "uptime", "getnetworkinfo", "logging"):
            assert_in(method, text)
        assert_in("==", text)  # grouped by category like Bitcoin Core
        stop_help = node.help("stop")
        assert stop_help.startswith("stop"), stop_help
        logging_help = node.help("logging")
        assert logging_help.startswith("logging"), logging_help
        assert_in("include", logging_help)
        assert_in("exclude", logging_help)
        assert_equal(node.help("nosuchmethod"), "help: unknown command: nosuchmethod")
        # named parameter
        assert_equal(node.help(command="uptime"), node.help("uptime"))


if __name__ == "__main__":
    RpcMiscTest().main()
