// Text encodings: rosters arrive as UTF-8, UTF-8 with BOM, or GB18030 (Excel on Chinese Windows).
#pragma once

#include <string>
#include <string_view>

namespace pa {

enum class Encoding { utf8, utf8_bom, gb18030 };
const char* to_string(Encoding e);

bool is_valid_utf8(std::string_view s);

// Detects the encoding (BOM -> utf8_bom; valid UTF-8 -> utf8; otherwise GB18030) and returns the
// text as UTF-8 without BOM. Throws pa::UserError(name_for_errors, line) when the bytes are neither
// valid UTF-8 nor valid GB18030, naming the first bad line.
std::string decode_to_utf8(std::string_view bytes, const std::string& name_for_errors,
                           Encoding* detected = nullptr);

// Plain conversions through iconv; throw std::runtime_error on invalid input.
std::string gb18030_to_utf8(std::string_view bytes);
std::string utf8_to_gb18030(std::string_view utf8);

// Strips ASCII whitespace and U+3000 (ideographic space) from both ends, and a leading UTF-8
// BOM (U+FEFF) that Excel may leave on the first cell.
std::string trim(std::string_view s);

}  // namespace pa
