#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""dots-cli: output formats, -named, -stdin, -stdinrpcpass, -getinfo, error reporting and
exit codes, not-running and bad-auth messages, -rpcwait."""

import json
import os
import socket
import subprocess
import time

from test_framework.authproxy import JSONRPCException
from test_framework.test_framework import DotsTestFramework
from test_framework.util import (
    assert_equal,
    assert_greater_than_or_equal,
    assert_in,
    assert_raises_rpc_error,
    get_auth_cookie,
)


def getinfo_to_dict(text):
    """Parses -getinfo's "Key: value" lines."""
    out = {}
    for line in text.splitlines():
        if ": " in line:
            key, value = line.split(": ", 1)
            out[key.strip()] = value.strip()
    return out


class DotsCliTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.test_version_help()
        self.test_output(node)
        self.test_named_and_json(node)
        self.test_stdin(node)
        self.test_getinfo(node)
        self.test_errors(node)
        self.test_connection_options(node)
        self.test_config_file(node)
        self.test_not_running_and_rpcwait(node)

    def run_cli(self, *args, input=None):
        return self.nodes[0].cli(input=input).run(*args)

    def test_version_help(self):
        self.log.info("-version and -help")
        rc, out, err = self.run_cli("-version")
        assert_equal(rc, 0)
        assert_in("DOTS RPC client version v0.1.0", out)
        rc, out, err = self.run_cli("-help")
        assert_equal(rc, 0)
        for option in ("-named", "-stdin", "-getinfo", "-rpcwait", "-rpcconnect", "-rpcport", "-rpcuser", "-datadir"):
            assert_in(option, out)
        rc, out, err = self.run_cli("-nosuchoption", "uptime")
        assert_equal(rc, 1)
        assert_in("Invalid parameter -nosuchoption", err)

    def test_output(self, node):
        self.log.info("Results: numbers and JSON as JSON (2-space indent), strings raw")
        rc, out, err = self.run_cli("uptime")
        assert_equal(rc, 0)
        assert_equal(err, "")
        assert_greater_than_or_equal(int(out.strip()), 0)

        rc, out, err = self.run_cli("getnetworkinfo")
        assert_equal(rc, 0)
        info = json.loads(out)
        assert_equal(info["subversion"], "/DOTS:0.1.0/")
        lines = out.splitlines()
        assert_equal(lines[0], "{")
        assert lines[1].startswith('  "') and not lines[1].startswith('   '), lines[1]
        rpc_info = node.getnetworkinfo()
        assert_equal(sorted(info.keys()), sorted(rpc_info.keys()))
        assert_equal(info["version"], rpc_info["version"])

        rc, out, err = self.run_cli("help", "uptime")
        assert_equal(rc, 0)
        assert out.startswith("uptime"), out  # raw text, not a quoted JSON string
        assert_equal(out, node.help("uptime") + "\n")  # exactly the text plus one newline

    def test_named_and_json(self, node):
        self.log.info("Positional JSON params from the conversion table")
        assert_equal(node.cli.logging(["rpc"])["rpc"], True)
        assert_equal(node.cli.logging([], ["rpc"])["rpc"], False)
        rc, out, err = self.run_cli("logging", "notjson")
        assert_equal(rc, 1)
        assert_in("Error parsing JSON: notjson", err)

        self.log.info("-named: name=value; JSON params must be valid JSON, other params are strings")
        assert_equal(node.cli.help(command="uptime"), node.help("uptime"))
        assert_equal(node.cli.logging(include=["rpc"])["rpc"], True)
        assert_equal(node.cli.logging(include=[], exclude=["rpc"])["rpc"], False)
        rc, out, err = self.run_cli("-named", "logging", "include=notjson")
        assert_equal(rc, 1)
        assert_in("Error parsing JSON: notjson", err)
        rc, out, err = self.run_cli("-named", "help", "uptime")
        assert_equal(rc, 1)
        assert_in("No '=' in named argument", err)
        rc, out, err = self.run_cli("-named", "help", "command=uptime", "command=stop")
        assert_equal(rc, 1)
        assert_in("specified multiple times", err)
        # a string param keeps '=' and JSON-looking text unchanged
        assert_equal(node.cli.help(command="a=b"), "help: unknown command: a=b")
        assert_equal(node.cli.help("[1]"), "help: unknown command: [1]")
        assert_raises_rpc_error(-8, "nosuchparam", node.cli.help, nosuchparam="1")

    def test_stdin(self, node):
        self.log.info("-stdin appends one argument per line")
        rc, out, err = self.run_cli("-stdin", "help", input="uptime\n")
        assert_equal(rc, 0)
        assert_equal(out, node.help("uptime") + "\n")  # exactly the text plus one newline
        rc, out, err = self.run_cli("-stdin", "-named", "help", input="command=logging\n")
        assert_equal(rc, 0)
        assert out.startswith("logging")
        rc, out, err = self.run_cli("-stdin", "logging", input='["rpc"]\n[]\n')
        assert_equal(rc, 0)
        assert_equal(json.loads(out)["rpc"], True)

        self.log.info("-stdinrpcpass reads the password from the first line")
        user, password = get_auth_cookie(node.datadir)
        rc, out, err = self.run_cli(f"-rpcuser={user}", "-stdinrpcpass", "uptime", input=password + "\n")
        assert rc == 0, err
        rc, out, err = self.run_cli(f"-rpcuser={user}", "-stdinrpcpass", "-stdin", "help", input=password + "\nuptime\n")
        assert rc == 0, err
        assert out.startswith("uptime")
        rc, out, err = self.run_cli(f"-rpcuser={user}", "-stdinrpcpass", "uptime", input="wrong\n")
        assert_equal(rc, 1)
        assert_in("Authorization failed: Incorrect rpcuser or rpcpassword", err)

    def test_getinfo(self, node):
        self.log.info("-getinfo summarizes getnetworkinfo (and getblockchaininfo when present)")
        rc, out, err = self.run_cli("-getinfo")
        assert rc == 0, err
        info = getinfo_to_dict(out)
        net = node.getnetworkinfo()
        assert_equal(info["Version"], str(net["version"]))
        assert_equal(info["Protocol version"], str(net["protocolversion"]))
        assert_equal(info["Subversion"], net["subversion"])
        assert_greater_than_or_equal(int(info["Uptime (s)"]), 0)
        if "connections" in net:
            assert "Connections" in info or "Network" in info
        try:
            chain = node.getblockchaininfo()
            assert_equal(info["Chain"], chain["chain"])
            assert_equal(info["Blocks"], str(chain["blocks"]))
        except JSONRPCException as e:
            assert_equal(e.error["code"], -32601)
            assert "Chain" not in info
        rc, out, err = self.run_cli("-getinfo", "uptime")
        assert_equal(rc, 1)
        assert_in("-getinfo takes no arguments", err)

    def test_errors(self, node):
        self.log.info("RPC errors: 'error code: N / error message: MSG' on stderr, exit 1")
        rc, out, err = self.run_cli("nosuchmethod")
        assert_equal(rc, 1)
        assert_equal(out, "")
        assert_equal(err, "error code: -32601\nerror message:\nMethod not found\n")
        rc, out, err = self.run_cli("logging", '["nosuchcategory"]')
        assert_equal(rc, 1)
        assert err.startswith("error code: -8\nerror message:\n"), err
        rc, out, err = self.run_cli("uptime", "extra")
        assert_equal(rc, 1)
        assert err.startswith("error code: -1\nerror message:\nuptime"), err
        assert_raises_rpc_error(-32601, "Method not found", node.cli.nosuchmethod)

        self.log.info("No command is a usage error")
        rc, out, err = self.run_cli()
        assert_equal(rc, 1)
        assert_in("too few parameters", err)

        self.log.info("Bad credentials give a clear message")
        rc, out, err = self.run_cli("-rpcuser=nobody", "-rpcpassword=wrong", "uptime")
        assert_equal(rc, 1)
        assert_equal(err.strip(), "error: Authorization failed: Incorrect rpcuser or rpcpassword")
        rc, out, err = self.run_cli("-rpccookiefile=/nonexistent/cookie", "uptime")
        assert_equal(rc, 1)
        assert_in("Could not locate RPC credentials", err)

        self.log.info("Missing -conf and -datadir are errors")
        rc, out, err = self.run_cli("-conf=/nonexistent/dots.conf", "uptime")
        assert_equal(rc, 1)
        assert_in("/nonexistent/dots.conf", err)
        p = subprocess.run([self.options.dotscli, "-datadir=/nonexistent/datadir", "uptime"], capture_output=True, text=True)
        assert_equal(p.returncode, 1)
        assert_in("does not exist", p.stderr)

    def test_connection_options(self, node):
        self.log.info("-rpcconnect with a port, -rpcport override, dots.conf server options are ignored")
        rc, out, err = self.run_cli(f"-rpcconnect=127.0.0.1:{node.rpc_port}", "uptime")
        assert rc == 0, err
        wrong_port = node.rpc_port + 1
        rc, out, err = self.run_cli(f"-rpcport={wrong_port}", "uptime")
        assert_equal(rc, 1)
        assert_in(f"Could not connect to the server 127.0.0.1:{wrong_port}", err)

        self.log.info("-rpcwallet sends to /wallet/<name>, which serves every method")
        rc, out, err = self.run_cli("-rpcwallet=my wallet/1", "getblockcount")
        assert rc == 0, err
        assert_equal(int(out), node.getblockcount())

        self.log.info("-rpcclienttimeout: a server that accepts but never answers times out")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(4)
            silent_port = silent.getsockname()[1]
            start = time.time()
            rc, out, err = self.run_cli(f"-rpcport={silent_port}", "-rpcclienttimeout=1", "uptime")
            elapsed = time.time() - start
        assert_equal(rc, 1)
        assert 0.9 <= elapsed < 30, elapsed
        assert_in("timeout reached", err)

    def test_config_file(self, node):
        self.log.info("dots-cli reads rpcuser/rpcpassword from dots.conf and skips dotsd-only options")
        conf_path = os.path.join(node.datadir, "dots.conf")
        with open(conf_path, encoding="utf8") as f:
            original = f.read()
        self.stop_node(0)
        with open(conf_path, "a", encoding="utf8") as f:
            f.write("rpcuser=confuser\nrpcpassword=confpass\ndebug=rpc\n")
        self.start_node(0)  # the framework reads the credentials from dots.conf as well
        assert not os.path.exists(os.path.join(node.chain_dir, ".cookie"))
        rc, out, err = self.run_cli("uptime")
        assert rc == 0, err
        rc, out, err = self.run_cli("-rpcpassword=wrong", "uptime")
        assert_equal(rc, 1)
        assert_in("Authorization failed", err)

        self.log.info("A client-only -conf file: rpcconnect, rpcport in [regtest], rpcuser/rpcpassword")
        client_conf = os.path.join(self.options.tmpdir, "client.conf")
        with open(client_conf, "w", encoding="utf8") as f:
            f.write(f"regtest=1\nrpcconnect=127.0.0.1\nrpcuser=confuser\nrpcpassword=confpass\nrpcport={node.rpc_port + 1}\n"
                    f"[regtest]\nrpcport={node.rpc_port}\n")
        rc, out, err = self.run_cli(f"-conf={client_conf}", "uptime")
        assert rc == 0, err
        with open(client_conf, "w", encoding="utf8") as f:
            f.write(f"regtest=1\nrpcconnect=127.0.0.1:{node.rpc_port}\nrpcuser=confuser\nrpcpassword=confpass\n")
        rc, out, err = self.run_cli(f"-conf={client_conf}", "uptime")
        assert rc == 0, err

        self.log.info("A malformed line in dots.conf is reported by dots-cli too")
        with open(conf_path, "a", encoding="utf8") as f:
            f.write("this line is malformed\n")
        rc, out, err = self.run_cli("uptime")
        assert_equal(rc, 1)
        assert_in("dots.conf", err)
        self.stop_node(0)
        with open(conf_path, "w", encoding="utf8") as f:
            f.write(original)
        self.start_node(0)

    def test_not_running_and_rpcwait(self, node):
        self.log.info("Not running: clear message naming host and port, exit 1")
        self.stop_node(0)
        rc, out, err = self.run_cli("uptime")
        assert_equal(rc, 1)
        assert_in(f"Could not connect to the server 127.0.0.1:{node.rpc_port}", err)
        assert_in("Make sure the dotsd server is running", err)

        self.log.info("-rpcwait with -rpcwaittimeout gives up after the timeout")
        start = time.time()
        rc, out, err = self.run_cli("-rpcwait", "-rpcwaittimeout=2", "uptime")
        elapsed = time.time() - start
        assert_equal(rc, 1)
        assert 1.5 <= elapsed < 20, elapsed
        assert_in("timeout", err)

        self.log.info("-rpcwait waits for a node that starts later")
        waiter = subprocess.Popen([self.options.dotscli, f"-datadir={node.datadir}", "-rpcwait", "-rpcwaittimeout=60", "uptime"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert waiter.poll() is None, "dots-cli -rpcwait returned before the node started"
        self.start_node(0)
        out, err = waiter.communicate(timeout=60)
        assert waiter.returncode == 0, err
        assert_greater_than_or_equal(int(out.strip()), 0)

        self.log.info("stop through dots-cli")
        rc, out, err = self.run_cli("stop")
        assert rc == 0, err
        assert_equal(out.strip(), "DOTS server stopping")
        node.wait_until_stopped()
        self.start_node(0)


if __name__ == "__main__":
    DotsCliTest().main()
