#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""ZMQ notifications with python3-zmq: Bitcoin Core's topics (hashblock, rawblock, hashtx, rawtx,
sequence) with their frames and per-topic sequence numbers, the mempool's change numbers, the
order of D/C messages across a reorg, and the registry topics (doc/zmq.md): registryhandle
(registered, updated, removed), registrynode (registered, updated, deregistered), registrybinding
(bound), registrysettlement (settled, a top-up, unsettled and settled again across a reorg), each
after its block's C and before its hashblock, and the R of a pool statement a block made invalid
(a deposit to a node the block deregistered)."""

import json
import struct

from test_framework.blocktools import create_block, encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.registry import (
    REGTEST_PARAMS as P,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    make_registry_tx,
    settle_epoch_of,
    voucher_amount,
)
from test_framework.registry_node import K, RegistryTestBase, units
from test_framework.test_framework import SkipTest
from test_framework.txtools import COIN, KIND_HANDLE_COMMIT, KIND_HANDLE_REGISTER, make_transfer, spendable_coinbase, to_display
from test_framework.util import assert_equal

BURN = encode_address(b"\x00" * 31 + b"\x03")
TOPICS = ["hashblock", "rawblock", "hashtx", "rawtx", "sequence", "registryhandle", "registrynode", "registrybinding",
          "registrysettlement"]
REGISTRY_TOPICS = [t for t in TOPICS if t.startswith("registry")]
N1, N2, OWNER = K("zmq node 1"), K("zmq node 2"), K("zmq owner")
ENDPOINTS = ["sip:127.0.0.1:5070;transport=udp"]


class Subscriber:
    def __init__(self, zmq, address):
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.SUB)
        self.sock.setsockopt(zmq.SUBSCRIBE, b"")
        self.sock.setsockopt(zmq.RCVTIMEO, 10_000)
        self.sock.connect(address)
        self.next_seq = {}

    def receive(self):
        """(topic, body); checks the per-topic sequence has no gap."""
        topic, body, seq = self.sock.recv_multipart()
        topic = topic.decode()
        seq = struct.unpack("<I", seq)[0]
        if topic in self.next_seq:
            assert_equal(seq, self.next_seq[topic])
        self.next_seq[topic] = seq + 1
        return topic, body

    def until(self, topic, count=1):
        """Every message up to and including the count-th of `topic`."""
        got = []
        while count:
            t, body = self.receive()
            got.append((t, body))
            if t == topic:
                count -= 1
        return got

    def drain(self, zmq):
        """Every message until nothing arrives for 500 ms."""
        got = []
        self.sock.setsockopt(zmq.RCVTIMEO, 500)
        try:
            while True:
                got.append(self.receive())
        except zmq.Again:
            pass
        finally:
            self.sock.setsockopt(zmq.RCVTIMEO, 10_000)
        return got

    def close(self):
        self.sock.close(linger=0)
        self.ctx.term()


def labels(messages):
    """The sequence messages among `messages` as (label, display hash) pairs."""
    return [(chr(body[32]), body[:32].hex()) for t, body in messages if t == "sequence"]


def events(messages, topic=None):
    """The registry events among `messages` (of `topic`, or of every registry topic as (topic, event))."""
    if topic is not None:
        return [json.loads(body) for t, body in messages if t == topic]
    return [(t, json.loads(body)) for t, body in messages if t in REGISTRY_TOPICS]


def outline(messages):
    """`messages` as a list of sequence labels, registry topics and hashblock, in order (the
    transactions' hashtx/rawtx and rawblock left out)."""
    out = []
    for t, body in messages:
        if t == "sequence":
            out.append(chr(body[32]))
        elif t in REGISTRY_TOPICS or t == "hashblock":
            out.append(t)
    return out


class ZmqTest(RegistryTestBase):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [[f"-zmqpub{t}=tcp://127.0.0.1:*" for t in TOPICS]]

    def skip_test_if_missing_module(self):
        self.skip_if_no_zmq()
        try:
            import zmq  # noqa: F401
        except ImportError:
            raise SkipTest("python3-zmq is not installed")

    def run_test(self):
        import zmq
        node = self.nodes[0]
        wait_for_chain(node)
        active = node.getzmqnotifications()
        assert_equal(sorted(n["type"] for n in active), sorted("pub" + t for t in TOPICS))
        address = active[0]["address"]
        assert not address.endswith(":*")
        assert all(n["address"] == address and n["hwm"] == 1000 for n in active)
        sub = self.sub = Subscriber(zmq, address)
        try:
            self.run_checks(node, sub)
            self.run_registry_checks(node, sub)
        finally:
            sub.close()

    def run_checks(self, node, sub):
        key = ECKey()
        genesis = node.getblockhash(0)
        self.log.info("the first block after connecting arrives (slow joiner: mine until it does)")
        sub.sock.setsockopt(zmq_module().RCVTIMEO, 200)
        while True:
            tip = node.generatetoaddress(1, BURN)[0]
            try:
                got = sub.until("hashblock")
                sub.until("rawblock")
                break
            except zmq_module().Again:
                continue
        sub.sock.setsockopt(zmq_module().RCVTIMEO, 10_000)
        assert_equal(got[-1][1].hex(), tip)
        coins = spendable_coinbase(node, key, count=4)
        sub.drain(zmq_module())

        self.log.info("a mempool transaction: hashtx, rawtx, sequence A with the mempool's number")
        tx = make_transfer(coins[0], key, genesis, fee=10_000)
        txid = node.sendrawtransaction(tx.serialize().hex())
        msgs = sub.until("sequence")
        assert_equal([t for t, _ in msgs], ["hashtx", "rawtx", "sequence"])
        assert_equal(msgs[0][1].hex(), txid)
        assert_equal(msgs[1][1], tx.serialize())
        body = msgs[2][1]
        assert_equal((chr(body[32]), body[:32].hex()), ("A", txid))
        assert_equal(struct.unpack("<Q", body[33:])[0], node.getrawmempool(False, True)["mempool_sequence"])

        self.log.info("a block: its transactions, C, then hashblock and rawblock")
        b1 = node.generatetoaddress(1, BURN)[0]
        msgs = sub.until("rawblock")
        assert_equal([t for t, _ in msgs], ["hashtx", "rawtx", "hashtx", "rawtx", "sequence", "hashblock", "rawblock"])
        assert_equal(msgs[2][1].hex(), txid)
        assert_equal(labels(msgs), [("C", b1)])
        assert_equal(msgs[5][1].hex(), b1)
        assert_equal(msgs[6][1].hex(), node.getblock(b1, 0))
        b2 = node.generatetoaddress(1, BURN)[0]
        sub.until("rawblock")

        self.log.info("invalidateblock: D for each block from the tip down, the transaction back (A), no hashblock")
        node.invalidateblock(b1)
        msgs = sub.until("sequence", 3)
        assert_equal(labels(msgs), [("D", b2), ("D", b1), ("A", txid)])
        assert "hashblock" not in [t for t, _ in msgs]

        self.log.info("a longer branch arrives (submitblock): D from the tip down, C oldest first, then the new tip")
        c = node.generatetoaddress(3, BURN)
        sub.drain(zmq_module())
        node.reconsiderblock(b1)  # valid again, shorter than c: nothing moves
        assert_equal(node.getbestblockhash(), c[-1])
        assert_equal(sub.drain(zmq_module()), [])
        # Fork from b2 (the reconsidered branch) with two more blocks: 4 > 3 blocks.
        parent, height = b2, node.getblockheader(b2)["height"]
        bits = int(node.getblockheader(b2)["bits"], 16)
        time = node.getblockheader(c[-1])["time"] + 1
        fork = []
        for i in range(2):
            block = create_block(parent, height + 1, time + i, bits)
            # The first is stored on a side branch ("inconclusive", as Bitcoin Core); the second wins.
            assert_equal(node.submitblock(block.to_hex()), "inconclusive" if i == 0 else None)
            fork.append(block.hash_hex())
            parent, height = fork[-1], height + 1
        assert_equal(node.getbestblockhash(), fork[-1])
        msgs = sub.drain(zmq_module())
        assert_equal(labels(msgs)[:6], [("D", c[2]), ("D", c[1]), ("D", c[0]), ("C", b1), ("C", b2), ("C", fork[0])])
        assert_equal(labels(msgs)[6], ("C", fork[1]))
        hashblocks = [body.hex() for t, body in msgs if t == "hashblock"]
        assert_equal(hashblocks, [fork[1]])  # one activation: one new tip

        self.log.info("registryhandle: a registration connected, then disconnected")
        handle, salt = "zmqalice", b"\x55" * 32
        commit = make_registry_tx(KIND_HANDLE_COMMIT, handle_commit_payload(handle_commitment(handle, salt, key)),
                                  coins[1], None, key, key, 10_000, genesis_hash=genesis)
        node.sendrawtransaction(commit.serialize().hex())
        node.generatetoaddress(10, BURN)
        reveal = make_registry_tx(KIND_HANDLE_REGISTER, handle_register_payload(handle, salt, key), coins[2], None, key, key,
                                  10_000, handle_fee(handle), genesis_hash=genesis)
        node.sendrawtransaction(reveal.serialize().hex())
        reg_block = node.generatetoaddress(1, BURN)[0]
        msgs = sub.until("registryhandle")
        event = json.loads(msgs[-1][1])
        assert_equal((event["event"], event["handle"], event["block"], event["connected"]), ("registered", handle, reg_block, True))
        assert_equal(event["owner"], key.xonly.hex())
        node.invalidateblock(reg_block)
        msgs = sub.until("registryhandle")
        event = json.loads(msgs[-1][1])
        assert_equal((event["event"], event["handle"], event["connected"]), ("removed", handle, False))
        assert_equal(labels(msgs)[0], ("D", reg_block))

    def mined(self, sub, txs):
        """Mines `txs` in one block; returns (hash, height, every message up to its rawblock),
        checking the outline: the block's C, its registry events, then its hashblock."""
        node = self.nodes[0]
        block = self.mine(txs)
        msgs = sub.until("rawblock")
        out = outline(msgs)
        assert_equal(out[0], "C")
        assert_equal(out[-1], "hashblock")
        assert all(o in REGISTRY_TOPICS for o in out[1:-1]), out
        return block, node.getblockcount(), msgs

    def run_registry_checks(self, node, sub):
        zmq = zmq_module()
        self.setup_registry(node, 10)
        sub.drain(zmq)
        n1, n2 = N1.xonly.hex(), N2.xonly.hex()

        self.log.info("registrynode: two registrations in one block, in block order")
        block, height, msgs = self.mined(sub, [self.register_node(N1), self.register_node(N2)])
        base = {"block": block, "height": height, "connected": True}
        registered = dict(base, event="registered", endpoints=ENDPOINTS, active=True, seq=1)
        assert_equal(events(msgs), [("registrynode", dict(registered, node=n)) for n in (n1, n2)])

        self.log.info("registryhandle: registered, then updated (home node)")
        self.mine([self.commit("zmqcarol", b"\x66" * 32, OWNER)])
        self.mine_empty(P["commit_maturity"])
        sub.drain(zmq)
        block, height, msgs = self.mined(sub, [self.reveal("zmqcarol", b"\x66" * 32, OWNER)])
        registered = events(msgs, "registryhandle")
        assert_equal([(e["event"], e["handle"], e["home"], e["seq"]) for e in registered], [("registered", "zmqcarol", None, 0)])
        expiry = registered[0]["expiry_height"]
        block, height, msgs = self.mined(sub, [self.update(OWNER, "zmqcarol", 1, home=N1.xonly)])
        assert_equal(events(msgs), [("registryhandle", {"event": "updated", "handle": "zmqcarol", "owner": OWNER.xonly.hex(),
                                                        "home": n1, "expiry_height": expiry, "seq": 1, "block": block,
                                                        "height": height, "connected": True})])

        self.log.info("registrybinding: bound to a node")
        block, height, msgs = self.mined(sub, [self.bind(N1, OWNER, "zmqcarol", 1)])
        assert_equal(events(msgs), [("registrybinding", {"event": "bound", "handle": "zmqcarol", "node": n1, "seq": 1,
                                                         "block": block, "height": height, "connected": True})])

        self.log.info("registrynode: updated (new endpoints)")
        moved = ["sip:127.0.0.1:5072;transport=udp"]
        block, height, msgs = self.mined(sub, [self.update_node(N1, endpoints=moved)])
        assert_equal(events(msgs), [("registrynode", {"event": "updated", "node": n1, "endpoints": moved, "active": True,
                                                      "seq": 2, "block": block, "height": height, "connected": True})])

        self.log.info("registrysettlement: settled from a deposit, then topped up by a higher voucher")
        self.mine([self.deposit(N1, N2, COIN)])
        sub.drain(zmq)
        epoch = settle_epoch_of(node.getblockcount() + 1)
        rate = COIN // 100
        first, second = voucher_amount(600, rate), voucher_amount(1500, rate)
        block, height, msgs = self.mined(sub, [self.settle(N1, N2, [(epoch, 600, rate)])])
        settled = {"event": "settled", "orig": n1, "term": n2, "epoch": epoch, "amount": first, "paid": first, "seconds": 600,
                   "block": block, "height": height, "connected": True}
        assert_equal(events(msgs), [("registrysettlement", settled)])
        assert_equal(units(node.getnodebalance(n2)["balance"]), first)
        topup = self.settle(N1, N2, [(epoch, 1500, rate)])
        block, height, msgs = self.mined(sub, [topup])
        topped = dict(settled, amount=second, paid=second - first, seconds=1500, block=block, height=height)
        assert_equal(events(msgs), [("registrysettlement", topped)])

        self.log.info("across a reorg: D with the undo event, the statement back (A); then C with it again, then hashblock")
        node.invalidateblock(block)
        msgs = sub.until("sequence", 2)
        assert_equal(outline(msgs), ["D", "registrysettlement", "A"])
        assert_equal(labels(msgs), [("D", block), ("A", to_display(topup.txid()))])
        assert_equal(events(msgs), [("registrysettlement", dict(topped, event="unsettled", amount=first, seconds=600,
                                                                 connected=False))])
        node.reconsiderblock(block)
        msgs = sub.until("rawblock")
        assert_equal(outline(msgs), ["C", "registrysettlement", "hashblock"])
        assert_equal(events(msgs), [("registrysettlement", topped)])

        self.log.info("registrynode: deregistered; a pool deposit to the node leaves (R) after the block")
        deposit = self.deposit(N1, N2, COIN // 10)
        node.sendrawtransaction(deposit.serialize().hex())
        sub.until("sequence")  # its A
        block, height, msgs = self.mined(sub, [self.deregister_node(N2)])
        assert_equal(events(msgs), [("registrynode", {"event": "deregistered", "node": n2, "endpoints": ENDPOINTS,
                                                      "active": False, "seq": 2, "block": block, "height": height,
                                                      "connected": True})])
        msgs = sub.until("sequence")
        assert_equal(labels(msgs), [("R", to_display(deposit.txid()))])
        assert_equal(node.getrawmempool(), [])


def zmq_module():
    import zmq
    return zmq


if __name__ == "__main__":
    ZmqTest().main()
