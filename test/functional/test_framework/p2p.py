#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A P2P peer written in Python that speaks the DOTS protocol itself (as Bitcoin Core's
mininode), for tests that need to send the node exact, malformed, oversized or abusive
messages, or to watch what the node sends.

    peer = node.add_p2p_connection(P2PInterface())           # connects and completes the handshake
    peer.send_message(msg_headers([...]))
    peer.sync_with_ping()                                    # everything before was processed
    peer.wait_for_getdata([block_hash])
    peer.send_raw(b"garbage")                                # bytes as they are
    peer.wait_for_disconnect()

One background thread per connection reads and frames the node's messages and calls
on_<msgtype>(message) under the peer's lock; tests read last_message / message_count under
the same lock through wait_until(). Every wait is bounded by a timeout.
"""

import logging
import socket
import struct
import threading
import time
from collections import defaultdict

from .blocktools import sha256d
from .messages import (
    MAGIC,
    MESSAGE_TYPES,
    frame,
    msg_generic,
    msg_getheaders,
    msg_ping,
    msg_pong,
    msg_verack,
    msg_version,
)

logger = logging.getLogger("TestFramework.p2p")


class P2PInterface:
    """A connection to a dotsd node. Override on_<msgtype>(msg) to react to messages."""

    def __init__(self, chain="regtest", *, auto_verack=True, timeout_factor=1.0):
        self.magic = MAGIC[chain]
        self.auto_verack = auto_verack
        self.timeout_factor = timeout_factor
        self.sock = None
        self.lock = threading.RLock()
        self.message_count = defaultdict(int)
        self.last_message = {}
        self.messages = []          # every received message in order (type, message)
        self.ping_counter = 1
        self._thread = None
        self._connected = False
        self.peer_addr = None

    # ---- connection ----
    def peer_connect(self, host, port, *, srcaddr=None, timeout=10, send_version=True, version_kwargs=None):
        self.sock = socket.create_connection((host, port), timeout=timeout, source_address=(srcaddr, 0) if srcaddr else None)
        self.sock.settimeout(None)
        self.peer_addr = (host, port)
        self._connected = True
        self._thread = threading.Thread(target=self._reader, daemon=True)
        self._thread.start()
        if send_version:
            self.send_message(msg_version(addr_recv=(host, port), **(version_kwargs or {})))

    def peer_accept(self, sock, *, send_version=True, version_kwargs=None):
        """Takes a socket the node connected to (an outbound connection of the node)."""
        self.sock = sock
        self._connected = True
        self._thread = threading.Thread(target=self._reader, daemon=True)
        self._thread.start()
        if send_version:
            self.send_message(msg_version(**(version_kwargs or {})))

    @property
    def is_connected(self):
        return self._connected

    def close(self):
        if self.sock:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
        if self._thread:
            self._thread.join(timeout=10)
        self._connected = False

    # ---- receiving ----
    def _reader(self):
        buf = b""
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    break
                buf += data
                while len(buf) >= 24:
                    if buf[:4] != self.magic:
                        raise ValueError(f"bad magic from node: {buf[:4].hex()}")
                    msgtype = buf[4:16].rstrip(b"\x00")
                    length = struct.unpack("<I", buf[16:20])[0]
                    if len(buf) < 24 + length:
                        break
                    payload = buf[24:24 + length]
                    if sha256d(payload)[:4] != buf[20:24]:
                        raise ValueError(f"bad checksum from node in {msgtype}")
                    buf = buf[24 + length:]
                    self._dispatch(msgtype, payload)
        except (OSError, ValueError) as e:
            logger.debug("P2P reader stopped: %r", e)
        finally:
            self._connected = False

    def _dispatch(self, msgtype, payload):
        cls = MESSAGE_TYPES.get(msgtype)
        msg = cls.deserialize(payload) if cls else msg_generic(msgtype, payload)
        name = msgtype.decode()
        with self.lock:
            self.message_count[name] += 1
            self.last_message[name] = msg
            self.messages.append((name, msg))
            handler = getattr(self, "on_" + name, None)
            if handler:
                handler(msg)

    # default handlers
    def on_version(self, msg):
        if self.auto_verack:
            self.send_message(msg_verack())

    def on_ping(self, msg):
        self.send_message(msg_pong(msg.nonce))

    # ---- sending ----
    def send_raw(self, data):
        """Sends bytes as they are (a broken frame, half a message...). Ignores a closed socket."""
        try:
            self.sock.sendall(data)
        except OSError:
            self._connected = False

    def send_message(self, msg, *, magic=None, checksum=None):
        data = frame(magic or self.magic, msg.msgtype, msg.serialize())
        if checksum is not None:
            data = data[:20] + checksum + data[24:]
        self.send_raw(data)

    # ---- waiting ----
    def wait_until(self, predicate, timeout=60):
        deadline = time.time() + timeout * self.timeout_factor
        while time.time() < deadline:
            with self.lock:
                if predicate():
                    return
            time.sleep(0.05)
        raise AssertionError(f"P2P predicate not true after {timeout} s")

    def wait_for_verack(self, timeout=60):
        self.wait_until(lambda: "verack" in self.last_message, timeout)

    def wait_for_disconnect(self, timeout=60):
        self.wait_until(lambda: not self._connected, timeout)

    def sync_with_ping(self, timeout=60):
        """Sends a ping and waits for its pong: the node processed everything sent before."""
        nonce = self.ping_counter
        self.ping_counter += 1
        self.send_message(msg_ping(nonce))
        self.wait_until(lambda: "pong" in self.last_message and self.last_message["pong"].nonce == nonce, timeout)

    def wait_for_getheaders(self, timeout=60):
        self.wait_until(lambda: "getheaders" in self.last_message, timeout)

    def wait_for_getdata(self, hashes, timeout=60):
        """Waits until the last getdata asked for exactly these hashes (internal bytes)."""
        wanted = sorted(hashes)
        self.wait_until(lambda: "getdata" in self.last_message and
                        sorted(i.hash for i in self.last_message["getdata"].inv) == wanted, timeout)

    def wait_for_block_announcement(self, block_hash, timeout=60):
        """Waits for a headers or inv message announcing `block_hash` (internal bytes)."""
        def announced():
            for name, msg in reversed(self.messages):
                if name == "headers" and any(h.hash == block_hash for h in msg.headers):
                    return True
                if name == "inv" and any(i.hash == block_hash for i in msg.inv):
                    return True
            return False
        self.wait_until(announced, timeout)

    def clear_messages(self):
        with self.lock:
            self.last_message.clear()
            self.messages.clear()
            self.message_count.clear()

    def send_getheaders(self, locator, stop=b"\x00" * 32):
        self.send_message(msg_getheaders(locator, stop))


class P2PListener:
    """A listening socket on 127.0.0.1 for tests in which the node connects out to a Python peer
    (addnode "127.0.0.1:<port>"): accept() returns the connected P2PInterface."""

    def __init__(self, host="127.0.0.1"):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(8)
        self.host, self.port = self.sock.getsockname()

    def accept(self, peer, timeout=30, **kwargs):
        self.sock.settimeout(timeout)
        conn, _ = self.sock.accept()
        conn.settimeout(None)
        peer.peer_accept(conn, **kwargs)
        return peer

    def close(self):
        self.sock.close()
