#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""kill -9 while registry blocks are mined (tiny -dbcache, 1 KiB write batches, so chainstate
flushes span many batches; five of the seven kills are proven to land inside a flush carrying
registry records, two of them inside one that spans a reorg, one inside the registry records
themselves): every restart must
come back to the same registry as a node rebuilt from the blocks (-reindex-chainstate) or a node
that got the same blocks by submitblock and never crashed — every registry RPC result and the UTXO
set hash identical — with verifychain 4 passing and no block that generateblock acknowledged lost."""

import copy
import fcntl
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

from test_framework.authproxy import JSONRPCException
from test_framework.blocktools import sha256, wait_for_chain
from test_framework.registry import (
    REGTEST_PARAMS,
    binding_payload,
    deposit_payload,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    handle_update_payload,
    make_registry_tx,
    make_withdraw_tx,
    node_deregister_payload,
    node_register_payload,
    node_update_payload,
    settlement_payload,
    voucher,
)
from test_framework.registry_node import FEE, K, RegistryTestBase
from test_framework.test_node import FailedToStartError
from test_framework.txtools import (
    COIN,
    KIND_BINDING,
    KIND_DEPOSIT,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_SETTLEMENT,
    KIND_TRANSFER,
    Utxo,
    address_for_key,
    lock_for_key,
    make_signed_tx,
    to_display,
)
from test_framework.util import assert_equal

SEED = 0xD075C4A5
SETUP_BLOCKS = 30        # registry blocks mined before the kill loop
# Each kill mode once (KILL_MODES, below): every mode is compared against node1 and the two reorg
# modes also against -reindex-chainstate; more rounds only repeat the same checks at other moments.
ITERATIONS = 7
REINDEX_ITERATIONS = {2, 5, 6}  # flush+reorg, flush+reorg+startup, registry; the others against node1 only
TIME_BUDGET = 150        # seconds for the kill loop; it stops early rather than time out
# random: kill -9 at a random moment while blocks are mined (periodic flush every second).
# flush: a few blocks (in reorg modes: a flush, then the tip replaced by a sibling block with
# other registry txs), then, a second after the last flush, a block with many new coins, whose
# ConnectTip runs the periodic flush (-flushinterval=1) of everything since the last one: ~110
# partial batches of coins, then ~30 of registry records, then the commit. The kill lands inside
# that flush, at its `times`-th "Writing partial batch" line (DRAINER), and the test proves it:
# the drainer must have hit, debug.log must show the flush's start ("Flushing the chainstate")
# without its end ("Committing ..."), and the restart must replay the interrupted flush.
# +startup: kill again while the node starts up (replay, block reconnection, verification), then
# restart. (These kills land before the flush's registry records are written: the records of
# every block since the last flush then come back only through the start-up replay.)
# registry: node0 restarts cleanly with -testkillregistryflush=2 and kills itself (SIGKILL) right
# after the second partial batch of registry records of its next flush: part of the registry
# records are on disk, the rest and the best block are not.
#
# DRAINER reads node0's console output (every log line, written and flushed by the thread that
# logs it) through a 4 KiB pipe, so that the node never gets more than 4 KiB of log ahead of it.
# Once armed (SIGUSR1, sent by the miner just before its flush) it counts "Writing partial batch"
# lines, and at the `times`-th it stops reading and SIGKILLs node0 by its pid: however late the
# kill is scheduled, the node is blocked writing its log at most ~60 lines later, still inside the
# flush. It exits at end of file (node0 stopped or killed otherwise).
DRAINER = r"""
import os, signal, sys
pid, times = int(sys.argv[1]), int(sys.argv[2])
armed = False
def arm(*_):
    global armed
    armed = True
signal.signal(signal.SIGUSR1, arm)
needle, seen, tail = b"Writing partial batch", 0, b""
while True:
    chunk = os.read(0, 512)
    if not chunk:
        print(f"{seen} partial batch lines after arming" if armed else "never armed")
        break
    if armed:
        data = tail + chunk
        seen += data.count(needle)
        tail = data[-(len(needle) - 1):]
        if seen >= times:
            os.kill(pid, signal.SIGKILL)
            print("hit")
            break
