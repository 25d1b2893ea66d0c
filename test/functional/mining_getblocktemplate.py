#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""An external miner: getblocktemplate (BIP22) with mempool transactions, the block assembled and
solved in Python, submitblock; BIP23 proposals accept the block and name what is wrong with a bad
one; the template's fields (depends, fees, coinbase value, limits) match the mempool; a long poll
waits for the next block."""

import threading
import time
from decimal import Decimal

from test_framework.blocktools import Block, Reader, Tx, create_coinbase, encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import Utxo, lock_for_key, make_transfer, spendable_coinbase, to_display
from test_framework.util import assert_equal, assert_raises_rpc_error

BURN = encode_address(b"\x00" * 31 + b"\x04")


def block_from_template(tmpl, miner_lock, extra_nonce=0, coinbase_value=None):
    """An unsolved Block from a getblocktemplate result paying the miner's part to miner_lock."""
    value = tmpl["coinbasevalue"] if coinbase_value is None else coinbase_value
    outputs = [(value, miner_lock[0], miner_lock[1])]
    b = Block()
    b.version = tmpl["version"]
    b.prev = bytes.fromhex(tmpl["previousblockhash"])[::-1]
    b.time = tmpl["curtime"]
    b.bits = int(tmpl["bits"], 16)
    b.nonce = 0
    b.vtx = [create_coinbase(tmpl["height"], outputs, extra_nonce)]
    b.vtx += [Tx.parse(Reader(bytes.fromhex(t["data"]))) for t in tmpl["transactions"]]
    b.fix_merkle()
    return b


class GetBlockTemplateTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        key = ECKey()
        miner = ECKey()
        genesis = node.getblockhash(0)
        coins = spendable_coinbase(node, key, count=3)

        self.log.info("an empty mempool: a template with the miner's part of the subsidy alone (subsidy - availability pool)")
        tmpl = node.getblocktemplate()
        assert_equal(tmpl["previousblockhash"], node.getbestblockhash())
        assert_equal(tmpl["height"], node.getblockcount() + 1)
        assert_equal(tmpl["transactions"], [])
        assert_equal(tmpl["capabilities"], ["proposal"])
        assert tmpl["sizelimit"] > 0 and tmpl["sigchecklimit"] > 0
        subsidy = tmpl["coinbasevalue"]

        self.log.info("mempool transactions: a parent and a child (depends), fees in the coinbase value")
        parent = make_transfer(coins[0], key, genesis, fee=20_000)
        node.sendrawtransaction(parent.serialize().hex())
        child = make_transfer(Utxo(parent.txid(), 0, parent.vout[0][0], *lock_for_key(key)), key, genesis, fee=30_000)
        node.sendrawtransaction(child.serialize().hex())
        other = make_transfer(coins[1], key, genesis, fee=15_000)
        node.sendrawtransaction(other.serialize().hex())
        tmpl = node.getblocktemplate({"mode": "template"})
        txs = tmpl["transactions"]
        assert_equal(len(txs), 3)
        order = [t["txid"] for t in txs]
        assert order.index(to_display(parent.txid())) < order.index(to_display(child.txid()))
        by_id = {t["txid"]: t for t in txs}
        assert_equal(by_id[to_display(child.txid())]["depends"], [order.index(to_display(parent.txid())) + 1])
        assert_equal(by_id[to_display(parent.txid())]["depends"], [])
        assert_equal(by_id[to_display(child.txid())]["fee"], 30_000)
        assert_equal(tmpl["coinbasevalue"], subsidy + 65_000)
        assert tmpl["longpollid"].startswith(tmpl["previousblockhash"])

        self.log.info("BIP23: a proposal of the block built from it is accepted, a bad one names the rule")
        block = block_from_template(tmpl, lock_for_key(miner))
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": block.to_hex()}), None)
        greedy = block_from_template(tmpl, lock_for_key(miner), coinbase_value=tmpl["coinbasevalue"] + 1)
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": greedy.to_hex()}), "bad-cb-amount")
        stale = block_from_template(tmpl, lock_for_key(miner))
        stale.prev = bytes(32)
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": stale.to_hex()}), "inconclusive-not-best-prevblk")

        self.log.info("solve in Python and submitblock: the block is the tip, the mempool empty, the miner paid")
        block.solve()
        assert_equal(node.submitblock(block.to_hex()), None)
        assert_equal(node.getbestblockhash(), block.hash_hex())
        assert_equal(node.getrawmempool(), [])
        assert_equal(node.submitblock(block.to_hex()), "duplicate")
        cb_txid = to_display(block.vtx[0].txid())
        assert_equal(node.gettxout(cb_txid, 0)["value"], Decimal(subsidy + 65_000) / 10**8)
        assert_equal(node.getblock(block.hash_hex())["tx"][1:], order)

        self.log.info("a block solved from the same template after the tip moved only forks: inconclusive")
        old = block_from_template(tmpl, lock_for_key(miner), extra_nonce=1)
        old.solve()
        assert_equal(node.submitblock(old.to_hex()), "inconclusive")
        assert_equal(node.getbestblockhash(), block.hash_hex())
        tip = node.generatetoaddress(1, BURN)[0]
        assert_equal(node.getblockheader(tip)["previousblockhash"], block.hash_hex())

        self.log.info("long polling: a longpollid request waits until the tip moves, then answers on the new tip")
        tmpl = node.getblocktemplate()
        answer = {}

        def long_poll():
            answer.update(node.get_rpc_proxy().getblocktemplate({"longpollid": tmpl["longpollid"]}))
            answer["at"] = time.monotonic()

        poller = threading.Thread(target=long_poll, daemon=True)
        poller.start()
        time.sleep(0.5)
        assert poller.is_alive(), "a long poll answered while the tip and the pool stayed the same"
        new_tip = node.generatetoaddress(1, BURN)[0]
        mined_at = time.monotonic()
        poller.join(timeout=30)
        assert not poller.is_alive(), "the long poll did not answer after a new block"
        assert_equal((answer["previousblockhash"], answer["height"]), (new_tip, node.getblockcount() + 1))
        # The tip notification wakes it: far sooner than the minute after which pool changes count.
        assert answer["at"] - mined_at < 5, f"the long poll answered {answer['at'] - mined_at:.1f} s after the block"
        assert_raises_rpc_error(-8, "Invalid longpollid", node.getblocktemplate, {"longpollid": "xyz"})
        # An id of an older tip answers at once.
        assert_equal(node.getblocktemplate({"longpollid": tmpl["longpollid"]})["previousblockhash"], new_tip)


if __name__ == "__main__":
    GetBlockTemplateTest().main()
