// libFuzzer target: pa::fuzz::analyze (tests/fuzz/fuzz_entry.h). Built by scripts/fuzz.sh.
#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pa::fuzz::analyze(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
