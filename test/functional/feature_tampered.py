#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""submitblock with tampered header, merkle root, coinbase and witnesses gets the specific
reject reason; decoderawtransaction of malformed hex gets a clear error."""

from test_framework.blocktools import wait_for_chain, Block, encode_address
from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_raises_rpc_error

ADDR = encode_address(b"\x07" * 32)


class TamperedTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 2

    def fresh(self):
        """A valid block mined on node B on top of A's tip (B mirrors A), not yet on A."""
        a, b = self.nodes
        h = b.generatetoaddress(1, ADDR)[0]
        blk = Block.from_hex(b.getblock(h, 0))
        b.invalidateblock(h)  # so that B's next block builds on the same tip again
        return blk

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        a, b = self.nodes
        # Keep B's chain equal to A's by handing A's blocks over.
        for h in a.generatetoaddress(10, ADDR):
            b.submitblock(a.getblock(h, 0))
        assert_equal(a.getbestblockhash(), b.getbestblockhash())
        tip = a.getbestblockhash()

        self.log.info("bad proof of work")
        blk = self.fresh()
        blk.unsolve()
        assert_equal(a.submitblock(blk.to_hex()), "high-hash")

        self.log.info("bad merkle root")
        blk = self.fresh()
        blk.merkle = b"\x11" * 32
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "bad-txnmrklroot")

        self.log.info("coinbase overpays")
        blk = self.fresh()
        blk.vtx[0].vout[0][0] += 1
        blk.fix_merkle()
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "bad-cb-amount")

        self.log.info("coinbase commits to another height")
        blk = self.fresh()
        blk.vtx[0].payload = bytes([3]) + blk.vtx[0].payload[1:]
        blk.fix_merkle()
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "bad-cb-height")

        self.log.info("a second coinbase")
        blk = self.fresh()
        good = blk.to_hex()
        second = Block.from_hex(good).vtx[0]
        second.payload = second.payload + b"x"
        blk.vtx.append(second)
        blk.fix_merkle()
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "bad-cb-multiple")

        self.log.info("time too new, wrong bits")
        blk = Block.from_hex(good)
        blk.time += 3 * 3600
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "time-too-new")
        blk = Block.from_hex(good)
        blk.bits = 0x200fffff
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "bad-diffbits")

        self.log.info("unknown parent, garbage, duplicates")
        blk = Block.from_hex(good)
        blk.prev = b"\x01" * 32
        blk.solve()
        assert_equal(a.submitblock(blk.to_hex()), "prev-blk-not-found")
        assert_raises_rpc_error(-22, "Block decode failed", a.submitblock, "00")
        assert_raises_rpc_error(-22, "Block decode failed", a.submitblock, good[:-2])
        assert_equal(a.submitblock(good), None)
        assert_equal(a.submitblock(good), "duplicate")
        assert a.getbestblockhash() != tip

        self.log.info("decoderawtransaction of malformed hex")
        assert_raises_rpc_error(-22, "TX decode failed", a.decoderawtransaction, "0100")
        assert_raises_rpc_error(-22, "TX decode failed: truncated", a.decoderawtransaction, "01000000")
        cb = Block.from_hex(good).vtx[0].serialize().hex()
        assert_equal(a.decoderawtransaction(cb)["kind"], "coinbase")
        assert_raises_rpc_error(-22, "trailing", a.decoderawtransaction, cb + "00")


if __name__ == "__main__":
    TamperedTest().main()
