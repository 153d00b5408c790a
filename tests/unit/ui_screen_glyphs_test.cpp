// Every glyph the UI draws is in the font atlas: every screen of every role, in Chinese and in
// English, with the dialogs that can be opened (the key list, the reason picker, the reviewer's
// name, approving the clean ones, marking a teaching example), drawn headless on a font atlas
// built as the workstation builds it (load_fonts with Workstation::glyph_texts). Every text asked
// to be drawn is recorded (ui_text_record.h) and each of its characters looked up with
// ImFont::FindGlyphNoFallback: a label with a character that neither the scan of the sources
// (app/glyph_scan.cpp) nor the audit's texts brought into the atlas fails here, where it would
// otherwise show as a box.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "audit_test_util.h"
#include "ui/platform/fonts.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/review_view.h"
#include "ui/views/reviewer_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"
#include "ui_text_record.h"

namespace pa::ui {
namespace {

// Characters of the recorded texts the font has no glyph for: "U+64CE 擎 in “质量引擎不可用” (window)".
std::map<std::string, std::string> missing_glyphs(const test::TextRecorder& rec) {
  std::map<std::string, std::string> out;
  for (const auto& t : rec.texts())
    for (char32_t c : utf8_to_u32(t.text)) {
      if (c < 0x20) continue;  // line breaks and tabs draw nothing
      // Beyond U+FFFF the 16-bit atlas has nothing: displayable() must have given it a stand-in.
      if (c <= 0xFFFF && t.font->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
      char cp[16];
      std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(c));
      std::string ch;
      test::append_utf8(ch, c <= 0xFFFF ? c : 0xFFFD);
      out.emplace(std::string(cp) + " " + ch, "\"" + t.text + "\" in " + t.window);
    }
  return out;
}

std::string describe(const std::map<std::string, std::string>& m) {
  std::string s;
  for (const auto& [c, where] : m) s += c + " in " + where + "\n";
  return s;
}

struct UiScreenGlyphs : ::testing::Test {
  test::SmallAudit audit;
  test::TempDir data;
  void TearDown() override { set_language(Lang::zh); }
};

TEST_F(UiScreenGlyphs, EveryTextOfEveryScreenAndDialogHasItsGlyphsInBothLanguages) {
  ASSERT_FALSE(find_cjk_font().empty()) << "fonts-noto-cjk is required";
  int screens = 0, texts = 0, delta_e = 0;
  std::map<std::string, std::string> missing;
  for (const std::string role : {"", "coordinator", "trainer"}) {
    GuiOptions o;
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = (data / role).string();
    o.role = role;
    if (role == "coordinator") o.college = "水利水电学院";
    // The atlas the workstation's window gets (main_loop.cpp): the sources' characters and the audit's.
    std::unique_ptr<Workstation> app;
    ImFontAtlas atlas;
    {
      test::Headless probe;  // the workstation is made inside an ImGui context, as in the window
      app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
      ImGuiContext* ctx = ImGui::CreateContext(&atlas);
      ImGuiContext* prev = ImGui::GetCurrentContext();
      ImGui::SetCurrentContext(ctx);
      load_fonts(ImGui::GetIO(), app->glyph_texts(), 1.0f);
      ASSERT_TRUE(atlas.Build());
      ImGui::SetCurrentContext(prev);
      ImGui::DestroyContext(ctx);
    }
    test::Headless ui(1600, 3000, &atlas);  // tall: long lists (every check's sentence) are drawn whole
    auto frame = [&] { ui.frame([&] { app->frame(); }); };
    auto press = [&](int key) { ui.press(key, [&] { app->frame(); }); };
    frame();
    // The photo on screen analyzed: the findings panel has every check's sentence to draw.
    for (int i = 0; i < 4000 && app->session().current() && app->session().current()->state.submission_id &&
                    !(app->current_meta() && app->current_meta()->analyzed);
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      frame();
    }
    app->review().show_passing(true);
    app->review().show_check_ids(true);
    for (const Lang lang : {Lang::zh, Lang::en}) {
      set_language(lang);
      auto look = [&](const std::string& what, const std::function<void()>& open = {}) {
        test::TextRecorder rec;
        if (open) open();
        for (int i = 0; i < 3; ++i) frame();
        texts += static_cast<int>(rec.texts().size());
        for (const auto& t : rec.texts()) delta_e += t.text.find("ΔE") != std::string::npos;  // the findings' units
        for (auto& [c, where] : missing_glyphs(rec)) missing.emplace(c, where + " (" + what + (lang == Lang::zh ? ", zh" : ", en") + ")");
      };
      for (const auto& v : app->views())
        for (const auto& s : v->screens()) {
          if (!app->screen_allowed(s.screen)) continue;
          app->set_screen(s.screen);
          look(std::string("screen ") + s.action + " role " + (role.empty() ? "reviewer" : role));
          ++screens;
        }
      if (app->screen_allowed(Screen::review)) {
        app->set_screen(Screen::review);
        look("key list", [&] { press(GLFW_KEY_F1); });
        press(GLFW_KEY_F1);  // the key list closes with its key
        look("reason picker", [&] { press(GLFW_KEY_R); });
        press(GLFW_KEY_ESCAPE);
        look("reviewer's name", [&] { app->reviewer_name().open_dialog(); });
        press(GLFW_KEY_ESCAPE);
      }
      if (app->screen_allowed(Screen::sheet)) {
        app->set_screen(Screen::sheet);
        look("approve the clean ones", [&] { app->sheet().open_approve_confirm(); });
        press(GLFW_KEY_ESCAPE);
      }
    }
    app.reset();
  }
  EXPECT_GE(screens, 12);
  EXPECT_GT(texts, 2000);
  EXPECT_GT(delta_e, 0) << "every check's sentence was drawn (the background colour's is in ΔE)";
  EXPECT_TRUE(missing.empty()) << missing.size() << " characters drawn without a glyph:\n" << describe(missing);
}

// The check itself sees a character the atlas lacks: ⼀ (U+2F00) is in no label and in no range the atlas takes.
TEST(UiScreenGlyphsCheck, ACharacterTheAtlasLacksIsFound) {
  test::Headless ui(400, 300);
  ASSERT_EQ(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x2F00), nullptr);
  test::TextRecorder rec;
  ui.frame([] {
    ImGui::Begin("##w");
    ImGui::TextUnformatted("有字 \xE2\xBC\x80");  // 有字 ⼀ (U+2F00, KANGXI RADICAL ONE)
    ImGui::End();
  });
  const auto missing = missing_glyphs(rec);
  ASSERT_EQ(missing.size(), 1u) << describe(missing);
  EXPECT_EQ(missing.begin()->first.substr(0, 6), "U+2F00");
}

}  // namespace
}  // namespace pa::ui
