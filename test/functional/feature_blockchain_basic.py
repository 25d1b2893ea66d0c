#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Mines 200 blocks with generatetoaddress and checks the chain RPCs' result shapes."""

from test_framework.blocktools import wait_for_chain, Block, encode_address
from test_framework.registry import miner_reward
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import units_to_amount
from test_framework.util import assert_equal, assert_raises_rpc_error

ADDR = encode_address(bytes(range(32)))


class BlockchainBasicTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-txindex"]]

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        node = self.nodes[0]
        self.log.info("genesis only at start")
        info = node.getblockchaininfo()
        assert_equal(info["chain"], "regtest")
        assert_equal(info["blocks"], 0)
        genesis = node.getblockhash(0)
        assert_equal(info["bestblockhash"], genesis)

        self.log.info("validateaddress")
        v = node.validateaddress(ADDR)
        assert_equal(v["isvalid"], True)
        assert_equal(v["address"], ADDR)
        assert_equal(v["witness_program"], bytes(range(32)).hex())
        assert_equal(node.validateaddress("rdots1qqqq")["isvalid"], False)

        self.log.info("mine 200 blocks")
        hashes = node.generatetoaddress(200, ADDR)
        assert_equal(len(hashes), 200)
        assert_equal(node.getblockcount(), 200)
        assert_equal(node.getbestblockhash(), hashes[-1])
        assert_equal(node.getblockhash(200), hashes[-1])
        assert_raises_rpc_error(-8, "Block height out of range", node.getblockhash, 201)
        assert_raises_rpc_error(-5, "Invalid address", node.generatetoaddress, 1, "dots1nonsense")

        info = node.getblockchaininfo()
        for key in ["chain", "blocks", "headers", "bestblockhash", "difficulty", "time", "mediantime", "verificationprogress",
                    "initialblockdownload", "chainwork", "size_on_disk", "pruned", "warnings"]:
            assert key in info, key
        assert_equal(info["blocks"], 200)
        assert_equal(info["headers"], 200)
        assert_equal(info["pruned"], False)
        assert info["size_on_disk"] > 0

        self.log.info("getblock verbosity 0/1/2 and getblockheader")
        tip = hashes[-1]
        raw = node.getblock(tip, 0)
        blk = Block.from_hex(raw)
        assert_equal(blk.hash_hex(), tip)
        b1 = node.getblock(tip)
        assert_equal(b1["height"], 200)
        assert_equal(b1["confirmations"], 1)
        assert_equal(b1["previousblockhash"], hashes[-2])
        assert_equal(len(b1["tx"]), 1)
        b2 = node.getblock(tip, 2)
        cb = b2["tx"][0]
        assert_equal(cb["kind"], "coinbase")
        assert_equal(cb["vout"][0]["lock"]["address"], ADDR)
        # subsidy - availability pool (doc/registry.md)
        assert_equal(cb["vout"][0]["value"], units_to_amount(miner_reward(200)))
        hdr = node.getblockheader(hashes[0])
        assert_equal(hdr["nextblockhash"], hashes[1])
        assert_equal(hdr["confirmations"], 200)
        assert_equal(node.getblockheader(tip, False), raw[:160])
        assert_raises_rpc_error(-5, "Block not found", node.getblock, "00" * 32)
        assert_raises_rpc_error(-8, "blockhash must be of length 64", node.getblock, "xyz")

        self.log.info("getrawtransaction with -txindex and decoderawtransaction")
        txid = b1["tx"][0]
        rawtx = node.getrawtransaction(txid)
        dec = node.decoderawtransaction(rawtx)
        assert_equal(dec["txid"], txid)
        for key in ["txid", "hash", "version", "kind", "size", "locktime", "vin", "vout", "payload"]:
            assert key in dec, key
        verbose = node.getrawtransaction(txid, True)
        assert_equal(verbose["blockhash"], tip)
        assert_equal(verbose["confirmations"], 1)
        assert_equal(node.getrawtransaction(txid, False, tip), rawtx)

        self.log.info("gettxout and gettxoutsetinfo")
        out = node.gettxout(txid, 0)
        assert_equal(out["bestblock"], tip)
        assert_equal(out["confirmations"], 1)
        assert_equal(out["coinbase"], True)
        assert_equal(node.gettxout(txid, 1), None)
        stats = node.gettxoutsetinfo()
        assert_equal(stats["height"], 200)
        assert_equal(stats["bestblock"], tip)
        assert_equal(stats["txouts"], 200)
        expected = units_to_amount(sum(miner_reward(h) for h in range(1, 201)))
        assert_equal(stats["total_amount"], expected)
        for key in ["bogosize", "hash_serialized", "disk_size"]:
            assert key in stats

        self.log.info("mining RPCs")
        mi = node.getmininginfo()
        assert_equal(mi["blocks"], 200)
        gbt = node.getblocktemplate()
        assert_equal(gbt["height"], 201)
        assert_equal(gbt["previousblockhash"], tip)
        assert gbt["mintime"] <= gbt["curtime"]
        res = node.generateblock(ADDR, [])
        assert_equal(node.getbestblockhash(), res["hash"])
        assert_raises_rpc_error(-5, "not in mempool", node.generateblock, ADDR, ["11" * 32])
        assert_equal(node.getchaintips(), [{"height": 201, "hash": res["hash"], "branchlen": 0, "status": "active"}])
        assert_equal(node.verifychain(4, 0), True)
        assert node.getdifficulty() > 0


if __name__ == "__main__":
    BlockchainBasicTest().main()
