// Text encodings: strict UTF-8 validation, GB18030 <-> UTF-8 through glibc iconv, and the
// detection used for registrar rosters (UTF-8 with BOM, UTF-8, or GB18030 from Excel).
#include "core/text.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "core/error.h"

namespace pa {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
constexpr std::size_t kNoError = std::string_view::npos;

// ---------------------------------------------------------------------------------------------
// UTF-8

bool in_range(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  const unsigned char c = at(0);
  if (c < 0x80) return 1;
  if (in_range(c, 0xC2, 0xDF)) return in_range(at(1), 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    // The second byte's range excludes overlongs (E0) and UTF-16 surrogates (ED).
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return in_range(at(1), lo, hi) && in_range(at(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    // The second byte's range excludes overlongs (F0) and code points above U+10FFFF (F4).
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return in_range(at(1), lo, hi) && in_range(at(2), 0x80, 0xBF) && in_range(at(3), 0x80, 0xBF)
               ? 4
               : 0;
  }
  return 0;
}

// Offset of the first byte that does not start a well-formed UTF-8 sequence, or kNoError.
std::size_t utf8_error_offset(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return kNoError;
}

// 1-based line holding byte `offset`. CRLF, LF and a lone CR each end one line, as in the CSV
// reader, so the numbers agree with what the roster parser reports.
int line_at(std::string_view bytes, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
    } else if (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')) {
      ++line;
    }
  }
  return line;
}

// ---------------------------------------------------------------------------------------------
// iconv

// Owns one iconv conversion descriptor.
class IconvHandle {
 public:
  IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (cd_ == reinterpret_cast<iconv_t>(-1))
      throw std::runtime_error(std::string("iconv cannot convert ") + from + " to " + to);
  }
  ~IconvHandle() { iconv_close(cd_); }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

struct Conversion {
  std::string text;                  // the converted text (complete only when ok())
  std::size_t error_at = kNoError;   // input offset of the first invalid or truncated sequence
  bool ok() const { return error_at == kNoError; }
};

// Converts the whole input, growing the output buffer as needed. Stops at the first invalid
// (EILSEQ) or incomplete (EINVAL) input sequence and records where it starts.
Conversion iconv_convert(const char* to, const char* from, std::string_view input) {
  IconvHandle cd(to, from);
  Conversion result;
  result.text.resize(input.size() * 2 + 16);
  char* in = const_cast<char*>(input.data());  // iconv's API is not const-correct
  std::size_t in_left = input.size();
  std::size_t produced = 0;
  while (in_left > 0) {
    char* out = result.text.data() + produced;
    std::size_t out_left = result.text.size() - produced;
    const std::size_t r = iconv(cd.get(), &in, &in_left, &out, &out_left);
    produced = result.text.size() - out_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      result.text.resize(result.text.size() * 2);
      continue;
    }
    result.error_at = static_cast<std::size_t>(in - input.data());  // EILSEQ or EINVAL
    break;
  }
  result.text.resize(produced);
  return result;
}

Conversion gb18030_conversion(std::string_view bytes) {
  Conversion c = iconv_convert("UTF-8", "GB18030", bytes);
  // GB18030 can carry U+FEFF too (bytes 84 31 95 33); callers want text without a BOM.
  if (c.ok() && c.text.starts_with(kUtf8Bom)) c.text.erase(0, kUtf8Bom.size());
  return c;
}

// ---------------------------------------------------------------------------------------------
// Detection errors

bool has_utf16_bom(std::string_view bytes) {
  return bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
}

[[noreturn]] void throw_utf16(const std::string& name) {
  throw UserError(
      "文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8”或“CSV”格式 "
      "(file is UTF-16; save it from Excel as \"CSV UTF-8\" or plain \"CSV\")",
      name, 1);
}

[[noreturn]] void throw_undecodable(const std::string& name, int line) {
  const std::string n = std::to_string(line);
  throw UserError("第 " + n + " 行既不是有效的 UTF-8 也不是有效的 GB18030 编码 (line " + n +
                      " is neither valid UTF-8 nor valid GB18030)",
                  name, line);
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

// -----------------------------------------------------------------------------------------------

const char* to_string(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "utf8";
    case Encoding::utf8_bom: return "utf8_bom";
    case Encoding::gb18030: return "gb18030";
  }
  return "?";
}

