#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""getregistryparams against the documents, so that doc/registry.md cannot drift from the code:
every row of its "Parameters" table (main / test and regtest columns, "same" meaning main's value),
the deposit release delay line, the "Handle registration fees" table, and the parameters
contrib/registry-attack-profit.py reads from the source, for main, test and regtest. Every
parameter getregistryparams returns must have its row. Also: the default chain is the active
one (regtest) and an unknown chain is an RPC error."""

from decimal import Decimal
import importlib.util
import os
import re

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_raises_rpc_error

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DOC = os.path.join(ROOT, "doc", "registry.md")
CONTRIB = os.path.join(ROOT, "contrib", "registry-attack-profit.py")
COIN = 100_000_000

# Rows of the Parameters table whose first cell is not the RPC's name.
ROW_NAMES = {"max settlement epochs": "max_settlement_epochs", "probe_count (K)": "probe_count",
             "probe_threshold (t)": "probe_threshold"}
# What getregistryparams returns beside the table: documented elsewhere or derived.
NOT_IN_TABLE = {"chain", "initial_subsidy", "subsidy_halving_interval", "deposit_release_delay", "handle_fees"}
FEE_ROWS = {"name, 3 chars": "name3", "name, 4 chars": "name4", "name, 5–7 chars": "name5to7", "name, 8+ chars": "name8plus"}


def section(text, title):
    """The lines of the markdown section `## title` (up to the next heading of any level)."""
    lines = text.splitlines()
    start = lines.index("## " + title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    return lines[start:end]


def table_rows(lines):
    """The body rows of the first markdown table in `lines`, as lists of stripped cells."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if line.startswith("|")]
    assert len(rows) >= 3 and set(rows[1][0]) <= set("-: "), "no markdown table"
    return rows[2:]


def cell_value(cell, amount=False):
    """The value a cell states: its first number (',' separators); a Decimal amount of DOTS when
    "DOTS" follows it or `amount` (a column of amounts), else an int."""
    m = re.match(r"([0-9][0-9,]*(?:\.[0-9]+)?)( DOTS)?", cell)
    assert m, f"no value in cell {cell!r}"
    number = Decimal(m.group(1).replace(",", ""))
    return number if m.group(2) or amount else int(number)


class RegistryParamsTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.log.info("the default is the active chain; an unknown chain is an error")
        assert_equal(node.getregistryparams(), node.getregistryparams("regtest"))
        assert_equal(node.getregistryparams()["chain"], "regtest")
        assert_raises_rpc_error(-8, 'Unknown chain "mainnet"', node.getregistryparams, "mainnet")
        params = {chain: node.getregistryparams(chain) for chain in ("main", "test", "regtest")}
        for chain, p in params.items():
            assert_equal(p["chain"], chain)

        with open(DOC, encoding="utf8") as f:
            doc = f.read()

        self.log.info("doc/registry.md \"Parameters\": every row against every chain")
        seen = set()
        checked = 0
        for row in table_rows(section(doc, "Parameters")):
            name = ROW_NAMES.get(row[0], row[0])
            assert name in params["main"], f"doc/registry.md names parameter {row[0]!r}, which getregistryparams does not return"
            seen.add(name)
            main_value = cell_value(row[1])
            regtest_value = main_value if row[2].startswith("same") else cell_value(row[2])
            for chain, expected in (("main", main_value), ("test", main_value), ("regtest", regtest_value)):
                assert_equal((chain, name, params[chain][name]), (chain, name, expected))
                checked += 1
        missing = set(params["main"]) - seen - NOT_IN_TABLE
        assert not missing, f"getregistryparams returns {sorted(missing)}, which doc/registry.md's table does not list"

        self.log.info("the deposit release delay line")
        m = re.search(r"Deposit release delay = `settle_epoch \+ settle_window` \(([0-9,]+) blocks on main, ([0-9,]+) on regtest\)", doc)
        assert m, "the deposit release delay line changed form"
        assert_equal(params["main"]["deposit_release_delay"], int(m.group(1).replace(",", "")))
        assert_equal(params["regtest"]["deposit_release_delay"], int(m.group(2).replace(",", "")))
        for p in params.values():
            assert_equal(p["deposit_release_delay"], p["settle_epoch"] + p["settle_window"])

        self.log.info("\"Handle registration fees\"")
        fee_rows = table_rows(section(doc, "Handle registration fees (burned)"))
        assert_equal(sorted(FEE_ROWS[r[0]] for r in fee_rows), sorted(params["main"]["handle_fees"]))
        for row in fee_rows:
            name = FEE_ROWS[row[0]]
            for chain, cell in (("main", row[1]), ("test", row[1]), ("regtest", row[2])):
                assert_equal((chain, name, params[chain]["handle_fees"][name]), (chain, name, cell_value(cell, amount=True)))
                checked += 1

        self.log.info("contrib/registry-attack-profit.py reads main's parameters from the source: the same values")
        spec = importlib.util.spec_from_file_location("registry_attack_profit", CONTRIB)
        contrib = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(contrib)
        source = contrib.read_main_params(os.path.join(ROOT, "src"))
        main = params["main"]
        compared = 0
        for name, value in main.items():
            if name in source:
                expected = source[name]
                actual = int(value * COIN) if isinstance(value, Decimal) else value
                assert_equal((name, actual), (name, expected))
                compared += 1
        for name, value in main["handle_fees"].items():
            assert_equal((name, int(Decimal(value) * COIN)), (name, source["fee_" + name]))
            compared += 1
        assert compared >= 15, compared
        self.log.info("%d table values and %d source values agree with getregistryparams", checked, compared)


if __name__ == "__main__":
    RegistryParamsTest().main()
