#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry consensus (doc/registry.md), part 1: handles (commit/reveal, burned fees, front-running,
updates, expiry and re-registration) and presence proofs, with invalidate/reconsider round trips
and a restart that must leave every registry RPC result byte-for-byte unchanged.

Also holds RegistryTestBase, the helpers feature_registry_calls.py shares."""

import json

from test_framework.authproxy import JSONRPCException
from test_framework.blocktools import sha256, wait_for_chain
from test_framework.key import ECKey
from test_framework.registry import (
    ZERO_KEY,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    handle_update_body,
    handle_update_message,
    handle_update_payload,
    handle_update_payload_raw,
    node_register_payload,
    presence_payload,
)
from test_framework.test_framework import DotsTestFramework
from test_framework.txtools import (
    COIN,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_PRESENCE_PROOF,
    Utxo,
    address_for_key,
    amount_to_units,
    lock_for_key,
    spendable_coinbase,
    to_display,
)
from test_framework.util import assert_equal, assert_raises_rpc_error

RPC_VERIFY_ERROR = -25
RPC_NOT_FOUND = -5
FEE = 10_000
HALVING = 150  # regtest subsidy_halving_interval


def K(name):
    """A deterministic key for a role."""
    return ECKey(sha256(b"feature_registry " + name.encode()))


def subsidy(height):
    return (5 * COIN) >> (height // HALVING)


def pool_at(height):
    """Call-reward pool of block `height`: 20% of the subsidy (regtest halves every 150 blocks)."""
    return subsidy(height) * 2000 // 10000


class RegistryTestBase(DotsTestFramework):
    """Funding, mining and state-dump helpers for registry tests.

    Every registry tx spends one coin of self.coins (all locked to self.fund_key) and returns its
    change there once mined; a rejected tx gives its coin back."""

    # Filled in by subclasses: the universe of objects the state dump looks at.
    HANDLES = []
    NODE_KEYS = []
    CALL_IDS = []

    def setup_registry(self, node, ncoins):
        wait_for_chain(node)
        self.genesis = node.getblockhash(0)
        self.miner_key = K("miner")
        self.miner_addr = address_for_key(self.miner_key)
        self.fund_key = K("fund")
        self.coins = spendable_coinbase(node, self.fund_key, count=ncoins)

    # ---- transactions ----
    def rtx(self, kind, payload, locked=0, fee=FEE):
        """A registry tx of `kind` funded by the next coin (taken from the pool until mined or rejected)."""
        from test_framework.registry import make_registry_tx
        coin = self.coins.pop(0)
        tx = make_registry_tx(kind, payload, coin, None, self.fund_key, self.fund_key, fee, locked,
                              genesis_hash=self.genesis)
        tx.funding = coin
        return tx

    def mine(self, txs=(), node=None):
        """Mines one block with `txs` (in this order); returns its hash. Their change joins the coins."""
        node = node or self.nodes[0]
        res = node.generateblock(self.miner_addr, [tx.serialize().hex() for tx in txs])
        assert_equal(node.getbestblockhash(), res["hash"])
        block_txids = node.getblock(res["hash"])["tx"]
        for tx in txs:
            assert to_display(tx.txid()) in block_txids
            self.coins.append(Utxo(tx.txid(), 0, tx.vout[0][0], tx.vout[0][1], tx.vout[0][2]))
        return res["hash"]

    def mine_empty(self, n, node=None):
        node = node or self.nodes[0]
        if n > 0:
            node.generatetoaddress(n, self.miner_addr)

    def mine_to(self, height, node=None):
        """Mines empty blocks until the tip is at `height`."""
        node = node or self.nodes[0]
        assert node.getblockcount() <= height
        self.mine_empty(height - node.getblockcount(), node)

    def assert_rejected(self, tx, reason, before=(), node=None):
        """generateblock([*before, tx]) fails with `reason`; every coin goes back to the pool."""
        node = node or self.nodes[0]
        tip = node.getbestblockhash()
        assert_raises_rpc_error(RPC_VERIFY_ERROR, reason, node.generateblock, self.miner_addr,
                                [t.serialize().hex() for t in list(before) + [tx]])
        assert_equal(node.getbestblockhash(), tip)
        for t in [tx] + list(before):
            self.coins.insert(0, t.funding)

    def coinbase(self, blockhash, node=None):
        """[(value units, lock_type, program hex)] of a block's coinbase outputs."""
        node = node or self.nodes[0]
        cb = node.getblock(blockhash, 2)["tx"][0]
        assert_equal(cb["kind"], "coinbase")
        return [(amount_to_units(o["value"]), bytes.fromhex(o["lock"]["hex"])[0], o["lock"]["program"]) for o in cb["vout"]]

    @staticmethod
    def lock_out(value, key):
        lt, prog = lock_for_key(key)
        return (value, lt, prog.hex())

    def anchor(self, back=1, node=None):
        """(height, hash) of the block `back` below the next block (back=1: the tip)."""
        node = node or self.nodes[0]
        h = node.getblockcount() + 1 - back
        return h, node.getblockhash(h)

    # ---- state dumps ----
    def dump(self, node=None):
        """Every registry RPC result for the known universe, as canonical JSON text."""
        node = node or self.nodes[0]
        tip = node.getblockcount()

        def get(fn, *args):
            try:
                return fn(*args)
            except JSONRPCException as e:
                if e.error.get("code") == RPC_NOT_FOUND:
                    return None
                raise

        state = {
            "tip": [tip, node.getbestblockhash()],
            "utxo": node.gettxoutsetinfo()["hash_serialized"],
            "handles": {h: get(node.gethandle, h) for h in self.HANDLES},
            "presence": {h: get(node.getpresence, h) for h in self.HANDLES},
            "listhandles": node.listhandles("", 1000),
            "nodes": {k.xonly.hex(): get(node.getnode, k.xonly.hex()) for k in self.NODE_KEYS},
            "listnodes": node.listnodes(1000),
            "calls": {to_display(c): get(node.getcallrecord, to_display(c)) for c in self.CALL_IDS},
            "listcallrecords": node.listcallrecords(0, tip, None, 1000),
            "rewards": [node.getrewardinfo(h) for h in range(max(0, self.first_registry_height - 1), tip + 1)],
        }
        return json.dumps(state, sort_keys=True, default=str, indent=1)

    def assert_same_dump(self, a, b):
        if a != b:
            import difflib
            diff = "\n".join(list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))[:80])
            raise AssertionError("registry state differs:\n" + diff)

    def roundtrip(self, blockhash, check_between=None, node=None):
        """invalidateblock(blockhash) then reconsiderblock: the state afterwards is identical.
        check_between(node) runs while the block is invalid."""
        node = node or self.nodes[0]
        before = self.dump(node)
        height = node.getblock(blockhash)["height"]
        node.invalidateblock(blockhash)
        assert_equal(node.getblockcount(), height - 1)
        if check_between:
            check_between(node)
        node.reconsiderblock(blockhash)
        self.assert_same_dump(before, self.dump(node))


