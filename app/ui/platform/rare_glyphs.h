// Characters beyond the BMP (e.g. 𠈌 U+2020C in 王𠈌) with Debian's 16-bit-ImWchar Dear ImGui.
//
// ImGui cannot index a glyph above U+FFFF, so every such code point that occurs in the audit's
// texts gets a stand-in code point in the BMP Private Use Area (U+E000..U+F8FF). Before the atlas
// is built a custom glyph rect is reserved for it (ImFontAtlas::AddCustomRectFontGlyph) with the
// real glyph's size, bearing and advance; after the build the real glyph is rasterised into that
// rect with stb_truetype (the same libstb that Debian's imgui rasterises with), from the UI font
// face, or from another installed CJK font when that face lacks it. Text is then drawn through
// displayable() (fonts.h), which swaps each mapped code point for its stand-in.
#pragma once

#include <string>
#include <utility>
#include <vector>

struct ImFont;
struct ImFontAtlas;

namespace pa::ui {

struct RareGlyphSetup {
  int requested = 0;  // distinct code points beyond U+FFFF in the texts
  int added = 0;      // given a glyph in the atlas
  std::vector<char32_t> missing;  // no installed font has them: shown as 〔U+xxxx〕
};

// Before the atlas is built: reserves a glyph in `font` for every code point beyond U+FFFF in
// `texts`, taken from `font_file` face `face` (the face `font` was loaded from) at `size_px`, or
// from a fallback CJK font. Replaces what an earlier call reserved for the same atlas.
RareGlyphSetup add_rare_glyphs(ImFontAtlas& atlas, ImFont* font, const std::string& font_file, int face,
                               float size_px, const std::vector<std::string>& texts);

// After the atlas is built (ImFontAtlas::Build, GetTexDataAsAlpha8 or GetTexDataAsRGBA32):
// rasterises the reserved glyphs into the atlas pixels (Alpha8 and/or RGBA32, whichever exist) and
// aligns them on the font's baseline. Returns how many were drawn.
int rasterise_rare_glyphs(ImFontAtlas& atlas);

// The Private Use Area stand-in for `cp` (beyond U+FFFF) once it has a glyph, else 0.
char32_t rare_glyph_stand_in(char32_t cp);

// The font file and face that would draw `cp`, or {"", -1} when no installed font has it.
std::pair<std::string, int> rare_glyph_source(char32_t cp, const std::string& font_file, int face);

}  // namespace pa::ui
