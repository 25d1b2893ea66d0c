#!/usr/bin/env bash
# Installs what the tests need, checks the layer order and header paragraphs (contrib/devtools/include-graph),
# builds, and runs every test suite:
#   1. unit tests and fuzz-corpus replay (make check), in a gcc build with ASan+UBSan and -Werror;
#   2. the clang build (libFuzzer, ASan+UBSan) with lock checks: its libraries and fuzz targets
#      compile with -Wthread-safety -Werror=thread-safety -Werror, and `make lock-check` runs the same
#      analysis (-fsyntax-only) over what that build does not compile: tests, benchmarks, programs;
#   3. libFuzzer: each fuzz target briefly from its seed corpus, DOTS_JOBS targets at a time;
#   4. functional tests, including the SIP end-to-end tests with SIPp (test/functional/test_runner.py).
# Exits non-zero if anything fails. Options (environment):
#   DOTS_JOBS=N            parallel build/test jobs (default: nproc)
#   DOTS_SANITIZERS=LIST   sanitizers for the test build (default: address,undefined; "no" to disable)
#   DOTS_FUZZ_SECONDS=N    seconds per fuzz target (default: 20; 0 skips libFuzzer)
#   DOTS_CXXFLAGS=FLAGS    optimisation and debug flags of both builds (default: -O1 -g1, as OSS-Fuzz:
#                          line tables keep sanitizer reports readable and both builds compile in
#                          ~40% less time than autoconf's -g -O2; the test build skips bench_dots,
#                          which the clang stage's lock-check still compiles)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs="${DOTS_JOBS:-$(nproc)}"
sanitizers="${DOTS_SANITIZERS:-address,undefined}"
fuzz_seconds="${DOTS_FUZZ_SECONDS:-20}"
cxxflags="${DOTS_CXXFLAGS:--O1 -g1}"
passed=0
failed=0
failed_stages=()

stage() { echo; echo "=== $* === [at ${SECONDS}s]"; }
record() { # record <name> <exit code>
  if [[ "$2" -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); failed_stages+=("$1"); fi
}

stage "dependencies"
depends/install.sh test

stage "include graph, layer order, header paragraphs (contrib/devtools/include-graph)"
set +e
contrib/devtools/include-graph --quiet
rc=$?
set -e
[[ $rc -eq 0 ]] && echo "layers ok"
record "include graph" $rc

stage "build (sanitizers: $sanitizers)"
./autogen.sh >/dev/null
mkdir -p build/check
(cd build/check && "$root/configure" --enable-werror --with-sanitizers="$sanitizers" --disable-bench \
   CXXFLAGS="$cxxflags" >configure.out) ||
  { cat build/check/configure.out; exit 1; }
make -C build/check -j"$jobs" >build/check/make.out 2>&1 || { tail -50 build/check/make.out; exit 1; }
echo "built"

# ASan's leak checker needs ptrace, which some sandboxes lack; everything else stays on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

stage "unit tests and fuzz corpus replay (make check)"
set +e
make -C build/check -j"$jobs" check >build/check/check.out 2>&1
rc=$?
set -e
grep -E '^(PASS|FAIL|ERROR|# )' build/check/check.out || true
if [[ $rc -ne 0 ]]; then
  cat build/check/src/test-suite.log 2>/dev/null | tail -80
fi
record "make check" $rc

stage "clang build (libFuzzer, ASan+UBSan) with lock checks (-Wthread-safety -Werror)"
mkdir -p build/fuzz
set +e
(cd build/fuzz && "$root/configure" --enable-fuzz --with-sanitizers=address,undefined --enable-werror \
   --enable-thread-safety-analysis CXXFLAGS="$cxxflags" >configure.out 2>&1 || { cat configure.out; exit 1; }
 make -j"$jobs" >make.out 2>&1 || { grep -E -A3 "error|warning:" make.out | head -80; exit 1; }
 make -C src -j"$jobs" lock-check >lock-check.out 2>&1 || { grep -E -A3 "error|warning:" lock-check.out | head -80; exit 1; })
rc=$?
set -e
[[ $rc -eq 0 ]] && echo "built; lock checks clean"
record "clang lock checks" $rc

if [[ "$fuzz_seconds" != "0" ]]; then
  stage "libFuzzer (${fuzz_seconds}s per target, $jobs at a time)"
  set +e
  rc=0
  if [[ -x build/fuzz/src/test/fuzz/fuzz ]]; then
    targets=$(build/check/src/test/fuzz/fuzz --list)
    rm -f build/fuzz/*.rc
    # Each target fuzzes on one core from a copy of its seed corpus; its exit code goes to
    # build/fuzz/<target>.rc so the results print in order once all have run.
    # shellcheck disable=SC2016
    xargs -P "$jobs" -I{} bash -c '
      work="build/fuzz/corpus/$1"
      rm -rf "$work"; mkdir -p "$work"; cp -r "src/test/fuzz/corpus/$1/." "$work/"
      FUZZ="$1" build/fuzz/src/test/fuzz/fuzz -max_total_time="$2" -max_len=65536 -print_final_stats=0 \
        "$work" >"build/fuzz/$1.out" 2>&1
      echo $? >"build/fuzz/$1.rc"' _ {} "$fuzz_seconds" <<<"$targets"
    for target in $targets; do
      if [[ "$(cat "build/fuzz/$target.rc" 2>/dev/null)" == "0" ]]; then
        echo "fuzz $target: ok"
      else
        echo "fuzz $target: FAILED"; tail -40 "build/fuzz/$target.out"; rc=1
      fi
    done
  else
    echo "no fuzz binary: see the clang build above"; rc=1
  fi
  set -e
  record "fuzz" $rc
fi

stage "functional and SIP end-to-end tests"
set +e
/usr/bin/python3 test/functional/test_runner.py --configfile "$root/build/check/test/config.ini" -j "$jobs"
rc=$?
set -e
record "functional" $rc

echo
if [[ $failed -ne 0 ]]; then echo "failed stages: ${failed_stages[*]}"; fi
echo "stages: $passed passed, $failed failed (${SECONDS}s)"
[[ $failed -eq 0 ]]
