// Every label the UI can draw has its glyphs in the font atlas: the string literals of the GUI's
// sources and of the core whose messages it shows (read here from the source tree), the action
// registry's labels, and the texts that come from the assets (reason labels, the notice's rules and
// advice). Headless, no GL.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "audit_test_util.h"
#include "review/coordination.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "ui/platform/fonts.h"
#include "ui/platform/rare_glyphs.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

namespace fs = std::filesystem;

// The contents of the string literals of a C++ source ("…", R"(…)"), comments and character
// literals skipped. Escapes stay as they are (they spell ASCII).
std::vector<std::string> string_literals(const std::string& src) {
  std::vector<std::string> out;
  std::size_t i = 0;
  const std::size_t n = src.size();
  while (i < n) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (src[i] == 'R' && i + 1 < n && src[i + 1] == '"' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(src[i - 1])) || src[i - 1] == '_'))) {
      const std::size_t open = src.find('(', i + 2);
      const std::string close = ")" + src.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = src.find(close, open);
      out.push_back(src.substr(open + 1, end - open - 1));
      i = end + close.size();
    } else if (src[i] == '"' || src[i] == '\'') {
      const char q = src[i];
      std::string lit;
      for (++i; i < n && src[i] != q; ++i) {
        if (src[i] == '\\' && i + 1 < n) lit += src[i++];
        lit += src[i];
      }
      ++i;
      if (q == '"') out.push_back(lit);
    } else {
      ++i;
    }
  }
  return out;
}

// Characters the UI face of the font can draw that `atlas` has no glyph for, with where they come from.
std::map<char32_t, std::string> missing_glyphs(ImFontAtlas& atlas, const std::vector<std::pair<std::string, std::string>>& texts) {
  const ImFont* f = atlas.Fonts[0];
  const std::string font = find_cjk_font();
  std::map<char32_t, std::string> missing;
  for (const auto& [where, text] : texts)
    for (char32_t c : utf8_to_u32(text)) {
      if (c < 0x80 || c > 0xFFFF || f->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
      if (rare_glyph_source(c, font, 2).first != font) continue;  // the face has none: nothing to add
      missing.emplace(c, where + ": " + text);
    }
  return missing;
}

std::string describe(const std::map<char32_t, std::string>& m) {
  std::string s;
  for (const auto& [c, where] : m) {
    char cp[16];
    std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(c));
    s += std::string(cp) + " in " + where + "\n";
  }
  return s;
}

TEST(UiGlyphs, EveryLiteralOfTheUiAndTheCoreHasItsGlyph) {
  ASSERT_FALSE(find_cjk_font().empty()) << "fonts-noto-cjk is required";
  test::Headless ui;  // the atlas the load_fonts() of every UI builds, with no audit texts
  std::vector<std::pair<std::string, std::string>> texts;
  int files = 0;
  for (const char* dir : {"app/ui", "widgets", "app/quality", "app/review", "app/analysis", "app/demo", "app/core", "app/store", "app/ingest"})
    for (const auto& e : fs::recursive_directory_iterator(test::source_dir() / dir)) {
      if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
      std::ifstream in(e.path(), std::ios::binary);
      const std::string src((std::istreambuf_iterator<char>(in)), {});
      for (auto& lit : string_literals(src)) texts.emplace_back(e.path().filename().string(), std::move(lit));
      ++files;
    }
  ASSERT_GT(files, 50);
  // The walk sees the labels: a T("…", "…") of the review screen, an engine message.
  auto has = [&](const std::string& s) {
    return std::any_of(texts.begin(), texts.end(), [&](const auto& t) { return t.second == s; });
  };
  ASSERT_TRUE(has("质量引擎不可用"));
  ASSERT_TRUE(has("ΔE"));
  const auto missing = missing_glyphs(*ImGui::GetIO().Fonts, texts);
  EXPECT_TRUE(missing.empty()) << missing.size() << " characters without a glyph:\n" << describe(missing);
  // The two the hand-kept list lacked: 擎 (质量引擎不可用) and Δ (the engine's ΔE, Δab).
  const ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
  EXPECT_TRUE(f->FindGlyphNoFallback(0x64CE));  // 擎
  EXPECT_TRUE(f->FindGlyphNoFallback(0x0394));  // Δ
}

TEST(UiGlyphs, ActionLabelsAndTheAssetsTextsHaveTheirGlyphs) {
  test::SmallAudit audit;
  test::TempDir data;
  test::Headless ui;
  GuiOptions o;
  o.db = audit.db.string();
  o.reviewer = "测试员";
  o.data_dir = data.path().string();
  auto app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
  std::vector<std::pair<std::string, std::string>> texts;
  ASSERT_GT(app->actions().all().size(), 20u);
  for (const auto& a : app->actions().all()) texts.emplace_back("action " + a.id, a.label_zh + a.label_en);
  // The registry's labels are literals of the sources: the atlas every UI builds has them.
  const auto in_shared = missing_glyphs(*ImGui::GetIO().Fonts, texts);
  EXPECT_TRUE(in_shared.empty()) << describe(in_shared);
  // Reason labels and the notice's rules and advice come from the audit and the assets: the
  // workstation's atlas is built with them (Workstation::glyph_texts, as main_loop.cpp does).
  ASSERT_FALSE(app->session().catalog().empty());
  for (const auto& r : app->session().catalog()) {
    texts.emplace_back("reason " + r.code, r.label_zh + r.label_en);
    const Guidance g = guidance_for(r.code);
    texts.emplace_back("guidance " + r.code, g.rule + g.fix);
  }
  ImFontAtlas atlas;
  ImGuiContext* prev = ImGui::GetCurrentContext();
  ImGuiContext* ctx = ImGui::CreateContext(&atlas);
  ImGui::SetCurrentContext(ctx);
  load_fonts(ImGui::GetIO(), app->glyph_texts(), 1.0f);
  ASSERT_TRUE(atlas.Build());
  const auto missing = missing_glyphs(atlas, texts);
  ImGui::DestroyContext(ctx);
  ImGui::SetCurrentContext(prev);
  app.reset();
  EXPECT_TRUE(missing.empty()) << describe(missing);
}

}  // namespace
}  // namespace pa::ui
