#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""A dotsd as probe target (doc/registry.md "Probing protocol", "Target"), played against by
Python probers over real SIP OPTIONS on 127.0.0.1: one wallet node key of the dotsd and eleven
Python node keys make the frozen set, so the target's draw names 9 Python probers and leaves 2 out.

- Rejections, each with its status and reason, and no receipt kept (listprobereceipts stays
  empty, no "probe receipt kept" log line): a malformed header (400), a target that is not this
  node's (404), a prober not drawn for the target (403), a signature by another key or over
  another epoch (403), an epoch two or more away from the tip's (403) and the next epoch (503 with
  Retry-After).
- A valid challenge is answered 200 with an answer the target's key signed; the receipt is
  listed with its prober; repeating the same challenge is answered again and keeps nothing new.
  listprobereceipts refuses an epoch outside [0, 2^32 - 1] (-8).
- Receipts survive a restart: two receipts kept, the node restarted, both still listed; a third
  after the restart makes the node submit all three (the two from before the restart included) in
  one probe_receipts transaction, which is mined and credits the share; listprobereceipts follows
  the transaction from the mempool to the chain.
- A locked wallet answers 503 (node key locked) and keeps nothing; unlocked, the same prober is
  answered.
- A locked wallet that must send its receipts again (restarted without the mempool) logs "not
  submitted" once for the epoch, not on every block, and submits them once unlocked."""

import os
import re
import socket
import time

from test_framework.registry import probe_answer_message, probe_challenge_message, probe_epoch_of, seed_height
from test_framework.registry_node import K, P, RegistryTestBase
from test_framework.key import schnorr_verify
from test_framework.util import assert_equal, assert_raises_rpc_error
from test_framework.wallet_util import wallet_rpc

PYTHON_NODES = 11
DEAD_ENDPOINT = "sip:127.0.0.1:9;transport=udp"  # the dotsd's own probes of the Python keys go nowhere