def node_reg(key, seq, bond, reward_key, endpoints, prefixes=(), domains=(), genesis=None):
    return node_register_payload(key, genesis, seq, bond, lock_for_key(reward_key), endpoints, domains, prefixes)


# Actors
OWNER_A = K("alice owner")
OWNER_B = K("bob owner")
CAROL = K("carol")
MALLORY = K("mallory")
IDENTITY = K("alice identity")
N1 = K("node 1")
N2 = K("node 2")
R1 = K("reward 1")
R2 = K("reward 2")
SALT = {name: sha256(b"salt " + name.encode()) for name in ["alice", "bob-phone", "mallory", "carol", "number",
                                                              "number-m", "short"]}
NUMBER = "+442071234567"


class RegistryHandlesTest(RegistryTestBase):
    HANDLES = ["alice", "bob-phone", "abc", NUMBER, "nobody"]
    NODE_KEYS = [N1, N2]

    def set_test_params(self):
        self.num_nodes = 1

    def commit(self, handle, salt, owner):
        return self.rtx(KIND_HANDLE_COMMIT, handle_commit_payload(handle_commitment(handle, salt, owner)))

    def reveal(self, handle, salt, owner, locked=None, fee=FEE):
        return self.rtx(KIND_HANDLE_REGISTER, handle_register_payload(handle, salt, owner),
                        locked=handle_fee(handle) if locked is None else locked, fee=fee)

    def update(self, key, handle, seq, **kw):
        locked = handle_fee(handle) if kw.get("renew") else 0
        return self.rtx(KIND_HANDLE_UPDATE, handle_update_payload(key, self.genesis, handle, seq, **kw), locked=locked)

    def presence(self, node_key, handle, anchor, owner=None):
        return self.rtx(KIND_PRESENCE_PROOF, presence_payload(node_key, self.genesis, handle, anchor[0], anchor[1], owner))

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 8)
        base = node.getblockcount()
        self.first_registry_height = base + 1
        empty_dump = self.dump()
        g = self.genesis

        self.log.info("register two nodes (needed as home / presence nodes)")
        self.mine([self.rtx(KIND_NODE_REGISTER, node_reg(N1, 1, COIN, R1, ["sip:127.0.0.1:5064;transport=udp"], ["+44"], genesis=g), locked=COIN),
                   self.rtx(KIND_NODE_REGISTER, node_reg(N2, 1, COIN, R2, ["sip:127.0.0.1:5066;transport=tcp"], ["+4420"], genesis=g), locked=COIN)])
        assert_equal(node.getnode(N1.xonly.hex())["active"], True)

        self.log.info("commit, then a reveal one block later is immature")
        c = self.mine([self.commit("alice", SALT["alice"], OWNER_A)])
        ch = node.getblock(c)["height"]
        self.assert_rejected(self.reveal("alice", SALT["alice"], OWNER_A), "bad-handle-commit-immature")
        assert_raises_rpc_error(RPC_NOT_FOUND, "Handle not found", node.gethandle, "alice")
        self.mine_empty(1)

        self.log.info("a reveal that does not burn the whole fee is underpaid")
        fee = handle_fee("alice")
        assert_equal(fee, COIN // 100)
        self.assert_rejected(self.reveal("alice", SALT["alice"], OWNER_A, locked=fee - 1, fee=0), "bad-txns-registry-underpaid")
        self.assert_rejected(self.reveal("alice", SALT["alice"], OWNER_A, locked=0, fee=fee - 1), "bad-txns-registry-underpaid")

        self.log.info("the reveal at commit + 2 registers the handle; its fee is burned, not the miner's")
        reveal = self.reveal("alice", SALT["alice"], OWNER_A)
        spent = reveal.funding.value
        assert_equal(spent - sum(o[0] for o in reveal.vout) - FEE, fee)
        rh = self.mine([reveal])
        reg_height = ch + 2
        assert_equal(node.getblockcount(), reg_height)
        assert_equal(self.coinbase(rh), [self.lock_out(subsidy(reg_height) + FEE, self.miner_key)])
        rec = node.gethandle("alice")
        assert_equal(rec["handle"], "alice")
        assert_equal(rec["class"], "name")
        assert_equal(rec["owner_key"], OWNER_A.xonly.hex())
        assert_equal(rec["owner"], address_for_key(OWNER_A))
        assert_equal(rec["registered_height"], reg_height)
        assert_equal(rec["expiry_height"], reg_height + 50)
        assert_equal(rec["expired"], False)
        assert_equal(rec["update_seq"], 0)
        for f in ["home_node", "identity_key", "current_node", "last_presence_height", "last_anchor_height"]:
            assert_equal(rec[f], None)
        assert_equal(rec["online"], False)
        self.log.info("the reveal used the commitment up: the same reveal again fails")
        self.assert_rejected(self.reveal("alice", SALT["alice"], OWNER_A), "bad-handle-commit-unknown")

        self.log.info("invalidate/reconsider the register block")

        def no_alice(n):
            assert_raises_rpc_error(RPC_NOT_FOUND, "Handle not found", n.gethandle, "alice")
            assert_equal([x["handle"] for x in n.listhandles()], [])
        self.roundtrip(rh, no_alice)

        self.log.info("registering a taken handle: bad-handle-taken")
        self.mine([self.commit("alice", SALT["carol"], CAROL)])
        self.log.info("the same commitment again inside its reveal window: bad-handle-commit-exists")
        self.assert_rejected(self.commit("alice", SALT["carol"], CAROL), "bad-handle-commit-exists")
        self.mine_empty(1)
        self.assert_rejected(self.reveal("alice", SALT["carol"], CAROL), "bad-handle-taken")

        self.log.info("front-running: a commit made after seeing the reveal cannot win")
        self.mine([self.commit("bob-phone", SALT["bob-phone"], OWNER_B)])
        self.mine_empty(1)
        # Mallory sees Bob's reveal in flight and commits the same handle in the same block.
        bob_reveal = self.reveal("bob-phone", SALT["bob-phone"], OWNER_B)
        mallory_commit = self.commit("bob-phone", SALT["mallory"], MALLORY)
        self.mine([bob_reveal, mallory_commit])
        self.assert_rejected(self.reveal("bob-phone", SALT["mallory"], MALLORY), "bad-handle-commit-immature")
        # Mallory with Bob's salt but her own key: no such commitment.
        self.assert_rejected(self.reveal("bob-phone", SALT["bob-phone"], MALLORY), "bad-handle-commit-unknown")
        self.mine_empty(1)
        self.assert_rejected(self.reveal("bob-phone", SALT["mallory"], MALLORY), "bad-handle-taken")
        assert_equal(node.gethandle("bob-phone")["owner_key"], OWNER_B.xonly.hex())

        self.log.info("a 3-character name burns 1 DOTS")
        self.mine([self.commit("abc", SALT["short"], CAROL)])
        self.mine_empty(1)
        self.assert_rejected(self.reveal("abc", SALT["short"], CAROL, locked=COIN // 10), "bad-txns-registry-underpaid")
        self.mine([self.reveal("abc", SALT["short"], CAROL, locked=COIN)])
        assert_equal(node.gethandle("abc")["owner_key"], CAROL.xonly.hex())

        self.log.info("updates: home and identity with seq; wrong signer; replay; renew; transfer")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, home=K("no node")), "bad-handle-home")
        self.assert_rejected(self.update(OWNER_A, "alice", 2, home=N1.xonly), "bad-handle-seq")
        self.assert_rejected(self.update(MALLORY, "alice", 1, home=N2.xonly), "bad-handle-sig")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, flags=0), "bad-registry-update-flags")
        self.assert_rejected(self.update(OWNER_A, "alice", 1, flags=16), "bad-registry-payload")
        upd1_payload = handle_update_payload(OWNER_A, g, "alice", 1, home=N1.xonly)
        uh = self.mine([self.rtx(KIND_HANDLE_UPDATE, upd1_payload)])
        rec = node.gethandle("alice")
        assert_equal((rec["home_node"], rec["update_seq"]), (N1.xonly.hex(), 1))
        self.log.info("invalidate/reconsider the update block")
        self.roundtrip(uh, lambda n: assert_equal((n.gethandle("alice")["home_node"], n.gethandle("alice")["update_seq"]), (None, 0)))
        self.log.info("the same update statement again (new tx) is a replay: bad-handle-seq")
        self.assert_rejected(self.rtx(KIND_HANDLE_UPDATE, upd1_payload), "bad-handle-seq")
        # A signature over another body (seq 2) does not verify: forged statement.
        body = handle_update_body("alice", 2, identity=IDENTITY.xonly)
        other = handle_update_body("alice", 2, identity=MALLORY.xonly)
        self.assert_rejected(self.rtx(KIND_HANDLE_UPDATE, handle_update_payload_raw(body, OWNER_A.sign(handle_update_message(other, g)))),
                             "bad-handle-sig")
        self.mine([self.update(OWNER_A, "alice", 2, identity=IDENTITY.xonly)])
        assert_equal(node.gethandle("alice")["identity_key"], IDENTITY.xonly.hex())

        self.log.info("renew burns the fee again and sets expiry = h + 50 (not stacked)")
        self.assert_rejected(self.rtx(KIND_HANDLE_UPDATE, handle_update_payload(OWNER_A, g, "alice", 3, renew=True), locked=0),
                             "bad-txns-registry-underpaid", )
        renew = self.update(OWNER_A, "alice", 3, renew=True)
        assert_equal(renew.funding.value - renew.vout[0][0] - FEE, fee)
        rnh = self.mine([renew])
        rn_height = node.getblockcount()
        assert_equal(self.coinbase(rnh), [self.lock_out(subsidy(rn_height) + FEE, self.miner_key)])
        assert_equal(node.gethandle("alice")["expiry_height"], rn_height + 50)

        self.log.info("presence: owner-signed proof through node 2 (not the home)")
        pa = self.anchor()
        self.mine([self.presence(N2, "alice", pa, owner=OWNER_A)])
        p1_height = node.getblockcount()
        pres = node.getpresence("alice")
        assert_equal(pres, {"handle": "alice", "current_node": N2.xonly.hex(), "online": True,
                            "last_presence_height": p1_height, "last_anchor_height": pa[0],
                            "node_endpoints": ["sip:127.0.0.1:5066;transport=tcp"]})
        rec = node.gethandle("alice")
        assert_equal((rec["current_node"], rec["online"], rec["last_presence_height"], rec["last_anchor_height"]),
                     (N2.xonly.hex(), True, p1_height, pa[0]))
        self.log.info("presence replay (same statement, new tx): bad-presence-replay")
        replay = presence_payload(N2, g, "alice", pa[0], pa[1], OWNER_A)
        self.assert_rejected(self.rtx(KIND_PRESENCE_PROOF, replay), "bad-presence-replay")
        self.log.info("node 2 without the owner's signature: bad-presence-unauthorized")
        self.assert_rejected(self.presence(N2, "alice", self.anchor()), "bad-presence-unauthorized")
        self.log.info("stale or foreign anchors: bad-presence-anchor")
        self.mine_empty(10)
        h_next = node.getblockcount() + 1
        stale = (h_next - 11, node.getblockhash(h_next - 11))
        self.assert_rejected(self.presence(N1, "alice", stale), "bad-presence-anchor")
        self.assert_rejected(self.presence(N1, "alice", (h_next - 1, node.getblockhash(h_next - 2))), "bad-presence-anchor")
        self.assert_rejected(self.presence(N1, "alice", (h_next, "00" * 32)), "bad-presence-anchor")
        self.log.info("a wrong owner signature: bad-presence-owner-sig")
        self.assert_rejected(self.presence(N2, "alice", self.anchor(), owner=MALLORY), "bad-presence-owner-sig")
        self.log.info("the home node without an owner signature; oldest allowed anchor (h - 10)")
        oldest = (h_next - 10, node.getblockhash(h_next - 10))
        self.mine([self.presence(N1, "alice", oldest)])
        p2_height = node.getblockcount()
        pres = node.getpresence("alice")
        assert_equal((pres["current_node"], pres["online"], pres["last_presence_height"], pres["last_anchor_height"]),
                     (N1.xonly.hex(), True, p2_height, oldest[0]))
        assert_equal(pres["node_endpoints"], ["sip:127.0.0.1:5064;transport=udp"])
        self.log.info("online while tip - last_presence_height <= 20, offline after")
        self.mine_to(p2_height + 20)
        assert_equal(node.gethandle("alice")["online"], True)
        self.mine_empty(1)
        assert_equal(node.gethandle("alice")["online"], False)
        assert_equal(node.getpresence("alice")["online"], False)
        assert_equal(node.getpresence("alice")["current_node"], N1.xonly.hex())

        self.log.info("transfer to carol: alice's owner can no longer sign, carol continues the sequence")
        self.mine([self.update(OWNER_A, "alice", 4, new_owner=CAROL.xonly)])
        rec = node.gethandle("alice")
        assert_equal((rec["owner_key"], rec["owner"], rec["update_seq"]), (CAROL.xonly.hex(), address_for_key(CAROL), 4))
        self.assert_rejected(self.update(OWNER_A, "alice", 5, home=ZERO_KEY), "bad-handle-sig")
        self.mine([self.update(CAROL, "alice", 5, home=ZERO_KEY)])
        assert_equal(node.gethandle("alice")["home_node"], None)
        self.log.info("presence with the new owner's signature; the old owner's is refused")
        self.assert_rejected(self.presence(N2, "alice", self.anchor(), owner=OWNER_A), "bad-presence-owner-sig")
        self.mine([self.presence(N2, "alice", self.anchor(), owner=CAROL)])
        assert_equal(node.getpresence("alice")["online"], True)

        self.log.info("expiry: an E.164 handle expires 50 blocks after registration")
        self.mine([self.commit(NUMBER, SALT["number"], OWNER_B), self.commit("carol-late", SALT["carol"], CAROL)])
        late_commit = node.getblockcount()
        self.mine_empty(1)
        nh = self.mine([self.reveal(NUMBER, SALT["number"], OWNER_B)])
        n_reg = node.getblockcount()
        rec = node.gethandle(NUMBER)
        assert_equal((rec["class"], rec["expiry_height"], rec["expired"]), ("e164", n_reg + 50, False))
        self.mine([self.update(OWNER_B, NUMBER, 1, home=N2.xonly)])
        self.mine([self.presence(N2, NUMBER, self.anchor())])
        assert_equal(node.getpresence(NUMBER)["online"], True)
        # Mallory commits early so that she can reveal at the first height the number is free.
        self.log.info("a reveal after the reveal window (commit + 21): bad-handle-commit-expired")
        self.mine_to(late_commit + 20)
        self.assert_rejected(self.reveal("carol-late", SALT["carol"], CAROL), "bad-handle-commit-expired")
        self.log.info("... and an expired commitment can be made again")
        self.mine([self.commit("carol-late", SALT["carol"], CAROL)])
        self.mine_to(n_reg + 45)
        self.mine([self.commit(NUMBER, SALT["number-m"], MALLORY)])
        self.mine_to(n_reg + 48)
        self.log.info("a reveal in the last block of the lifetime (h = expiry - 1): bad-handle-taken")
        self.assert_rejected(self.reveal(NUMBER, SALT["number-m"], MALLORY), "bad-handle-taken")
        self.mine_empty(1)
        assert_equal(node.getblockcount(), n_reg + 49)
        assert_equal(node.gethandle(NUMBER)["expired"], False)
        self.mine_empty(1)
        assert_equal(node.getblockcount(), n_reg + 50)
        rec = node.gethandle(NUMBER)
        assert_equal(rec["expired"], True)
        assert_equal(rec["online"], False)
        self.log.info("invalidate/reconsider the block at which the number expires")
        self.roundtrip(node.getbestblockhash(), lambda n: assert_equal(n.gethandle(NUMBER)["expired"], False))
        self.log.info("an expired handle cannot be updated or proven present")
        self.assert_rejected(self.update(OWNER_B, NUMBER, 2, identity=IDENTITY.xonly), "bad-handle-expired")
        self.assert_rejected(self.presence(N2, NUMBER, self.anchor()), "bad-handle-expired")
        self.log.info("re-registration by someone else")
        expired_dump = self.dump()
        eh = self.mine([self.reveal(NUMBER, SALT["number-m"], MALLORY)])
        rec = node.gethandle(NUMBER)
        assert_equal((rec["owner_key"], rec["registered_height"], rec["expiry_height"], rec["expired"]),
                     (MALLORY.xonly.hex(), n_reg + 51, n_reg + 101, False))
        assert_equal((rec["home_node"], rec["identity_key"], rec["current_node"]), (None, None, None))
        self.log.info("the previous owner's update sequence is carried over: old statements cannot be replayed")
        assert_equal(rec["update_seq"], 1)
        self.assert_rejected(self.update(MALLORY, NUMBER, 1, home=N1.xonly), "bad-handle-seq")
        self.log.info("invalidate/reconsider the re-registration: back to the expired record")
        self.roundtrip(eh, lambda n: self.assert_same_dump(expired_dump, self.dump(n)))
        self.mine([self.update(MALLORY, NUMBER, 2, home=N1.xonly)])
        assert_equal(node.gethandle(NUMBER)["home_node"], N1.xonly.hex())

        self.log.info("listhandles: byte order, prefix, count, from")
        assert_equal([x["handle"] for x in node.listhandles()], [NUMBER, "abc", "alice", "bob-phone"])
        assert_equal([x["handle"] for x in node.listhandles("a")], ["abc", "alice"])
        assert_equal([x["handle"] for x in node.listhandles("", 2, "abd")], ["alice", "bob-phone"])
        assert_equal(node.listhandles("", 1)[0], node.gethandle(NUMBER))

        self.check_full_reorg_and_restart(base, empty_dump, nh)

    def check_full_reorg_and_restart(self, base, empty_dump, mid_block):
        node = self.nodes[0]
        final = self.dump()
        for needle in ['"handle": "alice"', '"expired": true', '"last_presence_height": 1', '"update_seq": 5']:
            assert needle in final, needle
        self.log.info("invalidate the first registry block: the state is as at height %d", base)
        first = node.getblockhash(base + 1)
        node.invalidateblock(first)
        self.assert_same_dump(empty_dump, self.dump())
        assert_equal(node.listhandles(), [])
        assert_equal(node.listnodes(), [])
        node.reconsiderblock(first)
        self.assert_same_dump(final, self.dump())
        self.log.info("invalidate/reconsider in the middle")
        node.invalidateblock(mid_block)
        node.reconsiderblock(mid_block)
        self.assert_same_dump(final, self.dump())
        self.log.info("a restart keeps the state identical")
        self.restart_node(0)
        self.assert_same_dump(final, self.dump())


if __name__ == "__main__":
    RegistryHandlesTest().main()
