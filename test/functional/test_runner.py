#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Runs the DOTS functional tests in parallel and prints a summary.

    /usr/bin/python3 test/functional/test_runner.py                 # from the build dir
    /usr/bin/python3 <srcdir>/test/functional/test_runner.py --configfile <builddir>/test/config.ini
    ... test_runner.py rpc_auth.py interface_dots_cli            # a subset by name
    ... test_runner.py -j4 --timeout=300 --tmpdirprefix=/tmp

Each test runs as its own process with a distinct --portseed and --tmpdir. The last line is
"N passed, N failed[, N skipped]"; the exit code is 0 only if no test failed.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TEST_EXIT_PASSED = 0
TEST_EXIT_SKIPPED = 77

# Fast tests first so that -j finishes early; slow ones at the end.
BASE_SCRIPTS = [
    # Longest first, so parallel jobs finish together.
    "sip_e2e.py",
    "sip_browser.py",
    "sip_baresip.py",
    "sip_linphone.py",
    "sip_wallet.py",
    "sip_directory.py",
    "sip_remote_call.py",
    "sip_remote_baresip.py",
    "sip_tls.py",
    "feature_crash_kill.py",
    "wallet_crash.py",
    "feature_registry_crash.py",
    "feature_reindex.py",
    "feature_reorg.py",
    "feature_registry_payments.py",
    "feature_registry_attacks.py",
    "feature_registry_index.py",
    "feature_registry_handles.py",
    "feature_registry_probing.py",
    "feature_registry_probe_target.py",
    "feature_registry_probe_endpoints.py",
    "rpc_registry_decode.py",
    "rpc_registry_params.py",
    "feature_restart.py",
    "feature_tampered.py",
    "feature_tx_signing.py",
    "feature_sync_basic.py",
    "p2p_tx_relay.py",
    "p2p_partition.py",
    "p2p_simulation.py",
    "p2p_misbehavior.py",
    "p2p_stalling.py",
    "p2p_headers_presync.py",
    "mempool_accept.py",
    "mempool_registry.py",
    "mempool_reject_filter.py",
    "mempool_fee_estimation.py",
    "mining_basic.py",
    "mining_getblocktemplate.py",
    "mining_registry_kinds.py",
    "interface_zmq.py",
    "feature_blockchain_basic.py",
    "feature_config_args.py",
    "feature_datadir_lock.py",
    "feature_shutdown.py",
    "rpc_arguments.py",
    "rpc_auth.py",
    "rpc_bind.py",
    "rpc_jsonrpc.py",
    "rpc_misc.py",
    "interface_dots_cli.py",
    "sip_ws.py",
    "wallet_basic.py",
    "wallet_send.py",
    "wallet_handles.py",
    "wallet_nodes.py",
    "wallet_vouchers.py",
    "wallet_registration.py",
    "wallet_restore_registry.py",
]

ALL_SCRIPTS = BASE_SCRIPTS


class TestResult:
    def __init__(self, name, status, duration, output):
        self.name, self.status, self.duration, self.output = name, status, duration, output


