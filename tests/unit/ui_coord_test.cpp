// The coordinators' and trainers' screens, headless: what the screens hand to Dear ImGui is read back from the draw
// lists (test::drawn_text: each glyph quad's UVs name its character in the font atlas), so the tests see exactly the
// text a person would see: a coordinator never sees another college's students on any screen, and
// trainer mode never shows a name, a 学号 or an ID number.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include "audit_test_util.h"
#include "core/idcard.h"
#include "review/decisions.h"
#include "store/scoped_store.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

using test::drawn_text;

struct CoordUi : ::testing::Test {
  test::SmallAudit audit;
  test::TempDir data;
  test::Headless ui;
  std::unique_ptr<Workstation> app;

  void SetUp() override {
    decide(*audit.store, {"2021001", Verdict::approve, {}, "", "alice"});
    decide(*audit.store, {"2021002", Verdict::reject, {"uneven_lighting"}, "", "alice"});
    decide(*audit.store, {"2021003", Verdict::reshoot, {"blurry"}, "", "bob"});
    decide(*audit.store, {"2021004", Verdict::approve, {}, "", "bob"});
    for (const char* no : {"2021001", "2021002", "2021003", "2021004"})
      audit.store->mark_teaching_example(no, {no == std::string("2021003") ? "blurry" : "uneven_lighting"}, "培训师");
    record_second_review(*audit.store, "2021003", false, {"glasses_glare"}, "", "软件协调人");
  }
  void TearDown() override { app.reset(); }
  void open(const std::string& college, const std::string& role) {
    GuiOptions o;
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = data.path().string();
    o.college = college;
    o.role = role;
    app = std::make_unique<Workstation>(open_audit(audit.db.string(), college), o, false);
  }
  // The text of the screen after a few frames.
  std::string show(Screen s) {
    app->set_screen(s);  // opening a screen reloads its data
    for (int i = 0; i < 3; ++i) ui.frame([&] { app->frame(); });
    return drawn_text();
  }
  std::vector<std::string> identities(const std::function<bool(const test::RosterRow&)>& which) const {
    std::vector<std::string> v;
    for (const auto& r : audit.rows)
      if (which(r)) v.insert(v.end(), {r.student_no, r.name, r.id_number, pa::mask_id(r.id_number)});
    return v;
  }
};

TEST_F(CoordUi, ScopeScannerSeesNamesOnTheQueueSoItsSilenceMeansSomething) {
  open("", "");
  const std::string text = show(Screen::queue);
  EXPECT_TRUE(test::contains(text, "李堃")) << text;
  EXPECT_TRUE(test::contains(text, "2021003"));
  EXPECT_TRUE(test::contains(text, "计算机与软件学院"));
}

TEST_F(CoordUi, ScopeCoordinatorNeverSeesAnotherCollegeOnAnyScreen) {
  open("水利水电学院", "coordinator");
  const auto others = identities([](const test::RosterRow& r) { return r.college != "水利水电学院"; });
  for (Screen s : {Screen::queue, Screen::sheet, Screen::review, Screen::dashboard, Screen::trainer, Screen::quiz,
                   Screen::spotcheck, Screen::exports}) {
    const std::string text = show(s);
    for (const auto& o : others) EXPECT_FALSE(test::contains(text, o)) << screen_name(s) << " shows " << o << ":\n" << text;
    EXPECT_FALSE(test::contains(text, "计算机与软件学院")) << screen_name(s);
    EXPECT_FALSE(test::contains(text, "商学院")) << screen_name(s);
  }
  EXPECT_TRUE(test::contains(show(Screen::queue), "李堃"));  // the college's own students are there
  // The spot-check sample drawn in the GUI path holds only the college's students.
  auto& c = app->spotcheck().state();
  c.sample = draw_sample(app->session().store(), {}, {"s", 100, 0});
  ASSERT_EQ(c.sample.size(), 2u);
  const std::string text = show(Screen::spotcheck);
  EXPECT_TRUE(test::contains(text, "2021002")) << text;
  for (const auto& o : others) EXPECT_FALSE(test::contains(text, o)) << o;
}

TEST_F(CoordUi, TrainerModeNeverShowsNamesStudentNumbersOrIdNumbers) {
  open("", "trainer");
  const auto everyone = identities([](const test::RosterRow&) { return true; });
  auto expect_anonymous = [&](const std::string& text, const std::string& where) {
    for (const auto& id : everyone) EXPECT_FALSE(test::contains(text, id)) << where << " shows " << id << ":\n" << text;
  };
  std::string gallery = show(Screen::trainer);
  EXPECT_TRUE(test::contains(gallery, "脸部光线不均匀")) << gallery;  // the screen did draw its text
  expect_anonymous(gallery, "gallery");
  ASSERT_TRUE(app->actions().run("trainer.present"));
  for (int i = 0; i < 2; ++i) {  // every slide, moved with the arrow keys
    std::string slide;
    ui.frame([&] { app->frame(); });
    slide = drawn_text();
    EXPECT_TRUE(test::contains(slide, "正例")) << slide;
    expect_anonymous(slide, "presentation");
    ui.press(GLFW_KEY_RIGHT, [&] { app->frame(); });
  }
  EXPECT_TRUE(app->actions().run("trainer.exit"));
  std::string quiz = show(Screen::quiz);
  expect_anonymous(quiz, "quiz");
  app->trainer().state().quiz.reveal();
  ui.frame([&] { app->frame(); });
  quiz = drawn_text();
  EXPECT_TRUE(test::contains(quiz, "答案")) << quiz;
  expect_anonymous(quiz, "quiz answer");
  // A trainer cannot switch to the screens that show identities.
  app->set_screen(Screen::queue);
  EXPECT_EQ(app->screen(), Screen::quiz);
  EXPECT_FALSE(app->actions().run("screen.spotcheck"));
}

TEST_F(CoordUi, TrainerArrowKeysMoveThroughThePresentation) {
  open("", "trainer");
  show(Screen::trainer);
  ASSERT_TRUE(app->actions().run("trainer.present"));
  const auto slides = app->trainer().state().slides.size();
  ASSERT_EQ(slides, 2u);  // the bad examples: 2021002 (uneven_lighting), 2021003 (blurry)
  EXPECT_EQ(app->trainer().state().slide, 0u);
  ui.press(GLFW_KEY_RIGHT, [&] { app->frame(); });
  EXPECT_EQ(app->trainer().state().slide, 1u);
  ui.press(GLFW_KEY_LEFT, [&] { app->frame(); });
  ui.press(GLFW_KEY_LEFT, [&] { app->frame(); });
  EXPECT_EQ(app->trainer().state().slide, slides - 1);  // wraps
}

TEST_F(CoordUi, TrainerMarkKeyOnTheReviewScreenMarksTheDecidedPhoto) {
  open("", "");
  app->set_screen(Screen::review);
  ASSERT_TRUE(app->session().go_to_student("2021003"));
  ASSERT_TRUE(app->actions().run("example.mark"));
  EXPECT_TRUE(app->trainer().state().mark_picker.is_open());
  EXPECT_EQ(app->trainer().state().mark_picker.selected(), (std::vector<std::string>{"blurry"}));  // the decision's reasons pre-ticked
}

}  // namespace
}  // namespace pa::ui
