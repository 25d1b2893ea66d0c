#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The registry's first-seen rule in the mempool (doc/mempool.md "Registry conflicts"), for every
conflict key: a statement whose key a pool statement holds is refused (txn-registry-conflict)
and kept aside (getmempoolinfo's "aside"); its signer may replace its own by paying more (a
commitment's signer is its payer; a node record's, the node), a settlement also by a higher
voucher total, probe receipts only by a strict superset of their receipts; a block that
confirms the other version wins at once (the pool's version leaves, the kept-aside copy is
dropped), except that a pool settlement with a higher total than the block's stays as a top-up
(the rules pay it the difference), and a kept-aside statement enters when its key frees. After a reorg that drops the
block, the confirmed version is back in the pool and the other is not. A reveal waiting in the
pool stays when a reorg mines its commitment again at another height (the two share the
commitment's key, but the reveal follows the commitment). A block that
deregisters a node removes the pool's binding to it (a precondition of another key), and the
kept-aside binding to another node takes its place."""

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.registry import (
    binding_payload,
    handle_commit_payload,
    handle_commitment,
    make_registry_tx,
    node_update_payload,
    probe_receipts_payload,
    seed_height,
    settle_epoch_of,
    REGTEST_PARAMS as P,
)
from test_framework.registry_node import FEE, K, RegistryTestBase
from test_framework.txtools import (
    COIN,
    KIND_BINDING,
    KIND_HANDLE_COMMIT,
    KIND_NODE_REGISTER,
    KIND_PROBE_RECEIPTS,
    Utxo,
    lock_for_key,
    make_transfer,
    spendable_coinbase,
    to_display,
)
from test_framework.util import assert_equal, assert_raises_rpc_error, wait_until

BURN = encode_address(b"\x00" * 31 + b"\x06")
N1, N2, N3, N4, N5 = (K(f"mempool node {i}") for i in range(1, 6))
OWNER = K("mempool owner")
HANDLE = "mpbind12"
E = [[f"sip:127.0.0.1:{port};transport=udp"] for port in (5080, 5081, 5082)]


class MempoolRegistryTest(RegistryTestBase):
    NODE_KEYS = [N1, N2, N3, N4, N5]

    def set_test_params(self):
        self.num_nodes = 1

    def pool(self):
        return sorted(self.nodes[0].getrawmempool())

    def send(self, tx):
        return self.nodes[0].sendrawtransaction(tx.serialize().hex())

    def refused(self, tx):
        """`tx` is refused by the first-seen rule and kept aside."""
        node = self.nodes[0]
        aside = node.getmempoolinfo()["aside"]
        assert_raises_rpc_error(-26, "txn-registry-conflict", self.send, tx)
        assert_equal(node.getmempoolinfo()["aside"], aside + 1)

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        self.commitment_conflicts(node)
        self.setup_registry(node, 16)
        self.mine([self.register_node(k) for k in self.NODE_KEYS])
        self.registered = node.getblockcount()
        self.node_conflicts(node)
        self.binding_conflicts(node)
        self.settlement_conflicts(node)
        self.receipt_conflicts(node)
        self.reveal_across_reorg(node)

    def node_update(self, key, seq, endpoints, fee=FEE):
        return self.rtx(KIND_NODE_REGISTER, node_update_payload(key, self.genesis, seq, endpoints), fee=fee)

    def node_conflicts(self, node):
        self.log.info("node record: the node's second version of a statement is kept aside; paying more replaces")
        seq = self.node_seq[N1.xonly] + 1
        first = self.node_update(N1, seq, E[0])
        self.send(first)
        rival = self.node_update(N1, seq, E[1])
        self.refused(rival)
        assert_equal(self.pool(), [to_display(first.txid())])
        bumped = self.node_update(N1, seq, E[2], fee=3 * FEE)
        self.send(bumped)
        assert_equal(self.pool(), [to_display(bumped.txid())])
        self.log.info("node record: a block confirming the kept-aside version wins; the pool's leaves")
        self.mine([rival])
        self.node_seq[N1.xonly] = seq
        assert_equal((self.pool(), node.getmempoolinfo()["aside"]), ([], 0))
        assert_equal(node.getnode(N1.xonly.hex())["endpoints"], E[1])

    def bind_tx(self, key, seq, fee=FEE):
        return self.rtx(KIND_BINDING, binding_payload(key, OWNER, self.genesis, HANDLE, seq), fee=fee)

    def binding_conflicts(self, node):
        self.log.info("binding: another node's binding is kept aside whatever it pays")
        salt = b"\x31" * 32
        self.mine([self.commit(HANDLE, salt, OWNER)])
        self.mine_empty(P["commit_maturity"])
        self.mine([self.reveal(HANDLE, salt, OWNER)])
        first = self.bind_tx(N1, 1)
        self.send(first)
        rival = self.bind_tx(N2, 1, fee=5 * FEE)
        self.refused(rival)
        assert_equal(self.pool(), [to_display(first.txid())])
        self.log.info("binding: a block confirming the kept-aside version wins")
        self.mine([rival])
        assert_equal((self.pool(), node.getmempoolinfo()["aside"]), ([], 0))
        assert_equal(node.getbinding(HANDLE)["node"], N2.xonly.hex())

        self.log.info("binding: a block deregistering the node of the pool's binding removes it; the kept-aside one enters")
        self.mine_empty(P["presence_min_interval"])
        to_n5 = self.bind_tx(N5, 2)
        self.send(to_n5)
        to_n3 = self.bind_tx(N3, 2, fee=2 * FEE)
        self.refused(to_n3)
        # The deregistration holds N5's node key, not the binding's: only the block's effect on
        # the binding's precondition (an active node) removes it.
        self.mine([self.deregister_node(N5)])
        assert to_display(to_n5.txid()) not in node.getrawmempool()
        res = node.testmempoolaccept([to_n5.serialize().hex()])[0]
        assert_equal((res["allowed"], res["reject-reason"]), (False, "bad-node-inactive"))
        wait_until(lambda: self.pool() == [to_display(to_n3.txid())])
        assert_equal(node.getmempoolinfo()["aside"], 0)
        self.mine([to_n3])
        assert_equal(node.getbinding(HANDLE)["node"], N3.xonly.hex())

    def settlement_conflicts(self, node):
        self.log.info("settlement: a lower voucher total is kept aside; a higher one at the same fee replaces")
        self.mine([self.deposit(N1, N2, COIN)])
        epoch = settle_epoch_of(node.getblockcount() + 1)
        rate = COIN // 100
        first = self.settle(N1, N2, [(epoch, 600, rate)])
        self.send(first)
        lower = self.settle(N1, N2, [(epoch, 300, rate)])
        self.refused(lower)
        higher = self.settle(N1, N2, [(epoch, 1200, rate)])
        self.send(higher)
        assert_equal(self.pool(), [to_display(higher.txid())])
        self.log.info("settlement: a block confirming the kept-aside lower total; the pool's higher total stays as a top-up")
        o, t = N1.xonly.hex(), N2.xonly.hex()
        block = self.mine([lower])
        assert_equal(node.getsettlement(o, t, epoch)["seconds"], 300)
        self.assert_top_up(higher)
        self.log.info("settlement: reorged out, the lower total is kept aside again; back, the top-up still stays")
        node.invalidateblock(block)
        wait_until(lambda: node.getmempoolinfo()["aside"] == 1)
        self.assert_top_up(higher, aside=1)
        node.reconsiderblock(block)
        wait_until(lambda: node.getmempoolinfo()["aside"] == 0)
        self.assert_top_up(higher)
        self.log.info("settlement: the top-up is mined and pays the difference")
        self.mine([higher])
        assert_equal(self.pool(), [])
        assert_equal(node.getsettlement(o, t, epoch)["seconds"], 1200)
        self.log.info("settlement: a block confirming a total at least the pool's wins at once")
        pooled = self.settle(N1, N2, [(epoch, 1500, rate)])
        self.send(pooled)
        self.mine([self.settle(N1, N2, [(epoch, 1800, rate)])])
        assert_equal(self.pool(), [])

    def assert_top_up(self, tx, aside=0):
        """`tx` alone is in the pool (after the pool applied the tip: getblocktemplate waits for it)
        and in the template."""
        node = self.nodes[0]
        tmpl = node.getblocktemplate()
        assert_equal([t["txid"] for t in tmpl["transactions"]], [to_display(tx.txid())])
        assert_equal((self.pool(), node.getmempoolinfo()["aside"]), ([to_display(tx.txid())], aside))

    def receipts_tx(self, target, epoch, probers, fee=FEE):
        drawn = self.probers(target, epoch)
        entries = sorted((drawn.index(p.xonly), self.challenge(p, target, epoch)) for p in probers)
        return self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(target, epoch, entries), fee=fee)

    def receipt_conflicts(self, node):
        self.log.info("probe receipts: only a strict superset paying more replaces; a copy or another set is kept aside")
        tip = node.getblockcount()
        epoch = next(e for e in range(1, 100) if seed_height(e) >= self.registered and e * P["probe_epoch"] > tip)
        self.mine_to(epoch * P["probe_epoch"] - 1)
        keys = {k.xonly: k for k in self.NODE_KEYS}
        a, b = (keys[x] for x in self.probers(N1, epoch)[:2])
        first = self.receipts_tx(N1, epoch, [a])
        self.send(first)
        copy = self.receipts_tx(N1, epoch, [a], fee=3 * FEE)
        self.refused(copy)
        other = self.receipts_tx(N1, epoch, [b], fee=3 * FEE)
        self.refused(other)
        both = self.receipts_tx(N1, epoch, [a, b], fee=3 * FEE)
        self.send(both)
        assert_equal(self.pool(), [to_display(both.txid())])
        self.log.info("probe receipts: a block confirming another set wins; the kept-aside copy enters (its receipt counts)")
        self.mine([other])
        wait_until(lambda: self.pool() == [to_display(copy.txid())])
        assert_equal(node.getmempoolinfo()["aside"], 0)
        node.generatetoaddress(1, self.miner_addr)
        assert_equal(node.getprobers(N1.xonly.hex(), epoch)["receipts"], 2)

    def empty_blocks(self, node, n):
        """n blocks without pool transactions (generatetoaddress would take them); the last hash."""
        return [node.generateblock(self.miner_addr, [])["hash"] for _ in range(n)][-1]

    def reveal_across_reorg(self, node):
        self.log.info("handle reveal: a reorg that mines its commitment again at another height keeps the pool's reveal")
        handle, salt = "mpreorg1", b"\x32" * 32
        commit = self.commit(handle, salt, OWNER)
        reveal = self.reveal(handle, salt, OWNER)
        fork = node.getblockcount()
        # Branch B: the commitment at fork + 2, mature at its tip, longer than branch A.
        b_first = self.empty_blocks(node, 1)
        node.generateblock(self.miner_addr, [commit.serialize().hex()])
        b_tip = self.empty_blocks(node, P["commit_maturity"] + 2)
        node.invalidateblock(b_first)
        wait_until(lambda: self.pool() == [to_display(commit.txid())])
        # Branch A: the commitment at fork + 1; once it is mature the reveal waits in the pool.
        self.mine([commit])
        self.empty_blocks(node, P["commit_maturity"])
        self.send(reveal)
        assert_equal(self.pool(), [to_display(reveal.txid())])
        # B has more work: the reorg mines the commitment again (the reveal's COMMITMENT key), and
        # the reveal, which needs that commitment, stays.
        node.reconsiderblock(b_first)
        assert_equal(node.getbestblockhash(), b_tip)
        wait_until(lambda: self.pool() == [to_display(reveal.txid())])
        assert_equal(node.getmempoolinfo()["aside"], 0)
        self.mine([reveal])
        rec = node.gethandle(handle)
        assert_equal((rec["owner_key"], rec["registered_height"]), (OWNER.xonly.hex(), fork + P["commit_maturity"] + 5))

    def commitment_conflicts(self, node):
        self.log.info("handle commitment: first seen, replacement by its payer, the switch, a reorg")
        alice, mallory = ECKey(), ECKey()
        genesis = node.getblockhash(0)
        coins = spendable_coinbase(node, alice, count=3)
        # Mallory gets a coin of her own.
        fund = make_transfer(coins[2], alice, genesis, dest_lock=lock_for_key(mallory), fee=10_000)
        node.sendrawtransaction(fund.serialize().hex())
        node.generatetoaddress(1, BURN)
        mallory_coin = Utxo(fund.txid(), 0, fund.vout[0][0], *lock_for_key(mallory))
        commitment = handle_commitment("firstseen", b"\x07" * 32, alice)

        def commit(coin, key, fee):
            return make_registry_tx(KIND_HANDLE_COMMIT, handle_commit_payload(commitment), coin, None, key, key, fee,
                                    genesis_hash=genesis)

        self.log.info("first seen stays; a rival with the same key is refused and kept aside")
        first = commit(coins[0], alice, 10_000)
        node.sendrawtransaction(first.serialize().hex())
        rival = commit(mallory_coin, mallory, 500_000)
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction, rival.serialize().hex())
        assert_equal(node.getmempoolinfo()["aside"], 1)
        assert_equal(node.getrawmempool(), [to_display(first.txid())])
        res = node.testmempoolaccept([rival.serialize().hex()])[0]
        assert_equal((res["allowed"], res["reject-reason"]), (False, "txn-registry-conflict"))

        self.log.info("the same payer replaces its own only by paying more")
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction,
                                commit(coins[1], alice, 10_000).serialize().hex())
        own = commit(coins[1], alice, 40_000)
        node.sendrawtransaction(own.serialize().hex())
        assert_equal(node.getrawmempool(), [to_display(own.txid())])

        self.log.info("a block confirming the rival wins at once: the pool's version leaves")
        block = node.generateblock(BURN, [rival.serialize().hex()])["hash"]
        assert_equal(node.getrawmempool(), [])
        assert_equal(node.getmempoolinfo()["aside"], 0)
        self.log.info("a reorg dropping that block brings the rival back, first")
        node.invalidateblock(block)
        wait_until(lambda: node.getrawmempool() == [to_display(rival.txid())])
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction, own.serialize().hex())
        node.reconsiderblock(block)
        wait_until(lambda: node.getrawmempool() == [])

        self.log.info("generatetoaddress mines a pool statement; the kept-aside one enters when the key frees")
        node.invalidateblock(block)
        wait_until(lambda: node.getrawmempool() == [to_display(rival.txid())])
        assert_raises_rpc_error(-26, "txn-registry-conflict", node.sendrawtransaction, own.serialize().hex())
        # The rival leaves the pool by a replacement of its own coin (an ordinary spend, full RBF):
        # its key is free at the next block, and the kept-aside statement enters.
        spend = make_transfer(mallory_coin, mallory, genesis, fee=600_000)
        node.sendrawtransaction(spend.serialize().hex())
        assert to_display(rival.txid()) not in node.getrawmempool()
        node.generatetoaddress(1, BURN)
        wait_until(lambda: to_display(own.txid()) in node.getrawmempool())
        node.generatetoaddress(1, BURN)
        assert_equal(node.getrawmempool(), [])


if __name__ == "__main__":
    MempoolRegistryTest().main()
