#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""DOTS block and transaction (de)serialization, tagged hashes, merkle roots and Bech32m
addresses, for functional tests that build or tamper with blocks."""

import hashlib
import struct
import time

from .authproxy import JSONRPCException


def wait_for_chain(node, timeout=60):
    """Waits until the node's chain is loaded: the framework's RPC wait returns as soon as
    `uptime` answers, which is during the warmup ("Loading block index…", -28)."""
    deadline = time.time() + timeout
    while True:
        try:
            return node.getblockcount()
        except JSONRPCException as e:
            if e.error["code"] != -28 or time.time() > deadline:
                raise
        time.sleep(0.05)

# ---- Bech32m (BIP350) ----
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32M_CONST = 0x2bc830a3


def _polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def _hrp_expand(hrp):
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def _convertbits(data, frombits, tobits):
    acc, bits, ret, maxv = 0, 0, [], (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if bits:
        ret.append((acc << (tobits - bits)) & maxv)
    return ret


def encode_address(program, lock_type=0, hrp="rdots"):
    """Address for a 32-byte lock program (lock_type 0 = key hash, 1 = key)."""
    assert len(program) == 32
    data = [lock_type] + _convertbits(program, 8, 5)
    values = _hrp_expand(hrp) + data
    polymod = _polymod(values + [0] * 6) ^ BECH32M_CONST
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in data + checksum)


# ---- Hashes ----
def sha256(b):
    return hashlib.sha256(b).digest()


def sha256d(b):
    return sha256(sha256(b))


def tagged_hash(tag, msg):
    t = sha256(tag.encode())
    return sha256(t + t + msg)


def merkle_root(leaves):
    if not leaves:
        return b"\x00" * 32
    level = list(leaves)
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


# ---- Serialization ----
def ser_compact(n):
    if n < 253:
        return bytes([n])
    if n <= 0xffff:
        return b"\xfd" + struct.pack("<H", n)
    if n <= 0xffffffff:
        return b"\xfe" + struct.pack("<I", n)
    return b"\xff" + struct.pack("<Q", n)


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def read(self, n):
        assert self.pos + n <= len(self.data), "truncated"
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u8(self):
        return self.read(1)[0]

    def unpack(self, fmt):
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def compact(self):
        n = self.u8()
        if n == 253:
            return self.unpack("<H")
        if n == 254:
            return self.unpack("<I")
        if n == 255:
            return self.unpack("<Q")
        return n


class Tx:
    def __init__(self):
        self.version, self.kind, self.vin, self.vout, self.payload, self.locktime = 1, 1, [], [], b"", 0

    @staticmethod
    def parse(r):
        tx = Tx()
        tx.version = r.unpack("<I")
        tx.kind = r.unpack("<H")
        tx.vin = []
        for _ in range(r.compact()):
            txid, n, seq = r.read(32), r.unpack("<I"), r.unpack("<I")
            tx.vin.append([txid, n, seq, []])
        tx.vout = []
        for _ in range(r.compact()):
            value, lock_type, program = r.unpack("<q"), r.u8(), r.read(32)
            tx.vout.append([value, lock_type, program])
        tx.payload = r.read(r.compact())
        tx.locktime = r.unpack("<I")
        for vin in tx.vin:
            vin[3] = [r.read(r.compact()) for _ in range(r.compact())]
        return tx

    def ser_base(self):
        out = struct.pack("<IH", self.version, self.kind) + ser_compact(len(self.vin))
        for txid, n, seq, _ in self.vin:
            out += txid + struct.pack("<II", n, seq)
        out += ser_compact(len(self.vout))
        for value, lock_type, program in self.vout:
            out += struct.pack("<qB", value, lock_type) + program
        return out + ser_compact(len(self.payload)) + self.payload + struct.pack("<I", self.locktime)

    def serialize(self):
        out = self.ser_base()
        for vin in self.vin:
            out += ser_compact(len(vin[3])) + b"".join(ser_compact(len(i)) + i for i in vin[3])
        return out

    def txid(self):
        return tagged_hash("DOTS/txid", self.ser_base())

    def wtxid(self):
        return tagged_hash("DOTS/wtxid", self.serialize())


class Block:
    @staticmethod
    def from_hex(h):
        r = Reader(bytes.fromhex(h))
        b = Block()
        b.version, b.prev, b.merkle, b.time, b.bits, b.nonce = (r.unpack("<i"), r.read(32), r.read(32),
                                                                  r.unpack("<I"), r.unpack("<I"), r.unpack("<I"))
        b.vtx = [Tx.parse(r) for _ in range(r.compact())]
        assert r.pos == len(r.data)
        return b

    def header(self):
        return struct.pack("<i", self.version) + self.prev + self.merkle + struct.pack("<III", self.time, self.bits, self.nonce)

    def hash_hex(self):
        return sha256d(self.header())[::-1].hex()

    def fix_merkle(self):
        self.merkle = merkle_root([tx.wtxid() for tx in self.vtx])

    def check_pow(self):
        exp, mant = self.bits >> 24, self.bits & 0x7fffff
        target = mant << (8 * (exp - 3)) if exp > 3 else mant >> (8 * (3 - exp))
        return int.from_bytes(sha256d(self.header()), "little") <= target

    def solve(self):
        self.nonce = 0
        while not self.check_pow():
            self.nonce += 1

    def unsolve(self):
        """Sets a nonce whose hash misses the target."""
        self.nonce = 0
        while self.check_pow():
            self.nonce += 1

    def serialize(self):
        return self.header() + ser_compact(len(self.vtx)) + b"".join(tx.serialize() for tx in self.vtx)

    def to_hex(self):
        return self.serialize().hex()


def create_coinbase(height, outputs, extra_nonce=0):
    """A coinbase Tx committing to `height` (payload CompactSize(height) || 8-byte extra nonce)
    with `outputs` [(value, lock_type, program), ...] (at most getblocktemplate's coinbasevalue:
    subsidy - availability pool + fees)."""
    tx = Tx()
    tx.kind = 0
    tx.payload = ser_compact(height) + struct.pack("<Q", extra_nonce)
    tx.vout = [[value, lock_type, bytes(program)] for value, lock_type, program in outputs]
    return tx


def create_block(prev_hash_hex, height, time, bits, txs=(), coinbase_outputs=((0, 0, b"\x00" * 32),), version=1):
    """A solved block on `prev_hash_hex` (display hex) at `height`: a coinbase paying
    `coinbase_outputs` (by default nothing, which is always within the reward), then `txs`
    (blocktools.Tx)."""
    b = Block()
    b.version, b.prev, b.time, b.bits = version, bytes.fromhex(prev_hash_hex)[::-1], time, bits
    b.vtx = [create_coinbase(height, coinbase_outputs)] + list(txs)
    b.fix_merkle()
    b.solve()
    return b

