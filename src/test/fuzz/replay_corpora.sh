#!/bin/sh
# Run by `make check`: replays every fuzz target over its seed corpus (test/fuzz/corpus/<target>)
# with the non-libFuzzer build of test/fuzz/fuzz. A crash or sanitizer report fails the check.
set -e
srcdir="${srcdir:-$(dirname "$0")/../..}"
fuzz="./test/fuzz/fuzz"
corpus_root="$srcdir/test/fuzz/corpus"
failed=0
for target in $("$fuzz" --list); do
  dir="$corpus_root/$target"
  if [ ! -d "$dir" ]; then
    echo "fuzz target $target has no seed corpus in $dir" >&2
    failed=1
    continue
  fi
  FUZZ="$target" "$fuzz" "$dir" || failed=1
done
exit $failed
