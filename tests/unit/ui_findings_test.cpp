// The review screen as a reviewer reads it (issue 13), on the demo audit's real portraits, analyzed
// live, headless: the findings panel says each failing and warning check as one sentence in the
// reviewer's units (no check ids unless asked, the passing ones in one line that opens) and starts
// at the top for every student; the roll is one number everywhere; the overlay pane explains the
// top failing check by itself and says so; 1:1 zooms to the eyes and F fits.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "audit_test_util.h"
#include "quality/check_text.h"
#include "quality/explain.h"
#include "quality/geometry.h"
#include "ui/photos/photo_data.h"
#include "ui/ui_common.h"
#include "ui/views/review_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"
#include "ui_text_record.h"

namespace pa::ui {
namespace {

std::string no_spaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

struct UiFindings : ::testing::Test {
  static inline test::TempDir* dir = nullptr;
  static void SetUpTestSuite() {
    dir = new test::TempDir();
    const auto r = test::run_cli({"demo", "--dir", (dir->path() / "demo").string(), "--no-gui"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  static void TearDownTestSuite() {
    delete dir;
    dir = nullptr;
  }

  test::TempDir data;
  test::Headless ui{1920, 1080};
  std::unique_ptr<Workstation> app;

  void SetUp() override {
    GuiOptions o;
    o.db = (dir->path() / "demo" / "demo.db").string();
    o.reviewer = "审核员";
    o.data_dir = data.path().string();
    app = std::make_unique<Workstation>(create_store(o.db), o, false);
    app->set_screen(Screen::review);
    frame();
  }
  void TearDown() override {
    app.reset();
    set_language(Lang::zh);
  }
  void frame() { ui.frame([&] { app->frame(); }); }
  void press(int key) { ui.press(key, [&] { app->frame(); }); }
  // Shows the student and waits until the photo on screen is analyzed.
  const PhotoMeta& show(const std::string& student_no) {
    EXPECT_TRUE(app->session().go_to_student(student_no)) << student_no;
    app->navigated();
    for (int i = 0; i < 4000 && !(app->current_meta() && app->current_meta()->analyzed); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      frame();
    }
    EXPECT_TRUE(app->current_meta() && app->current_meta()->analyzed) << student_no;
    for (int i = 0; i < 3; ++i) frame();
    return *app->current_meta();
  }
  std::string drawn() {
    frame();
    return test::drawn_text();
  }
  const quality::CheckResult* check(const PhotoMeta& m, const std::string& name) {
    for (const auto& c : m.checks)
      if (c.check == name) return &c;
    return nullptr;
  }
};

// Demo students (app/demo/demo.cpp): the first is clean, the second's face is lit from one side,
// 2112010111 wears glasses with glare on them, 2112010115 tilts the head.
constexpr const char* kClean = "2110010101";
constexpr const char* kUneven = "2111010102";
constexpr const char* kGlare = "2112010111";
constexpr const char* kTilted = "2112010115";

TEST_F(UiFindings, EachRaisedCheckIsOneSentenceInTheReviewersUnitsThePassingOnesOneLine) {
  const PhotoMeta& m = show(kUneven);
  const quality::Config& config = *ui_engine_config();
  int raised = 0, passing = 0;
  for (const auto& c : m.checks) (c.severity == quality::Severity::pass ? passing : raised)++;
  ASSERT_GT(raised, 0);
  ASSERT_GT(passing, 10);
  for (const Lang lang : {Lang::zh, Lang::en}) {
    set_language(lang);
    const auto ql = lang == Lang::zh ? quality::Language::zh : quality::Language::en;
    const std::string text = no_spaces(drawn());
    for (const auto& c : m.checks) {
      const std::string s = no_spaces(quality::check_sentence(c, config, ql));
      // Wrapped over lines in the panel: compare without the line breaks.
      std::string flat = text;
      flat.erase(std::remove(flat.begin(), flat.end(), '\n'), flat.end());
      EXPECT_EQ(flat.find(s) != std::string::npos, c.severity != quality::Severity::pass) << s;
      if (c.check.find('_') != std::string::npos) {  // ("yaw", "roll" are words of the pose line too)
        EXPECT_EQ(flat.find(c.check), std::string::npos) << "a check id is drawn unasked: " << c.check;
      }
    }
    char line[64];
    std::snprintf(line, sizeof line, T("其余 %d 项通过", "%d other checks pass"), passing);
    EXPECT_NE(text.find(no_spaces(line)), std::string::npos) << line << " not in\n" << text;
    EXPECT_EQ(text.find("e+0"), std::string::npos);
  }
  set_language(Lang::zh);
  const auto* balance = check(m, "lighting_balance");
  ASSERT_TRUE(balance);
  EXPECT_NE(balance->severity, quality::Severity::pass);
  EXPECT_NE(drawn().find(no_spaces(quality::check_sentence(*balance, config, quality::Language::zh)).substr(0, 30)),
            std::string::npos);
  // Asked: the passing checks' sentences and every check's id and code (on a screen tall enough
  // for the whole list: the panel scrolls).
  app->review().show_passing(true);
  app->review().show_check_ids(true);
  ImGui::GetIO().DisplaySize = {1920, 3000};
  frame();
  std::string flat = drawn();
  flat.erase(std::remove(flat.begin(), flat.end(), '\n'), flat.end());
  for (const auto& c : m.checks) {
    EXPECT_NE(flat.find(no_spaces(quality::check_sentence(c, config, quality::Language::zh))), std::string::npos) << c.check;
    EXPECT_NE(flat.find(c.check + "·" + c.code), std::string::npos) << c.check;
  }
}

TEST_F(UiFindings, ThePanelStartsAtTheTopForEveryStudent) {
  app->review().show_passing(true);  // every check listed: taller than the panel at 1280x800
  show(kClean);
  show(kUneven);
  ImGuiWindow* sidebar = nullptr;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (std::string(w->Name).find("##sidebar") != std::string::npos) sidebar = w;
  ASSERT_TRUE(sidebar);
  ASSERT_GT(sidebar->ScrollMax.y, 100) << "the panel does not scroll";
  ImGui::SetScrollY(sidebar, sidebar->ScrollMax.y);
  frame();
  ASSERT_GT(sidebar->Scroll.y, 100);
  // Back to the first student (analyzed, so its panel is as long): it is read from the top.
  ASSERT_TRUE(app->session().go_to_student(kClean));
  app->navigated();
  for (int i = 0; i < 3; ++i) frame();
  ASSERT_GT(sidebar->ScrollMax.y, 100);
  EXPECT_EQ(sidebar->Scroll.y, 0);
  ImGui::SetScrollY(sidebar, 150);
  press(GLFW_KEY_J);  // and the next one, by its key
  frame();
  EXPECT_EQ(sidebar->Scroll.y, 0);
}

TEST_F(UiFindings, TheRollIsTheOneTheRollCheckJudgedEverywhere) {
  const PhotoMeta& m = show(kTilted);
  const auto* roll = check(m, "roll");
  ASSERT_TRUE(roll);
  ASSERT_NE(roll->severity, quality::Severity::pass) << "the demo's tilted head";
  EXPECT_DOUBLE_EQ(roll->value, quality::judged_roll(m.geometry));
  const std::string value = quality::format_check_value("roll", roll->value);
  app->view_state().overlays_auto = false;
  app->view_state().overlays = ov_landmarks;  // the readout over the overlay pane
  const std::string text = no_spaces(drawn());
  const std::string fit = quality::format_check_value("roll", m.geometry.pose.roll);
  ASSERT_NE(value, fit) << "the fitted roll differs from the eye line on this photo";
  // The sidebar's pose line, the overlay's readout, the findings' sentence: the same number.
  auto count = [&](const std::string& needle) {
    int n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(no_spaces("翻滚 " + value)), 2) << text;
  EXPECT_EQ(count(no_spaces("（两眼连线倾斜）" + value)), 1) << text;
  EXPECT_EQ(text.find(fit), std::string::npos) << "the fitted roll " << fit << " is shown";
}

TEST_F(UiFindings, TheOverlayExplainsTheTopFailingCheckByItselfAndSaysSo) {
  ASSERT_TRUE(app->view_state().overlays_auto);
  struct Case {
    const char* student;
    unsigned overlays;  // what explains the demo's fault: the heat map, the glare, the landmarks (nothing fails)
  };
  for (const Case& k : {Case{kUneven, ov_lighting}, Case{kGlare, ov_glare}, Case{kClean, ov_landmarks}}) {
    const PhotoMeta& m = show(k.student);
    const auto chosen = app->review().auto_overlays();
    // The top failing check is the first failing one of the panel.
    std::string top;
    for (const auto& c : m.checks)
      if (c.severity == quality::Severity::fail) {
        top = c.code;
        break;
      }
    EXPECT_EQ(chosen.overlays, k.overlays) << k.student << " " << top;
    EXPECT_EQ(chosen.code, top);
    EXPECT_EQ(chosen.overlays, top.empty() ? unsigned(ov_landmarks) : quality::overlays_for(top)) << k.student;
    const std::string why = top.empty() ? "无不合格项" : reason_short(top, app->session().catalog());
    const std::string text = no_spaces(drawn());
    EXPECT_NE(text.find(no_spaces("自动：")), std::string::npos) << text;
    EXPECT_NE(text.find(no_spaces("（" + why + "）")), std::string::npos) << why << " not in\n" << text;
  }
  EXPECT_EQ(quality::overlays_for("glasses_glare"), unsigned(ov_glare));
  EXPECT_EQ(quality::overlays_for("uneven_lighting"), unsigned(ov_lighting));
  // By hand: ticking an overlay leaves the automatic choice and starts from what it showed.
  show(kUneven);
  test::TextRecorder rec;
  frame();
  const test::DrawnText* glare = nullptr;
  for (const auto& t : rec.texts())
    if (t.text == "反光" && t.pos.y < 120) glare = &t;  // the checkbox in the controls' row
  ASSERT_TRUE(glare);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = {glare->pos.x + 5, glare->pos.y + glare->size.y / 2};
  frame();
  io.MouseDown[0] = true;
  frame();
  io.MouseDown[0] = false;
  frame();
  EXPECT_FALSE(app->view_state().overlays_auto);
  EXPECT_EQ(app->view_state().overlays, unsigned(ov_lighting | ov_glare));
  show(kClean);  // stays the reviewer's choice on the next photo
  EXPECT_EQ(app->view_state().overlays, unsigned(ov_lighting | ov_glare));
  EXPECT_EQ(drawn().find(no_spaces("自动：")), std::string::npos);
}

TEST_F(UiFindings, OneToOneZoomsToTheEyesAndFFits) {
  const PhotoMeta& m = show(kClean);
  ASSERT_TRUE(m.geometry.face);
  press(GLFW_KEY_1);
  ViewState v;
  app->review().save_transform(v);
  EXPECT_FLOAT_EQ(v.zoom, 1);
  const cv::Point2f mid = (m.geometry.eye_left + m.geometry.eye_right) * 0.5f;
  EXPECT_NEAR(v.pan_x, mid.x / m.width, 1e-4);
  EXPECT_NEAR(v.pan_y, mid.y / m.height, 1e-4);
  EXPECT_LT(v.pan_y, 0.5f) << "the eyes are in the upper half of a standard photo";
  press(GLFW_KEY_F);
  app->review().save_transform(v);
  EXPECT_EQ(v.zoom, 0);
  EXPECT_FLOAT_EQ(v.pan_x, 0.5f);
}

}  // namespace
}  // namespace pa::ui
