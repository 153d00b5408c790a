// Every input a fuzzer ever crashed on stays a test: tests/fuzz/regressions/<target>/* are
// replayed through the same entry points the libFuzzer targets call (tests/fuzz/fuzz_entry.h),
// together with the seed corpus.
#include <gtest/gtest.h>

#include "../fuzz/fuzz_entry.h"
#include "audit_test_util.h"

namespace pa::test {
namespace {

int replay(const std::string& target, void (*entry)(std::string_view)) {
  int n = 0;
  for (const char* set : {"corpus", "regressions"}) {
    const fs::path dir = source_dir() / "tests/fuzz" / set / target;
    if (!fs::exists(dir)) continue;
    for (const auto& f : fs::directory_iterator(dir)) {
      SCOPED_TRACE(f.path().string());
      entry(read_file(f.path()));
      ++n;
    }
  }
  return n;
}

TEST(HostileFuzzRegressions, RosterInputsReplayWithoutCrashing) { EXPECT_GT(replay("roster", fuzz::roster), 0); }
TEST(HostileFuzzRegressions, PhotoInputsReplayWithoutCrashing) { EXPECT_GT(replay("photo", fuzz::photo), 0); }
TEST(HostileFuzzRegressions, AnalyzeInputsReplayWithoutCrashing) { EXPECT_GT(replay("analyze", fuzz::analyze), 0); }

}  // namespace
}  // namespace pa::test
