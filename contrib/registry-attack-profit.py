#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Profit per day of each registry attack at main's parameters (doc/registry.md "Threat model").

Prints a Markdown table: for every attack, what the attacker gains and pays per day, and the
difference. Amounts in DOTS. The parameters are main's (src/consensus/params.cpp); transaction
sizes follow the wire formats of doc/registry.md (one KEY_HASH input, one change output);
the fee rate is an assumption (--feerate, units per byte; the mempool's minimum relay fee once it
exists). Rerun after changing a parameter:

    contrib/registry-attack-profit.py [--feerate 1] [--total-bond 100000] [--honest-fraction 0.9]
"""

import argparse
from math import comb

COIN = 100_000_000
MAIN = {
    "block_seconds": 60,
    "subsidy": 5 * COIN,
    "call_reward_share_bps": 2_000,
    "min_node_bond": 100 * COIN,
    "settle_epoch": 60,
    "settle_window": 1_440,
    "probe_epoch": 1_440,
    "probe_count": 9,
    "probe_threshold": 3,
    "fee_name8plus": COIN // 10,
    "handle_lifetime": 525_600,
}

# Transaction sizes (bytes): version 4, kind 2, 1 input (40) with its KEY_HASH witness (1 + 33 + 65),
# 1 output (41), locktime 4, counts 1 + 1 + 1, plus CompactSize(payload) and the payload.
TX_OVERHEAD = 4 + 2 + 1 + 40 + 1 + 41 + 4 + (1 + 33 + 65)


def compact(n):
    return 1 if n < 253 else 3


def tx_size(payload, inputs=1):
    """Serialized size with `inputs` (1 or 0) KEY_HASH inputs and one output."""
    size = TX_OVERHEAD + compact(payload) + payload
    return size if inputs == 1 else size - 40 - (1 + 33 + 65)


SIZES = {
    "deposit": tx_size(72),
    "settlement (1 voucher)": tx_size(65 + 180),
    "settlement (24 vouchers)": tx_size(65 + 24 * 180),
    "receipts (3)": tx_size(37 + 3 * 65),
    "withdrawal (no input)": tx_size(76 + 64, inputs=0),
    "node register": tx_size(32 + 4 + 1 + 8 + 8 + 1 + 1 + 40 + 1 + 1 + 64),
}


def dots(units):
    return f"{units / COIN:,.8f}"


def row(name, gain, cost, note):
    return f"| {name} | {dots(gain)} | {dots(cost)} | {dots(gain - cost)} | {note} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feerate", type=float, default=1.0, help="fee in units per byte (default 1)")
    parser.add_argument("--total-bond", type=float, default=100_000, help="W: DOTS bonded by all active nodes (default 100,000)")
    parser.add_argument("--attacker-bond", type=float, default=1_000, help="DOTS the attacker has bonded (default 1,000)")
    args = parser.parse_args()
    p = MAIN
    fee = lambda kind: int(SIZES[kind] * args.feerate)  # noqa: E731
    blocks_per_day = 86_400 // p["block_seconds"]
    pool_day = p["subsidy"] * p["call_reward_share_bps"] // 10_000 * blocks_per_day
    epochs_per_day = blocks_per_day // p["settle_epoch"]
    W = int(args.total_bond * COIN)
    B = int(args.attacker_bond * COIN)
    honest_share = pool_day * B // W

    print(f"Main: {blocks_per_day} blocks a day, availability pool {dots(pool_day)} DOTS a day, fee rate {args.feerate} units/byte,")
    print(f"W = {args.total_bond:,.0f} DOTS bonded in all, attacker bond {args.attacker_bond:,.0f} DOTS "
          f"(its honest share: {dots(honest_share)} DOTS a day).")
    print()
    print("Transaction sizes: " + ", ".join(f"{k} {v} B" for k, v in SIZES.items()))
    print()
    print("| attack | gain per day | cost per day | profit per day | why |")
    print("|---|---|---|---|---|")
    for n in (2, 10):
        pairs = n  # a ring: each node originates to the next
        hourly = pairs * epochs_per_day * fee("settlement (1 voucher)")
        daily = pairs * fee("settlement (24 vouchers)")
        print(row(f"fabricated minutes, {n} nodes, settled hourly", 0, hourly,
                  "vouchers move the operator's own deposits between its own nodes; nothing is created"))
        print(row(f"fabricated minutes, {n} nodes, settled once a day", 0, daily, "same, 24 epochs per settlement"))
    print(row("v1 for comparison: two bonded nodes fabricating call records", 173 * COIN, 2 * 1_440 * fee("settlement (1 voucher)"),
              "the v1 pool paid 0.12 DOTS a block per colluding pair (issue 10)"))
    print(row("withholding receipts as a prober", 0, 0,
              "W_e counts every bond at the seed; unqualified shares are never created, nobody's share grows"))
    # An offline node qualifies when >= t of its K probers are the attacker's (probability q).
    f = args.attacker_bond / args.total_bond
    K, t = p["probe_count"], p["probe_threshold"]
    q = sum(comb(K, i) * f**i * (1 - f) ** (K - i) for i in range(t, K + 1))
    print(row(f"offline node, colluding probers (bond fraction {f:.3f})", int(honest_share * q), fee("receipts (3)"),
              f"qualifies with probability {q:.2e}; the same bond online earns {dots(honest_share)}: faking saves only the cost of running it"))
    for k in (10, 100):
        print(row(f"bond split over {k} nodes (Sybil)", 0, (k - 1) * fee("receipts (3)"),
                  "shares are pool x bond / W: the split earns the same and pays k receipts a day"))
    print(row("miner leaving registry transactions out", 0, 0,
              "the coinbase is subsidy - pool + fees in every block: it only forgoes their fees"))
    print(row("miner grinding the seed (one withheld block a day)", 0, p["subsidy"] - p["subsidy"] * p["call_reward_share_bps"] // 10_000,
              "re-draws who probes whom; shares are fixed by bond"))
    print(row("originating node signing beyond its deposit (once)", 0, 0,
              "gains the calls a terminating node accepts on credit, once; then it is refused (policy)"))
    squat = p["fee_name8plus"] * blocks_per_day // p["handle_lifetime"]  # the yearly fee per day
    print(row("squatting an 8-character name", 0, squat, "the burned fee, every year (per day shown)"))


if __name__ == "__main__":
    main()
