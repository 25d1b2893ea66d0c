#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Transaction relay through the mempool: a transaction sent to one end of the line 0-1-2
reaches the other end; a child that arrives before its parent waits in the orphan pool and
enters with it; a transaction that breaks a consensus rule gets its sender discouraged; and
conflicting registry statements propagate first-seen: a node holding one version refuses the
other (keeps it aside, relays nothing), until a block settles the conflict everywhere.

Timing: the nodes whitelist each other (noban, as Bitcoin Core's tests do with noban_tx_relay),
so they announce a transaction at their next SendMessages instead of at their Poisson trickle
(mean 2 s outbound, 5 s inbound, unbounded tail) and a whitelisted announcer is asked at once.
A relay over the line then takes well under a second, and the 60 s waits below are ceilings,
not estimates. The trickle itself is checked once, on a Python peer that is not whitelisted."""

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.messages import MSG_WTX, msg_tx
from test_framework.p2p import P2PInterface
from test_framework.registry import handle_commit_payload, handle_commitment, make_registry_tx
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import KIND_HANDLE_COMMIT, Utxo, lock_for_key, make_transfer, spendable_coinbase, to_display
from test_framework.util import assert_equal

BURN = encode_address(b"\x00" * 31 + b"\x07")
FEE = 10_000


def child_of(tx, key, genesis, fee=FEE):
    """A transfer spending output 0 of `tx` (locked to `key`)."""
    return make_transfer(Utxo(tx.txid(), 0, tx.vout[0][0], tx.vout[0][1], tx.vout[0][2]), key, genesis, fee=fee)


class TxRelayTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 3
        # -connect=0: only the line the test makes (automatic outbound peers learned from addr
        # gossip would add a direct 0-2 link at random and skip the middle hop). Python peers
        # connect from 127.0.0.2 and up, so they are not whitelisted.
        self.extra_args = [["-debug=net", "-debug=mempool", "-connect=0", "-listen=1", "-whitelist=noban@127.0.0.1"]] * 3

    def in_pool(self, node, tx):
        return to_display(tx.txid()) in node.getrawmempool()

    def run_test(self):
        for n in self.nodes:
            wait_for_chain(n)
        n0, n1, n2 = self.nodes
        self.connect_nodes(1, 0)
        self.connect_nodes(2, 1)
        self.key, mallory = ECKey(), ECKey()
        genesis = self.genesis = n0.getblockhash(0)
        coins = spendable_coinbase(n0, self.key, count=6)
        self.sync_blocks()

        self.log.info("a transfer sent to node2 reaches node0 over node1 (wtxid inv, getdata, tx)")
        listener = n0.add_p2p_connection(P2PInterface(), srcaddr="127.0.0.4")
        tx = make_transfer(coins[0], self.key, genesis, fee=FEE)
        n2.sendrawtransaction(tx.serialize().hex())
        self.wait_until(lambda: all(self.in_pool(n, tx) for n in self.nodes), timeout=60)
        # An inbound peer without permissions gets the announcement at its trickle: Poisson
        # with a 5 s mean, so 60 s (12 means) fails once in e^12 (about 160,000) runs.
        listener.wait_until(lambda: any(name == "inv" and any(i.type == MSG_WTX and i.hash == tx.wtxid() for i in msg.inv)
                                        for name, msg in listener.messages), timeout=60)

        self.log.info("a child sent before its parent waits as an orphan, then both enter and relay")
        parent = make_transfer(coins[1], self.key, genesis, fee=FEE)
        child = child_of(parent, self.key, genesis)
        peer = n0.add_p2p_connection(P2PInterface(), srcaddr="127.0.0.2")
        with n0.assert_debug_log(["stored orphan tx"], timeout=10):
            peer.send_message(msg_tx(child))
            peer.sync_with_ping()
        assert not self.in_pool(n0, child)
        peer.send_message(msg_tx(parent))
        self.wait_until(lambda: all(self.in_pool(n, parent) and self.in_pool(n, child) for n in self.nodes), timeout=60)

        self.log.info("a transaction that breaks a consensus rule: its sender is discouraged")
        bad = make_transfer(coins[2], self.key, genesis, value=coins[2].value + 1)
        with n0.assert_debug_log(["invalid transaction", "bad-txns-in-belowout", "Disconnecting and discouraging"], timeout=10):
            peer.send_message(msg_tx(bad))
            peer.wait_for_disconnect(timeout=10)
        n0.disconnect_p2ps()
        assert n1.getpeerinfo()  # the honest peers stay

        self.log.info("conflicting registry statements: the first seen propagates, the rival stays where it was sent")
        commitment = handle_commitment("relayed", b"\x05" * 32, self.key)
        # Mallory's rival commitment is paid from her own coin (she cannot replace alice's).
        fund = make_transfer(coins[3], self.key, genesis, dest_lock=lock_for_key(mallory), fee=FEE)
        n0.sendrawtransaction(fund.serialize().hex())
        n0.generatetoaddress(1, BURN)
        self.sync_blocks()
        mallory_coin = Utxo(fund.txid(), 0, fund.vout[0][0], *lock_for_key(mallory))
        first = make_registry_tx(KIND_HANDLE_COMMIT, handle_commit_payload(commitment), coins[4], None, self.key, self.key,
                                 FEE, genesis_hash=genesis)
        rival = make_registry_tx(KIND_HANDLE_COMMIT, handle_commit_payload(commitment), mallory_coin, None, mallory, mallory,
                                 5 * FEE, genesis_hash=genesis)
        n0.sendrawtransaction(first.serialize().hex())
        self.wait_until(lambda: all(self.in_pool(n, first) for n in self.nodes), timeout=60)
        # The rival reaches node1 from a peer of its own: refused there (not the peer's fault),
        # kept aside, relayed to nobody.
        rival_peer = n1.add_p2p_connection(P2PInterface(), srcaddr="127.0.0.3")
        with n1.assert_debug_log(["txn-registry-conflict"], timeout=10):
            rival_peer.send_message(msg_tx(rival))
            rival_peer.sync_with_ping()
        # A transfer sent after it through the same peer reaches node0 and node2; the rival would
        # have been announced with it or before it.
        marker = make_transfer(coins[5], self.key, genesis, fee=FEE)
        rival_peer.send_message(msg_tx(marker))
        self.wait_until(lambda: all(self.in_pool(n, marker) for n in self.nodes), timeout=60)
        assert rival_peer.is_connected
        assert_equal(n1.getmempoolinfo()["aside"], 1)
        for n in self.nodes:
            assert self.in_pool(n, first)
            assert not self.in_pool(n, rival)
        n1.disconnect_p2ps()

        self.log.info("a block mined on node2 confirms the first seen everywhere; the pools empty")
        n2.generatetoaddress(1, BURN)
        self.sync_blocks()
        self.wait_until(lambda: all(n.getrawmempool() == [] for n in self.nodes), timeout=60)
        block = n0.getblock(n0.getbestblockhash())
        assert to_display(first.txid()) in block["tx"]


if __name__ == "__main__":
    TxRelayTest().main()