def run_test(script_dir, name, args, tmpdir, portseed, timeout):
    cmd = [sys.executable, os.path.join(script_dir, name), f"--portseed={portseed}",
           f"--tmpdir={os.path.join(tmpdir, name.replace('.py', '') + f'_{portseed}')}"] + args
    start = time.time()
    # Output goes to a file (a pipe could fill up and block the test while we only poll).
    # Own session so that a timeout also kills the dotsd processes the test started.
    log = open(os.path.join(tmpdir, name.replace(".py", "") + f"_{portseed}.log"), "w+", encoding="utf8")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # keep the source tree clean
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True, env=env)
    proc.log = log
    return proc, start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--configfile", help="the build's test/config.ini (default: ./test/config.ini)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="how many tests to run in parallel (default 2)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds before a test is killed and fails (default 300)")
    parser.add_argument("--tmpdirprefix", default=tempfile.gettempdir(), help="where the test run directory is created")
    parser.add_argument("--failfast", action="store_true", help="stop after the first failure")
    parser.add_argument("--quiet", "-q", action="store_true", help="do not print the output of failed tests")
    parser.add_argument("--timeout-factor", type=float, default=1.0, help="passed on to each test")
    parser.add_argument("tests", nargs="*", help="tests to run (name with or without .py); default all")
    args, passon = parser.parse_known_args()

    script_dir = os.path.dirname(os.path.abspath(__file__))
    configfile = args.configfile or os.path.join(os.getcwd(), "test", "config.ini")
    if not os.path.isfile(configfile):
        fallback = os.path.join(script_dir, "..", "config.ini")
        if os.path.isfile(fallback):
            configfile = fallback
        elif not (os.getenv("DOTSD") and os.getenv("DOTSCLI")):
            print(f"No config file {configfile}: run from the build directory or pass --configfile", file=sys.stderr)
            return 1
        else:
            configfile = None
    if configfile:
        passon.append(f"--configfile={os.path.abspath(configfile)}")
    if args.timeout_factor != 1.0:
        passon.append(f"--timeout-factor={args.timeout_factor}")

    if args.tests:
        tests = []
        for t in args.tests:
            name = os.path.basename(t)
            if not name.endswith(".py"):
                name += ".py"
            if name not in ALL_SCRIPTS and not os.path.isfile(os.path.join(script_dir, name)):
                print(f"Unknown test {t}", file=sys.stderr)
                return 1
            tests.append(name)
    else:
        tests = list(BASE_SCRIPTS)

    run_dir = tempfile.mkdtemp(prefix="dots_test_runner_", dir=args.tmpdirprefix)
    print(f"Temporary test directory at {run_dir}")
    results = run_tests(script_dir, tests, passon, run_dir, args)

    print()
    width = max(len(r.name) for r in results) if results else 10
    for r in sorted(results, key=lambda r: r.name):
        print(f"{r.name:<{width}} | {r.status:<7} | {r.duration} s")
    passed = sum(1 for r in results if r.status == "Passed")
    failed = sum(1 for r in results if r.status == "Failed")
    skipped = sum(1 for r in results if r.status == "Skipped")
    not_run = len(tests) - len(results)
    if not_run:
        failed += not_run  # --failfast left these out: they did not pass
    if failed == 0:
        shutil.rmtree(run_dir, ignore_errors=True)  # keep the logs only when something failed
    else:
        print(f"Logs of this run are in {run_dir}")
    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(summary)
    return 0 if failed == 0 else 1


def run_tests(script_dir, tests, passon, run_dir, args):
    pending = list(tests)
    running = []  # (name, proc, start)
    results = []
    seed_base = os.getpid() * 16
    index = 0
    while pending or running:
        while pending and len(running) < max(1, args.jobs):
            name = pending.pop(0)
            proc, start = run_test(script_dir, name, passon, run_dir, seed_base + index, args.timeout)
            index += 1
            running.append((name, proc, start))
        time.sleep(0.1)
        for entry in list(running):
            name, proc, start = entry
            elapsed = time.time() - start
            if proc.poll() is None and elapsed < args.timeout:
                continue
            timed_out = proc.poll() is None
            if timed_out:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.wait()
            proc.log.seek(0)
            output = proc.log.read()
            proc.log.close()
            running.remove(entry)
            if timed_out:
                status = "Failed"
                output += f"\n(test killed after the {args.timeout} s timeout)\n"
            elif proc.returncode == TEST_EXIT_PASSED:
                status = "Passed"
            elif proc.returncode == TEST_EXIT_SKIPPED:
                status = "Skipped"
            else:
                status = "Failed"
            result = TestResult(name, status, int(elapsed), output)
            results.append(result)
            print(f"{len(results)}/{len(tests)} - {name} {status.lower()}, Duration: {result.duration} s", flush=True)
            if status == "Failed" and not args.quiet:
                print(f"\n{'-' * 20} {name} output {'-' * 20}\n{output}\n{'-' * 60}", flush=True)
            if status == "Failed" and args.failfast:
                for n2, p2, _ in running:
                    try:
                        os.killpg(p2.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    p2.wait()
                return results
    return results


if __name__ == "__main__":
    sys.exit(main())
