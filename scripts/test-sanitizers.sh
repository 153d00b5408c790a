#!/usr/bin/env bash
# The unit tests under AddressSanitizer + UndefinedBehaviorSanitizer: builds the test binary and
# photoaudit (the tests run it as a child) into build-asan at -O1, then runs photoaudit_tests.
# Debug info is line tables only (-g1): the reports keep their file:line, the build is 16% faster.
# The Xvfb GUI tests are not part of it (they run in the normal build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DPHOTOAUDIT_SANITIZE=ON -DPHOTOAUDIT_BUILD_BENCH=OFF >/dev/null
ninja -C build-asan photoaudit photoaudit_tests
# Leaks are reported for our code; the GL/X11/fontconfig libraries' one-off allocations are not ours.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# The server tests run here too, against a throwaway cluster of their own (never skipped).
export PHOTOAUDIT_TEST_PG_DIR="$PWD/build-asan/pg-test"
scripts/pg-test-cluster.sh start "$PHOTOAUDIT_TEST_PG_DIR"
trap 'scripts/pg-test-cluster.sh stop "$PHOTOAUDIT_TEST_PG_DIR"' EXIT
# Server.TenWorkstations* (10 processes, 3,000 decisions: a test of the leases, not of memory) runs
# in the normal build's ctest only; under ASan it alone would take minutes of the CI's hour. So do
# the quality corpus's samples of its second person (grace_*): the astronaut's samples put the same
# perturbations through the same engine code here, at half the time.
# One shard per core, in parallel (the tests are independent, as CTest's -j runs them); each shard's
# output is printed when it ends, and any failing shard fails the run.
shards="$(nproc)"
pids=()
for ((i = 0; i < shards; i++)); do
  GTEST_TOTAL_SHARDS="$shards" GTEST_SHARD_INDEX="$i" \
    build-asan/photoaudit_tests --gtest_brief=1 --gtest_filter='-Server.TenWorkstations*:Quality/QualityCorpusSample.RaisesItsCodes/grace_*' "$@" \
    >"build-asan/shard-$i.log" 2>&1 &
  pids+=($!)
done
failed=0
for ((i = 0; i < shards; i++)); do
  if ! wait "${pids[$i]}"; then failed=1; fi
  echo "--- sanitizer shard $((i + 1))/$shards"
  grep -v -e '^libpng warning' -e '^TBB Warning' "build-asan/shard-$i.log" || true
done
exit "$failed"
