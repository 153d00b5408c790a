// 居民身份证号码 (GB 11643-1999): shape, check digit, masking.
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

}  // namespace pa
