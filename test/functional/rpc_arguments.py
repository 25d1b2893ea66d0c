#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""RPC arguments from the methods' declarations: help for every method, named arguments with
holes, defaults, Bitcoin Core's error codes and messages for wrong counts and types, boolean or
numeric verbosity, the /wallet/<name> endpoint, dots-cli's generated conversions, and the
methods of a subsystem that is off (-siplisten=0)."""

import json

from test_framework.authproxy import AuthServiceProxy
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_in, assert_raises_rpc_error, rpc_url

RPC_MISC_ERROR = -1
RPC_TYPE_ERROR = -3
RPC_INVALID_PARAMETER = -8
RPC_METHOD_NOT_FOUND = -32601


class RpcArgumentsTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2
        self.extra_args = [[], ["-siplisten=0"]]

    def run_test(self):
        node = self.nodes[0]
        self.test_help(node)
        self.test_counts_and_types(node)
        self.test_named(node)
        self.test_wallet_endpoint(node)
        self.test_cli_conversions(node)
        self.test_subsystem_off(node, self.nodes[1])

    def methods(self, node):
        """The method names `help` lists."""
        return [line.split(" ")[0] for line in node.help().splitlines() if line and not line.startswith("==")]

    def test_help(self, node):
        self.log.info("help <method> of every method listed starts with its usage line")
        methods = self.methods(node)
        assert_in("getblock", methods)
        assert_in("setsipcredential", methods)
        for method in methods:
            text = node.help(method)
            assert text.startswith(method), text
            assert_in("\nExamples:\n> dots-cli " + method, text)
        getblock = node.help("getblock")
        assert getblock.startswith('getblock "blockhash" ( verbosity )\n'), getblock
        assert_in("2. verbosity    (numeric or boolean, optional, default=1)", getblock)
        assert_in("(numeric, optional, default=100)", node.help("listhandles"))
        assert_in("2. count    (numeric, optional, default=100)", node.help("listdeposits"))

    def test_counts_and_types(self, node):
        self.log.info("Wrong counts answer the help text; wrong types Bitcoin Core's \"Wrong type passed\"")
        for args in ([], [1, 2]):
            assert_raises_rpc_error(RPC_MISC_ERROR, node.help("getblockhash"), node.getblockhash, *args)
        assert_raises_rpc_error(RPC_TYPE_ERROR, 'Wrong type passed:\n{\n    "Position 1 (height)": '
                                '"JSON value of type string is not of expected type number"\n}', node.getblockhash, "0")
        assert_raises_rpc_error(RPC_TYPE_ERROR, 'Wrong type passed:\n{\n'
                                '    "Position 1 (blockhash)": "JSON value of type number is not of expected type string",\n'
                                '    "Position 2 (verbosity)": "JSON value of type string is not of expected type number"\n}',
                                node.getblock, 1, "1")
        assert_raises_rpc_error(RPC_TYPE_ERROR, "JSON integer out of range", node.getblockhash, 1.5)
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "hexdata must be hexadecimal string (not 'xyz')", node.submitblock, "xyz")

        self.log.info("verbosity: a number or a boolean, as in Bitcoin Core")
        genesis = node.getblockhash(0)
        raw = node.getblock(genesis, 0)
        assert_equal(node.getblock(genesis, False), raw)
        assert_equal(node.getblock(genesis, True), node.getblock(genesis))
        assert_equal(node.getblock(genesis, 1), node.getblock(genesis))
        assert isinstance(node.getblock(genesis, 2)["tx"][0], dict)
        assert_equal(node.cli.getblockheader(genesis, "false"), node.getblockheader(genesis, False))
        assert_equal(node.cli.getblockheader(genesis, "true"), node.getblockheader(genesis))

    def test_named(self, node):
        self.log.info("Named arguments: any order, holes between them, defaults for the rest")
        genesis = node.getblockhash(height=0)
        assert_equal(node.getblock(verbosity=0, blockhash=genesis), node.getblock(genesis, 0))
        assert_equal(node.listhandles(count=5), node.listhandles("", 5, ""))
        key = "11" * 32
        assert_equal(node.listsettlements(orig=key, count=3), node.listsettlements(key, None, 3))
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "Unknown named parameter verbose", node.getblock, blockhash=genesis, verbose=0)
        # A required argument missing in front of a named one is a null of the wrong type.
        assert_raises_rpc_error(RPC_TYPE_ERROR, '"Position 1 (blockhash)": "JSON value of type null is not of expected type string"',
                                node.getblock, verbosity=0)
        assert_raises_rpc_error(RPC_MISC_ERROR, "getblockhash height", node.getblockhash)

    def test_wallet_endpoint(self, node):
        self.log.info("/wallet/<name> serves every method (wallet methods read the name from it)")
        proxy = AuthServiceProxy(rpc_url(node.datadir, 0, node.chain, cookie_file=node.cookie_file) + "/wallet/my%20wallet")
        assert_equal(proxy.getblockcount(), node.getblockcount())

    def test_cli_conversions(self, node):
        self.log.info("dots-cli sends each argument as its declaration says (generated table)")
        genesis = node.getblockhash(0)
        assert_equal(node.cli.getblockhash(0), genesis)
        assert_equal(node.cli.getblock(genesis, 0), node.getblock(genesis, 0))
        assert_equal(node.cli.getblock(genesis, "false"), node.getblock(genesis, 0))
        assert_equal(node.cli.getblock(blockhash=genesis, verbosity=2), node.getblock(genesis, 2))
        assert_equal(node.cli.listdeposits("22" * 32, 5), node.listdeposits("22" * 32, 5))
        assert_equal(node.cli.getprobeepoch("null"), node.getprobeepoch())
        assert_equal(node.cli.listhandles(prefix="", count=2), [])
        # A string argument stays a string even when it looks like JSON.
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "Invalid handle", node.cli.gethandle, "[1]")
        rc, out, err = node.cli.run("getblockhash", "zero")
        assert_equal(rc, 1)
        assert_in("Error parsing JSON: zero", err)

    def test_subsystem_off(self, node, off):
        self.log.info("-siplisten=0: the router's methods are not served, getsipinfo says it is off")
        assert_equal(off.getsipinfo(), {"enabled": False})
        for method, args in (("setsipcredential", ["alice", "long enough"]), ("listsipregistrations", []), ("listsipcalls", [])):
            assert_raises_rpc_error(RPC_METHOD_NOT_FOUND, "Method not found", getattr(off, method), *args)
            assert method not in self.methods(off)
            assert_equal(off.help(method), "help: unknown command: " + method)
        # dots-cli still converts their arguments (its table has every declared method).
        rc, out, err = off.cli.run("setsipcredential", "alice", "long enough")
        assert_equal(rc, 1)
        assert_equal(err, "error code: -32601\nerror message:\nMethod not found\n")
        assert_equal(json.loads(node.cli.run("listsipregistrations", "alice")[1]), [])


if __name__ == "__main__":
    RpcArgumentsTest().main()
