#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry v2 (doc/registry.md), handles and presence bindings: commit/reveal and its burned fee,
front-running, the name rules (a letter required, E.164 numbers not registrable), owner-signed
updates (seq, owner field, home, identity, renew, transfer clearing home, identity and binding),
expiry and re-registration carrying both sequences, bindings (home-only, owner-signed, the rate
limit and its two exceptions, replay), invalidate/reconsider round trips, a full reorg of the
registry blocks and a restart that leave every registry RPC result byte for byte unchanged."""

from test_framework.blocktools import sha256
from test_framework.registry import (
    ZERO_KEY,
    binding_payload,
    handle_fee,
    handle_register_payload,
    handle_update_body,
    handle_update_payload,
    statement_message,
)
from test_framework.registry_node import (
    FEE,
    K,
    RPC_INVALID_PARAMETER,
    RPC_NOT_FOUND,
    RegistryTestBase,
    miner_reward,
)
from test_framework.txtools import COIN, KIND_BINDING, KIND_HANDLE_REGISTER, KIND_HANDLE_UPDATE, address_for_key
from test_framework.util import assert_equal, assert_raises_rpc_error

OWNER_A = K("alice owner")
OWNER_B = K("bob owner")
CAROL = K("carol")
MALLORY = K("mallory")
IDENTITY = K("alice identity")
N1, N2, N3 = K("node 1"), K("node 2"), K("node 3")
SALT = {name: sha256(b"salt " + name.encode()) for name in ["alice", "bob-phone", "mallory", "carol", "number", "short", "bob-m"]}
EP1, EP2 = "sip:127.0.0.1:5064;transport=udp", "sip:127.0.0.1:5066;transport=tcp"


class RegistryHandlesTest(RegistryTestBase):
    HANDLES = ["alice", "bob-phone", "abc", "nobody"]
    NODE_KEYS = [N1, N2, N3]

    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 12)
        base = node.getblockcount()
        empty_dump = self.dump()

        self.log.info("three nodes: the homes and bound nodes of the handles below")
        self.mine([self.register_node(N1, endpoints=[EP1]), self.register_node(N2, endpoints=[EP2]), self.register_node(N3)])
        self.test_registration()
        self.test_updates()
        self.test_bindings()
        self.test_expiry()
        self.test_full_reorg_and_restart(base, empty_dump)

    def test_registration(self):
        node = self.nodes[0]
        self.log.info("names need a letter; E.164 numbers are not registrable")
        self.mine([self.commit("12345", SALT["number"], OWNER_B), self.commit("+442071234567", SALT["number"], OWNER_B)])
        self.mine_empty(1)
        self.assert_rejected(self.reveal("12345", SALT["number"], OWNER_B), "bad-registry-handle")
        self.assert_rejected(self.reveal("+442071234567", SALT["number"], OWNER_B), "bad-handle-e164")
        assert_raises_rpc_error(RPC_INVALID_PARAMETER, "E.164 numbers are not registrable", node.gethandle, "+442071234567")

        self.log.info("commit; a reveal one block later is immature")
        c = self.mine([self.commit("alice", SALT["alice"], OWNER_A)])
        ch = node.getblock(c)["height"]
        self.assert_rejected(self.reveal("alice", SALT["alice"], OWNER_A), "bad-handle-commit-immature")
        self.mine_empty(1)
        self.log.info("a reveal that does not burn the whole fee is underpaid")
        fee = handle_fee("alice")
        self.assert_rejected(self.rtx(KIND_HANDLE_REGISTER, handle_register_payload("alice", SALT["alice"], OWNER_A), locked=fee - 1, fee=0),
                             "bad-txns-registry-underpaid")
        self.log.info("the reveal at commit + 2 registers; its fee is burned, not the miner's")
        rh = self.mine([self.reveal("alice", SALT["alice"], OWNER_A)])
        assert_equal(node.getblockcount(), ch + 2)
        assert_equal(self.coinbase_value(rh), miner_reward(ch + 2) + FEE)
        rec = node.gethandle("alice")
        assert_equal(rec, {"handle": "alice", "owner": address_for_key(OWNER_A), "owner_key": OWNER_A.xonly.hex(),
                           "home_node": None, "identity_key": None, "bound_node": None, "binding_seq": 0, "binding_height": None,
                           "bound_by_home": False, "registered_height": ch + 2, "expiry_height": ch + 52, "expired": False,
                           "update_seq": 0})
        self.assert_rejected(self.reveal("alice", SALT["alice"], OWNER_A), "bad-handle-commit-unknown")
        self.roundtrip(rh, lambda n: assert_raises_rpc_error(RPC_NOT_FOUND, "Handle not found", n.gethandle, "alice"))

        self.log.info("front-running: a commit made after seeing the reveal cannot win")
        self.mine([self.commit("bob-phone", SALT["bob-phone"], OWNER_B)])
        self.mine_empty(1)
        self.mine([self.reveal("bob-phone", SALT["bob-phone"], OWNER_B), self.commit("bob-phone", SALT["bob-m"], MALLORY)])
        self.assert_rejected(self.reveal("bob-phone", SALT["bob-phone"], MALLORY), "bad-handle-commit-unknown")
        self.mine_empty(1)
        self.assert_rejected(self.reveal("bob-phone", SALT["bob-m"], MALLORY), "bad-handle-taken")
        assert_equal(node.gethandle("bob-phone")["owner_key"], OWNER_B.xonly.hex())
        self.log.info("a 3-character name burns 1 DOTS")
        self.mine([self.commit("abc", SALT["short"], CAROL)])
        self.mine_empty(1)
        self.mine([self.reveal("abc", SALT["short"], CAROL)])
        assert_equal(handle_fee("abc"), COIN)

    def test_updates(self):
        node = self.nodes[0]
        self.log.info("updates: owner field, seq, signature, home, identity; replay")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, home=K("no node").xonly), "bad-handle-home")
        self.assert_rejected(self.update(OWNER_A, "alice", 2, home=N1.xonly), "bad-handle-seq")
        self.assert_rejected(self.update(MALLORY, "alice", 1, home=N2.xonly), "bad-handle-owner")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, signer=MALLORY, home=N2.xonly), "bad-handle-sig")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, flags=0), "bad-registry-update-flags")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, home=N1.xonly, new_owner=CAROL.xonly), "bad-registry-update-flags")
        upd = handle_update_payload(OWNER_A, self.genesis, "alice", 1, home=N1.xonly)
        uh = self.mine([self.rtx(KIND_HANDLE_UPDATE, upd)])
        assert_equal((node.gethandle("alice")["home_node"], node.gethandle("alice")["update_seq"]), (N1.xonly.hex(), 1))
        self.roundtrip(uh, lambda n: assert_equal(n.gethandle("alice")["home_node"], None))
        self.assert_rejected(self.rtx(KIND_HANDLE_UPDATE, upd), "bad-handle-seq")
        self.mine([self.update(OWNER_A, "alice", 2, identity=IDENTITY.xonly)])
        assert_equal(node.gethandle("alice")["identity_key"], IDENTITY.xonly.hex())
        self.log.info("renew burns the fee again and sets expiry = h + 50 (not stacked)")
        rnh = self.mine([self.update(OWNER_A, "alice", 3, renew=True)])
        assert_equal(self.coinbase_value(rnh), miner_reward(node.getblockcount()) + FEE)
        assert_equal(node.gethandle("alice")["expiry_height"], node.getblockcount() + 50)

    def test_bindings(self):
        node = self.nodes[0]
        g = self.genesis
        self.log.info("bindings: the home node alone, or any active node with the owner's signature")
        self.assert_rejected(self.bind(N2, OWNER_A, "alice", 1, owner_signs=False), "bad-binding-unauthorized")
        self.assert_rejected(self.bind(N2, MALLORY, "alice", 1), "bad-binding-owner")
        self.assert_rejected(self.bind(N2, OWNER_A, "alice", 2), "bad-binding-seq")
        self.assert_rejected(self.bind(K("no node"), OWNER_A, "alice", 1), "bad-node-inactive")
        forged = binding_payload(N2, OWNER_A, g, "alice", 1, owner_signer=MALLORY)
        self.assert_rejected(self.rtx(KIND_BINDING, forged), "bad-binding-owner-sig")
        forged = binding_payload(N2, OWNER_A, g, "alice", 1, node_signer=N1)
        self.assert_rejected(self.rtx(KIND_BINDING, forged), "bad-binding-sig")
        b1 = self.mine([self.bind(N1, OWNER_A, "alice", 1, owner_signs=False)])
        h1 = node.getblockcount()
        assert_equal(node.getbinding("alice"), {"handle": "alice", "node": N1.xonly.hex(), "seq": 1, "height": h1, "by_home": True,
                                                "node_active": True, "node_endpoints": [EP1], "next_binding_height": h1 + 5,
                                                "expired": False})
        self.roundtrip(b1, lambda n: assert_equal(n.getbinding("alice")["node"], None))

        self.log.info("the home node cannot bind again within 5 blocks, the owner can always move after it")
        self.assert_rejected(self.bind(N1, OWNER_A, "alice", 2, owner_signs=False), "bad-binding-too-soon")
        old = binding_payload(N2, OWNER_A, g, "alice", 2)
        self.mine([self.rtx(KIND_BINDING, old)])
        h2 = node.getblockcount()
        assert_equal((node.getbinding("alice")["node"], node.getbinding("alice")["by_home"]), (N2.xonly.hex(), False))
        self.assert_rejected(self.bind(N3, OWNER_A, "alice", 3), "bad-binding-too-soon")
        self.log.info("a replayed old binding is rejected")
        self.assert_rejected(self.rtx(KIND_BINDING, old), "bad-binding-seq")
        self.mine_to(h2 + 3)
        self.assert_rejected(self.bind(N3, OWNER_A, "alice", 3), "bad-binding-too-soon")
        self.mine_empty(1)
        self.mine([self.bind(N3, OWNER_A, "alice", 3)])
        self.log.info("no limit while the bound node is inactive")
        self.mine([self.deregister_node(N3)])
        assert_equal(node.getbinding("alice")["node_active"], False)
        assert_equal(node.getbinding("alice")["node_endpoints"], [])
        self.mine([self.bind(N1, OWNER_A, "alice", 4, owner_signs=False)])
        assert_equal(node.getbinding("alice")["node"], N1.xonly.hex())
        self.assert_rejected(self.rtx(KIND_BINDING, old), "bad-binding-seq")

        self.log.info("transfer to carol clears home, identity and binding; the sequences carry on")
        self.mine([self.update(OWNER_A, "alice", 4, new_owner=CAROL.xonly)])
        rec = node.gethandle("alice")
        assert_equal((rec["owner_key"], rec["home_node"], rec["identity_key"], rec["bound_node"], rec["binding_seq"], rec["update_seq"]),
                     (CAROL.xonly.hex(), None, None, None, 4, 4))
        self.assert_rejected(self.update(OWNER_A, "alice", 5, identity=ZERO_KEY), "bad-handle-owner")
        self.assert_rejected(self.bind(N1, OWNER_A, "alice", 5, owner_signs=False), "bad-binding-owner")
        self.assert_rejected(self.bind(N1, CAROL, "alice", 5, owner_signs=False), "bad-binding-unauthorized")
        self.mine([self.bind(N2, CAROL, "alice", 5), self.update(CAROL, "alice", 5, home=N2.xonly)])
        assert_equal(node.getbinding("alice")["node"], N2.xonly.hex())
        # A statement signed over another body does not verify.
        body = handle_update_body("alice", CAROL, 6, identity=IDENTITY.xonly)
        other = handle_update_body("alice", CAROL, 6, identity=MALLORY.xonly)
        self.assert_rejected(self.rtx(KIND_HANDLE_UPDATE, body + CAROL.sign(statement_message("DOTS/HandleUpdate", other, g))),
                             "bad-handle-sig")

    def test_expiry(self):
        node = self.nodes[0]
        self.log.info("expiry and re-registration: both sequences carry over, home and binding do not")
        rec = node.gethandle("bob-phone")
        self.mine([self.update(OWNER_B, "bob-phone", 1, home=N1.xonly), self.bind(N2, OWNER_B, "bob-phone", 1)])
        expiry = rec["expiry_height"]
        self.mine_to(expiry - 4)
        self.mine([self.commit("bob-phone", SALT["mallory"], MALLORY)])
        self.mine_to(expiry - 2)
        self.assert_rejected(self.reveal("bob-phone", SALT["mallory"], MALLORY), "bad-handle-taken")
        self.mine_empty(1)
        assert_equal(node.gethandle("bob-phone")["expiry_height"], node.getblockcount() + 1)  # expired in the next block
        self.assert_rejected(self.update(OWNER_B, "bob-phone", 2, identity=IDENTITY.xonly), "bad-handle-expired")
        self.assert_rejected(self.bind(N1, OWNER_B, "bob-phone", 2, owner_signs=False), "bad-handle-expired")
        expired_dump = self.dump()
        eh = self.mine([self.reveal("bob-phone", SALT["mallory"], MALLORY)])
        rec = node.gethandle("bob-phone")
        assert_equal((rec["owner_key"], rec["home_node"], rec["bound_node"], rec["update_seq"], rec["binding_seq"]),
                     (MALLORY.xonly.hex(), None, None, 1, 1))
        self.assert_rejected(self.update(MALLORY, "bob-phone", 1, home=N1.xonly), "bad-handle-seq")
        self.assert_rejected(self.bind(N2, MALLORY, "bob-phone", 1), "bad-binding-seq")
        self.roundtrip(eh, lambda n: self.assert_same_dump(expired_dump, self.dump(n)))

        self.log.info("listhandles: byte order, prefix, count, from")
        assert_equal([x["handle"] for x in node.listhandles()], ["abc", "alice", "bob-phone"])
        assert_equal([x["handle"] for x in node.listhandles("a")], ["abc", "alice"])
        assert_equal([x["handle"] for x in node.listhandles("", 2, "abd")], ["alice", "bob-phone"])
        assert_equal(node.listhandles("", 1)[0], node.gethandle("abc"))

    def test_full_reorg_and_restart(self, base, empty_dump):
        node = self.nodes[0]
        final = self.dump()
        self.log.info("invalidate the first registry block: the state is as at height %d", base)
        first = node.getblockhash(base + 1)
        node.invalidateblock(first)
        self.assert_same_dump(empty_dump, self.dump())
        node.reconsiderblock(first)
        self.assert_same_dump(final, self.dump())
        self.log.info("a restart keeps the state identical")
        self.restart_node(0)
        self.assert_same_dump(final, self.dump())


if __name__ == "__main__":
    RegistryHandlesTest().main()
