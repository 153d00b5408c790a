// The fuzzed entry points, shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp) and the unit
// test that replays tests/fuzz/regressions/ (every crash a fuzzer found stays a test).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/error.h"
#include "ingest/photos.h"
#include "ingest/roster.h"
#include "quality/engine.h"

namespace pa::fuzz {

// The roster parser: any bytes parse or are refused with pa::UserError.
inline void roster(std::string_view bytes) {
  try {
    Roster r = parse_roster_bytes(bytes, "fuzz.csv");
    (void)r;
  } catch (const UserError&) {
  }
}

// The import of a photo: the bytes as a photo file (validate_image), then as a .zip batch
// (PhotoSource: entry names, sizes, reads) whose entries are validated in turn.
inline void photo(std::string_view bytes) {
  ImageInfo info;
  std::string error;
  validate_image(bytes, &info, &error);
  const auto zip = std::filesystem::temp_directory_path() / ("photoaudit-fuzz-" + std::to_string(::getpid()) + ".zip");
  std::ofstream(zip, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  try {
    auto source = PhotoSource::open(zip.string());
    for (std::size_t i = 0; i < source->entries().size(); ++i) {
      try {
        validate_image(source->read(i), &info, &error);
      } catch (const UserError&) {
      }
    }
  } catch (const UserError&) {
  }
  std::filesystem::remove(zip);
}

// The check pipeline: decoding (bounded to 4 megapixels to keep runs fast) and every check.
inline void analyze(std::string_view bytes) {
  quality::Analysis a = quality::Engine::instance().analyze_bytes(bytes, nullptr, 4'000'000);
  (void)quality::to_json(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace pa::fuzz
