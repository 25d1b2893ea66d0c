#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Building and signing DOTS transactions in functional tests.

Byte order: every hash held in Python as `bytes` (txids, block hashes, the genesis hash) is in
*internal* order, as serialized on the wire. The RPC shows hashes in *display* hex, the bytes
reversed. Functions here that take a hash accept either 32 bytes (internal) or a 64-character
hex string (display, as the RPC returns it); see to_internal()/to_display().

Outputs and spent outputs are (value, lock_type, program) tuples/lists (value in base units),
the same shape as blocktools.Tx.vout entries. Inputs in Tx.vin are [txid, n, sequence, witness].

    key = ECKey()
    coins = spendable_coinbase(node, key, count=1)          # mines 1 + 100 blocks
    tx = build_tx(KIND_TRANSFER, [coins[0]], [(coins[0].value - 1000, *lock_for_key(key))])
    sign_tx(tx, [coins[0].spent_output], key, node.getblockhash(0))
    node.generateblock(address_for_key(key), [tx.serialize().hex()])
"""

import hashlib
import struct
from collections import namedtuple
from decimal import Decimal

from .blocktools import Tx, encode_address, ser_compact, tagged_hash
from .key import ECKey

COIN = 100_000_000
COINBASE_MATURITY = 100
SEQUENCE_FINAL = 0xffffffff

# TxKind
KIND_COINBASE = 0
KIND_TRANSFER = 1
KIND_HANDLE_COMMIT = 2
KIND_HANDLE_REGISTER = 3
KIND_HANDLE_UPDATE = 4
KIND_NODE_REGISTER = 5
KIND_BINDING = 6
KIND_DEPOSIT = 7
KIND_SETTLEMENT = 8
KIND_PROBE_RECEIPTS = 9
KIND_DEPOSIT_RELEASE = 10
KIND_NODE_WITHDRAW = 11

# LockType
LOCK_KEY_HASH = 0
LOCK_KEY = 1


def to_internal(h):
    """32 internal-order bytes from bytes (returned as is) or display hex (reversed)."""
    if isinstance(h, str):
        b = bytes.fromhex(h)
        assert len(b) == 32, "hash hex must be 64 characters"
        return b[::-1]
    b = bytes(h)
    assert len(b) == 32, "hash must be 32 bytes"
    return b


def to_display(h):
    """Display hex (as the RPC shows it) of a 32-byte internal-order hash."""
    return bytes(h)[::-1].hex()


def keyhash(xonly):
    """KeyHash(key) = TaggedHash("DOTS/KeyHash", xonly) -- the program of a KEY_HASH lock."""
    if isinstance(xonly, ECKey):
        xonly = xonly.xonly
    assert len(xonly) == 32
    return tagged_hash("DOTS/KeyHash", bytes(xonly))


def lock_for_key(key, lock_type=LOCK_KEY_HASH):
    """(lock_type, program) for an ECKey or a 32-byte x-only key."""
    xonly = key.xonly if isinstance(key, ECKey) else bytes(key)
    if lock_type == LOCK_KEY_HASH:
        return (LOCK_KEY_HASH, keyhash(xonly))
    if lock_type == LOCK_KEY:
        return (LOCK_KEY, xonly)
    raise ValueError(f"unknown lock type {lock_type}")


def address_for_key(key, lock_type=LOCK_KEY_HASH, hrp="rdots"):
    """Regtest Bech32m address of the KEY_HASH (default) or KEY lock of `key`."""
    lt, program = lock_for_key(key, lock_type)
    return encode_address(program, lt, hrp)


def ser_lock(lock_type, program):
    """OutputLock serialization: type:u8 program:32."""
    assert len(program) == 32
    return bytes([lock_type]) + bytes(program)


def ser_txout(value, lock_type, program):
    return struct.pack("<q", value) + ser_lock(lock_type, program)


# ---- Signature hash (src/primitives/sighash.cpp) ----
SIGHASH_EPOCH = 0


def _sha256(b):
    return hashlib.sha256(b).digest()


def signature_hash(tx, index, spent_outputs, genesis_hash):
    """The 32-byte message input `index` of `tx` signs. spent_outputs[i] = (value, lock_type,
    program) of the output spent by tx.vin[i]. genesis_hash: internal bytes or display hex."""
    assert len(spent_outputs) == len(tx.vin), "one spent output per input"
    assert 0 <= index < len(tx.vin), "input index out of range"
    genesis = to_internal(genesis_hash)
    sha_prevouts = _sha256(b"".join(bytes(txid) + struct.pack("<I", n) for txid, n, _, _ in tx.vin))
    sha_sequences = _sha256(b"".join(struct.pack("<I", seq) for _, _, seq, _ in tx.vin))
    sha_amounts = _sha256(b"".join(struct.pack("<q", value) for value, _, _ in spent_outputs))
    sha_locks = _sha256(b"".join(ser_lock(lt, prog) for _, lt, prog in spent_outputs))
    sha_outputs = _sha256(b"".join(ser_txout(*out) for out in tx.vout))
    sha_payload = _sha256(ser_compact(len(tx.payload)) + bytes(tx.payload))
    msg = (bytes([SIGHASH_EPOCH]) + genesis + struct.pack("<IHI", tx.version, tx.kind, tx.locktime) +
           sha_prevouts + sha_amounts + sha_locks + sha_sequences + sha_outputs + sha_payload +
           struct.pack("<I", index))
    return tagged_hash("DOTS/SigHash", msg)


def sign_input(tx, index, spent_outputs, key, genesis_hash, aux=None):
    """Signs input `index` with `key` and sets its witness: [xonly, sig] when the spent output
    is a KEY_HASH lock, [sig] for a KEY lock. Returns the signature. Does not check that the key
    matches the lock (so tests can build wrong witnesses on purpose)."""
    sighash = signature_hash(tx, index, spent_outputs, genesis_hash)
    sig = key.sign(sighash, aux)
    lock_type = spent_outputs[index][1]
    if lock_type == LOCK_KEY_HASH:
        tx.vin[index][3] = [key.xonly, sig]
    elif lock_type == LOCK_KEY:
        tx.vin[index][3] = [sig]
    else:
        raise ValueError(f"cannot sign for lock type {lock_type}")
    return sig


def sign_tx(tx, spent_outputs, keys, genesis_hash):
    """Signs every input: `keys` is one ECKey for all inputs or a list with one per input."""
    if isinstance(keys, ECKey):
        keys = [keys] * len(tx.vin)
    assert len(keys) == len(tx.vin)
    for i, key in enumerate(keys):
        sign_input(tx, i, spent_outputs, key, genesis_hash)
    return tx


# ---- Coins ----
class Utxo(namedtuple("Utxo", "txid n value lock_type program")):
    """An unspent output: txid (32 internal bytes), n, value (base units), lock."""
    __slots__ = ()

    @property
    def outpoint(self):
        return (self.txid, self.n)

    @property
    def txid_hex(self):
        """Display hex, for gettxout and other RPCs."""
        return to_display(self.txid)

    @property
    def spent_output(self):
        """(value, lock_type, program), an element of signature_hash's spent_outputs."""
        return (self.value, self.lock_type, self.program)

    @property
    def lock(self):
        return (self.lock_type, self.program)


