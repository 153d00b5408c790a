// libFuzzer target: pa::fuzz::analyze (tests/fuzz/fuzz_entry.h). Built by scripts/fuzz.sh.
#include "fuzz_entry.h"

// The landmark model loads here, before libFuzzer times any input: under the sanitizers loading
// it takes seconds (more on a loaded machine), which the per-input timeout is not about.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  pa::quality::Engine::instance().load_model();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pa::fuzz::analyze(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
