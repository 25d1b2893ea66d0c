#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry v2 payloads, signed statements and the probe draw (doc/registry.md), for functional
tests. An implementation independent of the C++ one: the fixed vectors at the end are checked by
both (src/test/registry_probe_tests.cpp, src/test/registry_payload_tests.cpp).

Conventions:
  - keys: an ECKey or 32 bytes (x-only); signatures: 64 bytes.
  - hashes (genesis, salt, seeds, roots, nonces): 32 bytes in internal (wire) order, or a
    64-character display-hex string as the RPC shows block hashes (reversed into internal order).
  - *_body() functions return the signed body bytes, *_message() the 32-byte message a BIP340
    signature signs, *_payload() the transaction payload. Signed builders take the signing
    ECKey(s) and the genesis hash.

Run this file directly for a self-check of the encodings and the draw vectors.
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
    KIND_BINDING,
    KIND_DEPOSIT,
    KIND_DEPOSIT_RELEASE,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_NODE_WITHDRAW,
    KIND_PROBE_RECEIPTS,
    KIND_SETTLEMENT,
    LOCK_KEY_HASH,
    build_tx,
    lock_for_key,
    ser_txout,
    sign_input,
    to_internal,
)

MAX_MONEY = 21_000_000 * COIN

# HandleUpdate flags
UPDATE_HOME = 1
UPDATE_IDENTITY = 2
UPDATE_OWNER = 4
UPDATE_RENEW = 8

# NodeOp
NODE_OP_REGISTER = 1
NODE_OP_UPDATE = 2
NODE_OP_DEREGISTER = 3

# Regtest parameters (doc/registry.md, "Parameters"; regtest column).
REGTEST_PARAMS = {
    "commit_maturity": 2,
    "reveal_window": 20,
    "handle_lifetime": 50,
    "presence_min_interval": 5,
    "min_node_bond": 1 * COIN,
    "bond_release_delay": 50,
    "settle_epoch": 5,
    "settle_window": 20,
    "probe_epoch": 20,
    "probe_seed_depth": 10,
    "probe_count": 9,
    "probe_threshold": 3,
    "call_reward_share_bps": 2000,
    "initial_subsidy": 5 * COIN,
    "subsidy_halving_interval": 150,
}
MAIN_PARAMS = dict(REGTEST_PARAMS, commit_maturity=6, reveal_window=10_080, handle_lifetime=525_600,
                   presence_min_interval=60, min_node_bond=100 * COIN, bond_release_delay=10_080, settle_epoch=60,
                   settle_window=1_440, probe_epoch=1_440, subsidy_halving_interval=2_100_000)

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


def _ser_str_list(items):
    return ser_compact(len(items)) + b"".join(ser_str(i) for i in items)


def statement_message(tag, body, genesis_hash):
    """TaggedHash(tag, genesis_hash:32 (internal bytes) || body)."""
    return tagged_hash(tag, _hash(genesis_hash) + bytes(body))


# ---- Epochs ----
def settle_epoch_of(height, p=REGTEST_PARAMS):
    return height // p["settle_epoch"]


def settle_deadline(epoch, p=REGTEST_PARAMS):
    """First height at which vouchers of `epoch` are no longer settleable."""
    return (epoch + 1) * p["settle_epoch"] + p["settle_window"]


def release_height(height, p=REGTEST_PARAMS):
    return height + p["settle_epoch"] + p["settle_window"]


def probe_epoch_of(height, p=REGTEST_PARAMS):
    return height // p["probe_epoch"]


def seed_height(epoch, p=REGTEST_PARAMS):
    return epoch * p["probe_epoch"] - p["probe_seed_depth"]


def receipt_deadline(epoch, p=REGTEST_PARAMS):
    return (epoch + 2) * p["probe_epoch"]


