#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Proves the Python signing framework (key.py, txtools.py) against the node: transfers signed
in Python spend mature coinbase outputs (KEY_HASH and KEY locks, several inputs) through
generateblock, and wrong signatures, keys, genesis hashes or tampered transactions are rejected."""

from test_framework.blocktools import sha256
from test_framework.key import ECKey, self_test as key_self_test
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import (
    KIND_TRANSFER,
    LOCK_KEY,
    LOCK_KEY_HASH,
    Utxo,
    address_for_key,
    amount_to_units,
    build_tx,
    lock_for_key,
    make_signed_tx,
    make_transfer,
    sign_input,
    sign_tx,
    spendable_coinbase,
    to_display,
    to_internal,
)
from test_framework.util import assert_equal, assert_raises_rpc_error

RPC_VERIFY_ERROR = -25
FEE = 10_000


class TxSigningTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.extra_args = [[]]

    def mine(self, txs):
        """generateblock with the given Txs; checks they are in the new tip block."""
        node = self.nodes[0]
        res = node.generateblock(self.addr, [tx.serialize().hex() for tx in txs])
        assert_equal(node.getbestblockhash(), res["hash"])
        block_txids = node.getblock(res["hash"])["tx"]
        for tx in txs:
            assert to_display(tx.txid()) in block_txids
        return res["hash"]

    def assert_rejected(self, tx, reason):
        assert_raises_rpc_error(RPC_VERIFY_ERROR, reason, self.nodes[0].generateblock, self.addr, [tx.serialize().hex()])

    def run_test(self):
        from test_framework.blocktools import wait_for_chain
        node = self.nodes[0]
        wait_for_chain(node)

        self.log.info("key.py matches the BIP340 test vectors")
        assert key_self_test() >= 7

        key = ECKey(sha256(b"feature_tx_signing key"))
        other = ECKey(sha256(b"feature_tx_signing other"))
        self.addr = address_for_key(ECKey(sha256(b"feature_tx_signing miner")))
        genesis = node.getblockhash(0)
        assert_equal(node.validateaddress(address_for_key(key))["witness_program"], lock_for_key(key)[1].hex())

        self.log.info("spendable_coinbase mines to a Python key and returns mature outpoints")
        coins = spendable_coinbase(node, key, count=4)
        assert_equal(len(coins), 4)
        assert_equal(node.getblockcount(), 4 + 99)
        for coin in coins:
            out = node.gettxout(coin.txid_hex, coin.n)
            assert_equal(out["coinbase"], True)
            assert_equal(amount_to_units(out["value"]), coin.value)
            assert_equal(out["lock"]["program"], lock_for_key(key)[1].hex())
            assert_equal(out["lock"]["address"], address_for_key(key))
            assert_equal(coin.lock_type, LOCK_KEY_HASH)

        self.log.info("a transfer spending a KEY_HASH coinbase output is mined")
        tx = make_transfer(coins[0], key, genesis, dest_lock=lock_for_key(other, LOCK_KEY), fee=FEE)
        dec = node.decoderawtransaction(tx.serialize().hex())
        assert_equal(dec["txid"], to_display(tx.txid()))
        assert_equal(dec["kind"], "transfer")
        self.mine([tx])
        assert_equal(node.gettxout(coins[0].txid_hex, coins[0].n), None)
        out = node.gettxout(to_display(tx.txid()), 0)
        assert_equal(amount_to_units(out["value"]), coins[0].value - FEE)
        assert_equal(out["lock"]["type"], "key")
        assert_equal(out["lock"]["program"], other.xonly.hex())
        assert_equal(out["coinbase"], False)
        assert_equal(out["confirmations"], 1)

        self.log.info("the KEY-locked output is spent with a [sig] witness")
        key_coin = Utxo(tx.txid(), 0, coins[0].value - FEE, LOCK_KEY, other.xonly)
        tx2 = make_signed_tx(KIND_TRANSFER, [key_coin],
                             [(1 * 10**8, *lock_for_key(key)), (key_coin.value - 10**8 - FEE, *lock_for_key(other))],
                             other, genesis)
        assert_equal(len(tx2.vin[0][3]), 1)
        self.mine([tx2])
        assert_equal(node.gettxout(to_display(tx.txid()), 0), None)
        assert_equal(amount_to_units(node.gettxout(to_display(tx2.txid()), 1)["value"]), key_coin.value - 10**8 - FEE)

        self.log.info("a wrong signature is rejected (bad-txns-sig)")
        bad = make_transfer(coins[1], key, genesis, fee=FEE)
        sig = bad.vin[0][3][1]
        bad.vin[0][3][1] = sig[:-1] + bytes([sig[-1] ^ 1])
        self.assert_rejected(bad, "bad-txns-sig")

        self.log.info("a signature by another key revealing that key is rejected (bad-txns-keyhash)")
        bad = make_transfer(coins[1], other, genesis, fee=FEE)
        self.assert_rejected(bad, "bad-txns-keyhash")

        self.log.info("a signature by another key with the right key revealed is rejected (bad-txns-sig)")
        bad.vin[0][3][0] = key.xonly
        self.assert_rejected(bad, "bad-txns-sig")

        self.log.info("signatures for another network or with the genesis hash in display order are rejected")
        bad = make_transfer(coins[1], key, "00" * 32, fee=FEE)
        self.assert_rejected(bad, "bad-txns-sig")
        bad = make_transfer(coins[1], key, bytes.fromhex(genesis), fee=FEE)  # not reversed: wrong
        self.assert_rejected(bad, "bad-txns-sig")

        self.log.info("changing an output, the fee or the kind after signing is rejected")
        good = make_transfer(coins[1], key, genesis, fee=FEE)
        bad = make_transfer(coins[1], key, genesis, fee=FEE)
        bad.vout[0][0] -= 1
        self.assert_rejected(bad, "bad-txns-sig")
        bad = make_transfer(coins[1], key, genesis, fee=FEE)
        bad.vout[0][2] = lock_for_key(other)[1]
        self.assert_rejected(bad, "bad-txns-sig")

        self.log.info("a signature for the wrong spent amount is rejected")
        bad = build_tx(KIND_TRANSFER, [coins[1]], [(coins[1].value - FEE, *lock_for_key(key))])
        sign_tx(bad, [(coins[1].value + 1, *coins[1].lock)], key, genesis)
        self.assert_rejected(bad, "bad-txns-sig")

        self.log.info("the unchanged, correctly signed transaction is still accepted")
        assert node.gettxout(coins[1].txid_hex, coins[1].n) is not None
        self.mine([good])
        assert_equal(node.gettxout(coins[1].txid_hex, coins[1].n), None)
        assert_equal(amount_to_units(node.gettxout(to_display(good.txid()), 0)["value"]), coins[1].value - FEE)

        self.log.info("a two-input transaction: signatures commit to their input index")
        spent = [coins[2].spent_output, coins[3].spent_output]
        outputs = [(coins[2].value + coins[3].value - FEE, *lock_for_key(other, LOCK_KEY))]
        bad = build_tx(KIND_TRANSFER, [coins[2], coins[3]], outputs)
        sign_input(bad, 0, spent, key, genesis)
        bad.vin[1][3] = list(bad.vin[0][3])  # input 0's signature reused for input 1
        self.assert_rejected(bad, "bad-txns-sig")
        tx3 = make_signed_tx(KIND_TRANSFER, [coins[2], coins[3]], outputs, [key, key], genesis)
        self.mine([tx3])
        assert_equal(amount_to_units(node.gettxout(to_display(tx3.txid()), 0)["value"]), outputs[0][0])
        assert_equal(to_internal(to_display(tx3.txid())), tx3.txid())

        self.log.info("a double spend of a spent coin is rejected")
        self.assert_rejected(make_transfer(coins[2], key, genesis, fee=FEE), "bad-txns-inputs-missingorspent")


if __name__ == "__main__":
    TxSigningTest().main()
