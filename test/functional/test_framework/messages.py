#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""DOTS P2P messages for the Python test peer (test_framework/p2p.py).

Each msg_* class has a `msgtype`, serialize() returning the payload bytes, and a
deserialize(payload) class method. Hashes are held as 32 bytes in internal (wire) order;
hash_hex properties give the display hex the RPC uses. Blocks and transactions reuse
blocktools.Block / blocktools.Tx. msg_generic sends any type with any payload (for malformed
and unknown messages).
"""

import struct
import time

from .blocktools import Block, Reader, Tx, ser_compact, sha256d

MAGIC = {
    "main": bytes([0xfd, 0xd0, 0x75, 0xe1]),
    "testnet": bytes([0xfb, 0xd0, 0x75, 0xe7]),
    "regtest": bytes([0xfa, 0xd0, 0x75, 0xf3]),
}

PROTOCOL_VERSION = 10000
NODE_NETWORK = 1
MAX_HEADERS_RESULTS = 2000
MAX_INV_SZ = 50000
MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000

MSG_TX = 1
MSG_BLOCK = 2
MSG_WTX = 5

BIP155_IPV4 = 1
BIP155_IPV6 = 2
BIP155_TORV3 = 4


def ser_string(b):
    return ser_compact(len(b)) + b


def ser_legacy_addr(services, ip="0.0.0.0", port=0):
    if ":" in ip:
        import socket
        raw = socket.inet_pton(socket.AF_INET6, ip)
    else:
        raw = b"\x00" * 10 + b"\xff\xff" + bytes(int(x) for x in ip.split("."))
    return struct.pack("<Q", services) + raw + struct.pack(">H", port)


class Header:
    """An 80-byte block header."""

    def __init__(self, version=1, prev=b"\x00" * 32, merkle=b"\x00" * 32, time_=0, bits=0x207fffff, nonce=0):
        self.version, self.prev, self.merkle, self.time, self.bits, self.nonce = version, prev, merkle, time_, bits, nonce

    @staticmethod
    def from_block(block):
        return Header(block.version, block.prev, block.merkle, block.time, block.bits, block.nonce)

    @staticmethod
    def parse(r):
        return Header(r.unpack("<i"), r.read(32), r.read(32), r.unpack("<I"), r.unpack("<I"), r.unpack("<I"))

    @staticmethod
    def from_hex(hex_header):
        """From getblockheader(hash, false)."""
        return Header.parse(Reader(bytes.fromhex(hex_header)))

    def serialize(self):
        return struct.pack("<i", self.version) + self.prev + self.merkle + struct.pack("<III", self.time, self.bits, self.nonce)

    @property
    def hash(self):
        return sha256d(self.serialize())

    @property
    def hash_hex(self):
        return self.hash[::-1].hex()

    def check_pow(self):
        exp, mant = self.bits >> 24, self.bits & 0x7fffff
        target = mant << (8 * (exp - 3)) if exp > 3 else mant >> (8 * (3 - exp))
        return int.from_bytes(self.hash, "little") <= target

    def solve(self):
        while not self.check_pow():
            self.nonce += 1
        return self


def make_header_chain(prev_hash, prev_time, count, *, bits=0x207fffff, spacing=1, version=1, merkle=None):
    """`count` solved headers building on `prev_hash` (internal bytes), timestamps spacing apart.
    The merkle roots are arbitrary: the headers are valid, their blocks do not exist."""
    headers = []
    for i in range(count):
        h = Header(version, prev_hash, merkle or struct.pack("<I", i) * 8, prev_time + spacing * (i + 1), bits, 0).solve()
        headers.append(h)
        prev_hash = h.hash
    return headers


class msg_generic:
    """Any message type with any payload (unknown types, malformed payloads)."""

    def __init__(self, msgtype, payload=b""):
        self.msgtype = msgtype.encode() if isinstance(msgtype, str) else msgtype
        self.payload = payload

    def serialize(self):
        return self.payload


class msg_version:
    msgtype = b"version"

    def __init__(self, start_height=0, relay=True, nonce=None, services=NODE_NETWORK, version=PROTOCOL_VERSION,
                 user_agent=b"/python-p2p:0.1/", addr_recv=("127.0.0.1", 0)):
        import random
        self.version, self.services, self.start_height, self.relay = version, services, start_height, relay
        self.nonce = nonce if nonce is not None else random.getrandbits(64)
        self.timestamp = int(time.time())
        self.user_agent = user_agent
        self.addr_recv = addr_recv

    def serialize(self):
        return (struct.pack("<iQq", self.version, self.services, self.timestamp) +
                ser_legacy_addr(NODE_NETWORK, *self.addr_recv) + ser_legacy_addr(self.services) +
                struct.pack("<Q", self.nonce) + ser_string(self.user_agent) +
                struct.pack("<i", self.start_height) + bytes([1 if self.relay else 0]))

    @classmethod
    def deserialize(cls, payload):
        r = Reader(payload)
        m = cls.__new__(cls)
        m.version, m.services, m.timestamp = r.unpack("<i"), r.unpack("<Q"), r.unpack("<q")
        r.read(26)
        r.read(26)
        m.nonce = r.unpack("<Q")
        m.user_agent = r.read(r.compact())
        m.start_height = r.unpack("<i")
        m.relay = r.u8() == 1
        return m


class _empty:
    def serialize(self):
        return b""

    @classmethod
    def deserialize(cls, payload):
        return cls()


class msg_verack(_empty):
    msgtype = b"verack"


class msg_getaddr(_empty):
    msgtype = b"getaddr"


class msg_sendheaders(_empty):
    msgtype = b"sendheaders"


class msg_mempool(_empty):
    msgtype = b"mempool"


class _nonce:
    def __init__(self, nonce=0):
        self.nonce = nonce

    def serialize(self):
        return struct.pack("<Q", self.nonce)

    @classmethod
    def deserialize(cls, payload):
        return cls(struct.unpack("<Q", payload)[0])


class msg_ping(_nonce):
    msgtype = b"ping"


class msg_pong(_nonce):
    msgtype = b"pong"


class msg_feefilter:
    msgtype = b"feefilter"

    def __init__(self, feerate=0):
        self.feerate = feerate

    def serialize(self):
        return struct.pack("<q", self.feerate)

    @classmethod
    def deserialize(cls, payload):
        return cls(struct.unpack("<q", payload)[0])


class Inv:
    def __init__(self, type_, hash_):
        self.type, self.hash = type_, hash_

    def __repr__(self):
        return f"Inv({self.type}, {self.hash[::-1].hex()})"


class _invlist:
    def __init__(self, inv=None):
        self.inv = list(inv or [])

    def serialize(self):
        return ser_compact(len(self.inv)) + b"".join(struct.pack("<I", i.type) + i.hash for i in self.inv)

    @classmethod
    def deserialize(cls, payload):
        r = Reader(payload)
        return cls([Inv(r.unpack("<I"), r.read(32)) for _ in range(r.compact())])


class msg_inv(_invlist):
    msgtype = b"inv"


class msg_getdata(_invlist):
    msgtype = b"getdata"


class msg_notfound(_invlist):
    msgtype = b"notfound"


class msg_getheaders:
    msgtype = b"getheaders"

    def __init__(self, locator=None, stop=b"\x00" * 32):
        self.locator, self.stop = list(locator or []), stop

    def serialize(self):
        return struct.pack("<I", PROTOCOL_VERSION) + ser_compact(len(self.locator)) + b"".join(self.locator) + self.stop

    @classmethod
    def deserialize(cls, payload):
        r = Reader(payload)
        r.unpack("<I")
        locator = [r.read(32) for _ in range(r.compact())]
        return cls(locator, r.read(32))


class msg_headers:
    msgtype = b"headers"

    def __init__(self, headers=None):
        self.headers = list(headers or [])

    def serialize(self):
        return ser_compact(len(self.headers)) + b"".join(h.serialize() + b"\x00" for h in self.headers)

    @classmethod
    def deserialize(cls, payload):
        r = Reader(payload)
        headers = []
        for _ in range(r.compact()):
            headers.append(Header.parse(r))
            assert r.compact() == 0
        return cls(headers)


class msg_block:
    msgtype = b"block"

    def __init__(self, block=None):
        self.block = block

    def serialize(self):
        return self.block.serialize()

    @classmethod
    def deserialize(cls, payload):
        return cls(Block.from_hex(payload.hex()))


class msg_tx:
    msgtype = b"tx"

    def __init__(self, tx=None):
        self.tx = tx

    def serialize(self):
        return self.tx.serialize()

    @classmethod
    def deserialize(cls, payload):
        r = Reader(payload)
        return cls(Tx.parse(r))


class AddrV2Entry:
    def __init__(self, ip, port, services=NODE_NETWORK, time_=None, network=None, raw=None):
        self.ip, self.port, self.services = ip, port, services
        self.time = time_ if time_ is not None else int(time.time())
        self.network, self.raw = network, raw

    def serialize(self):
        if self.raw is not None:
            network, raw = self.network, self.raw
        elif ":" in self.ip:
            import socket
            network, raw = BIP155_IPV6, socket.inet_pton(socket.AF_INET6, self.ip)
        else:
            network, raw = BIP155_IPV4, bytes(int(x) for x in self.ip.split("."))
        return (struct.pack("<I", self.time) + ser_compact(self.services) + bytes([network]) + ser_string(raw) +
                struct.pack(">H", self.port))


class msg_addrv2:
    msgtype = b"addrv2"

    def __init__(self, addrs=None):
        self.addrs = list(addrs or [])

    def serialize(self):
        return ser_compact(len(self.addrs)) + b"".join(a.serialize() for a in self.addrs)

    @classmethod
    def deserialize(cls, payload):
        r = Reader(payload)
        addrs = []
        for _ in range(r.compact()):
            t = r.unpack("<I")
            services = r.compact()
            network = r.u8()
            raw = r.read(r.compact())
            port = struct.unpack(">H", r.read(2))[0]
            ip = ".".join(str(b) for b in raw) if network == BIP155_IPV4 else raw.hex()
            addrs.append(AddrV2Entry(ip, port, services, t, network, raw))
        return cls(addrs)


MESSAGE_TYPES = {m.msgtype: m for m in (
    msg_version, msg_verack, msg_getaddr, msg_sendheaders, msg_mempool, msg_ping, msg_pong, msg_feefilter,
    msg_inv, msg_getdata, msg_notfound, msg_getheaders, msg_headers, msg_block, msg_tx, msg_addrv2)}


def frame(magic, msgtype, payload):
    """The 24-byte header and payload of one message."""
    checksum = sha256d(payload)[:4]
    return magic + msgtype.ljust(12, b"\x00") + struct.pack("<I", len(payload)) + checksum + payload
