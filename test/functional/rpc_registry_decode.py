#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry fields in decoderawtransaction and getblock verbosity 2 (every kind, every field by
name), and the registry payouts of getblocktemplate ("coinbasepayouts")."""

from decimal import Decimal

from feature_registry_handles import FEE, K, RegistryTestBase
from test_framework.blocktools import sha256
from test_framework.registry import (
    call_record_body,
    call_record_payload,
    dispute_equivocation_payload,
    dispute_void_payload,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    handle_update_payload,
    node_register_payload,
    presence_payload,
)
from test_framework.txtools import (
    COIN,
    KIND_CALL_RECORD,
    KIND_DISPUTE,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_PRESENCE_PROOF,
    address_for_key,
    lock_for_key,
    to_display,
)
from test_framework.util import assert_equal

OWNER = K("decode owner")
IDENTITY = K("decode identity")
N1, N2 = K("decode node 1"), K("decode node 2")
R1, R2 = K("decode reward 1"), K("decode reward 2")
SALT = sha256(b"decode salt")
CALL_ID = sha256(b"decode call")
EP1 = "sip:127.0.0.1:5064;transport=udp"
EP2 = "sip:node2.example.net:5070;transport=tcp"


class RegistryDecodeTest(RegistryTestBase):
    def set_test_params(self):
        self.num_nodes = 1

    def decode(self, tx):
        return self.nodes[0].decoderawtransaction(tx.serialize().hex())["registry"]

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 10)
        g = self.genesis

        self.log.info("handle_commit and handle_register")
        commitment = handle_commitment("decoder", SALT, OWNER.xonly)
        commit = self.rtx(KIND_HANDLE_COMMIT, handle_commit_payload(commitment))
        assert_equal(self.decode(commit), {"commitment": to_display(commitment)})
        block = self.mine([commit])
        assert_equal(node.getblock(block, 2)["tx"][1]["registry"], {"commitment": to_display(commitment)})
        self.mine_empty(2)
        reveal = self.rtx(KIND_HANDLE_REGISTER, handle_register_payload("decoder", SALT, OWNER.xonly),
                          locked=handle_fee("decoder"))
        assert_equal(self.decode(reveal), {"handle": "decoder", "salt": to_display(SALT), "owner": OWNER.xonly.hex(),
                                           "commitment": to_display(commitment)})

        self.log.info("node_register")
        reg1 = self.rtx(KIND_NODE_REGISTER, node_register_payload(N1, g, 0, COIN, lock_for_key(R1), [EP1],
                                                                  ["voice.example.net"], ["+44"]), locked=COIN)
        d = self.decode(reg1)
        assert_equal((d["node"], d["seq"], d["op"], d["bond"], d["reward_address"], d["endpoints"], d["domains"],
                      d["prefixes"], len(d["node_sig"])),
                     (N1.xonly.hex(), 0, "register", Decimal("1.00000000"), address_for_key(R1), [EP1],
                      ["voice.example.net"], ["+44"], 128))
        reg2 = self.rtx(KIND_NODE_REGISTER, node_register_payload(N2, g, 0, COIN, lock_for_key(R2), [EP2]), locked=COIN)
        self.mine([reveal, reg1, reg2])

        self.log.info("handle_update with every field")
        upd = self.rtx(KIND_HANDLE_UPDATE, handle_update_payload(OWNER, g, "decoder", 1, home=N1.xonly,
                                                                 identity=IDENTITY.xonly, renew=True),
                       locked=handle_fee("decoder"))
        d = self.decode(upd)
        assert_equal((d["handle"], d["seq"], sorted(d["flags"]), d["home"], d["identity"], d["renew"], "new_owner" in d),
                     ("decoder", 1, ["home", "identity", "renew"], N1.xonly.hex(), IDENTITY.xonly.hex(), True, False))
        self.mine([upd])

        self.log.info("presence_proof with and without the owner's signature")
        h, hh = self.anchor()
        pres = self.rtx(KIND_PRESENCE_PROOF, presence_payload(N1, g, "decoder", h, hh, OWNER))
        d = self.decode(pres)
        assert_equal((d["handle"], d["node"], d["anchor_height"], d["anchor_hash"], len(d["node_sig"]), len(d["owner_sig"])),
                     ("decoder", N1.xonly.hex(), h, hh, 128, 128))
        pres_home = self.rtx(KIND_PRESENCE_PROOF, presence_payload(N1, g, "decoder", h, hh))
        assert_equal(self.decode(pres_home)["owner_sig"], None)

        self.log.info("call_record, dispute void and equivocation")
        call = self.rtx(KIND_CALL_RECORD, call_record_payload(N1, N2, g, CALL_ID, 630, h, hh))
        d = self.decode(call)
        assert_equal((d["call_id"], d["orig"], d["term"], d["duration"], d["anchor_height"], d["anchor_hash"]),
                     (to_display(CALL_ID), N1.xonly.hex(), N2.xonly.hex(), 630, h, hh))
        assert len(d["orig_sig"]) == len(d["term_sig"]) == 128
        void = self.rtx(KIND_DISPUTE, dispute_void_payload(N2, g, CALL_ID))
        assert_equal({k: v for k, v in self.decode(void).items() if k != "sig"},
                     {"type": "void", "call_id": to_display(CALL_ID), "node": N2.xonly.hex()})
        body_a = call_record_body(CALL_ID, N1.xonly, N2.xonly, 630, h, hh)
        body_b = call_record_body(CALL_ID, N1.xonly, N2.xonly, 900, h, hh)
        equiv = self.rtx(KIND_DISPUTE, dispute_equivocation_payload(N1, g, body_a, body_b))
        d = self.decode(equiv)
        assert_equal((d["type"], d["node"], d["body_a"]["duration"], d["body_b"]["duration"],
                      d["body_a"]["call_id"] == d["body_b"]["call_id"] == to_display(CALL_ID)),
                     ("equivocation", N1.xonly.hex(), 630, 900, True))
        for t in (void, equiv):
            self.coins.insert(0, t.funding)  # never mined

        self.log.info("getblock verbosity 2 shows the same fields; getblocktemplate the payouts due")
        block = self.mine([pres, call])
        txs = node.getblock(block, 2)["tx"]
        assert_equal(txs[1]["registry"], self.decode(pres))
        assert_equal(txs[2]["registry"], self.decode(call))
        call_height = node.getblock(block)["height"]
        self.mine_to(call_height + 9)  # the next block is call_height + dispute_window (10)
        tmpl = node.getblocktemplate()
        pool = node.getrewardinfo(call_height)["claimed"]
        half = int(pool * COIN) // 2
        assert_equal(tmpl["coinbasepayouts"], [
            {"value": half, "lock": "00" + lock_for_key(R1)[1].hex()},
            {"value": int(pool * COIN) - half, "lock": "00" + lock_for_key(R2)[1].hex()},
        ])
        mined = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal([o["lock"]["address"] for o in node.getblock(mined, 2)["tx"][0]["vout"][:2]],
                     [address_for_key(R1), address_for_key(R2)])
        assert_equal(node.getblocktemplate()["coinbasepayouts"], [])

        self.log.info("a payload that does not decode is shown as an error, beside its hex")
        bad = self.rtx(KIND_HANDLE_COMMIT, b"\x00" * 31, fee=FEE)
        decoded = node.decoderawtransaction(bad.serialize().hex())
        assert "error" in decoded["registry"] and decoded["payload"] == "00" * 31


if __name__ == "__main__":
    RegistryDecodeTest().main()
