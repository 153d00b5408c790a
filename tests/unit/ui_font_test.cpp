// Characters beyond the BMP with Debian's 16-bit-ImWchar Dear ImGui: 𠈌 (U+2020C, in 王𠈌) gets a
// Private Use Area stand-in whose glyph is rasterised from Noto Sans CJK into the font atlas, and
// the UI's one text conversion (displayable) maps 王𠈌 to two drawable glyphs. Headless, no GL.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "ui/platform/fonts.h"
#include "ui/platform/rare_glyphs.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

constexpr char32_t kRare = 0x2020C;  // 𠈌

struct Coverage {
  int w = 0, h = 0;
  long sum = 0;     // summed alpha
  int inked = 0;    // pixels with alpha >= 128
  int rows = 0, cols = 0;  // rows / columns holding ink
};

// Reads the glyph's rect out of the atlas's RGBA32 pixels (what the backend uploads).
Coverage coverage(ImFontAtlas& atlas, const ImFontGlyph& g) {
  unsigned char* px = nullptr;
  int tw = 0, th = 0;
  atlas.GetTexDataAsRGBA32(&px, &tw, &th);
  Coverage c;
  const int x0 = static_cast<int>(std::lround(g.U0 * tw)), y0 = static_cast<int>(std::lround(g.V0 * th));
  const int x1 = static_cast<int>(std::lround(g.U1 * tw)), y1 = static_cast<int>(std::lround(g.V1 * th));
  c.w = x1 - x0;
  c.h = y1 - y0;
  std::vector<bool> col(std::max(c.w, 0), false);
  for (int y = y0; y < y1; ++y) {
    bool row = false;
    for (int x = x0; x < x1; ++x) {
      const int a = px[(static_cast<std::size_t>(y) * tw + x) * 4 + 3];
      c.sum += a;
      if (a >= 128) {
        ++c.inked;
        row = true;
        col[x - x0] = true;
      }
    }
    c.rows += row;
  }
  c.cols = static_cast<int>(std::count(col.begin(), col.end(), true));
  return c;
}

TEST(UiRareGlyphs, NonBmpCharacterHasAPuaGlyphWithInkInTheAtlas) {
  test::Headless ui;
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  ImFont* f = atlas.Fonts[0];
  ASSERT_TRUE(f);
  ASSERT_FALSE(find_cjk_font().empty()) << "fonts-noto-cjk is required";
  // The UI face itself (Noto Sans CJK SC, face 2 of the .ttc) has 𠈌: no fallback font needed.
  const auto src = rare_glyph_source(kRare, find_cjk_font(), 2);
  EXPECT_EQ(src.first, find_cjk_font());
  EXPECT_EQ(src.second, 2);

  const unsigned pua = rare_glyph_stand_in(kRare);
  ASSERT_GE(pua, 0xE000u);
  ASSERT_LE(pua, 0xF8FFu);
  const ImFontGlyph* g = f->FindGlyphNoFallback(static_cast<ImWchar>(pua));
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->Visible);
  const Coverage c = coverage(atlas, *g);
  EXPECT_EQ(c.w, static_cast<int>(g->X1 - g->X0));
  EXPECT_EQ(c.h, static_cast<int>(g->Y1 - g->Y0));
  EXPECT_GT(c.sum, 0);
  // A real ideograph, not an empty rect: ink across most of the box (𠈌 = 亻 + 两 strokes).
  EXPECT_GE(c.inked, 30);
  EXPECT_GE(c.rows, c.h * 3 / 4);
  EXPECT_GE(c.cols, c.w * 3 / 4);

  // In line with 王: same advance (full width), same baseline region, similar size.
  const ImFontGlyph* wang = f->FindGlyphNoFallback(0x738B);
  ASSERT_TRUE(wang);
  EXPECT_EQ(g->AdvanceX, wang->AdvanceX);
  EXPECT_NEAR(g->Y1, wang->Y1, 2.5f);  // bottoms on the baseline (± descender of the design)
  EXPECT_NEAR(g->Y0, wang->Y0, 2.5f);
  EXPECT_GE(g->X0, 0.0f);
  EXPECT_LE(g->X1, g->AdvanceX + 1.0f);
}

