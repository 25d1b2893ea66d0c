#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Profit per day of each registry attack at main's parameters (doc/registry.md "Threat model").

Prints a Markdown table: for every attack, what the attacker gains per day, what it pays per day
(the fees of every transaction it needs, burned handle fees, block rewards it gives up, and the
one-time fees spread over --horizon days), the capital it keeps locked (bonds, deposits; returned
at the end, priced per day only with --capital-rate), and the difference. Amounts in DOTS.

The parameters are read from the source, the source of truth: src/consensus/params.h (the
RegistryParams defaults main uses), src/consensus/params.cpp (CommonParams and what MainParams
changes) and src/mempool/policy.h (the minimum relay fee, the default fee rate). Transaction
sizes follow the wire formats of doc/registry.md (one KEY_HASH input, one change output).
Rerun after changing a parameter:

    contrib/registry-attack-profit.py [--feerate UNITS_PER_BYTE] [--total-bond 100000] [--attacker-bond 1000]
                                      [--horizon 365] [--capital-rate 0] [--deposit 1] [--src DIR]
"""

import argparse
import os
import re
from math import comb

COIN = 100_000_000


# ---- parameters from the source ----

def cpp_value(expr):
    """The value of a constant C++ expression of the parameter files (digits with ' separators,
    COIN, + - * / and parentheses)."""
    expr = expr.replace("'", "").replace("COIN", str(COIN)).strip()
    if not re.fullmatch(r"[0-9+\-*/() ]+", expr):
        raise ValueError(f"not a constant expression: {expr!r}")
    return eval(expr.replace("/", "//"))  # noqa: S307 (checked above: integers and operators only)


def function_body(text, name):
    m = re.search(r"\b" + name + r"\(\)\s*\{", text)
    if not m:
        raise ValueError(f"{name}() not found")
    depth, i = 1, m.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return text[m.end():i - 1]


def read_main_params(src):
    """Main's consensus and registry parameters as the source defines them."""
    with open(os.path.join(src, "consensus", "params.h"), encoding="utf8") as f:
        header = f.read()
    with open(os.path.join(src, "consensus", "params.cpp"), encoding="utf8") as f:
        params_cpp = f.read()
    with open(os.path.join(src, "mempool", "policy.h"), encoding="utf8") as f:
        policy = f.read()
    p = {}
    registry = re.search(r"struct RegistryParams \{(.*?)\n\};", header, re.S).group(1)
    for name, value in re.findall(r"^\s*\w+ (\w+)\{([^}]*)\};", registry, re.M):
        p[name] = cpp_value(value)
    consensus = re.search(r"struct ConsensusParams \{(.*?)\n\};", header, re.S).group(1)
    for name, value in re.findall(r"^\s*[\w:<>, ]+ (\w+)\{([^}]*)\};", consensus, re.M):
        try:
            p[name] = cpp_value(value)
        except ValueError:
            pass  # not a number (arrays, hashes)
    # CommonParams, then what MainParams changes (p.x = ...; or r.x = ... for the registry).
    for body in (function_body(params_cpp, "CommonParams"), function_body(params_cpp, "MainParams")):
        for name, value in re.findall(r"^\s*(?:p|r|p\.registry)\.(\w+) = ([^;]+);", body, re.M):
            try:
                p[name] = cpp_value(value)
            except ValueError:
                pass  # chain name, pow limit, message start
    p["min_relay_fee_per_kb"] = cpp_value(re.search(r"DEFAULT_MIN_RELAY_TX_FEE = ([^;]+);", policy).group(1))
    for name in ("pow_target_spacing", "initial_subsidy", "call_reward_share_bps", "min_node_bond", "settle_epoch",
                 "probe_epoch", "probe_count", "probe_threshold", "fee_name8plus", "handle_lifetime"):
        if name not in p:
            raise ValueError(f"parameter {name} not found in the source")
    return p


