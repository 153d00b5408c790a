#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz and runs each for a
# bounded time, starting from tests/fuzz/corpus. A crash leaves crash-* in build-fuzz/: copy it
# into tests/fuzz/regressions/<target>/ (the unit suite replays those) and fix the code.
#   FUZZ_SECONDS=45 (per target)   FUZZ_TARGETS="roster photo analyze"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
secs="${FUZZ_SECONDS:-45}"
targets="${FUZZ_TARGETS:-roster photo analyze}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DPHOTOAUDIT_FUZZ=ON -DPHOTOAUDIT_BUILD_TESTS=OFF -DPHOTOAUDIT_BUILD_BENCH=OFF >/dev/null
ninja -C build-fuzz $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for t in $targets; do
  work="build-fuzz/corpus/$t"
  mkdir -p "$work"
  echo "fuzz: $t for ${secs}s"
  (cd build-fuzz && "./fuzz_$t" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
     -print_final_stats=1 "corpus/$t" "../tests/fuzz/corpus/$t" 2>&1 | tail -n 12)
done
