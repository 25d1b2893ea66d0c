#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry transaction payloads and signed statements (doc/registry.md), for functional tests.

Conventions:
  - keys: an ECKey or 32 bytes (x-only); signatures: 64 bytes.
  - hashes (genesis, anchor_hash, salt, call_id): 32 bytes in internal (wire) order, or a
    64-character display-hex string as the RPC shows block hashes (reversed into internal order).
    For salt and call_id, which the RPC does not show, pass bytes.
  - locks: (lock_type, program) tuples, see txtools.lock_for_key().
  - *_body() functions return the signed body bytes, *_message() the 32-byte message a BIP340
    signature signs, *_payload() the transaction payload. Signed payload builders take the
    signing ECKey(s) and the genesis hash; *_payload_raw() variants take given signatures (for
    tests with wrong signatures).

Run this file directly for a self-check of the encodings.
"""

import os
import struct
import sys

if __name__ == "__main__" and not __package__:
    # Run as a script (python3 test_framework/registry.py): import as part of the package.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "test_framework"  # noqa: A001

from .blocktools import ser_compact, tagged_hash
from .key import ECKey
from .txtools import (
    COIN,
    KIND_CALL_RECORD,
    KIND_DISPUTE,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_PRESENCE_PROOF,
    LOCK_KEY_HASH,
    build_tx,
    lock_for_key,
    ser_lock,
    sign_input,
    to_internal,
)

# HandleUpdate flags
UPDATE_HOME = 1
UPDATE_IDENTITY = 2
UPDATE_OWNER = 4
UPDATE_RENEW = 8

# NodeOp
NODE_OP_REGISTER = 1
NODE_OP_UPDATE = 2
NODE_OP_DEREGISTER = 3

# Dispute types
DISPUTE_VOID = 1
DISPUTE_EQUIVOCATION = 2

# Statement tags
TAG_HANDLE_COMMIT = "DOTS/HandleCommit"
TAG_HANDLE_UPDATE = "DOTS/HandleUpdate"
TAG_NODE_REGISTER = "DOTS/NodeRegister"
TAG_PRESENCE = "DOTS/Presence"
TAG_CALL_RECORD = "DOTS/CallRecord"
TAG_CALL_VOID = "DOTS/CallVoid"

# Regtest parameters (doc/registry.md, "Parameters"; regtest column).
REGTEST_PARAMS = {
    "commit_maturity": 2,
    "reveal_window": 20,
    "handle_lifetime": 50,
    "presence_window": 10,
    "presence_offline_depth": 20,
    "call_window": 20,
    "max_call_duration": 14_400,
    "min_billable_duration": 30,
    "max_billable_per_record": 3_600,
    "max_billable_per_pair": 7_200,
    "pool_saturation_seconds": 600,
    "dispute_window": 10,
    "min_node_bond": 1 * COIN,
    "bond_release_delay": 15,
}

ZERO_KEY = bytes(32)


# ---- Encoding primitives ----
def _key(k):
    """32 bytes of an ECKey's x-only key or of given key bytes."""
    b = k.xonly if isinstance(k, ECKey) else bytes(k)
    assert len(b) == 32, "key must be 32 bytes"
    return b


def _hash(h):
    return to_internal(h)


def _sig(s):
    b = bytes(s)
    assert len(b) == 64, "signature must be 64 bytes"
    return b


def ser_str(s):
    """str: CompactSize length + bytes (str is UTF-8 encoded)."""
    b = s.encode() if isinstance(s, str) else bytes(s)
    return ser_compact(len(b)) + b


def _ser_lock(lock):
    if isinstance(lock, (bytes, bytearray)):
        assert len(lock) == 33
        return bytes(lock)
    lock_type, program = lock
    return ser_lock(lock_type, program)


def _ser_str_list(items):
    return ser_compact(len(items)) + b"".join(ser_str(i) for i in items)


# ---- Commitments and messages ----
def handle_commitment(handle, salt, owner):
    """TaggedHash("DOTS/HandleCommit", str(handle) || salt:32 || owner:32)."""
    return tagged_hash(TAG_HANDLE_COMMIT, ser_str(handle) + _hash(salt) + _key(owner))


