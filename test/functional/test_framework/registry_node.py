#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""RegistryTestBase: what the registry functional tests share (doc/registry.md).

- Funding: every registry transaction spends one coin of self.coins (all locked to
  self.fund_key) and returns its change there once mined; a rejected transaction gives its
  coin back. Node withdrawals are built without inputs.
- Mining: blocks with given transactions (generateblock), empty blocks, mining to a height.
- Nodes: Python plays the SIP nodes — registering them, signing vouchers as the originating
  node, probing as provers (signing challenges), answering as targets (keeping receipts).
- Dumps: every registry RPC result for the test's known keys, handles and pairs as canonical
  JSON, so that a reorg, a restart or another node can be compared byte for byte.
"""

import json

from .authproxy import JSONRPCException
from .blocktools import sha256, wait_for_chain
from .key import ECKey
from .registry import (
    REGTEST_PARAMS,
    binding_payload,
    deposit_payload,
    deposit_release_payload,
    draw_probers,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    handle_update_payload,
    make_registry_tx,
    make_withdraw_tx,
    miner_reward,
    node_deregister_payload,
    node_register_payload,
    node_update_payload,
    probe_challenge_message,
    probe_epoch_of,
    probe_receipts_payload,
    seed_height,
    settlement_payload,
    voucher,
)
from .test_framework import DotsTestFramework
from .txtools import (
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
    Utxo,
    address_for_key,
    amount_to_units,
    lock_for_key,
    spendable_coinbase,
    to_display,
)
from .util import assert_equal, assert_raises_rpc_error

RPC_VERIFY_ERROR = -25
RPC_NOT_FOUND = -5
RPC_INVALID_PARAMETER = -8
FEE = 10_000
P = REGTEST_PARAMS


def K(name):
    """A deterministic key for a role."""
    return ECKey(sha256(b"feature_registry " + name.encode()))


def units(value):
    return amount_to_units(value)


class RegistryTestBase(DotsTestFramework):
    # The universe the state dump looks at; subclasses fill them.
    HANDLES = []
    NODE_KEYS = []
    PAIRS = []  # (orig ECKey, term ECKey)

    def setup_registry(self, node, ncoins):
        wait_for_chain(node)
        self.genesis = node.getblockhash(0)
        self.miner_key = K("miner")
        self.miner_addr = address_for_key(self.miner_key)
        self.fund_key = K("fund")
        self.coins = spendable_coinbase(node, self.fund_key, count=ncoins)
        self.node_seq = {}  # node xonly -> last seq used
        self.bonds = {}     # node key hex -> bond at its (last) registration

    # ---- transactions ----
    def rtx(self, kind, payload, locked=0, fee=FEE):
        """A registry tx of `kind` funded by the first coin that covers fee + locked (taken from the
        pool until mined or rejected)."""
        coin = next(c for c in self.coins if c.value >= fee + locked)
        self.coins.remove(coin)
        tx = make_registry_tx(kind, payload, coin, None, self.fund_key, self.fund_key, fee, locked, genesis_hash=self.genesis)
        tx.funding = coin
        return tx

    def next_seq(self, key):
        """The next seq of a node's statements (register, update, deregister, release, withdraw)."""
        self.node_seq[key.xonly] = self.node_seq.get(key.xonly, 0) + 1
        return self.node_seq[key.xonly]

    def with_seq(self, tx, key):
        """Marks `tx` as using the node's latest seq, which assert_rejected gives back."""
        tx.seq_key = key.xonly
        return tx

    def register_node(self, key, bond=COIN, rate=0, endpoints=("sip:127.0.0.1:5070;transport=udp",), prefixes=(), domains=()):
        self.bonds[key.xonly.hex()] = bond
        return self.with_seq(self.rtx(KIND_NODE_REGISTER, node_register_payload(key, self.genesis, self.next_seq(key), bond,
                                                                                list(endpoints), rate, list(domains),
                                                                                list(prefixes)), locked=bond), key)

    def update_node(self, key, rate=0, endpoints=("sip:127.0.0.1:5070;transport=udp",), prefixes=(), domains=()):
        return self.with_seq(self.rtx(KIND_NODE_REGISTER, node_update_payload(key, self.genesis, self.next_seq(key), list(endpoints),
                                                                              rate, list(domains), list(prefixes))), key)

    def deregister_node(self, key):
        return self.with_seq(self.rtx(KIND_NODE_REGISTER, node_deregister_payload(key, self.genesis, self.next_seq(key))), key)

    def deposit(self, orig, term, amount, fee=FEE):
        return self.rtx(KIND_DEPOSIT, deposit_payload(orig, term, amount), locked=amount, fee=fee)

    def settle(self, orig, term, vouchers, fee=FEE):
        """vouchers: [(epoch, seconds, rate)], each signed by `orig`."""
        entries = [voucher(orig, term, self.genesis, e, s, r, sha256(b"root %d" % e), sha256(b"o %d" % e), sha256(b"t %d" % e))
                   for e, s, r in vouchers]
        return self.rtx(KIND_SETTLEMENT, settlement_payload(orig, term, entries), fee=fee)

    def release(self, orig, term, amount):
        return self.with_seq(self.rtx(KIND_DEPOSIT_RELEASE, deposit_release_payload(orig, term, self.genesis, self.next_seq(orig),
                                                                                    amount)), orig)

    def withdraw(self, key, amount, fee=FEE, to=None):
        """A withdrawal of `amount` from the node's balance without inputs, paying `fee`."""
        lt, prog = lock_for_key(to or self.fund_key)
        tx = make_withdraw_tx(key, self.genesis, self.next_seq(key), amount, [(amount - fee, lt, prog)])
        tx.funding = None
        tx.fee = fee
        return self.with_seq(tx, key)

    def commit(self, handle, salt, owner):
        return self.rtx(KIND_HANDLE_COMMIT, handle_commit_payload(handle_commitment(handle, salt, owner)))

    def reveal(self, handle, salt, owner):
        return self.rtx(KIND_HANDLE_REGISTER, handle_register_payload(handle, salt, owner), locked=handle_fee(handle))

    def update(self, owner, handle, seq, signer=None, **fields):
        locked = handle_fee(handle) if fields.get("renew") else 0
        return self.rtx(KIND_HANDLE_UPDATE, handle_update_payload(owner, self.genesis, handle, seq, signer, **fields), locked=locked)

    def bind(self, node_key, owner, handle, seq, owner_signs=True):
        return self.rtx(KIND_BINDING, binding_payload(node_key, owner, self.genesis, handle, seq, owner_signs))

    # ---- mining ----
    def mine(self, txs=(), node=None):
        """Mines one block with `txs` (in this order); returns its hash. Their change joins the coins."""
        node = node or self.nodes[0]
        res = node.generateblock(self.miner_addr, [tx.serialize().hex() for tx in txs])
        assert_equal(node.getbestblockhash(), res["hash"])
        block_txids = node.getblock(res["hash"])["tx"]
        for tx in txs:
            assert to_display(tx.txid()) in block_txids
            lt, prog = lock_for_key(self.fund_key)
            for n, (value, olt, oprog) in enumerate(tx.vout):
                if (olt, bytes(oprog)) == (lt, prog):
                    self.coins.append(Utxo(tx.txid(), n, value, olt, bytes(oprog)))
        return res["hash"]

    def mine_checked(self, txs=(), node=None):
        """mine(), checking that the coinbase pays exactly subsidy - availability pool + the fees of
        `txs` (FEE for a funded tx, tx.fee for one without inputs): the miner's income does not
        depend on which registry transactions the block holds. Returns the block hash."""
        node = node or self.nodes[0]
        fees = sum(t.fee if getattr(t, "funding", None) is None else FEE for t in txs)
        block = self.mine(txs, node)
        assert_equal(self.coinbase_value(block, node), miner_reward(node.getblockcount()) + fees)
        return block

    def mine_empty(self, n, node=None):
        node = node or self.nodes[0]
        if n > 0:
            node.generatetoaddress(n, self.miner_addr)

    def mine_to(self, height, node=None):
        """Mines empty blocks until the tip is at `height`."""
        node = node or self.nodes[0]
        assert node.getblockcount() <= height, (node.getblockcount(), height)
        self.mine_empty(height - node.getblockcount(), node)

    def assert_rejected(self, tx, reason, before=(), node=None, replay=False):
        """generateblock([*before, tx]) fails with `reason`; every coin goes back to the pool and,
        unless `replay` (tx was built before and its seq is spent), the node seq `tx` used is given back."""
        node = node or self.nodes[0]
        tip = node.getbestblockhash()
        assert_raises_rpc_error(RPC_VERIFY_ERROR, reason, node.generateblock, self.miner_addr,
                                [t.serialize().hex() for t in list(before) + [tx]])
        assert_equal(node.getbestblockhash(), tip)
        for t in [tx] + list(before):
            if getattr(t, "funding", None) is not None:
                self.coins.insert(0, t.funding)
        if not replay and getattr(tx, "seq_key", None) is not None:
            self.node_seq[tx.seq_key] -= 1

    def coinbase_value(self, blockhash, node=None):
        node = node or self.nodes[0]
        cb = node.getblock(blockhash, 2)["tx"][0]
        assert_equal(cb["kind"], "coinbase")
        return sum(units(o["value"]) for o in cb["vout"])

    def block_fees(self, blockhash, node=None):
        """Coinbase minus what it may pay without fees: the fees the miner collected."""
        node = node or self.nodes[0]
        return self.coinbase_value(blockhash, node) - miner_reward(node.getblock(blockhash)["height"])

    # ---- probing (Python plays provers, probers and targets) ----
    def frozen_set(self, epoch, node=None):
        """[(xonly, bond)] of the nodes active at the seed of `epoch`, reconstructed from getnode."""
        node = node or self.nodes[0]
        s = seed_height(epoch)
        out = []
        for rec in node.listnodes(1000):
            if rec["registered_height"] <= s and (rec["deregistered_height"] is None or rec["deregistered_height"] > s):
                # A node registered at the seed block counts; its bond is fixed at registration.
                out.append((bytes.fromhex(rec["node"]), self.bonds[rec["node"]]))
        return out

    def probers(self, target, epoch, node=None):
        """The prober keys of `target` in `epoch` from getprobers, checked against the Python draw."""
        node = node or self.nodes[0]
        rpc = [bytes.fromhex(p["node"]) for p in node.getprobers(target.xonly.hex(), epoch)["probers"]]
        seed = node.getprobeepoch(epoch)["seed_hash"]
        assert_equal(rpc, draw_probers(self.frozen_set(epoch, node), seed, target.xonly, P["probe_count"]))
        return rpc

    def challenge(self, prober, target, epoch):
        """What prober `prober` (an ECKey) signs and sends in its OPTIONS to `target`."""
        return prober.sign(probe_challenge_message(target.xonly, prober.xonly, epoch, self.genesis))

    def receipts(self, target, epoch, answering_probers):
        """A probe_receipts tx of `target` for the probers (ECKeys) that probed it and got an answer,
        at their positions in the draw."""
        drawn = self.probers(target, epoch)
        entries = sorted((drawn.index(p.xonly), self.challenge(p, target, epoch)) for p in answering_probers)
        return self.rtx(KIND_PROBE_RECEIPTS, probe_receipts_payload(target, epoch, entries))

    # ---- state dumps ----
    def dump(self, node=None):
        """Every registry RPC result for the known universe, as canonical JSON text."""
        node = node or self.nodes[0]
        tip = node.getblockcount()

        def get(fn, *args):
            try:
                return fn(*args)
            except JSONRPCException as e:
                if e.error.get("code") in (RPC_NOT_FOUND, RPC_INVALID_PARAMETER):
                    return None
                raise

        keys = [k.xonly.hex() for k in self.NODE_KEYS]
        epoch = probe_epoch_of(tip)
        state = {
            "tip": [tip, node.getbestblockhash()],
            "utxo": node.gettxoutsetinfo()["hash_serialized"],
            "handles": {h: get(node.gethandle, h) for h in self.HANDLES},
            "bindings": {h: get(node.getbinding, h) for h in self.HANDLES},
            "listhandles": node.listhandles("", 1000),
            "nodes": {k: get(node.getnode, k) for k in keys},
            "balances": {k: get(node.getnodebalance, k) for k in keys},
            "listnodes": node.listnodes(1000),
            "deposits": {f"{o.xonly.hex()}:{t.xonly.hex()}": node.getdeposit(o.xonly.hex(), t.xonly.hex()) for o, t in self.PAIRS},
            "listdeposits": {k: node.listdeposits(k, 1000) for k in keys},
            "settlements": {k: node.listsettlements(k, None, 1000) for k in keys},
            "epochs": [node.getprobeepoch(e) for e in range(max(0, epoch - 3), epoch + 2)],
            "probers": {f"{k}:{e}": get(node.getprobers, k, e) for k in keys for e in range(max(1, epoch - 2), epoch + 1)},
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
