#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A Python peer that speaks the protocol itself sends malformed, oversized, low-work and
abusive messages: each time node0 logs the peer and the reason and disconnects it (and
discourages it when the peer broke the protocol), while it keeps syncing with its honest
peer node1. Also setban/listbanned/clearban and -bantime, and P2P timeouts (ping, no handshake)
following setmocktime as in Bitcoin Core.

Each abusive peer connects from its own loopback address (127.0.0.N), so discouraging or
banning it leaves node1 (127.0.0.1) alone."""

import struct
import time

from test_framework.blocktools import Block, encode_address, wait_for_chain
from test_framework.messages import (
    Header,
    Inv,
    MSG_BLOCK,
    MSG_WTX,
    AddrV2Entry,
    make_header_chain,
    msg_addrv2,
    msg_block,
    msg_generic,
    msg_headers,
    msg_inv,
    msg_ping,
    msg_version,
)
from test_framework.p2p import P2PInterface
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_raises_rpc_error

ADDR = encode_address(b"\x61" * 32)


class NoPongPeer(P2PInterface):
    """Never answers the node's pings."""

    def on_ping(self, msg):
        pass


class MisbehaviorTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2
        self.extra_args = [["-debug=net", "-bantime=3600"], []]

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        self.node = self.nodes[0]
        self.next_ip = 2
        self.node.generatetoaddress(200, ADDR)
        self.connect_nodes(1, 0)
        self.sync_blocks()

        self.test_framing_errors()
        self.test_protocol_violations()
        self.test_invalid_headers_and_blocks()
        self.test_low_work_and_unconnecting_headers()
        self.test_harmless_messages()
        self.test_timeouts_follow_mocktime()
        self.test_bans()

        self.log.info("node0 still syncs with its honest peer in both directions")
        self.nodes[1].generatetoaddress(2, ADDR)
        self.sync_blocks()
        self.node.generatetoaddress(2, ADDR)
        self.sync_blocks()
        assert_equal(self.nodes[1].getblockcount(), 204)

    def peer(self, p2p=None, **kwargs):
        ip = f"127.0.0.{self.next_ip}"
        self.next_ip += 1
        return self.node.add_p2p_connection(p2p or P2PInterface(), srcaddr=ip, **kwargs), ip

    def expect_disconnect(self, messages, action, *, discouraged, handshake=True):
        """Runs action(peer) on a fresh peer; checks the log lines, the disconnection and the
        discouragement of the peer's address."""
        p, ip = self.peer(wait_for_verack=handshake, send_version=handshake)
        with self.node.assert_debug_log(messages, timeout=10):
            action(p)
            p.wait_for_disconnect(timeout=10)
        # A discouraged address is refused for outbound connections and evicted first; it can
        # still connect inbound while slots are free, so check the log of the discouragement.
        discouraging = [line for line in self.node.debug_log_lines()
                        if "Disconnecting and discouraging" in line and f"addr={ip}:" in line]
        assert_equal(len(discouraging), 1 if discouraged else 0)
        self.node.disconnect_p2ps()

    def test_framing_errors(self):
        self.log.info("framing errors end the connection: wrong magic, bad checksum, oversized, bad type")
        self.expect_disconnect(["wrong magic bytes"], lambda p: p.send_message(msg_ping(1), magic=b"\xfd\xd0\x75\xe1"), discouraged=False)
        self.expect_disconnect(["bad checksum in message ping"], lambda p: p.send_message(msg_ping(1), checksum=b"\x00" * 4), discouraged=False)
        oversized = b"\xfa\xd0\x75\xf3" + b"block".ljust(12, b"\x00") + struct.pack("<I", 4_000_001) + b"\x00" * 4
        self.expect_disconnect(["oversized message block (4000001 bytes, limit 4000000)"], lambda p: p.send_raw(oversized), discouraged=False)
        self.expect_disconnect(["invalid message type characters"], lambda p: p.send_message(msg_generic(b"pi\x01g", b"")), discouraged=False)

    def test_protocol_violations(self):
        self.log.info("protocol violations are logged with the peer and the reason, then discouraged")
        self.expect_disconnect(["non-version message before version handshake", "Disconnecting and discouraging peer"],
                               lambda p: p.send_message(msg_ping(5)), discouraged=True, handshake=False)
        self.expect_disconnect(["malformed version message"], lambda p: p.send_message(msg_generic("version", b"\x01\x02")),
                               discouraged=True, handshake=False)
        self.expect_disconnect(["malformed headers message"], lambda p: p.send_message(msg_generic("headers", b"\x02\x00")), discouraged=True)
        self.expect_disconnect(["inv message size > 50000"],
                               lambda p: p.send_message(msg_inv([Inv(MSG_BLOCK, b"\x01" * 32)] * 50001)), discouraged=True)
        self.expect_disconnect(["addrv2 message size > 1000"],
                               lambda p: p.send_message(msg_addrv2([AddrV2Entry("8.8.8.8", 7333)] * 1001)), discouraged=True)
        self.expect_disconnect(["headers message size > 2000"],
                               lambda p: p.send_message(msg_headers([Header()] * 2001)), discouraged=True)

    def test_invalid_headers_and_blocks(self):
        self.log.info("invalid headers and blocks: bad proof of work, broken chain, bad coinbase")
        tip = self.node.getbestblockhash()
        tip_time = self.node.getblockheader(tip)["time"]
        good = make_header_chain(bytes.fromhex(tip)[::-1], tip_time, 3)
        bad_pow = make_header_chain(bytes.fromhex(tip)[::-1], tip_time, 1)
        while bad_pow[0].check_pow():
            bad_pow[0].nonce += 1
        self.expect_disconnect(["header with invalid proof of work"], lambda p: p.send_message(msg_headers(bad_pow)), discouraged=True)
        broken = [good[0], good[2]]
        self.expect_disconnect(["non-continuous headers sequence"], lambda p: p.send_message(msg_headers(broken)), discouraged=True)

        # A block on our tip whose coinbase pays too much: valid header, invalid block.
        block = Block.from_hex(self.nodes[1].generateblock(ADDR, [], False)["hex"])
        block.vtx[0].vout[0][0] += 1
        block.fix_merkle()
        block.solve()
        self.expect_disconnect(["invalid block", "bad-cb-amount"], lambda p: p.send_message(msg_block(block)), discouraged=True)
        assert_equal(self.node.getbestblockhash(), tip)

    def test_low_work_and_unconnecting_headers(self):
        self.log.info("a low-work fork from genesis is ignored, not stored, not punished")
        genesis = self.node.getblockhash(0)
        fork = make_header_chain(bytes.fromhex(genesis)[::-1], self.node.getblockheader(genesis)["time"], 20, spacing=2)
        p, _ = self.peer()
        with self.node.assert_debug_log(["Ignoring low-work chain (height=20)"], timeout=10):
            p.send_message(msg_headers(fork))
            p.sync_with_ping()
        assert fork[-1].hash_hex not in {t["hash"] for t in self.node.getchaintips()}
        assert p.is_connected
        self.node.disconnect_p2ps()

        self.log.info("headers that never connect: asked to fill the gap, discouraged after 10")
        def unconnecting(p):
            for i in range(10):
                orphan = make_header_chain(bytes([i + 1]) * 32, int(time.time()), 1)
                p.send_message(msg_headers(orphan))
        self.expect_disconnect(["10 non-connecting headers"], unconnecting, discouraged=True)

    def test_harmless_messages(self):
        self.log.info("unknown message types, repeated versions and a ping storm are not punished")
        p, _ = self.peer()
        p.send_message(msg_generic("futurecmd", b"\x00" * 100))
        p.send_message(msg_version())
        for i in range(300):
            p.send_message(msg_ping(1000 + i))
        p.sync_with_ping()
        assert p.is_connected
        assert_equal(p.message_count["pong"], 302)  # and the handshake's
        # An unknown transaction announced by wtxid is requested, not punished.
        wtxid = b"\x07" * 32
        p.send_message(msg_inv([Inv(MSG_WTX, wtxid)]))
        p.wait_until(lambda: "getdata" in p.last_message and p.last_message["getdata"].inv[0].hash == wtxid, timeout=10)
        assert p.is_connected
        self.node.disconnect_p2ps()

    def test_timeouts_follow_mocktime(self):
        self.log.info("setmocktime: the ping timeout and the connect timeout follow the mock clock")
        assert "setmocktime" not in self.node.help()  # hidden, as in Bitcoin Core
        assert_raises_rpc_error(-8, "Mocktime cannot be negative: -1.", self.node.setmocktime, -1)
        now = int(time.time())
        self.node.setmocktime(now)
        deaf, _ = self.peer(NoPongPeer(), wait_for_verack=False)
        deaf.wait_for_verack()
        deaf.wait_until(lambda: "ping" in deaf.last_message, timeout=10)
        mute, mute_ip = self.peer(send_version=False, wait_for_verack=False)
        # The node stamps a connection with the mock time when it accepts it: wait for that before
        # moving the clock, or a late accept starts the timeout at the new time.
        self.wait_until(lambda: any(p["addr"].startswith(mute_ip + ":") for p in self.node.getpeerinfo()), timeout=10)
        # The mock clock stands still: a minute later in real time nothing would have timed out.
        self.node.setmocktime(now + 61)  # past -peertimeout (60 s): the silent peer goes
        mute.wait_for_disconnect(timeout=10)
        assert deaf.is_connected
        wait = [p["pingwait"] for p in self.node.getpeerinfo() if p["subver"].startswith("/python-p2p")]
        assert_equal(wait, [61.0])  # measured in mock time
        with self.node.assert_debug_log(["ping timeout: 1201.000s"], timeout=10):
            self.node.setmocktime(now + 20 * 60 + 1)
            deaf.wait_for_disconnect(timeout=10)
        self.node.setmocktime(0)

    def test_bans(self):
        self.log.info("setban refuses and disconnects an address; listbanned; -bantime; clearban")
        p, ip = self.peer()
        self.node.setban(ip, "add")
        p.wait_for_disconnect(timeout=10)
        banned = self.node.listbanned()
        assert_equal(banned[0]["address"], f"{ip}/32")
        assert_equal(banned[0]["ban_duration"], 3600)  # -bantime
        assert_raises_rpc_error(-23, "Error: IP/Subnet already banned", self.node.setban, ip, "add")
        assert_raises_rpc_error(-30, "Error: Invalid IP/Subnet", self.node.setban, "not-an-ip", "add")
        retry = P2PInterface()
        retry.peer_connect("127.0.0.1", self.node.p2p_port, srcaddr=ip)
        retry.wait_for_disconnect(timeout=10)
        assert "verack" not in retry.last_message
        self.node.setban("127.0.0.0/24", "add", 2)
        assert_equal(len(self.node.listbanned()), 2)
        # node1 (127.0.0.1) was banned too: the honest peer is dropped, then reconnected after the ban.
        self.wait_until(lambda: len(self.node.getpeerinfo()) == 0, timeout=10)
        self.node.setmocktime(int(time.time()) + 3)  # the 2 s ban expired, without waiting for it
        self.wait_until(lambda: len(self.node.listbanned()) == 1, timeout=10)
        self.node.setmocktime(0)
        self.node.clearban()
        assert_equal(self.node.listbanned(), [])
        assert_raises_rpc_error(-30, "Unban failed", self.node.setban, ip, "remove")
        self.connect_nodes(1, 0)
        p2, _ = self.peer()
        assert p2.is_connected
        self.node.disconnect_p2ps()


if __name__ == "__main__":
    MisbehaviorTest().main()
