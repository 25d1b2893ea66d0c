#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Low-work header spam protection (headers presync): with -minimumchainwork, a peer's header
chain is downloaded and checked without being stored until it shows enough work, then
downloaded again and stored only if it matches what was checked. A chain that never reaches
the work leaves nothing in the block index (and is not punished); one that does is stored."""

from test_framework.blocktools import wait_for_chain
from test_framework.messages import MAX_HEADERS_RESULTS, make_header_chain, msg_headers
from test_framework.p2p import P2PInterface
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal

# Every regtest header carries 2 units of work; genesis included, a chain of N headers has 2(N+1).
MIN_WORK_HEADERS = 2500
MIN_WORK = 2 * (MIN_WORK_HEADERS + 1)


class HeadersServer(P2PInterface):
    """Answers getheaders from a fixed header chain, as a node would."""

    def __init__(self, genesis_hash, headers):
        super().__init__()
        self.genesis_hash = genesis_hash
        self.headers = headers
        self.index = {h.hash: i for i, h in enumerate(headers)}
        self.getheaders_count = 0

    def on_getheaders(self, msg):
        self.getheaders_count += 1
        start = 0
        for h in msg.locator:
            if h in self.index:
                start = self.index[h] + 1
                break
            if h == self.genesis_hash:
                break
        self.send_message(msg_headers(self.headers[start:start + MAX_HEADERS_RESULTS]))


class HeadersPresyncTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-debug=net", f"-minimumchainwork={MIN_WORK:x}"]]

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        genesis = bytes.fromhex(node.getblockhash(0))[::-1]
        genesis_time = node.getblockheader(node.getblockhash(0))["time"]

        self.log.info("a chain of 2100 headers (less than the minimum work) is checked, never stored")
        short = make_header_chain(genesis, genesis_time, 2100)
        with node.assert_debug_log(["Initial headers sync started with peer", "incomplete headers message at height=2100 (presync phase)"], timeout=30):
            peer = node.add_p2p_connection(HeadersServer(genesis, short), srcaddr="127.0.0.2")
            peer.wait_until(lambda: peer.getheaders_count >= 2, timeout=30)
            peer.sync_with_ping()
        assert_equal(node.getblockchaininfo()["headers"], 0)
        assert_equal(len(node.getchaintips()), 1)
        assert peer.is_connected  # too little work is not misbehaviour
        assert node.getblockchaininfo()["initialblockdownload"]
        node.disconnect_p2ps()

        self.log.info("a chain of 2600 headers reaches the work: redownloaded, checked, stored")
        long = make_header_chain(genesis, genesis_time, 2600, merkle=b"\x07" * 32)
        with node.assert_debug_log(["reached sufficient work at height=2600, redownloading from height=0",
                                    "releasing all at height=2600 (redownload phase)"], timeout=60):
            peer = node.add_p2p_connection(HeadersServer(genesis, long), srcaddr="127.0.0.3")
            self.wait_until(lambda: node.getblockchaininfo()["headers"] == 2600, timeout=60)
        # Downloaded twice: two getheaders per pass (2000 + 600 headers).
        assert peer.getheaders_count >= 4
        tips = {t["hash"]: t for t in node.getchaintips()}
        assert_equal(tips[long[-1].hash_hex]["status"], "headers-only")
        assert_equal(tips[long[-1].hash_hex]["height"], 2600)
        node.disconnect_p2ps()

        self.log.info("a peer that sends a different chain on the second pass fails the commitments")
        # One commitment bit per 606 headers below the work threshold: with 13,000 headers of
        # presync the chance that another chain matches every bit is 2^-21.
        self.restart_node(0, ["-debug=net", f"-minimumchainwork={2 * 13_001:x}"])
        wait_for_chain(node)
        other = make_header_chain(genesis, genesis_time, 13_100, merkle=b"\x09" * 32)
        swapped = make_header_chain(genesis, genesis_time, 13_100, merkle=b"\x0a" * 32)

        class SwappingServer(HeadersServer):
            def on_getheaders(self, msg):
                # First pass from `other` (7 messages of 2000), then `swapped` from the same start.
                if self.getheaders_count == 7:
                    self.headers = swapped
                    self.index = {h.hash: i for i, h in enumerate(swapped)}
                super().on_getheaders(msg)
        with node.assert_debug_log(["commitment mismatch"], timeout=60):
            peer = node.add_p2p_connection(SwappingServer(genesis, other), srcaddr="127.0.0.4")
            peer.wait_until(lambda: peer.getheaders_count >= 8, timeout=60)
            peer.sync_with_ping()
        assert other[-1].hash_hex not in {t["hash"] for t in node.getchaintips()}
        assert swapped[-1].hash_hex not in {t["hash"] for t in node.getchaintips()}


if __name__ == "__main__":
    HeadersPresyncTest().main()
