#include "ui/platform/fonts.h"

#include "ui/platform/rare_glyphs.h"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace pa::ui {

std::u32string utf8_to_u32(const std::string& s) {
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
      ++i;
      continue;
    }
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

bool wide_glyphs_supported() { return sizeof(ImWchar) >= 4; }

// A code point beyond the BMP draws when it has a Private Use Area stand-in with a glyph in the
// atlas (rare_glyphs.h); only those no installed font has stay undrawable.
bool has_undrawable(const std::string& utf8) {
  if (wide_glyphs_supported()) return false;
  for (char32_t c : utf8_to_u32(utf8))
    if (c > 0xFFFF && !rare_glyph_stand_in(c)) return true;
  return false;
}

std::string displayable(const std::string& utf8) {
  if (wide_glyphs_supported()) return utf8;
  bool wide = false;
  for (unsigned char c : utf8) wide = wide || (c >> 3) == 30;
  if (!wide) return utf8;  // the common case: no 4-byte sequence, nothing to do
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if ((c >> 3) == 30 && i + 4 <= utf8.size()) {
      char32_t cp = c & 0x07;
      for (int k = 1; k < 4; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
      if (const char32_t pua = rare_glyph_stand_in(cp)) {  // U+E000..U+F8FF: 3 bytes
        out.push_back(static_cast<char>(0xE0 | (pua >> 12)));
        out.push_back(static_cast<char>(0x80 | ((pua >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (pua & 0x3F)));
      } else {
        char buf[24];
        std::snprintf(buf, sizeof buf, "\xE3\x80\x94U+%X\xE3\x80\x95", static_cast<unsigned>(cp));  // 〔U+xxxxx〕
        out += buf;
      }
      i += 4;
    } else {
      out.push_back(static_cast<char>(c));
      ++i;
    }
  }
  return out;
}

std::string find_cjk_font() {
  for (const char* p : {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
                        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"})
    if (std::filesystem::exists(p)) return p;
  return {};
}

FontSetup load_fonts(ImGuiIO& io, const std::vector<std::string>& texts, float scale) {
  auto t0 = std::chrono::steady_clock::now();
  FontSetup fs;
  fs.size_px = 17.0f * (scale > 0 ? scale : 1.0f);
  fs.font_file = find_cjk_font();
  io.Fonts->Clear();
  if (fs.font_file.empty()) {
    ImFontConfig cfg;
    cfg.SizePixels = fs.size_px;
    io.Fonts->AddFontDefault(&cfg);
    return fs;
  }
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  b.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  static const ImWchar extra[] = {0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x2500, 0x25FF,
                                  0x2600, 0x26FF, 0x2700, 0x27BF, 0x3000, 0x303F, 0xFF00, 0xFFEF, 0};
  b.AddRanges(extra);
  for (char32_t c : ui_source_glyphs()) b.AddChar(static_cast<ImWchar>(c));  // generated: all BMP
  for (const auto& t : texts) {
    for (char32_t c : utf8_to_u32(t))
      if (c <= 0xFFFF || wide_glyphs_supported()) b.AddChar(static_cast<ImWchar>(c));
  }
  static ImVector<ImWchar> ranges;  // must outlive the atlas build
  ranges.clear();
  b.BuildRanges(&ranges);
  for (int i = 0; i + 1 < ranges.Size; i += 2) fs.glyphs += ranges[i + 1] - ranges[i] + 1;
  ImFontConfig cfg;
  cfg.FontNo = 2;  // Noto Sans CJK SC inside the .ttc (JP, KR, SC, TC, HK)
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  if (fs.font_file.find(".ttc") == std::string::npos) cfg.FontNo = 0;
  ImFont* f = io.Fonts->AddFontFromFileTTF(fs.font_file.c_str(), fs.size_px, &cfg, ranges.Data);
  if (!f) {
    ImFontConfig d;
    d.SizePixels = fs.size_px;
    io.Fonts->AddFontDefault(&d);
    fs.font_file.clear();
  }
  if (f && !wide_glyphs_supported()) {
    // Characters beyond the BMP get glyphs at Private Use Area stand-ins; they are rasterised into
    // the atlas right after the build, so the atlas is built here (GetTexData* then only converts).
    const RareGlyphSetup rare = add_rare_glyphs(*io.Fonts, f, fs.font_file, cfg.FontNo, fs.size_px, texts);
    fs.rare_glyphs = rare.added;
    fs.rare_missing = static_cast<int>(rare.missing.size());
    if (rare.added > 0) {
      io.Fonts->Build();
      rasterise_rare_glyphs(*io.Fonts);
    }
  }
  fs.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return fs;
}

}  // namespace pa::ui
