// Limits that guard against hostile input, shared by the import and the quality engine.
#pragma once

#include <cstdint>

namespace pa {

// Images whose header declares more pixels than this are refused before decoding (decompression
// bombs: a few KB of PNG or JPEG can declare gigapixels). The default; `import` and `check` take
// --max-pixels.
inline constexpr std::uint64_t kMaxImagePixels = 50'000'000;

}  // namespace pa
