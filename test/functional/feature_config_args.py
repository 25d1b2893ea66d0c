#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Command-line and config-file handling of dotsd: errors are clear and fatal, sections apply
to their chain only, -version and -help work without a datadir."""

import os
import subprocess

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_in, port_options, rpc_port


class ConfArgsTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        self.test_version_and_help()
        self.stop_node(0)
        self.test_invalid_command_line()
        self.test_invalid_config_file()
        self.test_missing_files()
        self.test_config_sections()

    def run_dotsd(self, *args):
        return subprocess.run([self.options.dotsd] + list(args), capture_output=True, text=True, timeout=60)

    def test_version_and_help(self):
        self.log.info("-version prints the version and exits 0")
        p = self.run_dotsd("-version")
        assert_equal(p.returncode, 0)
        assert_in("DOTS", p.stdout)
        assert_in("0.1.0", p.stdout)
        assert_equal(p.stderr, "")

        self.log.info("-help lists the options and exits 0, without touching a datadir")
        missing = os.path.join(self.options.tmpdir, "never_created")
        for flag in ("-help", "-h", "-?"):
            p = self.run_dotsd(flag, f"-datadir={missing}")
            assert_equal(p.returncode, 0)
            for option in ("-datadir", "-conf", "-regtest", "-testnet", "-rpcport", "-rpcauth", "-rpcuser",
                           "-rpccookiefile", "-daemon", "-pid", "-debug"):
                assert_in(option, p.stdout)
        assert not os.path.exists(missing)

    def test_invalid_command_line(self):
        node = self.nodes[0]
        self.log.info("An unknown option is rejected with its name")
        node.assert_start_raises_init_error(["-nosuchoption"], "Invalid parameter -nosuchoption")
        node.assert_start_raises_init_error(["-nosuchoption=1"], "Invalid parameter -nosuchoption")
        node.assert_start_raises_init_error(["--nosuchoption"], "nosuchoption")

        self.log.info("A malformed value is rejected with the option's name")
        node.assert_start_raises_init_error(["-rpcport=notaport"], "-rpcport")
        node.assert_start_raises_init_error(["-rpcthreads=abc"], "-rpcthreads")
        node.assert_start_raises_init_error(["-rpcport=70000"], "rpcport")
        node.assert_start_raises_init_error(["-sipmaxrate=abc"], "Invalid amount for -sipmaxrate=<amount>: 'abc' (Invalid amount)")
        node.assert_start_raises_init_error(["-sipmaxrate=-1"], "Invalid amount for -sipmaxrate=<amount>: '-1' (Amount out of range)")
        node.assert_start_raises_init_error(["-voucherinterval=0"], "-voucherinterval must be between 1 and 3600 seconds")
        node.assert_start_raises_init_error(["-voucherinterval=3601"], "-voucherinterval must be between 1 and 3600 seconds")

        self.log.info("Incompatible chain options are rejected")
        node.assert_start_raises_init_error(["-testnet"], "Invalid combination of -regtest, -testnet and -chain")
        empty = os.path.join(self.options.tmpdir, "empty_datadir")
        os.makedirs(empty, exist_ok=True)
        p = self.run_dotsd(f"-datadir={empty}", "-chain=nosuchchain")
        assert p.returncode != 0
        assert_in("nosuchchain", p.stderr)

    def test_invalid_config_file(self):
        node = self.nodes[0]
        conf = os.path.join(self.options.tmpdir, "bad.conf")

        def expect_conf_error(text, expected):
            with open(conf, "w", encoding="utf8") as f:
                f.write(text)
            node.assert_start_raises_init_error([f"-conf={conf}"], expected)

        self.log.info("Config file errors name the file and the line")
        expect_conf_error("regtest=1\nnosuchoption=1\n", "Invalid parameter -nosuchoption")
        expect_conf_error("regtest=1\nnosuchoption=1\n", "line 2")
        expect_conf_error("regtest=1\nthis line has no equals sign\n", "line 2")
        expect_conf_error("regtest=1\n[nosuchsection]\nrpcport=1\n", "nosuchsection")
        expect_conf_error("regtest=1\n[regtest\n", "line 2")
        expect_conf_error("regtest=1\nrpcport=notaport\n", "rpcport")
        expect_conf_error("regtest=1\nconf=other.conf\n", "conf")
        expect_conf_error("regtest=1\nnosuchsection.rpcport=1\n", "nosuchsection")

    def test_missing_files(self):
        node = self.nodes[0]
        self.log.info("A -conf file that does not exist is an error (the default one may be absent)")
        missing_conf = os.path.join(self.options.tmpdir, "missing.conf")
        node.assert_start_raises_init_error([f"-conf={missing_conf}"], "missing.conf")

        self.log.info("A -datadir that does not exist is an error")
        missing_dir = os.path.join(self.options.tmpdir, "missing_datadir")
        p = self.run_dotsd(f"-datadir={missing_dir}", "-regtest")
        assert p.returncode != 0
        assert_in("missing_datadir", p.stderr)
        assert_in("does not exist", p.stderr)
        assert not os.path.exists(missing_dir)

    def test_config_sections(self):
        node = self.nodes[0]
        self.log.info("Options in [main]/[test] do not apply to regtest; network options at top level apply to main only")
        conf_path = os.path.join(node.datadir, "dots.conf")
        with open(conf_path, "w", encoding="utf8") as f:
            f.write("regtest=1\n")
            # top level: network-only options here are for main only, others for every chain
            f.write(f"rpcport={rpc_port(1)}\n")
            f.write("debug=rpc\n")
            f.write("[main]\n")
            f.write(f"rpcport={rpc_port(2)}\ndebug=http\n")
            f.write("[test]\n")
            f.write(f"rpcport={rpc_port(3)}\n")
            f.write("[regtest]\n")
            f.write("".join(f"{name}={port}\n" for name, port in port_options(0)))
        self.start_node(0)  # connects on rpc_port(0): the [regtest] value won
        categories = node.logging()
        assert_equal(categories.get("rpc"), True)  # top-level non-network option applies
        if "http" in categories:
            assert_equal(categories["http"], False)  # [main] option does not

        self.log.info("The command line wins over the config file")
        self.stop_node(0)
        self.start_node(0, ["-nodebug"])
        categories = node.logging()
        assert_equal(categories.get("rpc"), False)

        self.log.info("A [regtest]-only option does not leak into another chain's section")
        self.stop_node(0)
        with open(conf_path, "w", encoding="utf8") as f:
            f.write("regtest=1\n[regtest]\n")
            f.write("".join(f"{name}={port}\n" for name, port in port_options(0)))
            f.write("[main]\ndebug=rpc\n")
        self.start_node(0)
        assert_equal(node.logging().get("rpc"), False)


if __name__ == "__main__":
    ConfArgsTest().main()