def subsidy(height, p=REGTEST_PARAMS):
    return p["initial_subsidy"] >> (height // p["subsidy_halving_interval"])


def block_pool(height, p=REGTEST_PARAMS):
    return subsidy(height, p) * p["call_reward_share_bps"] // 10_000


def miner_reward(height, p=REGTEST_PARAMS):
    """What the coinbase of the block at `height` pays without fees: subsidy - availability pool."""
    return subsidy(height, p) - block_pool(height, p)


def epoch_pool(epoch, p=REGTEST_PARAMS):
    start = epoch * p["probe_epoch"]
    return sum(block_pool(h, p) for h in range(start, start + p["probe_epoch"]))


def pool_share(pool, bond, total):
    return pool * bond // total if total else 0


def voucher_amount(seconds, rate):
    """floor(seconds * rate / 60); None above MAX_MONEY."""
    amount = seconds * rate // 60
    return amount if amount <= MAX_MONEY else None


# ---- handle_commit (2), handle_register (3), handle_update (4) ----
def handle_commitment(handle, salt, owner):
    """TaggedHash("DOTS/HandleCommit", str(handle) || salt:32 || owner:32)."""
    return tagged_hash("DOTS/HandleCommit", ser_str(handle) + _hash(salt) + _key(owner))


def handle_commit_payload(commitment):
    c = bytes(commitment)
    assert len(c) == 32
    return c


def handle_register_payload(handle, salt, owner):
    """handle:str salt:32 owner:key."""
    return ser_str(handle) + _hash(salt) + _key(owner)


def handle_update_body(handle, owner, seq, home=None, identity=None, new_owner=None, renew=False, flags=None):
    """handle:str owner:key seq:u32 flags:u8 [home:key] [identity:key] [new_owner:key].
    A field given (not None) sets its flag; ZERO_KEY for home/identity clears the field.
    `flags` overrides the computed flags (the fields present still follow the arguments)."""
    computed = ((UPDATE_HOME if home is not None else 0) | (UPDATE_IDENTITY if identity is not None else 0) |
                (UPDATE_OWNER if new_owner is not None else 0) | (UPDATE_RENEW if renew else 0))
    out = ser_str(handle) + _key(owner) + struct.pack("<IB", seq, computed if flags is None else flags)
    for field in (home, identity, new_owner):
        if field is not None:
            out += _key(field)
    return out


def handle_update_payload(owner_key, genesis_hash, handle, seq, signer=None, **fields):
    """Signed handle update: body || owner_sig (signed by `signer`, default the owner)."""
    body = handle_update_body(handle, owner_key, seq, **fields)
    return body + (signer or owner_key).sign(statement_message("DOTS/HandleUpdate", body, genesis_hash))


# ---- node_register (5) ----
def node_register_body(node, seq, op, bond, rate, endpoints=(), domains=(), prefixes=()):
    """node:key seq:u32 op:u8 bond:i64 rate:i64 n{endpoint:str} n{domain:str} n{prefix:str}."""
    return (_key(node) + struct.pack("<IBqq", seq, op, bond, rate) + _ser_str_list(list(endpoints)) +
            _ser_str_list(list(domains)) + _ser_str_list(list(prefixes)))


def node_statement_payload(node_key, genesis_hash, seq, op, bond=0, rate=0, endpoints=(), domains=(), prefixes=(),
                           signer=None):
    body = node_register_body(node_key, seq, op, bond, rate, endpoints, domains, prefixes)
    return body + (signer or node_key).sign(statement_message("DOTS/NodeRegister", body, genesis_hash))


def node_register_payload(node_key, genesis_hash, seq, bond, endpoints, rate=0, domains=(), prefixes=()):
    """op 1 (register). The tx must also lock `bond`."""
    return node_statement_payload(node_key, genesis_hash, seq, NODE_OP_REGISTER, bond, rate, endpoints, domains, prefixes)


def node_update_payload(node_key, genesis_hash, seq, endpoints, rate=0, domains=(), prefixes=()):
    return node_statement_payload(node_key, genesis_hash, seq, NODE_OP_UPDATE, 0, rate, endpoints, domains, prefixes)


def node_deregister_payload(node_key, genesis_hash, seq):
    return node_statement_payload(node_key, genesis_hash, seq, NODE_OP_DEREGISTER)


# ---- binding (6) ----
def binding_body(handle, node, owner, seq):
    """handle:str node:key owner:key seq:u32."""
    return ser_str(handle) + _key(node) + _key(owner) + struct.pack("<I", seq)


def binding_payload(node_key, owner_key, genesis_hash, handle, seq, owner_signs=True, node_signer=None, owner_signer=None):
    """body node_sig has_owner_sig:u8 [owner_sig]; both sign TaggedHash("DOTS/Binding", ...)."""
    body = binding_body(handle, node_key, owner_key, seq)
    msg = statement_message("DOTS/Binding", body, genesis_hash)
    out = body + (node_signer or node_key).sign(msg)
    if not owner_signs:
        return out + b"\x00"
    return out + b"\x01" + (owner_signer or owner_key).sign(msg)


# ---- deposit (7), settlement (8), deposit_release (10) ----
def deposit_payload(orig, term, amount):
    """orig:key term:key amount:i64 (unsigned; the tx locks `amount`)."""
    return _key(orig) + _key(term) + struct.pack("<q", amount)


def voucher_fields(epoch, seconds, rate, receipts_root, orig_nonce, term_nonce):
    return (struct.pack("<IQq", epoch, seconds, rate) + _hash(receipts_root) + _hash(orig_nonce) +
            _hash(term_nonce))


def voucher_message(orig, term, genesis_hash, epoch, seconds, rate, receipts_root, orig_nonce, term_nonce):
    """TaggedHash("DOTS/Voucher", genesis || orig || term || epoch || seconds || rate || root || nonces)."""
    return statement_message("DOTS/Voucher", _key(orig) + _key(term) +
                             voucher_fields(epoch, seconds, rate, receipts_root, orig_nonce, term_nonce), genesis_hash)


def voucher(orig_key, term, genesis_hash, epoch, seconds, rate, receipts_root=bytes(32), orig_nonce=b"\x01" * 32,
            term_nonce=b"\x02" * 32, signer=None):
    """One signed voucher entry (the bytes a settlement carries for it)."""
    msg = voucher_message(orig_key, term, genesis_hash, epoch, seconds, rate, receipts_root, orig_nonce, term_nonce)
    return (voucher_fields(epoch, seconds, rate, receipts_root, orig_nonce, term_nonce) +
            (signer or orig_key).sign(msg))


def settlement_payload(orig, term, vouchers):
    """orig:key term:key n:u8 { voucher entry }: vouchers from voucher()."""
    return _key(orig) + _key(term) + bytes([len(vouchers)]) + b"".join(vouchers)


def deposit_release_payload(orig_key, term, genesis_hash, seq, amount):
    """body orig_sig with body = orig:key term:key seq:u32 amount:i64."""
    body = _key(orig_key) + _key(term) + struct.pack("<Iq", seq, amount)
    return body + orig_key.sign(statement_message("DOTS/DepositRelease", body, genesis_hash))


# ---- node_withdraw (11) ----
def withdraw_outputs_hash(outputs, version=1, locktime=0):
    """TaggedHash("DOTS/WithdrawOutputs", version || locktime || n || outputs). outputs: (value, lock_type, program)."""
    return tagged_hash("DOTS/WithdrawOutputs", struct.pack("<II", version, locktime) + ser_compact(len(outputs)) +
                       b"".join(ser_txout(v, lt, prog) for v, lt, prog in outputs))


def node_withdraw_payload(node_key, genesis_hash, seq, amount, outputs, version=1, locktime=0):
    body = _key(node_key) + struct.pack("<Iq", seq, amount) + withdraw_outputs_hash(outputs, version, locktime)
    return body + node_key.sign(statement_message("DOTS/NodeWithdraw", body, genesis_hash))


# ---- probing and probe_receipts (9) ----
def probe_challenge_message(target, prober, epoch, genesis_hash):
    return tagged_hash("DOTS/ProbeChallenge", _hash(genesis_hash) + _key(target) + _key(prober) + struct.pack("<I", epoch))


def probe_answer_message(target, prober, epoch, prober_sig, genesis_hash):
    return tagged_hash("DOTS/ProbeAnswer", _hash(genesis_hash) + _key(target) + _key(prober) + struct.pack("<I", epoch) +
                       _sig(prober_sig))


def probe_receipts_payload(target, epoch, receipts):
    """target:key epoch:u32 n:u8 { index:u8 prober_sig }: receipts = [(index, sig)], indices ascending."""
    return _key(target) + struct.pack("<IB", epoch, len(receipts)) + b"".join(bytes([i]) + _sig(s) for i, s in receipts)


def probe_draw_value(seed_hash, target, index):
    """First 8 bytes (little-endian u64) of TaggedHash("DOTS/ProbeDraw", seed || target || index:u32)."""
    d = tagged_hash("DOTS/ProbeDraw", _hash(seed_hash) + _key(target) + struct.pack("<I", index))
    return int.from_bytes(d[:8], "little")


def draw_probers(nodes, seed_hash, target, count=9):
    """The draw of doc/registry.md. nodes: [(key bytes, bond)] (any order; sorted by key here);
    target: key bytes. Returns the drawn keys in draw order."""
    nodes = sorted((_key(k), b) for k, b in nodes)
    keys = [k for k, _ in nodes]
    starts, total = [], 0
    for _, bond in nodes:
        starts.append(total)
        total += bond
    t = keys.index(_key(target))
    excluded = [t]
    probers = []
    index = 0
    while len(probers) < count and len(excluded) < len(nodes):
        width = total - sum(nodes[i][1] for i in excluded)
        limit = 2**64 - (2**64 % width)
        while True:
            v = probe_draw_value(seed_hash, target, index)
            index += 1
            if v < limit:
                break
        x = v % width
        for i in sorted(excluded):
            if starts[i] <= x:
                x += nodes[i][1]
            else:
                break
        j = max(i for i in range(len(nodes)) if starts[i] <= x)
        probers.append(keys[j])
        excluded.append(j)
    return probers


# ---- Fees ----
def handle_fee(handle, regtest=True):
    """Burned registration/renewal fee of a name (doc/registry.md), in base units."""
    scale = 1 if regtest else 100
    n = len(handle)
    if n == 3:
        return COIN * scale
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

    funding_outpoint: a txtools.Utxo or (txid, n); funding_value: value of the spent output (None:
    taken from the Utxo); funding_lock_key: ECKey the spent output is locked to; change_key: ECKey or
    a (lock_type, program) tuple. The change is funding_value - fee - locked_value (locked_value: the
    burned handle fee, the node bond or the deposit). Returns a blocktools.Tx."""
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


def make_withdraw_tx(node_key, genesis_hash, seq, amount, outputs):
    """A node withdrawal without inputs: `outputs` [(value, lock_type, program)] take `amount` minus the fee."""
    payload = node_withdraw_payload(node_key, genesis_hash, seq, amount, outputs)
    return build_tx(KIND_NODE_WITHDRAW, [], outputs, payload)


# ---- Fixed vectors (also in src/test/registry_probe_tests.cpp) ----
def vector_key(i):
    """The x-only key of secret i + 1 (a valid point, distinct per i)."""
    return ECKey(i + 1).xonly


VECTOR_SEED = bytes(range(32))
VECTOR_BONDS = [5, 1, 1, 3, 100, 2, 7, 1, 1, 40, 9, 2]


def vector_nodes():
    return [(vector_key(i), COIN * b) for i, b in enumerate(VECTOR_BONDS)]


def _self_check():
    from .blocktools import Reader, Tx

    genesis = bytes(range(32))
    owner, node_a, node_b = ECKey(1), ECKey(2), ECKey(3)
    salt = b"\x11" * 32

    c = handle_commitment("alice", salt, owner)
    assert c == tagged_hash("DOTS/HandleCommit", b"\x05alice" + salt + owner.xonly)
    reg = handle_register_payload("alice", salt, owner)
    assert len(reg) == 1 + 5 + 32 + 32

    body = handle_update_body("alice", owner, 7, home=node_a, renew=True)
    assert body[6:38] == owner.xonly and body[38:42] == b"\x07\x00\x00\x00" and body[42] == 9 and len(body) == 43 + 32
    upd = handle_update_payload(owner, genesis, "alice", 2, home=node_a)
    assert owner.verify(statement_message("DOTS/HandleUpdate", upd[:-64], genesis), upd[-64:])

    ep = "sip:node.example.com:5060;transport=udp"
    nb = node_register_body(node_a, 1, NODE_OP_REGISTER, COIN, 1000, [ep], ["example.com"], ["+1", "+44"])
    assert len(nb) == 32 + 4 + 1 + 8 + 8 + (1 + 1 + len(ep)) + (1 + 1 + 11) + (1 + (1 + 2) + (1 + 3))
    nr = node_register_payload(node_a, genesis, 1, COIN, [ep], 1000, ["example.com"], ["+1", "+44"])
    assert nr[:-64] == nb

    bp = binding_payload(node_a, owner, genesis, "alice", 3)
    assert len(bp) == 6 + 32 + 32 + 4 + 64 + 1 + 64 and bp[6 + 68 + 64] == 1
    assert len(binding_payload(node_a, owner, genesis, "alice", 3, owner_signs=False)) == 6 + 68 + 64 + 1

    assert len(deposit_payload(node_a, node_b, COIN)) == 72
    v = voucher(node_a, node_b, genesis, 7, 600, 100)
    assert len(v) == 4 + 8 + 8 + 96 + 64
    sp = settlement_payload(node_a, node_b, [v, voucher(node_a, node_b, genesis, 8, 60, 100)])
    assert len(sp) == 65 + 2 * 180 and sp[64] == 2
    assert voucher_amount(61, 60) == 61 and voucher_amount(59, 1) == 0 and voucher_amount(2**64 - 1, MAX_MONEY) is None

    rp = probe_receipts_payload(node_a, 3, [(0, bytes(64)), (4, bytes(64))])
    assert len(rp) == 37 + 2 * 65 and rp[36] == 2
    assert len(deposit_release_payload(node_a, node_b, genesis, 4, COIN)) == 76 + 64
    outs = [(COIN, LOCK_KEY_HASH, lock_for_key(node_a)[1])]
    wp = node_withdraw_payload(node_a, genesis, 5, COIN, outs)
    assert len(wp) == 32 + 4 + 8 + 32 + 64
    wtx = make_withdraw_tx(node_a, genesis, 5, COIN, outs)
    assert Tx.parse(Reader(wtx.serialize())).payload == wp and wtx.vin == []

    # The draw: without replacement, target excluded, everyone drawn when few.
    nodes = vector_nodes()
    for t in range(len(nodes)):
        drawn = draw_probers(nodes, VECTOR_SEED, nodes[t][0])
        assert len(drawn) == 9 and len(set(drawn)) == 9 and nodes[t][0] not in drawn
    few = nodes[:4]
    assert sorted(draw_probers(few, VECTOR_SEED, few[0][0])) == sorted(k for k, _ in few[1:])
    assert probe_draw_value(VECTOR_SEED, vector_key(0), 0) == DRAW_VALUE_VECTOR
    for t, expected in DRAW_VECTORS.items():
        got = [[k for k, _ in nodes].index(p) for p in draw_probers(nodes, VECTOR_SEED, nodes[t][0])]
        assert got == expected, (t, got, expected)

    funding = (b"\x33" * 32, 0)
    for kind, payload in [(KIND_HANDLE_COMMIT, c), (KIND_HANDLE_REGISTER, reg), (KIND_HANDLE_UPDATE, upd),
                          (KIND_NODE_REGISTER, nr), (KIND_BINDING, bp), (KIND_DEPOSIT, deposit_payload(node_a, node_b, 1)),
                          (KIND_SETTLEMENT, sp), (KIND_PROBE_RECEIPTS, rp)]:
        t = make_registry_tx(kind, payload, funding, 10 * COIN, owner, owner, 1000, genesis_hash=genesis)
        assert Tx.parse(Reader(t.serialize())).payload == payload
    print("registry.py: self-check OK")


# Vectors printed by `python3 registry.py --vectors` and pinned in src/test/registry_probe_tests.cpp.
DRAW_VALUE_VECTOR = 16979196001115214071
DRAW_VECTORS = {
    0: [4, 9, 6, 1, 10, 5, 7, 2, 3],
    1: [4, 9, 10, 3, 0, 11, 6, 7, 5],
    2: [6, 4, 9, 5, 7, 0, 10, 11, 3],
    3: [4, 11, 9, 10, 6, 0, 7, 8, 5],
    4: [9, 6, 7, 10, 11, 0, 3, 5, 1],
    5: [2, 9, 4, 11, 0, 10, 6, 3, 7],
    6: [4, 9, 10, 5, 11, 0, 3, 1, 2],
    7: [4, 9, 10, 0, 6, 3, 8, 1, 11],
    8: [10, 4, 9, 6, 5, 0, 3, 2, 11],
    9: [4, 6, 10, 0, 3, 2, 5, 1, 11],
    10: [4, 9, 3, 0, 8, 6, 1, 11, 5],
    11: [4, 9, 0, 6, 10, 3, 1, 7, 8],
}


def _print_vectors():
    nodes = vector_nodes()
    keys = [k for k, _ in nodes]
    print("draw value:", probe_draw_value(VECTOR_SEED, vector_key(0), 0))
    for t in range(len(nodes)):
        print(t, [keys.index(p) for p in draw_probers(nodes, VECTOR_SEED, nodes[t][0])])


if __name__ == "__main__":
    if "--vectors" in sys.argv:
        _print_vectors()
    else:
        _self_check()
