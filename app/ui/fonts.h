// Fonts: Noto Sans CJK with glyph ranges = the common Chinese set plus every character the audit's
// own texts use (names, colleges, reason labels), scaled for the monitor.
#pragma once

#include <string>
#include <vector>

struct ImGuiIO;

namespace pa::ui {

// Code points of a UTF-8 string (invalid bytes are skipped).
std::u32string utf8_to_u32(const std::string& s);

// Whether this build of Dear ImGui can draw code points beyond U+FFFF (IMGUI_USE_WCHAR32).
bool wide_glyphs_supported();

// Text safe to draw with a 16-bit ImWchar build: every code point beyond U+FFFF becomes a visible
// marker "⟨U+2020C⟩" instead of a missing-glyph box. Unchanged when all code points are in the BMP.
std::string displayable(const std::string& utf8);
// True when `utf8` holds a character the font atlas cannot draw (beyond the BMP in this build).
bool has_undrawable(const std::string& utf8);

struct FontSetup {
  std::string font_file;     // empty = ImGui's default font only (no CJK font found)
  int glyphs = 0;            // glyphs requested (ranges)
  float size_px = 18;
  double build_ms = 0;
};

// The CJK font file (fonts-noto-cjk), or "" when missing.
std::string find_cjk_font();
// Adds the UI font to io.Fonts (does not build the atlas; the backend or the caller builds it).
// `texts` are extra strings whose characters must all render. `scale` is the monitor content scale.
FontSetup load_fonts(ImGuiIO& io, const std::vector<std::string>& texts, float scale);

}  // namespace pa::ui
