// 居民身份证号码 (GB 11643-1999): shape, check digit, masking; and how a 学号 or 身份证号 typed
// into a roster cell, a file name or a command line is normalised before it is compared.
#pragma once

#include <string>
#include <string_view>

namespace pa {

// 18 characters: 17 digits then a digit or X/x.
bool looks_like_id_number(std::string_view s);
// ISO 7064 MOD 11-2 check digit over the first 17 digits matches the 18th. False if not 18 chars.
bool id_check_digit_ok(std::string_view s);
// "320102199001011234" -> "3201**********1234". Shorter strings: all but the last 4 starred;
// 4 characters or fewer: all starred. Empty stays empty.
std::string mask_id(std::string_view s);

// The 学号 as compared and stored: trimmed, full-width digits and letters folded to ASCII
// (pa::fold_width), and every space (ASCII, U+3000) and invisible character inside removed:
// NBSP U+00A0, ZWSP U+200B, ZWNJ/ZWJ U+200C/D, word joiner U+2060, BOM U+FEFF. So
// "２０２１００１", " 2021001 " and "2021<U+200B>001" are all "2021001". Letters keep their case.
std::string normalize_student_no(std::string_view s);
// The 身份证号 as compared and stored: as normalize_student_no, and a lower-case check character
// x (the 18th) upper-cased. "１１０１０５１９４９１２３１００２ｘ" -> "11010519491231002X".
std::string normalize_id_number(std::string_view s);

// A file name (a path with '/' or '\\' separators) as it may be shown: every component whose
// stem (the name without its last extension) is a 身份证号 after normalize_id_number has that
// stem masked with mask_id; the rest is kept. "补交/320102199001011234.jpg" ->
// "补交/3201**********1234.jpg". For import reports, messages and any screen listing files.
std::string mask_file_name(std::string_view name);

}  // namespace pa
