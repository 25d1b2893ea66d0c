#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry fields in decoderawtransaction and getblock verbosity 2 (every v2 kind, every field by
name), and getblocktemplate's coinbase value (subsidy - availability pool + fees, no payouts)."""

from decimal import Decimal

from test_framework.blocktools import sha256
from test_framework.registry import (
    binding_payload,
    deposit_payload,
    deposit_release_payload,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    handle_update_payload,
    node_register_payload,
    probe_receipts_payload,
    settlement_payload,
    voucher,
    withdraw_outputs_hash,
)
from test_framework.registry_node import FEE, K, RegistryTestBase, miner_reward
from test_framework.txtools import (
    COIN,
    KIND_BINDING,
    KIND_DEPOSIT,
    KIND_DEPOSIT_RELEASE,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_PROBE_RECEIPTS,
    KIND_SETTLEMENT,
    lock_for_key,
    to_display,
)
from test_framework.util import assert_equal

OWNER = K("decode owner")
IDENTITY = K("decode identity")
N1, N2 = K("decode node 1"), K("decode node 2")
SALT = sha256(b"decode salt")
EP1 = "sip:127.0.0.1:5064;transport=udp"
EP2 = "sip:node2.example.net:5070;transport=tcp"


class RegistryDecodeTest(RegistryTestBase):
    def set_test_params(self):
        self.num_nodes = 1

    def decode(self, tx):
        return self.nodes[0].decoderawtransaction(tx.serialize().hex())["registry"]

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 12)
        g = self.genesis

        self.log.info("handle_commit and handle_register")
        commitment = handle_commitment("decoder", SALT, OWNER.xonly)
        commit = self.rtx(KIND_HANDLE_COMMIT, handle_commit_payload(commitment))
        assert_equal(self.decode(commit), {"commitment": to_display(commitment)})
        block = self.mine([commit])
        assert_equal(node.getblock(block, 2)["tx"][1]["registry"], {"commitment": to_display(commitment)})
        self.mine_empty(2)
        reveal = self.rtx(KIND_HANDLE_REGISTER, handle_register_payload("decoder", SALT, OWNER.xonly), locked=handle_fee("decoder"))
        assert_equal(self.decode(reveal), {"handle": "decoder", "salt": to_display(SALT), "owner": OWNER.xonly.hex(),
                                           "commitment": to_display(commitment)})

        self.log.info("node_register")
        reg1 = self.rtx(KIND_NODE_REGISTER, node_register_payload(N1, g, 1, COIN, [EP1], 250, ["voice.example.net"], ["+44"]), locked=COIN)
        d = self.decode(reg1)
        assert_equal((d["node"], d["seq"], d["op"], d["bond"], d["rate"], d["endpoints"], d["domains"], d["prefixes"], len(d["node_sig"])),
                     (N1.xonly.hex(), 1, "register", Decimal("1.00000000"), Decimal("0.00000250"), [EP1], ["voice.example.net"],
                      ["+44"], 128))
        reg2 = self.rtx(KIND_NODE_REGISTER, node_register_payload(N2, g, 1, COIN, [EP2]), locked=COIN)
        self.mine([reveal, reg1, reg2])

        self.log.info("handle_update with every field but the owner")
        upd = self.rtx(KIND_HANDLE_UPDATE, handle_update_payload(OWNER, g, "decoder", 1, home=N1.xonly, identity=IDENTITY.xonly,
                                                                 renew=True), locked=handle_fee("decoder"))
        d = self.decode(upd)
        assert_equal((d["handle"], d["owner"], d["seq"], sorted(d["flags"]), d["home"], d["identity"], d["renew"], "new_owner" in d),
                     ("decoder", OWNER.xonly.hex(), 1, ["home", "identity", "renew"], N1.xonly.hex(), IDENTITY.xonly.hex(), True,
                      False))
        self.mine([upd])

        self.log.info("binding with and without the owner's signature")
        bind = self.rtx(KIND_BINDING, binding_payload(N2, OWNER, g, "decoder", 1))
        d = self.decode(bind)
        assert_equal((d["handle"], d["node"], d["owner"], d["seq"], len(d["node_sig"]), len(d["owner_sig"])),
                     ("decoder", N2.xonly.hex(), OWNER.xonly.hex(), 1, 128, 128))
        bind_home = self.rtx(KIND_BINDING, binding_payload(N1, OWNER, g, "decoder", 1, owner_signs=False))
        assert_equal(self.decode(bind_home)["owner_sig"], None)
        self.coins.insert(0, bind_home.funding)  # never mined

        self.log.info("deposit, settlement, deposit_release")
        dep = self.rtx(KIND_DEPOSIT, deposit_payload(N1, N2, COIN), locked=COIN)
        assert_equal(self.decode(dep), {"orig": N1.xonly.hex(), "term": N2.xonly.hex(), "amount": Decimal("1.00000000")})
        epoch = (node.getblockcount() + 2) // 5
        v = voucher(N1, N2, g, epoch, 600, 6000, sha256(b"root"), sha256(b"on"), sha256(b"tn"))
        settle = self.rtx(KIND_SETTLEMENT, settlement_payload(N1, N2, [v]))
        d = self.decode(settle)
        assert_equal((d["orig"], d["term"], len(d["vouchers"])), (N1.xonly.hex(), N2.xonly.hex(), 1))
        assert_equal({k: d["vouchers"][0][k] for k in ["epoch", "seconds", "rate", "amount", "receipts_root", "orig_nonce", "term_nonce"]},
                     {"epoch": epoch, "seconds": 600, "rate": Decimal("0.00006000"), "amount": Decimal("0.00060000"),
                      "receipts_root": to_display(sha256(b"root")), "orig_nonce": to_display(sha256(b"on")),
                      "term_nonce": to_display(sha256(b"tn"))})
        rel = self.rtx(KIND_DEPOSIT_RELEASE, deposit_release_payload(N1, N2, g, 2, COIN // 2))
        d = self.decode(rel)
        assert_equal((d["orig"], d["term"], d["seq"], d["amount"], len(d["orig_sig"])),
                     (N1.xonly.hex(), N2.xonly.hex(), 2, Decimal("0.50000000"), 128))

        self.log.info("getblock verbosity 2 shows the same fields; the coinbase is subsidy - pool + fees")
        self.mine_empty(1)
        block = self.mine([dep, bind, settle, rel])
        txs = node.getblock(block, 2)["tx"]
        assert_equal([t["registry"] for t in txs[1:]], [self.decode(t) for t in (dep, bind, settle, rel)])
        assert_equal(self.coinbase_value(block), miner_reward(node.getblockcount()) + 4 * FEE)
        tmpl = node.getblocktemplate()
        assert_equal(tmpl["coinbasevalue"], miner_reward(node.getblockcount() + 1))
        assert "coinbasepayouts" not in tmpl

        self.log.info("probe_receipts and node_withdraw")
        rec = self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(N1, 7, [(0, b"\x01" * 64), (2, b"\x02" * 64)]))
        assert_equal(self.decode(rec), {"target": N1.xonly.hex(), "epoch": 7, "receipts": [
            {"index": 0, "prober_sig": "01" * 64}, {"index": 2, "prober_sig": "02" * 64}]})
        self.coins.insert(0, rec.funding)
        w = self.withdraw(N2, COIN // 4 + 1000, fee=1000)
        d = self.decode(w)
        assert_equal((d["node"], d["amount"], d["outputs_hash"], len(d["node_sig"])),
                     (N2.xonly.hex(), Decimal("0.25001000"), to_display(withdraw_outputs_hash([(COIN // 4, *lock_for_key(self.fund_key))])), 128))

        self.log.info("a payload that does not decode is shown as an error, beside its hex")
        bad = self.rtx(KIND_HANDLE_COMMIT, b"\x00" * 31, fee=FEE)
        decoded = node.decoderawtransaction(bad.serialize().hex())
        assert "error" in decoded["registry"] and decoded["payload"] == "00" * 31


if __name__ == "__main__":
    RegistryDecodeTest().main()
