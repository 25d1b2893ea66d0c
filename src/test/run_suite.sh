#!/bin/sh
# Run by `make check` once per unit-test file, so `make -jN check` runs N suites at a time:
#   run_suite.sh TEST_BINARY test/<name>_tests.cpp  runs the Boost.Test suite <name>_tests, which
#                                                  that file declares (suite name = file name);
#   run_suite.sh TEST_BINARY test/main.cpp          checks that every top-level suite in the binary
#                                                  belongs to a file listed in DOTS_TEST_SUITES, so no
#                                                  suite (or test case outside a suite) goes unrun.
# Each suite runs under a time limit, DOTS_SUITE_TIMEOUT seconds (default 300, many times the
# slowest suite), so a hung suite fails with its name instead of hanging `make check`: on expiry
# it gets SIGTERM, then SIGKILL 10 s later, and its log ends at the test case it hung in.
set -eu
binary="$1"
file="$2"
name="$(basename "$file" .cpp)"
limit="${DOTS_SUITE_TIMEOUT:-300}"
case "$name" in
  main) ;;
  *_tests)
    # Boost logs every suite --run_test leaves out as skipped: drop those lines. The suite's own
    # status goes through a file, since a POSIX pipeline returns grep's.
    status_file="$(mktemp)"
    { timeout --kill-after=10 "$limit" "$binary" --run_test="$name" 2>&1; echo $? >"$status_file"; } |
      grep -v 'is skipped because' || true
    status="$(cat "$status_file")"
    rm -f "$status_file"
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then # timeout's codes: limit reached (then SIGKILL)
      echo "run_suite.sh: TIMEOUT: suite $name did not finish in ${limit} s (DOTS_SUITE_TIMEOUT) and was" \
           "stopped in the test case entered last above" >&2
    fi
    exit $status ;;
  *) echo "run_suite.sh: $file is not a test suite file (test/<name>_tests.cpp): TEST_DOTS_SOURCES" \
          "lists only test/main.cpp and suite files; list a helper header in TEST_UTIL_H" \
          "(src/test/Makefile.inc)" >&2
     exit 1 ;;
esac
# Top-level units are the unindented lines of --list_content (it prints to stderr), e.g. "util_tests*".
units="$("$binary" --list_content 2>&1 | sed -n 's/^\([A-Za-z0-9_]\{1,\}\)\*\{0,1\}$/\1/p')"
if [ -z "$units" ]; then
  echo "run_suite.sh: $binary --list_content listed no suite" >&2
  exit 1
fi
status=0
for unit in $units; do
  case " $DOTS_TEST_SUITES " in
    *" $unit "*) ;;
    *) echo "test unit '$unit' is run by no file: name each Boost.Test suite after its file" \
            "(test/$unit.cpp declares BOOST_AUTO_TEST_SUITE($unit)), and keep test cases inside it" >&2
       status=1 ;;
  esac
done
[ $status -eq 0 ] && echo "all $(echo $units | wc -w) suites are run by their files"
exit $status
