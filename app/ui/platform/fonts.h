// Fonts: Noto Sans CJK with glyph ranges = the common Chinese set, every character the UI's sources
// hold (its labels, the core's messages) and every character the audit's own texts use (names,
// colleges, reason labels), scaled for the monitor.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct ImGuiIO;

namespace pa::ui {

// Code points of a UTF-8 string (invalid bytes are skipped).
std::u32string utf8_to_u32(const std::string& s);

// Whether this build of Dear ImGui can draw code points beyond U+FFFF (IMGUI_USE_WCHAR32).
bool wide_glyphs_supported();

// The one conversion for text drawn by the UI (16-bit ImWchar build): every code point beyond
// U+FFFF that has a glyph in the atlas becomes its Private Use Area stand-in (rare_glyphs.h), so
// 王𠈌 draws as two glyphs; one that no installed font has becomes a visible marker "〔U+xxxxx〕"
// instead of a missing-glyph box. Unchanged when all code points are in the BMP.
std::string displayable(const std::string& utf8);
// True when `utf8` holds a character the font atlas cannot draw (beyond the BMP, no font has it).
bool has_undrawable(const std::string& utf8);

// Every character (U+0080..U+FFFF) written in the sources of the GUI (app/ui, widgets) and of the
// core whose texts it shows (core, store, ingest, review, quality): generated at build time by
// app/glyph_scan.cpp, so that every label the UI can draw has its glyph in the atlas.
std::u32string_view ui_source_glyphs();

struct FontSetup {
  std::string font_file;     // empty = ImGui's default font only (no CJK font found)
  int glyphs = 0;            // glyphs requested (ranges)
  float size_px = 18;
  int rare_glyphs = 0;       // code points beyond U+FFFF given a glyph (Private Use Area stand-ins)
  int rare_missing = 0;      // ... that no installed font has (drawn as 〔U+xxxx〕)
  double build_ms = 0;
};

// The CJK font file (fonts-noto-cjk), or "" when missing.
std::string find_cjk_font();
// Adds the UI font to io.Fonts. The atlas is built here only when texts hold characters beyond
// U+FFFF (their glyphs are drawn into it after the build); otherwise the backend or caller builds it.
// `texts` are extra strings whose characters must all render. `scale` is the monitor content scale.
FontSetup load_fonts(ImGuiIO& io, const std::vector<std::string>& texts, float scale);

}  // namespace pa::ui
