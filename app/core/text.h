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

// Full-width ASCII (U+FF01–U+FF5E, what a Chinese IME types in full-width mode) to ASCII, and the
// ideographic space U+3000 to a space. Everything else is kept.
std::string fold_width(std::string_view utf8);

// The identity of a person's name typed by hand (a reviewer, a checker): trimmed, width-folded,
// inner runs of spaces as one, ASCII lower case. "王老师", " 王老师 " and "ＷＡＮＧ" / "wang" meet.
std::string name_key(std::string_view utf8);

// Text from files, notes and names made safe to print on a terminal or into a message a student
// reads: C0 controls (ESC, CR, LF, TAB, BEL, ...), DEL, C1 controls (U+0080–U+009F) and the
// Unicode bidi overrides/isolates (U+202A–U+202E, U+2066–U+2069) become visible escapes
// ("\n", "\r", "\t", "\x1b", "\u202e"), and bytes that are not UTF-8 become "\xNN". So no
// escape or OSC sequence, carriage return or line break from data ever reaches a terminal raw.
std::string terminal_safe(std::string_view text);

}  // namespace pa
