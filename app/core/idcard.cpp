// 居民身份证号码 (GB 11643-1999): shape check, ISO 7064 MOD 11-2 check digit, masking for display.
#include "core/idcard.h"

#include <array>
#include <cstddef>
#include <vector>

#include "core/text.h"

namespace pa {

namespace {

constexpr std::size_t kIdLength = 18;
constexpr std::size_t kBodyLength = 17;  // digits covered by the check digit

// GB 11643-1999 weights (2^(17-i) mod 11) and the check character for each sum mod 11.
constexpr std::array<int, kBodyLength> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
                                                   7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char expected_check_char(std::string_view body17) {
  int sum = 0;
  for (std::size_t i = 0; i < kBodyLength; ++i) sum += (body17[i] - '0') * kWeights[i];
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

// Splits UTF-8 text into code points (as byte slices) so masking never cuts a character in
// half. Bytes that are not valid UTF-8 lead bytes are treated as one character each.
std::vector<std::string_view> split_code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + n > s.size()) n = s.size() - i;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Characters that do not show but make two typed numbers differ, as UTF-8: NBSP U+00A0, ZWSP
// U+200B, ZWNJ U+200C, ZWJ U+200D, word joiner U+2060, BOM U+FEFF (Excel, Word and web forms
// leave them in copied cells and file names).
constexpr std::array<std::string_view, 6> kInvisible = {"\xC2\xA0",     "\xE2\x80\x8B", "\xE2\x80\x8C",
                                                        "\xE2\x80\x8D", "\xE2\x81\xA0", "\xEF\xBB\xBF"};

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Width-folded, without spaces or invisible characters. The multi-byte ones are only looked for
// in valid UTF-8: in other bytes (a GBK file name) the same byte pairs are parts of characters.
std::string strip_number_noise(std::string_view s) {
  const std::string folded = fold_width(s);  // also U+3000 -> ' '
  const bool utf8 = is_valid_utf8(folded);
  std::string out;
  out.reserve(folded.size());
  std::string_view rest = folded;
  while (!rest.empty()) {
    if (is_ascii_space(rest.front())) {
      rest.remove_prefix(1);
      continue;
    }
    bool invisible = false;
    if (utf8)
      for (std::string_view seq : kInvisible)
        if (rest.starts_with(seq)) {
          rest.remove_prefix(seq.size());
          invisible = true;
          break;
        }
    if (invisible) continue;
    out.push_back(rest.front());
    rest.remove_prefix(1);
  }
  return out;
}

}  // namespace

std::string normalize_student_no(std::string_view s) { return strip_number_noise(s); }

std::string normalize_id_number(std::string_view s) {
  std::string id = strip_number_noise(s);
  if (id.size() == kIdLength && id.back() == 'x') id.back() = 'X';
  return id;
}

std::string mask_file_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  std::size_t start = 0;
  for (;;) {
    const std::size_t sep = name.find_first_of("/\\", start);
    const std::string_view part = name.substr(start, sep == std::string_view::npos ? name.npos : sep - start);
    const std::size_t dot = part.rfind('.');
    const std::string_view stem = (dot == std::string_view::npos || dot == 0) ? part : part.substr(0, dot);
    if (looks_like_id_number(normalize_id_number(stem))) {
      out += mask_id(stem);
      out += part.substr(stem.size());
    } else {
      out += part;
    }
    if (sep == std::string_view::npos) break;
    out += name[sep];
    start = sep + 1;
  }
  return out;
}

bool looks_like_id_number(std::string_view s) {
  if (s.size() != kIdLength) return false;
  for (std::size_t i = 0; i < kBodyLength; ++i)
    if (!is_digit(s[i])) return false;
  const char last = s[kBodyLength];
  return is_digit(last) || last == 'X' || last == 'x';
}

bool id_check_digit_ok(std::string_view s) {
  if (!looks_like_id_number(s)) return false;
  char last = s[kBodyLength];
  if (last == 'x') last = 'X';
  return expected_check_char(s.substr(0, kBodyLength)) == last;
}

std::string mask_id(std::string_view s) {
  const std::vector<std::string_view> chars = split_code_points(s);
  const std::size_t n = chars.size();
  // Full-length numbers keep the region prefix and the last 4; others keep only the last 4.
  const std::size_t keep_head = n == kIdLength ? 4 : 0;
  const std::size_t keep_tail = n > 4 ? 4 : 0;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    const bool visible = i < keep_head || i >= n - keep_tail;
    if (visible) {
      out.append(chars[i]);
    } else {
      out.push_back('*');
    }
  }
  return out;
}

}  // namespace pa