bool is_valid_utf8(std::string_view s) { return utf8_error_offset(s) == kNoError; }

std::string decode_to_utf8(std::string_view bytes, const std::string& name_for_errors,
                           Encoding* detected) {
  auto report = [&](Encoding e) {
    if (detected) *detected = e;
  };

  // A BOM settles it: the rest must be UTF-8.
  if (bytes.starts_with(kUtf8Bom)) {
    const std::string_view body = bytes.substr(kUtf8Bom.size());
    const std::size_t bad = utf8_error_offset(body);
    if (bad != kNoError) throw_undecodable(name_for_errors, line_at(body, bad));
    report(Encoding::utf8_bom);
    return std::string(body);
  }

  const std::size_t utf8_bad = utf8_error_offset(bytes);
  if (utf8_bad == kNoError) {
    report(Encoding::utf8);
    return std::string(bytes);
  }
  if (has_utf16_bom(bytes)) throw_utf16(name_for_errors);

  Conversion gb = gb18030_conversion(bytes);
  if (gb.ok()) {
    report(Encoding::gb18030);
    return std::move(gb.text);
  }
  // Neither decodes. Blame the encoding that got further through the file: its first failure
  // is the most plausible "first bad line" (e.g. one corrupt byte in an otherwise-UTF-8 file).
  const std::size_t bad = std::max(utf8_bad, gb.error_at);
  throw_undecodable(name_for_errors, line_at(bytes, bad));
}

std::string gb18030_to_utf8(std::string_view bytes) {
  Conversion c = iconv_convert("UTF-8", "GB18030", bytes);
  if (!c.ok())
    throw std::runtime_error("invalid GB18030 at byte " + std::to_string(c.error_at));
  return std::move(c.text);
}

std::string utf8_to_gb18030(std::string_view utf8) {
  Conversion c = iconv_convert("GB18030", "UTF-8", utf8);
  if (!c.ok()) throw std::runtime_error("invalid UTF-8 at byte " + std::to_string(c.error_at));
  return std::move(c.text);
}

std::string trim(std::string_view s) {
  for (;;) {  // leading: ASCII whitespace, U+3000, and a BOM (Excel leaves one on the first cell)
    if (!s.empty() && is_ascii_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else if (s.starts_with(kUtf8Bom)) {
      s.remove_prefix(kUtf8Bom.size());
    } else {
      break;
    }
  }
  for (;;) {  // trailing: ASCII whitespace and U+3000
    if (!s.empty() && is_ascii_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return std::string(s);
}

namespace {

// The code point of the well-formed sequence of length n at s[i].
char32_t decode_at(std::string_view s, std::size_t i, std::size_t n) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (n == 1) return b(0);
  if (n == 2) return (char32_t{b(0)} & 0x1F) << 6 | (b(1) & 0x3F);
  if (n == 3) return (char32_t{b(0)} & 0x0F) << 12 | (char32_t{b(1)} & 0x3F) << 6 | (b(2) & 0x3F);
  return (char32_t{b(0)} & 0x07) << 18 | (char32_t{b(1)} & 0x3F) << 12 | (char32_t{b(2)} & 0x3F) << 6 |
         (b(3) & 0x3F);
}

void hex_escape(std::string& out, const char* prefix, unsigned v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, digits, v);
  out += buf;
}

}  // namespace

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += s[i++];
      continue;
    }
    const char32_t cp = decode_at(s, i, n);
    if (cp >= 0xFF01 && cp <= 0xFF5E)
      out += static_cast<char>(cp - 0xFF01 + 0x21);
    else if (cp == 0x3000)
      out += ' ';
    else
      out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string name_key(std::string_view s) {
  const std::string folded = trim(fold_width(s));
  std::string out;
  bool space = false;
  for (char c : folded) {
    if (is_ascii_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      hex_escape(out, "\\x", static_cast<unsigned char>(s[i]), 2);
      ++i;
      continue;
    }
    const char32_t cp = decode_at(s, i, n);
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      hex_escape(out, "\\x", static_cast<unsigned>(cp), 2);
    } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      hex_escape(out, "\\u", static_cast<unsigned>(cp), 4);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace pa
