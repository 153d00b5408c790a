#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + LeakSanitizer) into build-fuzz and runs
# each for a bounded time, starting from tests/fuzz/corpus. A crash or a leak leaves crash-* /
# leak-* in build-fuzz/ and fails the script: copy it into tests/fuzz/regressions/<target>/ (the
# unit suite replays those) and fix the code.
#   FUZZ_SECONDS=45 (per target)   FUZZ_TARGETS="roster photo analyze"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
secs="${FUZZ_SECONDS:-45}"
targets="${FUZZ_TARGETS:-roster photo analyze}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DPHOTOAUDIT_FUZZ=ON -DPHOTOAUDIT_BUILD_TESTS=OFF -DPHOTOAUDIT_BUILD_BENCH=OFF >/dev/null
ninja -C build-fuzz $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)
# Leak detection on: libFuzzer checks every input for memory it did not free, and LSan the whole
# run at exit. No suppressions: none of the libraries the targets use (OpenCV, dlib, libjpeg,
# libpng, libzip, iconv) leaks in them (measured; the unit suite's GL/X11/fontconfig allocations,
# tests/sanitizers/lsan.supp, do not occur here).
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=0
for t in $targets; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "fuzz: $t for ${secs}s"
  log="build-fuzz/fuzz-$t.log"
  if (cd build-fuzz && "./fuzz_$t" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 "corpus/$t" "../tests/fuzz/corpus/$t" >"../$log" 2>&1); then
    tail -n 6 "$log"
  else
    echo "fuzz: $t FAILED (the whole output: $log)"
    grep -m1 -A40 -E "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error" "$log" || tail -n 40 "$log"
    failed=1
  fi
done
exit "$failed"