# ---- transaction sizes (bytes) ----
# version 4, kind 2, 1 input (40) with its KEY_HASH witness (1 + 33 + 65), 1 output (41),
# locktime 4, counts 1 + 1 + 1, plus CompactSize(payload) and the payload.
TX_OVERHEAD = 4 + 2 + 1 + 40 + 1 + 41 + 4 + (1 + 33 + 65)
VOUCHER = 4 + 8 + 8 + 32 + 32 + 32 + 64  # epoch seconds rate root nonces sig
NODE_BODY = 32 + 4 + 1 + 8 + 8           # node seq op bond rate


def compact(n):
    return 1 if n < 253 else 3


def tx_size(payload, inputs=1):
    """Serialized size with `inputs` (1 or 0) KEY_HASH inputs and one output."""
    size = TX_OVERHEAD + compact(payload) + payload
    return size if inputs == 1 else size - 40 - (1 + 33 + 65)


ENDPOINT = len("sip:gw.example.org:5060;transport=udp")
SIZES = {
    "deposit": tx_size(32 + 32 + 8),
    "settlement (1 voucher)": tx_size(32 + 32 + 1 + VOUCHER),
    "settlement (24 vouchers)": tx_size(32 + 32 + 1 + 24 * VOUCHER),
    "receipts (3)": tx_size(32 + 4 + 1 + 3 * 65),
    "withdrawal (no input)": tx_size(32 + 4 + 8 + 32 + 64, inputs=0),
    "node register": tx_size(NODE_BODY + 1 + 1 + ENDPOINT + 1 + 1 + 64),
    "node deregister": tx_size(NODE_BODY + 1 + 1 + 1 + 64),
    "handle commit": tx_size(32),
    "handle register (8 chars)": tx_size(1 + 8 + 32 + 32),
}