"""
F_SETPIPE_SZ = 1031  # Linux fcntl
KILL_MODES = ["random", "flush", "flush+reorg", "flush+startup", "random", "flush+reorg+startup", "registry"]
REGISTRY_KILL_BATCH = 2
HOME_NODES = 2           # nodes 0 and 1 are never deregistered (they are the handles' home nodes)
P = REGTEST_PARAMS  # doc/registry.md
BOND_RELEASE_DELAY = P["bond_release_delay"]
HANDLE_LIFETIME = P["handle_lifetime"]
COMMIT_MATURITY = P["commit_maturity"]
REVEAL_WINDOW = P["reveal_window"]
PRESENCE_MIN_INTERVAL = P["presence_min_interval"]
SETTLE_EPOCH = P["settle_epoch"]
FAN_OUT = 1500           # outputs of the transfer that makes the killed flush long (~110 batches of coins)


class RegistryCrashTest(RegistryTestBase):
    def set_test_params(self):
        self.num_nodes = 2
        # -dbcache=4 is the minimum and -dbbatchsize=1024 the smallest batch: a flush of a few
        # blocks' coins and registry records takes 10-30 batches. -debug=db logs each partial batch.
        self.crash_args = ["-dbcache=4", "-dbbatchsize=1024", "-checklevel=4", "-checkblocks=20", "-debug=db",
                           "-logtimemicros"]
        self.extra_args = [self.crash_args + self.args_for(KILL_MODES[0]), []]
        # The dump universe (RegistryTestBase.dump); grows as objects are planned.
        self.HANDLES = []
        self.NODE_KEYS = []
        self.PAIRS = []

    @staticmethod
    def args_for(mode):
        return ["-flushinterval=1"]

    # ---------------------------------------------------------------- model
    # self.state is what the chain at state["tiphash"] holds (plain data, so that it can be copied):
    #   nodes:    index -> {"seq", "active", "dereg_h"}
    #   handles:  name -> {"commit_h", "reg_h", "expiry", "seq", "home", "bseq", "bind_h"}
    #   pairs:    "o,t" -> {"deposit", "debt"};  seconds: "o,t,epoch" -> billable seconds settled
    #   balances: index -> node balance
    #   coins:    funding Utxos locked to fund_key
    # self.snaps[blockhash] is a copy of the state after each block this test mined, so that after a
    # crash the model can follow whichever block the node restarted at.
    def init_model(self, node, coins):
        self.rng = random.Random(SEED)
        self.node_info = []    # index -> (key, reward key, bond return key)
        self.handle_info = {}  # name -> (owner key, salt)
        self.n_names = 0
        self.counts = {}
        self.acked = []       # hashes generateblock returned (minus blocks this test invalidated itself)
        self.inflight = None  # (plan, parent hash) while a generateblock call is outstanding
        self.state = {"height": node.getblockcount(), "tiphash": node.getbestblockhash(),
                      "nodes": {}, "handles": {}, "pairs": {}, "seconds": {}, "balances": {}, "coins": list(coins)}
        self.snaps = {self.state["tiphash"]: copy.deepcopy(self.state)}

    def rtx(self, kind, payload, locked=0, fee=FEE):
        """A registry tx funded by a coin of the model big enough for fee + locked."""
        coins = self.state["coins"]
        coin = next((c for c in coins if c.value >= locked + fee + 100_000), None)
        assert coin is not None, f"no funding coin for {locked}"
        coins.remove(coin)
        tx = make_registry_tx(kind, payload, coin, None, self.fund_key, self.fund_key, fee, locked, genesis_hash=self.genesis)
        tx.funding = coin
        return tx

    def plan_block(self, forced=()):
        """Registry txs for the block after the model's tip: [(tx, effect(state, height), label)]."""
        rng, g, st = self.rng, self.genesis, self.state
        h = st["height"] + 1
        plan = []
        active = sorted(i for i, n in st["nodes"].items() if n["active"])

        def add(tx, effect, label):
            plan.append((tx, effect, label))

        def key(i):
            return self.node_info[i]

        seq_used = set()  # nodes whose seq a statement of this block already uses
        # -- nodes: (re-)register, deregister, update
        if len(active) < 5 or rng.random() < 0.3:
            back = sorted(i for i, n in st["nodes"].items() if not n["active"] and h > n["dereg_h"] + BOND_RELEASE_DELAY)
            if back and rng.random() < 0.6:
                i = rng.choice(back)
                seq, label = st["nodes"][i]["seq"] + 1, "re-register after the bond returned"
            else:
                i = len(self.node_info)
                self.node_info.append(K(f"crash node {i}"))
                self.NODE_KEYS.append(key(i))
                seq, label = 1, "register"
            seq_used.add(i)
            tx = self.rtx(KIND_NODE_REGISTER, node_register_payload(key(i), g, seq, COIN, [f"sip:127.0.0.1:{5100 + i};transport=udp"],
                                                                    60, [], [f"+44{i + 10}"]), locked=COIN)

            def eff(st, height, i=i, seq=seq):
                st["nodes"][i] = {"seq": seq, "active": True, "dereg_h": None}
            add(tx, eff, label)
        leaving = None
        churn = [i for i in active if i >= HOME_NODES]
        if churn and len(active) >= 5 and ("dereg" in forced or rng.random() < 0.15):
            leaving = rng.choice(churn)
            seq = st["nodes"][leaving]["seq"] + 1
            tx = self.rtx(KIND_NODE_REGISTER, node_deregister_payload(key(leaving), g, seq))

            def eff(st, height, i=leaving, seq=seq):
                st["nodes"][i].update(seq=seq, active=False, dereg_h=height)
            add(tx, eff, "deregister")
        usable = [i for i in active if i != leaving]
        seq_used.add(leaving)
        if usable and rng.random() < 0.25:
            i = rng.choice(usable)
            seq_used.add(i)
            seq = st["nodes"][i]["seq"] + 1
            eps = [f"sip:127.0.0.1:{6000 + rng.randrange(1000)};transport=tcp"]
            tx = self.rtx(KIND_NODE_REGISTER, node_update_payload(key(i), g, seq, eps, rng.choice([0, 60, 120]), [f"n{i}.example.com"],
                                                                  [f"+44{i + 10}", "+1"]))

            def eff(st, height, i=i, seq=seq):
                st["nodes"][i]["seq"] = seq
            add(tx, eff, "node update")

        # -- handles: commit fresh names, reveal matured commitments
        for _ in range(1 + (rng.random() < 0.5)):
            self.n_names += 1
            name = f"crash{self.n_names:03d}"
            self.handle_info[name] = (K(f"crash owner {self.n_names}"), sha256(b"crash salt %d" % self.n_names))
            self.HANDLES.append(name)
            tx = self.rtx(KIND_HANDLE_COMMIT, handle_commit_payload(handle_commitment(name, self.handle_info[name][1],
                                                                                      self.handle_info[name][0])))

            def eff(st, height, name=name):
                st["handles"][name] = {"commit_h": height, "reg_h": None, "expiry": None, "seq": 0, "home": None, "bseq": 0,
                                       "bind_h": None}
            add(tx, eff, "commit")
        ready = [name for name, r in st["handles"].items()
                 if r["reg_h"] is None and r["commit_h"] + COMMIT_MATURITY <= h <= r["commit_h"] + REVEAL_WINDOW]
        for name in ready[:2]:
            owner, salt = self.handle_info[name]
            tx = self.rtx(KIND_HANDLE_REGISTER, handle_register_payload(name, salt, owner), locked=handle_fee(name))

            def eff(st, height, name=name):
                st["handles"][name].update(reg_h=height, expiry=height + HANDLE_LIFETIME)
            add(tx, eff, "reveal")
        live = sorted(name for name, r in st["handles"].items() if r["reg_h"] is not None and h < r["expiry"])

        # -- one handle update per block: a home node first, then renew or identity
        touched = None
        if live and rng.random() < 0.7:
            homeless = [name for name in live if st["handles"][name]["home"] is None]
            touched = rng.choice(homeless or live)
            r, owner = st["handles"][touched], self.handle_info[touched][0]
            seq = r["seq"] + 1
            if r["home"] is None:
                home = rng.randrange(HOME_NODES)
                payload, locked, change = handle_update_payload(owner, g, touched, seq, home=key(home).xonly), 0, {"home": home}
            elif rng.random() < 0.5:
                payload, locked, change = (handle_update_payload(owner, g, touched, seq, renew=True), handle_fee(touched),
                                           {"expiry": h + HANDLE_LIFETIME})
            else:
                payload, locked, change = handle_update_payload(owner, g, touched, seq, identity=K(f"id {seq} {touched}").xonly), 0, {}
            tx = self.rtx(KIND_HANDLE_UPDATE, payload, locked=locked)

            def eff(st, height, name=touched, seq=seq, change=change):
                st["handles"][name].update(seq=seq, **change)
            add(tx, eff, "handle update")

        # -- bindings: through the home node, or another node with the owner's signature
        homed = [name for name in live if st["handles"][name]["home"] is not None and name != touched
                 and (st["handles"][name]["bind_h"] is None or h >= st["handles"][name]["bind_h"] + PRESENCE_MIN_INTERVAL)]
        rng.shuffle(homed)
        for name in homed[:2]:
            r = st["handles"][name]
            others = [i for i in usable if i != r["home"]]
            owner = self.handle_info[name][0]
            via, owner_signs = (rng.choice(others), True) if others and rng.random() < 0.3 else (r["home"], False)
            tx = self.rtx(KIND_BINDING, binding_payload(key(via), owner, g, name, r["bseq"] + 1, owner_signs))

            def eff(st, height, name=name):
                st["handles"][name]["bseq"] += 1
                st["handles"][name]["bind_h"] = height
            add(tx, eff, "binding")

        # -- deposits and settlements between active nodes (vouchers of the current epoch, growing)
        epoch = h // SETTLE_EPOCH
        for _ in range(2):
            if len(usable) < 2:
                break
            orig, term = rng.sample(usable, 2)
            pk = f"{orig},{term}"
            if (key(orig), key(term)) not in self.PAIRS:
                self.PAIRS.append((key(orig), key(term)))
            if pk not in st["pairs"] or rng.random() < 0.3:
                amount = rng.choice([500, 5_000, 50_000])
                tx = self.rtx(KIND_DEPOSIT, deposit_payload(key(orig), key(term), amount), locked=amount)

                def eff(st, height, pk=pk, term=term, amount=amount):
                    pair = st["pairs"].setdefault(pk, {"deposit": 0, "debt": 0})
                    paid = min(amount, pair["debt"])
                    pair["debt"] -= paid
                    pair["deposit"] += amount - paid
                    st["balances"][term] = st["balances"].get(term, 0) + paid
                add(tx, eff, "deposit")
                continue
            sk = f"{pk},{epoch}"
            seconds = st["seconds"].get(sk, 0) + rng.choice([60, 600, 3600])
            tx = self.rtx(KIND_SETTLEMENT, settlement_payload(key(orig), key(term), [voucher(key(orig), key(term), g, epoch, seconds, 60)]))

            def eff(st, height, pk=pk, sk=sk, term=term, seconds=seconds):
                diff = seconds - st["seconds"].get(sk, 0)  # rate 60: one unit per second
                st["seconds"][sk] = seconds
                pair = st["pairs"].setdefault(pk, {"deposit": 0, "debt": 0})
                paid = min(diff, pair["deposit"])
                pair["deposit"] -= paid
                pair["debt"] += diff - paid
                st["balances"][term] = st["balances"].get(term, 0) + paid
            add(tx, eff, "settlement")

        # -- a withdrawal of half a node's balance (no inputs; its output joins the coins)
        rich = [i for i, b in st["balances"].items() if b >= 20_000 and i not in seq_used]
        if rich and ("withdraw" in forced or rng.random() < 0.3):
            i = rng.choice(rich)
            amount = st["balances"][i] // 2
            seq = st["nodes"][i]["seq"] + 1
            lt, prog = lock_for_key(self.fund_key)
            tx = make_withdraw_tx(key(i), g, seq, amount, [(amount - 1000, lt, prog)])
            tx.funding = None

            def eff(st, height, i=i, seq=seq, amount=amount):
                st["nodes"][i]["seq"] = seq
                st["balances"][i] -= amount
            add(tx, eff, "withdrawal")

        # -- many new coins, so that the next flush takes a few milliseconds (the registry records
        # are written after the coins: a kill in the coins part leaves all of them to the replay)
        if "fan-out" in forced:
            plan.append(self.fan_out())
        return plan

    def fan_out(self):
        """A transfer with FAN_OUT new (burned) outputs, as a plan entry."""
        st = self.state
        coin = next(c for c in st["coins"] if c.value >= FAN_OUT + FEE + 100_000)
        st["coins"].remove(coin)
        burn = (0, bytes(31) + b"\x02")
        change = (coin.value - FAN_OUT - FEE,) + lock_for_key(self.fund_key)
        tx = make_signed_tx(KIND_TRANSFER, [coin], [change] + [(1,) + burn] * FAN_OUT, self.fund_key, self.genesis)
        tx.funding = coin
        return (tx, lambda st, height: None, "fan-out transfer")

    def commit(self, plan, height, blockhash):
        """The block `blockhash` at `height` holds `plan`'s txs: apply them to the model."""
        st = self.state
        for tx, effect, label in plan:
            if tx.funding is not None and tx.funding in st["coins"]:
                st["coins"].remove(tx.funding)  # a restored snapshot still had it
            effect(st, height)
            st["coins"].append(Utxo(tx.txid(), 0, tx.vout[0][0], tx.vout[0][1], tx.vout[0][2]))
            self.counts[label] = self.counts.get(label, 0) + 1
        for i, n in st["nodes"].items():
            if not n["active"] and n["dereg_h"] + BOND_RELEASE_DELAY == height:
                st["balances"][i] = st["balances"].get(i, 0) + COIN  # the bond, credited at this height
        st["height"], st["tiphash"] = height, blockhash
        self.snaps[blockhash] = copy.deepcopy(st)
        self.acked.append(blockhash)

    def mine_planned(self, proxy, plan, address=None):
        self.inflight = (plan, self.state["tiphash"])
        res = proxy.generateblock(address or self.miner_addr, [tx.serialize().hex() for tx, _, _ in plan])
        self.commit(plan, self.state["height"] + 1, res["hash"])
        self.inflight = None
        self.last_plan = plan
        return res["hash"]

    def replace_tip(self, proxy, before_sibling=lambda: None):
        """Reorg: invalidate the tip (mined in this iteration) and mine a sibling, paying another
        miner address, with every other tx of the tip (the txs of one block never depend on each
        other) and the fan-out transfer: the registry changes of the two blocks differ, so a replay
        across this reorg must really roll the old tip's records back. `before_sibling` runs
        between the two."""
        old, plan = self.state["tiphash"], self.last_plan
        parent = proxy.getblockheader(old)["previousblockhash"]
        self.acked.remove(old)  # deliberately given up: no longer required to survive
        proxy.invalidateblock(old)
        self.state = copy.deepcopy(self.snaps[parent])  # the dropped txs' coins are free again
        before_sibling()
        kept = plan[::2]
        for tx, _, _ in kept:
            if tx.funding is not None and tx.funding in self.state["coins"]:
                self.state["coins"].remove(tx.funding)  # not for the fan-out
        new = self.mine_planned(proxy, kept + [self.fan_out()], address_for_key(K("reorg miner")))
        assert new != old
        self.counts["reorg"] = self.counts.get("reorg", 0) + 1

    # ---------------------------------------------------------------- crash loop helpers
    def miner_thread(self, proxy, stop, mode, rng):
        try:
            if mode.startswith("flush"):
                for _ in range(rng.randint(1, 4)):
                    self.mine_planned(proxy, self.plan_block())
                # A second after the last flush, armed before the fan-out block: the periodic
                # flush its ConnectTip runs (everything since the last flush) is the one killed.
                def arm():
                    time.sleep(1.1)
                    os.kill(self.drainer.pid, signal.SIGUSR1)
                if "reorg" in mode:
                    time.sleep(1.1)
                    self.mine_planned(proxy, self.plan_block())  # flushed: the disk is at the tip about to be replaced
                    # Nothing connects between the invalidation and the sibling: the killed flush
                    # carries the roll-back of the old tip and the sibling.
                    self.replace_tip(proxy, before_sibling=arm)
                else:
                    arm()
                    self.mine_planned(proxy, self.plan_block(forced=("fan-out",)))
            mined = 0
            while not stop.is_set():
                self.mine_planned(proxy, self.plan_block())
                mined += 1
        except JSONRPCException as e:
            self.miner_error = e  # a rejected block or a failed RPC: never expected
        except Exception as e:
            self.miner_exit = e  # the node was killed under us (anything else fails the iteration)

    @staticmethod
    def log_size(node):
        return os.path.getsize(node.debug_log_path) if os.path.isfile(node.debug_log_path) else 0

    @staticmethod
    def log_since(node, offset):
        with open(node.debug_log_path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf8", "replace")

    def launch_node0(self, i, how, args, piped):
        """(Re)starts node0 after iteration i; `piped`: for a flush-mode iteration, with its console
        output through DRAINER (started at once: a full pipe would stall the node's start-up)."""
        node = self.nodes[0]
        self.reap_drainer()
        try:
            if piped:
                r, w = os.pipe()
                fcntl.fcntl(w, F_SETPIPE_SZ, 4096)
                node.start(args, stdout=w)
                os.close(w)
                # Inside the ~110 coin batches even if the node logs up to 4 KiB (~55 lines)
                # beyond the drainer before the kill.
                self.times = self.kill_rng.randint(1, 50)
                self.drainer = subprocess.Popen([sys.executable, "-c", DRAINER, str(node.process.pid), str(self.times)],
                                                stdin=r, stdout=subprocess.PIPE, text=True)
                os.close(r)
            else:
                node.start(args)
            node.wait_for_rpc_connection()
            wait_for_chain(node)
        except FailedToStartError as e:
            raise AssertionError(f"iteration {i} ({how}): node0 did not restart after the crash: {e}\n"
                                 f"--- node0 debug.log around the last replay ---\n{self.replay_context()}")

    def reap_drainer(self, timeout=10):
        """Waits for the drainer (it exits once it killed node0, or at end of file); its report."""
        if self.drainer is None:
            return None
        try:
            self.drainer.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        result = self.drainer.stdout.read().strip()
        self.drainer.stdout.close()
        self.drainer = None
        return result

    def replay_context(self):
        """node0's debug.log around its last start-up replay (partial batch lines left out)."""
        log = [line for line in self.nodes[0].debug_log_lines() if "Writing partial batch" not in line]
        idx = [k for k, line in enumerate(log) if "Replaying chainstate blocks" in line]
        if not idx:
            return "(no replay in debug.log)\n" + "\n".join(log[-30:])
        return "\n".join(log[max(0, idx[-1] - 15):idx[-1] + 25])

    @staticmethod
    def assert_killed_mid_flush(log, i, mode):
        """`log` (node0's debug.log from the iteration's start to the kill) ends inside a flush: its
        last flush started, wrote partial batches and never committed, and it carried registry
        records (every block this test mines holds registry transactions)."""
        start = log.rfind("Flushing the chainstate towards block")
        assert start >= 0, f"iteration {i} ({mode}): no flush started before the kill"
        last = log[start:]
        assert "Writing partial batch" in last, f"iteration {i} ({mode}): the killed flush wrote no partial batch"
        assert "Committing" not in last, f"iteration {i} ({mode}): the flush had committed before the kill:\n{last[-400:]}"

    @staticmethod
    def describe_replays(node, log):
        """What the start-up replays in `log` did ("" if there was none)."""
        out = []
        for line in log.splitlines():
            m = re.search(r"Replaying chainstate blocks from (\w+) \(height (-?\d+)\) to (\w+) \(height (\d+)\)", line)
            if m:
                old, old_h, new_h = m.group(1), int(m.group(2)), int(m.group(4))
                stale = old_h >= 0 and node.getblockheader(old)["confirmations"] < 0
                out.append(f"replayed an interrupted flush {old_h} -> {new_h}" + (" across a reorg (roll-back and roll-forward)" if stale else ""))
        return ", ".join(out)

    def reconcile(self, node):
        """Follows the block node0 restarted at: one this test mined (the model has its snapshot),
        or the block that was being mined at the kill (then it holds exactly the planned txs).
        No acknowledged block may be lost."""
        for blockhash in self.acked[-60:]:
            assert node.getblockheader(blockhash)["confirmations"] >= 1, f"acknowledged block {blockhash} was lost"
        tip, height = node.getbestblockhash(), node.getblockcount()
        inflight, self.inflight = self.inflight, None
        if tip in self.snaps:
            self.state = copy.deepcopy(self.snaps[tip])
            outcome = "in-flight block lost" if inflight else "no block in flight"
        else:
            assert inflight is not None, f"node0 restarted at an unknown block {tip}"
            plan, parent = inflight
            block = node.getblock(tip)
            assert_equal(block["previousblockhash"], parent)
            for tx, _, _ in plan:
                assert to_display(tx.txid()) in block["tx"], "the block at the tip is not the one being mined"
            self.state = copy.deepcopy(self.snaps[parent])
            self.commit(plan, height, tip)
            outcome = "in-flight block kept"
        assert_equal(self.state["height"], height)
        return outcome

    def sync_reference(self):
        """node1 gets node0's active chain by submitblock (invalidating any block of its own that
        node0 no longer has)."""
        n0, n1 = self.nodes
        fork = min(n0.getblockcount(), n1.getblockcount())
        while n1.getblockhash(fork) != n0.getblockhash(fork):
            fork -= 1
        if fork < n1.getblockcount():
            n1.invalidateblock(n1.getblockhash(fork + 1))
        for height in range(fork + 1, n0.getblockcount() + 1):
            assert_equal(n1.submitblock(n0.getblock(n0.getblockhash(height), 0)), None)
        assert_equal(n1.getbestblockhash(), n0.getbestblockhash())

    def check_node0(self, i, how, next_args, next_piped):
        node = self.nodes[0]
        assert_equal(node.verifychain(4, 0), True)
        stats = node.gettxoutsetinfo()
        assert_equal((stats["bestblock"], stats["height"]), (node.getbestblockhash(), node.getblockcount()))
        after_crash = self.dump(node)
        self.sync_reference()
        self.assert_crash_dump(after_crash, self.dump(self.nodes[1]), i, how, "node1")
        if i in REINDEX_ITERATIONS:
            self.stop_node(0)
            self.launch_node0(i, how, next_args + ["-reindex-chainstate"], next_piped)
            self.assert_crash_dump(after_crash, self.dump(node), i, how, "-reindex-chainstate")

    def assert_crash_dump(self, crashed, reference, i, how, what):
        try:
            self.assert_same_dump(reference, crashed)
        except AssertionError as e:
            raise AssertionError(f"iteration {i} ({how}): node0's registry after the crash differs from {what} "
                                 f"('-' {what}, '+' crashed node0):\n{e}\n"
                                 f"--- node0 debug.log around the last replay ---\n{self.replay_context()}")

    # ---------------------------------------------------------------- test
    def run_test(self):
        node, ref = self.nodes
        wait_for_chain(ref)
        self.setup_registry(node, 24)
        self.init_model(node, self.coins)
        self.first_registry_height = node.getblockcount() + 1
        self.sync_reference()

        self.log.info(f"build registry state: {SETUP_BLOCKS} blocks of registry txs")
        proxy = node.get_rpc_proxy()
        for b in range(SETUP_BLOCKS):
            forced = {4: ("dereg",), 12: ("withdraw",), 13: ("dereg",), 20: ("withdraw",)}.get(b, ())
            self.mine_planned(proxy, self.plan_block(forced))
        self.log.info(f"txs mined: {sorted(self.counts.items())}")
        state = self.dump(node)
        for needle in ['"debt"', '"by_home": true', '"deregistered_height": 1', '"settleable_until"', '"expiry_height"',
                       '"receipts_until"']:
            assert needle in state, needle
        self.sync_reference()
        self.assert_same_dump(self.dump(ref), state)

        self.log.info("kill -9 loop")
        rng = random.Random(SEED + 1)
        self.kill_rng = random.Random(SEED + 2)
        self.drainer = None
        start = time.time()
        replays = done = flush_kills = 0
        for i in range(ITERATIONS):
            if time.time() - start > TIME_BUDGET:
                break
            mode = KILL_MODES[i % len(KILL_MODES)]
            if mode == "registry":
                # A clean restart (nothing left to flush at start-up) with the kill hook armed.
                self.stop_node(0)
                self.launch_node0(i, "clean restart", self.crash_args + self.args_for(mode) +
                                  [f"-testkillregistryflush={REGISTRY_KILL_BATCH}"], False)
            offset = self.log_size(node)
            height_before = self.state["height"]
            stop = threading.Event()
            self.miner_error = self.miner_exit = None
            miner = threading.Thread(target=self.miner_thread,
                                     args=(node.get_rpc_proxy(), stop, mode, random.Random(rng.random())))
            miner.start()
            if mode == "registry":
                try:
                    node.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    raise AssertionError(f"iteration {i} (registry): no flush wrote {REGISTRY_KILL_BATCH} registry batches in 30 s")
                node.kill_process()  # already dead: the framework's bookkeeping
                log = self.log_since(node, offset)
                assert f"Killing the process after partial batch {REGISTRY_KILL_BATCH} of registry records" in log, log[-2000:]
                self.assert_killed_mid_flush(log, i, mode)
                how = f"by itself after partial batch {REGISTRY_KILL_BATCH} of a flush's registry records"
            elif mode.startswith("flush"):
                result = self.reap_drainer(timeout=15)
                node.kill_process()  # already dead if the drainer hit: the framework's bookkeeping
                if result is None:
                    result = self.reap_drainer()
                assert result == "hit", (f"iteration {i} ({mode}): the kill did not land in a flush (drainer: {result}; "
                                         f"miner: {self.miner_error or self.miner_exit!r})")
                self.assert_killed_mid_flush(self.log_since(node, offset), i, mode)
                how = f"at partial batch write #{self.times} of a flush"
            else:
                delay = rng.uniform(0.2, 2.0)
                time.sleep(delay)
                node.kill_process()
                how = f"after {delay:.2f} s"
            stop.set()
            miner.join(timeout=60)
            assert not miner.is_alive()
            assert self.miner_error is None, f"iteration {i}: the miner got an RPC error: {self.miner_error}"
            next_args = self.crash_args + self.args_for(KILL_MODES[(i + 1) % len(KILL_MODES)])
            if mode.endswith("startup"):
                node.start(next_args)
                time.sleep(rng.uniform(0.02, 0.4))
                node.kill_process()
                how += ", then again during start-up"
            next_piped = KILL_MODES[(i + 1) % len(KILL_MODES)].startswith("flush")
            self.launch_node0(i, how, next_args, next_piped)
            replayed = self.describe_replays(node, self.log_since(node, offset))
            replays += bool(replayed)
            if mode.startswith("flush") or mode == "registry":
                assert replayed, f"iteration {i} ({mode}): killed mid-flush, but the restart replayed nothing"
                if "reorg" in mode:
                    assert "across a reorg" in replayed, f"iteration {i} ({mode}): the killed flush did not span the reorg: {replayed}"
                flush_kills += 1
            outcome = self.reconcile(node)
            self.check_node0(i, how, next_args, next_piped)
            done += 1
            self.log.info(f"iteration {i} ({mode}): killed {how}; {outcome}; restarted at {self.state['height']} "
                          f"(+{self.state['height'] - height_before} blocks)"
                          f"{'; ' + replayed if replayed else ''}; state identical to "
                          f"{'-reindex-chainstate and ' if i in REINDEX_ITERATIONS else ''}node1")
        self.stop_node(0)
        self.reap_drainer()
        assert done == ITERATIONS, f"only {done} of {ITERATIONS} kill iterations in the time budget"
        assert_equal(flush_kills, sum(m.startswith("flush") or m == "registry" for m in KILL_MODES))
        self.log.info(f"{done} kill -9 iterations, {flush_kills} proven inside a flush carrying registry records, "
                      f"{replays} with an interrupted flush replayed at start-up; "
                      f"txs mined: {sorted(self.counts.items())}")


if __name__ == "__main__":
    RegistryCrashTest().main()
