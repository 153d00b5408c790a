// Limits that guard against hostile input, shared by the import, the quality engine and the CLI.
#pragma once

#include <cstdint>

namespace pa {

// Images whose header declares more pixels than this are refused before decoding (decompression
// bombs: a few KB of PNG or JPEG can declare gigapixels). The default; `import` and `check` take
// --max-pixels.
inline constexpr std::uint64_t kMaxImagePixels = 50'000'000;

// Largest photo file or zip entry that is read (PhotoSource::read, `photoaudit check`): a guard
// against zip bombs and stray disk images in the photo folder. Larger ones are refused unread.
inline constexpr std::uint64_t kMaxSourceEntryBytes = 256ull << 20;

// Largest roster CSV that is read. A roster of 100 000 students with every column filled is
// about 20 MB; anything beyond this is not a roster.
inline constexpr std::uint64_t kMaxRosterBytes = 64ull << 20;

// Largest small settings file that is read (the audit calendar JSON for `calendar --set`).
inline constexpr std::uint64_t kMaxSettingsFileBytes = 1ull << 20;

}  // namespace pa