TEST(UiRareGlyphs, ConversionMapsWangToTwoDrawableGlyphs) {
  test::Headless ui;
  ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
  const std::string shown = displayable("王𠈌");
  const std::u32string cps = utf8_to_u32(shown);
  ASSERT_EQ(cps.size(), 2u);
  EXPECT_EQ(static_cast<unsigned>(cps[0]), 0x738Bu);  // 王
  EXPECT_EQ(static_cast<unsigned>(cps[1]), static_cast<unsigned>(rare_glyph_stand_in(kRare)));
  EXPECT_EQ(shown.size(), 6u);  // two 3-byte BMP sequences
  for (char32_t c : cps) EXPECT_TRUE(f->FindGlyphNoFallback(static_cast<ImWchar>(c))) << std::hex << static_cast<unsigned>(c);
  EXPECT_FALSE(has_undrawable("王𠈌"));
  EXPECT_EQ(displayable("李堃"), "李堃");  // BMP text unchanged
  // Two full-width glyphs wide.
  const ImVec2 sz = f->CalcTextSizeA(f->FontSize, 1e9f, 0, shown.c_str());
  EXPECT_FLOAT_EQ(sz.x, 2 * f->FindGlyphNoFallback(0x738B)->AdvanceX);

  // Drawn: the text's quads sample the stand-in glyph's rect of the atlas.
  const ImFontGlyph* g = f->FindGlyphNoFallback(static_cast<ImWchar>(cps[1]));
  int hits = 0;
  for (int i = 0; i < 2; ++i)  // a new window is hidden on its first frame while it sizes itself
    ui.frame([&] {
      ImGui::Begin("name");
      ImGui::TextUnformatted(shown.c_str());
      ImGui::End();
    });
  const ImDrawData* dd = ImGui::GetDrawData();
  ASSERT_TRUE(dd);
  for (int l = 0; l < dd->CmdListsCount; ++l)
    for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer)
      if (v.uv.x == g->U0 && v.uv.y == g->V0) ++hits;
  EXPECT_GE(hits, 1);
}

TEST(UiRareGlyphs, CodePointNoFontHasKeepsTheVisibleMarker) {
  test::Headless ui;
  // U+F0001 (Supplementary Private Use Area-A): no installed font draws it.
  const std::string s = "王\xF3\xB0\x80\x81";
  EXPECT_EQ(static_cast<unsigned>(rare_glyph_stand_in(0xF0001)), 0u);
  EXPECT_TRUE(has_undrawable(s));
  EXPECT_EQ(displayable(s), "王〔U+F0001〕");
  // And add_rare_glyphs reports it missing rather than reserving an empty glyph.
  ImFontAtlas atlas;
  ImFontConfig cfg;
  cfg.FontNo = 2;
  ImFont* font = atlas.AddFontFromFileTTF(find_cjk_font().c_str(), 17.0f, &cfg, atlas.GetGlyphRangesDefault());
  ASSERT_TRUE(font);
  const RareGlyphSetup r = add_rare_glyphs(atlas, font, find_cjk_font(), 2, 17.0f, {s, "王𠈌"});
  EXPECT_EQ(r.requested, 2);
  EXPECT_EQ(r.added, 1);
  ASSERT_EQ(r.missing.size(), 1u);
  EXPECT_EQ(static_cast<unsigned>(r.missing[0]), 0xF0001u);
  ASSERT_TRUE(atlas.Build());
  EXPECT_EQ(rasterise_rare_glyphs(atlas), 1);
  // The same stand-in as in the UI's atlas: a code point keeps it for the whole process.
  EXPECT_TRUE(font->FindGlyphNoFallback(static_cast<ImWchar>(rare_glyph_stand_in(kRare))));
}

}  // namespace
}  // namespace pa::ui