def statement_message(tag, body, genesis_hash):
    """TaggedHash(tag, genesis_hash:32 (internal bytes) || body)."""
    return tagged_hash(tag, _hash(genesis_hash) + bytes(body))


def handle_update_message(body, genesis_hash):
    return statement_message(TAG_HANDLE_UPDATE, body, genesis_hash)


def node_register_message(body, genesis_hash):
    return statement_message(TAG_NODE_REGISTER, body, genesis_hash)


def presence_message(body, genesis_hash):
    return statement_message(TAG_PRESENCE, body, genesis_hash)


def call_record_message(body, genesis_hash):
    return statement_message(TAG_CALL_RECORD, body, genesis_hash)


def call_void_body(call_id, node):
    """Body of a void statement: call_id:32 || node:32."""
    return _hash(call_id) + _key(node)


def call_void_message(call_id, node, genesis_hash):
    return statement_message(TAG_CALL_VOID, call_void_body(call_id, node), genesis_hash)


# ---- handle_commit (kind 2), handle_register (kind 3) ----
def handle_commit_payload(commitment):
    """commitment:32 (from handle_commitment())."""
    c = bytes(commitment)
    assert len(c) == 32
    return c


def handle_register_payload(handle, salt, owner):
    """handle:str salt:32 owner:key."""
    return ser_str(handle) + _hash(salt) + _key(owner)


# ---- handle_update (kind 4) ----
def handle_update_body(handle, seq, home=None, identity=None, new_owner=None, renew=False, flags=None):
    """handle:str seq:u32 flags:u8 [home:key] [identity:key] [new_owner:key].
    A field given (not None) sets its flag; ZERO_KEY for home/identity clears the field.
    `flags` overrides the computed flags (the fields present still follow the arguments)."""
    computed = ((UPDATE_HOME if home is not None else 0) | (UPDATE_IDENTITY if identity is not None else 0) |
                (UPDATE_OWNER if new_owner is not None else 0) | (UPDATE_RENEW if renew else 0))
    out = ser_str(handle) + struct.pack("<IB", seq, computed if flags is None else flags)
    for field in (home, identity, new_owner):
        if field is not None:
            out += _key(field)
    return out


def handle_update_payload_raw(body, owner_sig):
    return bytes(body) + _sig(owner_sig)


def handle_update_payload(owner_key, genesis_hash, handle, seq, home=None, identity=None, new_owner=None,
                          renew=False, flags=None):
    """Signed handle update: body || owner_sig."""
    body = handle_update_body(handle, seq, home, identity, new_owner, renew, flags)
    return handle_update_payload_raw(body, owner_key.sign(handle_update_message(body, genesis_hash)))


# ---- node_register (kind 5): register / update / deregister ----
def node_register_body(node, seq, op, bond, reward_lock, endpoints=(), domains=(), prefixes=()):
    """node:key seq:u32 op:u8 bond:i64 reward:lock n{endpoint:str} n{domain:str} n{prefix:str}."""
    return (_key(node) + struct.pack("<IBq", seq, op, bond) + _ser_lock(reward_lock) +
            _ser_str_list(list(endpoints)) + _ser_str_list(list(domains)) + _ser_str_list(list(prefixes)))


def node_register_payload_raw(body, node_sig):
    return bytes(body) + _sig(node_sig)


def node_statement_payload(node_key, genesis_hash, seq, op, bond, reward_lock, endpoints=(), domains=(), prefixes=()):
    """Signed node statement of any op: body || node_sig (signed by node_key, which is the node)."""
    body = node_register_body(node_key, seq, op, bond, reward_lock, endpoints, domains, prefixes)
    return node_register_payload_raw(body, node_key.sign(node_register_message(body, genesis_hash)))


def node_register_payload(node_key, genesis_hash, seq, bond, reward_lock, endpoints, domains=(), prefixes=()):
    """op 1 (register). The tx must also lock `bond` (make_registry_tx(..., locked_value=bond))."""
    return node_statement_payload(node_key, genesis_hash, seq, NODE_OP_REGISTER, bond, reward_lock, endpoints,
                                  domains, prefixes)