def amount_to_units(value):
    """RPC amount (Decimal/str/float in DOTS) to base units."""
    return int((Decimal(str(value)) * COIN).to_integral_exact())


def units_to_amount(units):
    """Base units to the RPC amount (Decimal in DOTS), as the RPCs show it."""
    return Decimal(units) / COIN


def _outpoint(op):
    """(txid bytes, n) from a Utxo, a (txid, n) pair with txid internal bytes or display hex."""
    if isinstance(op, Utxo):
        return op.txid, op.n
    txid, n = op
    return to_internal(txid), n


def build_tx(kind, inputs, outputs, payload=b"", locktime=0, version=1, sequence=SEQUENCE_FINAL):
    """An unsigned Tx. inputs: Utxos or (txid, n) pairs; outputs: (value, lock_type, program)."""
    tx = Tx()
    tx.version, tx.kind, tx.payload, tx.locktime = version, kind, bytes(payload), locktime
    tx.vin = []
    for op in inputs:
        txid, n = _outpoint(op)
        tx.vin.append([txid, n, sequence, []])
    tx.vout = [[value, lt, bytes(prog)] for value, lt, prog in outputs]
    return tx


def make_signed_tx(kind, coins, outputs, keys, genesis_hash, payload=b"", locktime=0):
    """build_tx + sign_tx for inputs given as Utxos (their values and locks are the spent outputs)."""
    tx = build_tx(kind, coins, outputs, payload, locktime)
    sign_tx(tx, [c.spent_output for c in coins], keys, genesis_hash)
    return tx


def make_transfer(coin, key, genesis_hash, dest_lock=None, fee=1000, value=None):
    """A signed TRANSFER spending `coin` (a Utxo locked to `key`) to one output: dest_lock
    (lock_type, program; default key's KEY_HASH lock) of `value` (default coin.value - fee)."""
    lt, prog = dest_lock if dest_lock is not None else lock_for_key(key)
    if value is None:
        value = coin.value - fee
    return make_signed_tx(KIND_TRANSFER, [coin], [(value, lt, prog)], key, genesis_hash)


def coinbase_utxos(node, blockhash, lock=None):
    """The outputs of a block's coinbase (as Utxos), via getblock verbosity 2; only those with
    `lock` = (lock_type, program) if given."""
    cb = node.getblock(blockhash, 2)["tx"][0]
    assert cb["kind"] == "coinbase"
    txid = to_internal(cb["txid"])
    out = []
    for vout in cb["vout"]:
        lt = bytes.fromhex(vout["lock"]["hex"])[0]  # serialized lock: type:u8 program:32
        utxo = Utxo(txid, vout["n"], amount_to_units(vout["value"]), lt, bytes.fromhex(vout["lock"]["program"]))
        if lock is None or utxo.lock == (lock[0], bytes(lock[1])):
            out.append(utxo)
    return out


def spendable_coinbase(node, key, count=1, lock_type=LOCK_KEY_HASH, maturity=COINBASE_MATURITY, mature_to=None):
    """Mines `count` blocks paying to `key` (its KEY_HASH lock by default), then `maturity - 1`
    blocks to `mature_to` (an address; default a burn address of no known key) so that
    the first `count` coinbase outputs can be spent by a transaction in the next block.
    Returns the `count` Utxos (oldest first)."""
    lt, program = lock_for_key(key, lock_type)
    addr = encode_address(program, lt)
    hashes = node.generatetoaddress(count, addr)
    coins = []
    for h in hashes:
        found = coinbase_utxos(node, h, (lt, program))
        assert found, f"no coinbase output to {addr} in block {h}"
        coins.append(found[0])
    if maturity > 1:
        node.generatetoaddress(maturity - 1, mature_to or encode_address(b"\x00" * 31 + b"\x01"))
    return coins