def dots(units):
    return f"{units / COIN:,.8f}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", default=os.path.join(here, "..", "src"), help="the source tree to read the parameters from")
    parser.add_argument("--feerate", type=float, help="fee in units per byte (default: the minimum relay fee)")
    parser.add_argument("--total-bond", type=float, default=100_000, help="W: DOTS bonded by all active nodes (default 100,000)")
    parser.add_argument("--attacker-bond", type=float, default=1_000, help="DOTS the attacker has bonded (default 1,000)")
    parser.add_argument("--deposit", type=float, default=1, help="DOTS a fabricating pair keeps deposited (default 1)")
    parser.add_argument("--horizon", type=float, default=365, help="days one-time fees are spread over (default 365)")
    parser.add_argument("--capital-rate", type=float, default=0.0,
                        help="yearly cost of locked capital as a fraction (default 0: locked capital is shown, not priced)")
    args = parser.parse_args()
    p = read_main_params(args.src)
    feerate = args.feerate if args.feerate is not None else p["min_relay_fee_per_kb"] / 1000
    fee = {k: int(v * feerate) for k, v in SIZES.items()}
    blocks_per_day = 86_400 // p["pow_target_spacing"]
    pool_block = p["initial_subsidy"] * p["call_reward_share_bps"] // 10_000
    pool_day = pool_block * blocks_per_day
    settle_epochs_per_day = blocks_per_day // p["settle_epoch"]
    W = int(args.total_bond * COIN)
    B = int(args.attacker_bond * COIN)
    honest_share = pool_day * B // W
    deposit = int(args.deposit * COIN)

    def row(name, gain, daily, once, locked, note):
        cost = daily + once / args.horizon + locked * args.capital_rate / 365
        return f"| {name} | {dots(gain)} | {dots(int(cost))} | {dots(locked)} | {dots(int(gain - cost))} | {note} |"

    print(f"Main (read from {os.path.relpath(args.src)}): {blocks_per_day} blocks a day, subsidy {dots(p['initial_subsidy'])}, "
          f"availability pool {dots(pool_day)} DOTS a day, min_node_bond {dots(p['min_node_bond'])}, "
          f"settle_epoch {p['settle_epoch']}, probe K = {p['probe_count']}, t = {p['probe_threshold']}.")
    print(f"Fee rate {feerate:g} units/byte; one-time fees spread over {args.horizon:g} days; locked capital priced at "
          f"{args.capital_rate:g} a year; W = {args.total_bond:,.0f} DOTS bonded in all, attacker bond {args.attacker_bond:,.0f} "
          f"DOTS (its honest share: {dots(honest_share)} DOTS a day).")
    print()
    print("Transaction sizes: " + ", ".join(f"{k} {v} B" for k, v in SIZES.items()))
    print()
    print("| attack | gain per day | cost per day | capital locked | profit per day | why |")
    print("|---|---|---|---|---|---|")
    for n in (2, 10):
        # A ring: each node originates to the next. Every day: settlements, one deposit top-up per
        # pair (the vouchers drain it), one withdrawal per node; once: register and deregister.
        once = n * (fee["node register"] + fee["node deregister"])
        locked = n * (p["min_node_bond"] + deposit)
        upkeep = n * (fee["deposit"] + fee["withdrawal (no input)"])
        print(row(f"fabricated minutes, {n} nodes, settled hourly", 0, n * settle_epochs_per_day * fee["settlement (1 voucher)"] + upkeep,
                  once, locked, "vouchers move the operator's own deposits between its own nodes; nothing is created"))
        print(row(f"fabricated minutes, {n} nodes, settled once a day", 0, n * fee["settlement (24 vouchers)"] + upkeep, once, locked,
                  "same, 24 epochs per settlement"))
    print(row("v1 for comparison: two bonded nodes fabricating call records", 173 * COIN, 2 * blocks_per_day * fee["settlement (1 voucher)"],
              0, 2 * p["min_node_bond"], "the v1 pool paid 0.12 DOTS a block per colluding pair (issue 10)"))
    print(row("withholding receipts as a prober", 0, 0, 0, p["min_node_bond"],
              "W_e counts every bond at the seed; unqualified shares are never created, nobody's share grows; "
              "being a prober needs a bond"))
    # An offline node qualifies when >= t of its K probers are the attacker's (probability q).
    f = args.attacker_bond / args.total_bond
    K, t = p["probe_count"], p["probe_threshold"]
    q = sum(comb(K, i) * f**i * (1 - f) ** (K - i) for i in range(t, K + 1))
    print(row(f"offline node, colluding probers (bond fraction {f:.3f})", int(honest_share * q), fee["receipts (3)"], 0, B,
              f"qualifies with probability {q:.2e}; the same bond online earns {dots(honest_share)}: faking saves only the cost of running it"))
    for k in (10, 100):
        print(row(f"bond split over {k} nodes (Sybil)", 0, (k - 1) * fee["receipts (3)"], (k - 1) * fee["node register"], B,
                  "shares are pool x bond / W: the split earns the same and pays k receipts a day and k registrations"))
    print(row("miner leaving registry transactions out", 0, 0, 0, 0,
              "the coinbase is subsidy - pool + fees in every block: it only forgoes their fees"))
    print(row("miner grinding the seed (one withheld block a day)", 0, p["initial_subsidy"] - pool_block, 0, 0,
              "re-draws who probes whom; shares are fixed by bond"))
    print(row("originating node signing beyond its deposit (once)", 0, 0, fee["deposit"], p["min_node_bond"] + 1,
              "gains the calls a terminating node accepts on credit, once; then it is refused (policy)"))
    squat_year = p["fee_name8plus"] + fee["handle commit"] + fee["handle register (8 chars)"]
    print(row("squatting an 8-character name", 0, squat_year * blocks_per_day // p["handle_lifetime"], 0, 0,
              "the burned fee and the commit and reveal fees, every handle lifetime (per day shown)"))


if __name__ == "__main__":
    main()