def node_update_payload(node_key, genesis_hash, seq, reward_lock, endpoints, domains=(), prefixes=()):
    """op 2 (update), bond 0."""
    return node_statement_payload(node_key, genesis_hash, seq, NODE_OP_UPDATE, 0, reward_lock, endpoints,
                                  domains, prefixes)


def node_deregister_payload(node_key, genesis_hash, seq, reward_lock):
    """op 3 (deregister), bond 0, empty lists; reward_lock receives the bond back."""
    return node_statement_payload(node_key, genesis_hash, seq, NODE_OP_DEREGISTER, 0, reward_lock)


# ---- presence_proof (kind 6) ----
def presence_body(handle, node, anchor_height, anchor_hash):
    """handle:str node:key anchor_height:u32 anchor_hash:32."""
    return ser_str(handle) + _key(node) + struct.pack("<I", anchor_height) + _hash(anchor_hash)


def presence_payload_raw(body, node_sig, owner_sig=None):
    """body node_sig has_owner_sig:u8 [owner_sig]."""
    out = bytes(body) + _sig(node_sig)
    if owner_sig is None:
        return out + b"\x00"
    return out + b"\x01" + _sig(owner_sig)


def presence_payload(node_key, genesis_hash, handle, anchor_height, anchor_hash, owner_key=None):
    """Presence proof signed by node_key and, if owner_key is given, by the handle owner too
    (both sign the same message)."""
    body = presence_body(handle, node_key, anchor_height, anchor_hash)
    msg = presence_message(body, genesis_hash)
    return presence_payload_raw(body, node_key.sign(msg), owner_key.sign(msg) if owner_key is not None else None)


# ---- call_record (kind 7) ----
def call_record_body(call_id, orig, term, duration, anchor_height, anchor_hash):
    """call_id:32 orig:key term:key duration:u32 anchor_height:u32 anchor_hash:32 (136 bytes)."""
    return (_hash(call_id) + _key(orig) + _key(term) + struct.pack("<II", duration, anchor_height) +
            _hash(anchor_hash))


def call_record_payload_raw(body, orig_sig, term_sig):
    return bytes(body) + _sig(orig_sig) + _sig(term_sig)


def call_record_payload(orig_key, term_key, genesis_hash, call_id, duration, anchor_height, anchor_hash):
    """Call record co-signed by the originating and the terminating node."""
    body = call_record_body(call_id, orig_key, term_key, duration, anchor_height, anchor_hash)
    msg = call_record_message(body, genesis_hash)
    return call_record_payload_raw(body, orig_key.sign(msg), term_key.sign(msg))


# ---- dispute (kind 8) ----
def dispute_void_payload_raw(call_id, node, sig):
    """type:u8=1 call_id:32 node:key sig."""
    return bytes([DISPUTE_VOID]) + _hash(call_id) + _key(node) + _sig(sig)


def dispute_void_payload(node_key, genesis_hash, call_id):
    """Void of call `call_id` signed by one of its two nodes."""
    sig = node_key.sign(call_void_message(call_id, node_key, genesis_hash))
    return dispute_void_payload_raw(call_id, node_key, sig)


def dispute_equivocation_payload_raw(node, body_a, sig_a, body_b, sig_b):
    """type:u8=2 node:key call_body_a sig_a call_body_b sig_b."""
    return bytes([DISPUTE_EQUIVOCATION]) + _key(node) + bytes(body_a) + _sig(sig_a) + bytes(body_b) + _sig(sig_b)


def dispute_equivocation_payload(node_key, genesis_hash, body_a, body_b):
    """Two call-record bodies (call_record_body()) with one call id, both signed by node_key."""
    sig_a = node_key.sign(call_record_message(body_a, genesis_hash))
    sig_b = node_key.sign(call_record_message(body_b, genesis_hash))
    return dispute_equivocation_payload_raw(node_key, body_a, sig_a, body_b, sig_b)


# ---- Fees ----
def handle_fee(handle, regtest=True):
    """Burned registration/renewal fee of a handle (doc/registry.md), in base units; None for a
    handle that is not of a known class (no full syntax check)."""
    scale = 1 if regtest else 100
    if handle.startswith("+"):
        return COIN // 100 * scale
    n = len(handle)
    if n < 3:
        return None
    if n == 3:
        return COIN * scale // 1
    if n == 4:
        return COIN // 10 * scale
    if n <= 7:
        return COIN // 100 * scale
    return COIN // 1000 * scale


