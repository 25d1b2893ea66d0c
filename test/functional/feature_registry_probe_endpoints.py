#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The endpoints a prober reaches (doc/registry.md "Prober"): one dotsd whose wallet holds the
twelve node keys of the frozen set, so that it is every target's prober and sends every probe
to its own SIP ports on 127.0.0.1:

- NAME registers only `sip:localhost:PORT;transport=udp`: the dotsd looks the name up (off the SIP thread) and
  probes 127.0.0.1;
- TLS registers only `sips:127.0.0.1:TLSPORT;transport=tls`: probed over a TLS connection;
- WS registers only a WebSocket endpoint: never probed (logged once as having no endpoint this
  node probes), no receipt;
- the other nine register `sip:127.0.0.1:PORT;transport=udp`.

NAME and TLS keep a receipt from each of their 9 drawn probers, submit them and are credited
their share; WS keeps none. Restarted with -dns=0, the dotsd probes NAME again in the same
epoch and logs why it cannot: the lookup's error with the endpoint and the next retry."""

from decimal import Decimal

from test_framework.registry import REGTEST_PARAMS as P, probe_epoch_of, seed_height
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal
from test_framework.wallet_util import wallet_rpc

PLAIN_KEYS = 9


class RegistryProbeEndpointsTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        # -sipdomain=localhost: the dotsd answers OPTIONS addressed to sip:localhost as its own.
        self.base_args = ["-keypool=30", "-probejitter=0", "-debug=sip", "-sipdomain=localhost", "-sipbind=127.0.0.1"]
        self.extra_args = [self.base_args]

    def kept(self, target):
        """The probers whose receipt for `target` the dotsd kept (its log)."""
        found = set()
        for line in self.nodes[0].debug_log_lines():
            if f"probe receipt kept: target {target} prober " in line:
                found.add(line.split(" prober ")[1].split()[0])
        return found

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("w")
        w = wallet_rpc(node, "w")
        mine_to = w.getnewaddress()
        node.generatetoaddress(120, mine_to)

        endpoints = {
            "name": f"sip:localhost:{node.sip_port};transport=udp",
            "tls": f"sips:127.0.0.1:{node.sip_tls_port};transport=tls",
            "ws": f"sip:127.0.0.1:{node.sip_port};transport=ws",
        }
        self.log.info("register NAME %s, TLS %s, WS %s and %d plain UDP keys", endpoints["name"], endpoints["tls"], endpoints["ws"],
                      PLAIN_KEYS)
        key = {}
        for label, endpoint in endpoints.items():
            key[label] = w.registernode([endpoint], 1)["node"]
        node.generatetoaddress(1, mine_to)  # keeps the wallet's chain of unconfirmed registrations short
        plain = [w.registernode([f"sip:127.0.0.1:{node.sip_port};transport=udp"], 1 + i % 3)["node"] for i in range(PLAIN_KEYS)]
        node.generatetoaddress(1, mine_to)
        registered = node.getblockcount()
        assert_equal(node.getrawmempool(), [])

        epoch = probe_epoch_of(registered) + 1
        while seed_height(epoch) < registered:
            epoch += 1
        start = epoch * P["probe_epoch"]
        node.generatetoaddress(start - node.getblockcount(), mine_to)
        assert_equal(node.getprobeepoch(epoch)["nodes"], len(plain) + len(key))
        drawn = {t: {p["node"] for p in node.getprobers(t, epoch)["probers"]} for t in list(key.values()) + plain}
        for t, probers in drawn.items():
            assert_equal(len(probers), P["probe_count"])

        self.log.info("every drawn prober's receipt is kept: NAME over a looked-up name, TLS over TLS; WS none")
        probed = [key["name"], key["tls"]] + plain
        self.wait_until(lambda: all(self.kept(t) == drawn[t] for t in probed), timeout=90)

        def answered(label):
            """The prober side's log: probes of `label`'s key at its endpoint with a verified answer."""
            return sum(f"probe of target {key[label]} by " in line and f"at {endpoints[label]}: answered" in line
                       for line in node.debug_log_lines())
        # The prober records an answer after the target kept the receipt: wait for the last ones.
        self.wait_until(lambda: answered("name") == P["probe_count"] and answered("tls") == P["probe_count"], timeout=30)
        lines = node.debug_log_lines()
        assert any("opening TLS connection" in line for line in lines), "no TLS connection opened"
        assert_equal(self.kept(key["ws"]), set())
        no_endpoint = f"target {key['ws']} has no endpoint this node probes"
        assert any(no_endpoint in line for line in lines)
        assert not any(f"probe of target {key['ws']} by " in line for line in lines)

        self.log.info("the receipts are submitted and credited")
        self.wait_until(lambda: len(node.getrawmempool()) == len(probed), timeout=30)
        node.generatetoaddress(1, mine_to)
        assert node.getblockcount() < start + P["probe_epoch"]
        for t in probed:
            p = node.getprobers(t, epoch)
            assert_equal(p["receipts"], P["probe_threshold"])
            assert p["qualified"]
            assert_equal(node.getnodebalance(t)["balance"], p["share"])
        p = node.getprobers(key["ws"], epoch)
        assert_equal((p["receipts"], p["qualified"]), (0, False))
        assert_equal(node.getnodebalance(key["ws"])["balance"], Decimal(0))

        self.log.info("with -dns=0 the name is not looked up: the failure is logged with the endpoint and retried")
        self.restart_node(0, self.base_args + ["-wallet=w", "-dns=0"])
        failed = f"at {endpoints['name']}: cannot look up localhost: name lookups are off (-dns=0); retry in "
        self.wait_until(lambda: sum(failed in line for line in node.debug_log_lines()) >= P["probe_count"], timeout=30)
        # The TLS target is probed again after the restart and answers (its receipts are kept already).
        self.wait_until(lambda: sum(f"probe of target {key['tls']} by " in line and "answered" in line
                                    for line in node.debug_log_lines()) >= 2 * P["probe_count"], timeout=30)


if __name__ == "__main__":
    RegistryProbeEndpointsTest().main()
