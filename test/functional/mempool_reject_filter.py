#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""The filter of recently rejected transactions starts over on each new tip, as Bitcoin Core's
m_recent_rejects: a transaction a peer sent that was refused only because of the chain at the
time (here it spends a coinbase one block short of maturity) is taken when a peer sends it again
after the next block, instead of being ignored as already known."""

from test_framework.blocktools import encode_address, wait_for_chain
from test_framework.key import ECKey
from test_framework.messages import msg_tx
from test_framework.p2p import P2PInterface
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import COINBASE_MATURITY, make_transfer, spendable_coinbase, to_display

BURN = encode_address(b"\x00" * 31 + b"\x08")
FEE = 10_000


class MempoolRejectFilterTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [["-debug=mempool"]]

    def run_test(self):
        node = self.nodes[0]
        wait_for_chain(node)
        key = ECKey()
        genesis = node.getblockhash(0)
        # Spendable in the block after next: refused now, valid once one more block is mined.
        coin = spendable_coinbase(node, key, count=1, maturity=COINBASE_MATURITY - 1)[0]
        tx = make_transfer(coin, key, genesis, fee=FEE)
        txid = to_display(tx.txid())

        self.log.info("a peer sends a transaction that spends a coinbase too early: refused, not punished")
        peer = node.add_p2p_connection(P2PInterface())
        with node.assert_debug_log(["bad-txns-premature-spend-of-coinbase"], timeout=10):
            peer.send_message(msg_tx(tx))
            peer.sync_with_ping()
        assert txid not in node.getrawmempool()

        self.log.info("after the next block the same transaction from a peer enters the pool")
        node.generatetoaddress(1, BURN)
        peer.send_message(msg_tx(tx))
        peer.sync_with_ping()
        self.wait_until(lambda: txid in node.getrawmempool(), timeout=30)
        assert peer.is_connected


if __name__ == "__main__":
    MempoolRejectFilterTest().main()