# ---- Transactions ----
def make_registry_tx(kind, payload, funding_outpoint, funding_value, funding_lock_key, change_key, fee,
                     locked_value=0, *, genesis_hash, funding_lock_type=LOCK_KEY_HASH,
                     change_lock_type=LOCK_KEY_HASH, version=1, locktime=0):
    """A signed transaction of `kind` with `payload`, one input and one change output.

    funding_outpoint: a txtools.Utxo or (txid, n) (txid: internal bytes or display hex).
    funding_value: value of the spent output (None: taken from the Utxo).
    funding_lock_key: ECKey that the spent output is locked to (its KEY_HASH lock, or KEY with
      funding_lock_type=LOCK_KEY); the input is signed with it.
    change_key: ECKey (change to its change_lock_type lock) or a (lock_type, program) tuple.
    The change output's value is funding_value - fee - locked_value (locked_value: the burned
    registration fee or the node bond). Returns a blocktools.Tx; send tx.serialize().hex()."""
    if funding_value is None:
        funding_value = funding_outpoint.value
    if isinstance(change_key, ECKey):
        change_lock = lock_for_key(change_key, change_lock_type)
    else:
        change_lock = (change_key[0], bytes(change_key[1]))
    change = funding_value - fee - locked_value
    assert change >= 0, "funding value does not cover fee + locked value"
    tx = build_tx(kind, [funding_outpoint], [(change, change_lock[0], change_lock[1])], payload, locktime, version)
    spent = [(funding_value,) + lock_for_key(funding_lock_key, funding_lock_type)]
    sign_input(tx, 0, spent, funding_lock_key, genesis_hash)
    return tx