class ProbeTargetTest(RegistryTestBase):
    def set_test_params(self):
        self.num_nodes = 1
        self.base_args = ["-probejitter=0", "-debug=sip"]

    def setup_nodes(self):
        self.add_nodes(1, [self.base_args])
        node = self.nodes[0]
        node.extra_args = self.base_args + [f"-sipbind=127.0.0.1:{node.sip_port}"]
        self.start_nodes([node.extra_args])

    # ---- a SIP user agent of the Python probers ----
    def send_options(self, probe_header):
        """Sends one OPTIONS carrying `probe_header` (the DOTS-Probe value) to the dotsd and returns
        (status, reason, headers) of its final response; headers by lower-case name."""
        node = self.nodes[0]
        self.cseq = getattr(self, "cseq", 0) + 1
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            s.settimeout(10)
            port = s.getsockname()[1]
            uri = f"sip:127.0.0.1:{node.sip_port};transport=udp"
            msg = (f"OPTIONS {uri} SIP/2.0\r\n"
                   f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKpt{self.cseq}x{os.getpid()};rport\r\n"
                   f"Max-Forwards: 70\r\n"
                   f"From: <sip:prober@127.0.0.1>;tag=pt{self.cseq}\r\n"
                   f"To: <{uri}>\r\n"
                   f"Call-ID: probe-target-{self.cseq}@127.0.0.1\r\n"
                   f"CSeq: {self.cseq} OPTIONS\r\n"
                   f"DOTS-Probe: {probe_header}\r\n"
                   f"Content-Length: 0\r\n\r\n")
            s.sendto(msg.encode(), ("127.0.0.1", node.sip_port))
            for _ in range(10):  # skip provisional responses (bounded)
                data = s.recv(65535).decode()
                status_line, *lines = data.split("\r\n\r\n")[0].split("\r\n")
                m = re.match(r"SIP/2\.0 (\d{3}) (.*)", status_line)
                assert m, status_line
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                assert_equal(headers["call-id"], f"probe-target-{self.cseq}@127.0.0.1")
                if int(m.group(1)) >= 200:
                    return int(m.group(1)), m.group(2), headers
        raise AssertionError("no final response")

    def header(self, epoch, target, prober, sig=None, signer=None, sign_epoch=None):
        """A DOTS-Probe value; the signature is `signer`'s (default the prober's) over `sign_epoch`'s
        challenge (default `epoch`) unless `sig` is given."""
        if sig is None:
            signer = signer or prober
            sig = signer.sign(probe_challenge_message(target, prober.xonly, epoch if sign_epoch is None else sign_epoch, self.genesis))
        return f"epoch={epoch};target={target.hex()};prober={prober.xonly.hex()};sig={sig.hex()}"

    def kept_lines(self):
        return [line for line in self.nodes[0].debug_log_lines() if "probe receipt kept: target" in line]

    def probe_ok(self, prober):
        """A valid challenge of `prober` to the wallet's target: 200 with a verifying answer.
        Retries while the node answers 503 because it has not loaded the epoch's draw yet."""
        result = []

        def answered():
            status, reason, headers = self.send_options(self.header(self.epoch, self.target, prober))
            if status == 503 and "not known yet" in reason:
                return False
            result.append((status, reason, headers))
            return True
        self.wait_until(answered, timeout=30)
        status, reason, headers = result[0]
        assert_equal((status, reason), (200, "OK"))
        m = re.fullmatch(r"sig=([0-9a-f]{128})", headers["dots-probe-answer"])
        assert m, headers["dots-probe-answer"]
        prober_sig = prober.sign(probe_challenge_message(self.target, prober.xonly, self.epoch, self.genesis))
        assert schnorr_verify(self.target, probe_answer_message(self.target, prober.xonly, self.epoch, prober_sig, self.genesis),
                              bytes.fromhex(m.group(1))), "the answer does not verify under the target's key"

    def assert_refused(self, header, status, reason, retry_after=False):
        got_status, got_reason, headers = self.send_options(header)
        assert_equal((got_status, got_reason), (status, reason))
        assert_equal("retry-after" in headers, retry_after)
        if retry_after:
            assert_equal(headers["retry-after"], "30")

    def views_built(self):
        """How often the agent loaded the current epoch's draw with the wallet's key as a target."""
        line = f"probe epoch {self.epoch}: 1 of our node key(s) are targets"
        return sum(line in entry for entry in self.nodes[0].debug_log_lines())

    def listed(self):
        return sorted(self.w.listprobereceipts(), key=lambda r: r["index"])

    def run_test(self):
        node = self.nodes[0]
        node.createwallet("w")
        self.w = wallet_rpc(node, "w")
        node.generatetoaddress(2, self.w.getnewaddress())
        self.setup_registry(node, PYTHON_NODES + 1)

        self.log.info("the wallet's node key and %d Python node keys make the frozen set", PYTHON_NODES)
        self.target = bytes.fromhex(self.w.registernode([f"sip:127.0.0.1:{node.sip_port};transport=udp"], 1)["node"])
        node.generatetoaddress(1, self.miner_addr)
        self.keys = [K(f"probe target test {i}") for i in range(PYTHON_NODES)]
        self.mine_checked([self.register_node(k, endpoints=(DEAD_ENDPOINT,)) for k in self.keys])
        registered = node.getblockcount()
        epoch = probe_epoch_of(registered) + 1
        while seed_height(epoch) < registered:
            epoch += 1
        self.epoch = epoch
        self.mine_to(epoch * P["probe_epoch"])
        assert_equal(node.getprobeepoch(epoch)["nodes"], PYTHON_NODES + 1)
        drawn_keys = [bytes.fromhex(p["node"]) for p in node.getprobers(self.target.hex(), epoch)["probers"]]
        by_key = {k.xonly: k for k in self.keys}
        drawn = [by_key[k] for k in drawn_keys]
        not_drawn = [k for k in self.keys if k.xonly not in drawn_keys]
        assert_equal((len(drawn), len(not_drawn)), (P["probe_count"], PYTHON_NODES - P["probe_count"]))
        self.wait_until(lambda: self.views_built() == 1, timeout=30)

        self.log.info("refusals: status and reason, nothing kept")
        other = by_key[drawn_keys[0]]
        self.assert_refused("epoch=x;target=00;prober=00;sig=00", 400, "Bad DOTS-Probe Header")
        self.assert_refused(self.header(epoch, not_drawn[0].xonly, drawn[0]), 404, "Not Found (not a probe target of this node)")
        self.assert_refused(self.header(epoch, self.target, not_drawn[0]), 403, "Forbidden (not a drawn prober of this target)")
        self.assert_refused(self.header(epoch, self.target, drawn[1], signer=not_drawn[1]), 403, "Forbidden (bad probe signature)")
        self.assert_refused(self.header(epoch, self.target, drawn[1], sign_epoch=epoch - 1), 403, "Forbidden (bad probe signature)")
        self.assert_refused(self.header(epoch, self.target, drawn[1], sig=bytes(64)), 403, "Forbidden (bad probe signature)")
        for stale in (epoch - 2, epoch + 2, 0):
            self.assert_refused(self.header(stale, self.target, other), 403, f"Forbidden (probe epoch {stale} is not current)")
        self.assert_refused(self.header(epoch + 1, self.target, other), 503, "Service Unavailable (probe epoch changing)", retry_after=True)
        assert_equal(self.w.listprobereceipts(), [])
        assert_equal(self.kept_lines(), [])

        self.log.info("a valid challenge is answered and listed; the same challenge again keeps nothing new")
        self.probe_ok(drawn[0])
        first = self.listed()
        assert_equal(len(first), 1)
        assert_equal(first[0], {"target": self.target.hex(), "epoch": epoch, "index": 0, "prober": drawn[0].xonly.hex(),
                                "counted": False, "txid": None, "tx_state": None, "in_tx": False})
        self.probe_ok(drawn[0])
        assert_equal(self.listed(), first)
        assert_equal(self.w.listprobereceipts(epoch), first)
        assert_equal(self.w.listprobereceipts(epoch - 1), [])
        assert_equal(self.w.listprobereceipts(2**32 - 1), [])  # the last epoch there is: nothing held
        for bad in (-1, 2**32):
            assert_raises_rpc_error(-8, "epoch must be between 0 and 4294967295", self.w.listprobereceipts, bad)

        self.log.info("two receipts kept, then a restart: both still there")
        self.probe_ok(drawn[1])
        before = self.listed()
        assert_equal([r["prober"] for r in before], [drawn[0].xonly.hex(), drawn[1].xonly.hex()])
        assert_equal(node.getrawmempool(), [])  # fewer than t receipts are never submitted
        self.restart_node(0, node.extra_args + ["-wallet=w"])
        self.w = wallet_rpc(node, "w")
        self.wait_until(lambda: self.views_built() == 2, timeout=30)  # the restarted agent drew the epoch with our key
        assert_equal(self.listed(), before)
        # listmynodes shows the same per epoch: held, not submitted, nothing counted.
        assert_equal(self.w.listmynodes()[0]["probe_receipts"],
                     [{"epoch": epoch, "held": [0, 1], "txid": None, "tx_state": None, "counted": 0, "mask": 0, "credited": False}])

        self.log.info("a third receipt after the restart: all three are submitted together and credited")
        self.probe_ok(drawn[2])
        self.wait_until(lambda: len(node.getrawmempool()) == 1, timeout=30)
        txid = node.getrawmempool()[0]
        listed = self.listed()
        assert_equal([r["index"] for r in listed], [0, 1, 2])
        for r in listed:
            assert_equal((r["txid"], r["tx_state"], r["in_tx"], r["counted"]), (txid, "mempool", True, False))
        node.generatetoaddress(1, self.miner_addr)
        probers = node.getprobers(self.target.hex(), epoch)
        assert_equal(probers["receipts"], P["probe_threshold"])
        assert probers["qualified"]
        assert_equal(node.getnodebalance(self.target.hex())["balance"], probers["share"])
        for r in self.listed():
            assert_equal((r["txid"], r["tx_state"], r["counted"]), (txid, "confirmed", True))
        assert_equal(self.w.listmynodes()[0]["probe_receipts"],
                     [{"epoch": epoch, "held": [0, 1, 2], "txid": txid, "tx_state": "confirmed", "counted": 3, "mask": 7, "credited": True}])

        self.log.info("a locked wallet answers 503 and keeps nothing; unlocked, it answers")
        self.w.encryptwallet("probe pass")
        kept = len(self.kept_lines())
        self.assert_refused(self.header(epoch, self.target, drawn[3]), 503, "Service Unavailable (node key locked)", retry_after=True)
        assert_equal(len(self.listed()), 3)
        assert_equal(len(self.kept_lines()), kept)
        self.w.walletpassphrase("probe pass", 60)
        self.probe_ok(drawn[3])
        extra = self.listed()[3]
        assert_equal((extra["index"], extra["counted"], extra["in_tx"]), (3, False, False))  # t already counted: not submitted
        assert_equal(node.getrawmempool(), [])

        self.log.info("as prober: a wallet locked when the next epoch starts is logged once and signs its challenges when unlocked")
        self.w.walletlock()
        nxt = epoch + 1
        self.mine_to(nxt * P["probe_epoch"])
        to_send = len(node.getprobetargets(self.target.hex(), nxt)["targets"])
        assert to_send > 0
        built = f"probe epoch {nxt}: 1 of our node key(s) are targets, 0 probe(s) to send"
        locked_line = f'probe epoch {nxt}: wallet "w" cannot sign {to_send} challenge(s) of its node keys'
        self.wait_until(lambda: any(built in line for line in node.debug_log_lines()), timeout=30)
        time.sleep(3)  # the agent looks at the wallets once a second: three more looks, no more lines
        lines = node.debug_log_lines()
        assert_equal(sum(locked_line in line for line in lines), 1)
        assert_equal(sum(built in line for line in lines), 1)
        self.w.walletpassphrase("probe pass", 60)
        unlocked = f"probe epoch {nxt}: a wallet was unlocked; {to_send} more probe(s) to send"
        self.wait_until(lambda: any(unlocked in line for line in node.debug_log_lines()), timeout=30)

        def sent_after_unlock():
            lines = node.debug_log_lines()
            start = next(i for i, line in enumerate(lines) if unlocked in line)
            return any(re.search(r"sent \d+ probe OPTIONS", line) for line in lines[start:])
        self.wait_until(sent_after_unlock, timeout=30)  # they go out (to the Python keys' dead endpoint)

        self.log.info("a locked wallet that must send its receipts again logs 'not submitted' once per epoch")
        self.w.walletpassphrase("probe pass", 600)
        self.epoch = nxt
        nxt_drawn = [by_key[bytes.fromhex(p["node"])] for p in node.getprobers(self.target.hex(), nxt)["probers"]]
        for prober in nxt_drawn[:P["probe_threshold"]]:
            self.probe_ok(prober)
        self.wait_until(lambda: len(node.getrawmempool()) == 1, timeout=30)
        # Without the mempool file and without rebroadcast the transaction is gone after the restart,
        # and the wallet (encrypted) starts locked: the agent sends again after 2 blocks and fails.
        self.restart_node(0, node.extra_args + ["-wallet=w", "-persistmempool=0", "-walletrebroadcast=0"])
        self.w = wallet_rpc(node, "w")
        assert_equal(node.getrawmempool(), [])
        not_submitted = f"probe receipts of {self.target.hex()} (epoch {nxt}) not submitted: "

        def failures():
            return sum(not_submitted in line for line in node.debug_log_lines())
        for _ in range(8):  # four attempts (one every 2 blocks) at one block every 1.5 s: the agent looks once a second
            node.generatetoaddress(1, self.miner_addr)
            time.sleep(1.5)
        self.wait_until(lambda: failures() >= 1, timeout=30)
        assert_equal(failures(), 1)
        assert node.getblockcount() < (nxt + 2) * P["probe_epoch"]  # still inside the receipts' window
        self.w.walletpassphrase("probe pass", 600)
        for _ in range(4):  # the next attempt comes within 2 blocks
            node.generatetoaddress(1, self.miner_addr)
            if self.wait_until_or_false(lambda: len(node.getrawmempool()) == 1):
                break
        assert_equal(len(node.getrawmempool()), 1)
        node.generatetoaddress(1, self.miner_addr)
        assert node.getprobers(self.target.hex(), nxt)["qualified"]
        assert_equal(failures(), 1)

    def wait_until_or_false(self, predicate, timeout=5):
        """predicate() within `timeout` seconds (polled every 0.2 s), else False."""
        for _ in range(int(timeout / 0.2)):
            if predicate():
                return True
            time.sleep(0.2)
        return predicate()


if __name__ == "__main__":
    ProbeTargetTest().main()
