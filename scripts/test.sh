#!/usr/bin/env bash
# Sets up a fresh machine (Debian packages), builds photoaudit and runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build
scripts/fetch-people.sh  # real people and real faults from npm and Debian packages (tests/data/*.tsv)
cd build
ctest --output-on-failure --timeout 600 -j "$(nproc)"