# ---- Self-check ----
def _self_check():
    from .blocktools import Reader, Tx

    genesis = bytes(range(32))
    owner, node_a, node_b = ECKey(1), ECKey(2), ECKey(3)
    salt = b"\x11" * 32
    call_id = b"\x22" * 32
    anchor = "ab" * 32  # display hex
    anchor_internal = bytes.fromhex(anchor)[::-1]
    reward = lock_for_key(node_a)

    c = handle_commitment("alice", salt, owner)
    assert c == tagged_hash("DOTS/HandleCommit", b"\x05alice" + salt + owner.xonly)
    assert len(handle_commit_payload(c)) == 32

    reg = handle_register_payload("alice", salt, owner)
    assert len(reg) == 1 + 5 + 32 + 32 and reg[:6] == b"\x05alice"

    body = handle_update_body("alice", 1)
    assert len(body) == 6 + 4 + 1 and body[-1] == 0
    body = handle_update_body("alice", 7, home=node_a, identity=ZERO_KEY, new_owner=node_b, renew=True)
    assert body[6:10] == b"\x07\x00\x00\x00" and body[10] == 15 and len(body) == 11 + 3 * 32
    assert body[11:43] == node_a.xonly and body[43:75] == ZERO_KEY and body[75:] == node_b.xonly
    upd = handle_update_payload(owner, genesis, "alice", 2, home=node_a)
    assert len(upd) == 11 + 32 + 64
    assert owner.verify(handle_update_message(upd[:-64], genesis), upd[-64:])
    assert handle_update_message(upd[:-64], genesis) == tagged_hash("DOTS/HandleUpdate", genesis + upd[:-64])
    assert handle_update_body("alice", 1, renew=True)[-1] == UPDATE_RENEW

    ep = "sip:node.example.com:5060;transport=udp"
    nb = node_register_body(node_a, 1, NODE_OP_REGISTER, COIN, reward, [ep], ["example.com"], ["+1", "+44"])
    expect = 32 + 4 + 1 + 8 + 33 + (1 + 1 + len(ep)) + (1 + 1 + 11) + (1 + (1 + 2) + (1 + 3))
    assert len(nb) == expect, (len(nb), expect)
    assert nb[36] == NODE_OP_REGISTER and nb[37:45] == COIN.to_bytes(8, "little") and nb[45] == LOCK_KEY_HASH
    nr = node_register_payload(node_a, genesis, 1, COIN, reward, [ep], ["example.com"], ["+1", "+44"])
    assert nr[:-64] == nb and node_a.verify(node_register_message(nb, genesis), nr[-64:])
    nu = node_update_payload(node_a, genesis, 2, reward, [ep])
    assert len(nu) == 32 + 4 + 1 + 8 + 33 + (1 + 1 + len(ep)) + 1 + 1 + 64 and nu[36] == NODE_OP_UPDATE
    nd = node_deregister_payload(node_a, genesis, 3, reward)
    assert len(nd) == 32 + 4 + 1 + 8 + 33 + 3 + 64 and nd[36] == NODE_OP_DEREGISTER
    assert nd[37:45] == bytes(8)

    pb = presence_body("alice", node_a, 100, anchor)
    assert len(pb) == 6 + 32 + 4 + 32 and pb[-32:] == anchor_internal
    p1 = presence_payload(node_a, genesis, "alice", 100, anchor)
    assert len(p1) == len(pb) + 64 + 1 and p1[-1] == 0
    p2 = presence_payload(node_a, genesis, "alice", 100, anchor, owner_key=owner)
    assert len(p2) == len(pb) + 64 + 1 + 64 and p2[len(pb) + 64] == 1
    assert owner.verify(presence_message(pb, genesis), p2[-64:])

    cb = call_record_body(call_id, node_a, node_b, 120, 100, anchor)
    assert len(cb) == 136
    cr = call_record_payload(node_a, node_b, genesis, call_id, 120, 100, anchor)
    assert len(cr) == 136 + 128
    msg = call_record_message(cb, genesis)
    assert node_a.verify(msg, cr[136:200]) and node_b.verify(msg, cr[200:])

    dv = dispute_void_payload(node_a, genesis, call_id)
    assert len(dv) == 1 + 32 + 32 + 64 and dv[0] == DISPUTE_VOID
    assert node_a.verify(tagged_hash("DOTS/CallVoid", genesis + call_id + node_a.xonly), dv[65:])
    cb2 = call_record_body(call_id, node_a, node_b, 121, 100, anchor)
    de = dispute_equivocation_payload(node_a, genesis, cb, cb2)
    assert len(de) == 1 + 32 + 2 * (136 + 64) and de[0] == DISPUTE_EQUIVOCATION

    assert handle_fee("abc") == COIN and handle_fee("abcd") == COIN // 10
    assert handle_fee("alice") == COIN // 100 and handle_fee("alice123") == COIN // 1000
    assert handle_fee("+15551234567") == COIN // 100 and handle_fee("abc", regtest=False) == 100 * COIN

    # A registry tx round-trips through blocktools.Tx and its signature verifies.
    from .txtools import signature_hash
    funding = (b"\x33" * 32, 0)
    tx = make_registry_tx(KIND_HANDLE_REGISTER, reg, funding, 10 * COIN, owner, node_b, 1000,
                          handle_fee("alice"), genesis_hash=genesis)
    assert tx.kind == KIND_HANDLE_REGISTER and tx.payload == reg
    assert tx.vout == [[10 * COIN - 1000 - COIN // 100, LOCK_KEY_HASH, lock_for_key(node_b)[1]]]
    assert tx.vin[0][3][0] == owner.xonly and len(tx.vin[0][3][1]) == 64
    spent = [(10 * COIN,) + lock_for_key(owner)]
    assert owner.verify(signature_hash(tx, 0, spent, genesis), tx.vin[0][3][1])
    again = Tx.parse(Reader(tx.serialize()))
    assert again.serialize() == tx.serialize()
    for kind, payload in [(KIND_HANDLE_COMMIT, c), (KIND_HANDLE_UPDATE, upd), (KIND_NODE_REGISTER, nr),
                          (KIND_PRESENCE_PROOF, p2), (KIND_CALL_RECORD, cr), (KIND_DISPUTE, dv)]:
        t = make_registry_tx(kind, payload, funding, 10 * COIN, owner, owner, 1000, genesis_hash=genesis)
        assert Tx.parse(Reader(t.serialize())).payload == payload
    print("registry.py: self-check OK")


if __name__ == "__main__":
    _self_check()
