// The reviewer's keys for a whole audit window (issue 13), driven headless: the contact sheet as a
// culling grid (click, Ctrl-, Shift-click, arrows, A/R/S on the selection, Enter and double-click
// open without leaving a selection), Shift+digit rejecting at once for the policy's common reasons,
// and the key list by screen that Esc closes.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include "audit_test_util.h"
#include "core/assets.h"
#include "core/error.h"
#include "review/decisions.h"
#include "review/policy.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/help_view.h"
#include "ui/ui_common.h"
#include "ui/views/review_view.h"
#include "ui/workstation.h"
#include "ui_headless.h"
#include "widgets/i18n.h"

namespace pa::ui {
namespace {

struct Culling : ::testing::Test {
  test::SmallAudit audit;
  test::TempDir data;
  test::Headless ui;
  std::unique_ptr<Workstation> app;

  void SetUp() override { open(); }
  void TearDown() override {
    app.reset();
    set_language(Lang::zh);
  }
  void open() {
    app.reset();
    GuiOptions o;
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = data.path().string();
    app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
    frame();
  }
  void frame() { ui.frame([&] { app->frame(); }); }
  void press(int key, bool ctrl = false, bool shift = false) { ui.press(key, [&] { app->frame(); }, ctrl, shift); }
  void wait_until_shown() {
    for (int i = 0; i < 2000 && !app->current_photo_ready(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      frame();
    }
    ASSERT_TRUE(app->current_photo_ready());
  }
  const ReviewQueue& q() { return app->session().queue(); }
  std::string no(std::size_t pos) { return q().at(pos).state.student.student_no; }
  std::vector<std::size_t> with_photo() {
    std::vector<std::size_t> v;
    for (std::size_t i = 0; i < q().size(); ++i)
      if (q().at(i).state.submission_id) v.push_back(i);
    return v;
  }
  std::vector<DecisionEvent> history(const std::string& n) { return create_store(audit.db.string())->history(n); }
  Status status_of(const std::string& n) { return create_store(audit.db.string())->student(n)->status; }
  using Sel = std::set<std::string>;
};

TEST_F(Culling, ClicksSelectLikeAFileManager) {
  press(GLFW_KEY_F4);
  ASSERT_EQ(app->screen(), Screen::sheet);
  auto& sheet = app->sheet();
  const auto p = with_photo();
  ASSERT_EQ(p.size(), 4u);
  sheet.click(p[0], false, false);
  EXPECT_EQ(sheet.selection(), Sel({no(p[0])}));
  sheet.click(p[2], false, true);  // Shift-click: everything from the last click to here
  EXPECT_EQ(sheet.selection(), Sel({no(p[0]), no(p[1]), no(p[2])}));
  sheet.click(p[1], true, false);  // Ctrl-click takes one out and moves the anchor
  EXPECT_EQ(sheet.selection(), Sel({no(p[0]), no(p[2])}));
  sheet.click(p[3], true, true);  // Ctrl+Shift adds the range from the anchor
  EXPECT_EQ(sheet.selection(), Sel({no(p[0]), no(p[1]), no(p[2]), no(p[3])}));
  sheet.click(p[3], false, true);  // Shift alone replaces the selection with the range
  EXPECT_EQ(sheet.selection(), Sel({no(p[1]), no(p[2]), no(p[3])}));
  // A range never selects a student without a photo (nothing to decide on).
  sheet.click(0, false, false);
  sheet.click(q().size() - 1, false, true);
  EXPECT_EQ(sheet.selection().size(), 4u);
}

TEST_F(Culling, AStudentWhoseNewestFileWasCorruptIsNeverSelectedForABatch) {
  // 2021001 has a valid photo; then an empty file arrives for them: they must resubmit.
  test::write_file(audit.dir / "round2" / "2021001.jpg", "");
  test::run_import(*audit.store, audit.roster, audit.dir / "round2");
  open();
  press(GLFW_KEY_F4);
  auto& sheet = app->sheet();
  ASSERT_TRUE(q().position_of("2021001"));
  const std::size_t bad = *q().position_of("2021001");
  ASSERT_EQ(q().at(bad).state.status, Status::file_corrupt);
  sheet.click(bad, false, false);
  EXPECT_TRUE(sheet.selection().empty());
  press(GLFW_KEY_A, true);  // select all: the three others with a usable photo
  EXPECT_EQ(sheet.selection().size(), 3u);
  EXPECT_FALSE(sheet.selection().count("2021001"));
  sheet.click(0, false, false);
  sheet.click(q().size() - 1, false, true);
  EXPECT_FALSE(sheet.selection().count("2021001"));
}

TEST_F(Culling, ArrowsMoveTheCursorShiftExtendsEnterOpens) {
  press(GLFW_KEY_F4);
  auto& sheet = app->sheet();
  frame();
  const int cols = sheet.columns();
  ASSERT_GE(cols, 5) << "the five students fit in one row at 1600 px";
  press(GLFW_KEY_RIGHT);  // no cursor yet: it starts on the first cell
  ASSERT_EQ(sheet.cursor(), std::optional<std::size_t>(0));
  press(GLFW_KEY_RIGHT);
  EXPECT_EQ(sheet.cursor(), std::optional<std::size_t>(1));
  const Sel one = q().at(1).state.submission_id ? Sel({no(1)}) : Sel();
  EXPECT_EQ(sheet.selection(), one);  // a plain arrow selects only the cursor's photo
  press(GLFW_KEY_RIGHT, false, true);
  press(GLFW_KEY_RIGHT, false, true);  // Shift extends from where the plain move left the anchor
  EXPECT_EQ(sheet.cursor(), std::optional<std::size_t>(3));
  Sel range;
  for (std::size_t i = 1; i <= 3; ++i)
    if (q().at(i).state.submission_id) range.insert(no(i));
  EXPECT_EQ(sheet.selection(), range);
  press(GLFW_KEY_LEFT, false, true);
  range.erase(no(3));
  EXPECT_EQ(sheet.selection(), range);
  press(GLFW_KEY_RIGHT);
  press(GLFW_KEY_RIGHT);
  press(GLFW_KEY_RIGHT);
  press(GLFW_KEY_RIGHT);  // stops at the last cell
  EXPECT_EQ(sheet.cursor(), std::optional<std::size_t>(q().size() - 1));
  press(GLFW_KEY_UP);  // one row up from the first row: the first cell
  EXPECT_EQ(sheet.cursor(), std::optional<std::size_t>(q().size() - 1 >= static_cast<std::size_t>(cols) ? q().size() - 1 - cols : 0));
  // Enter opens the photo at the cursor on the review screen; the selection stays as it was.
  sheet.move_cursor(2, false);
  const Sel before = sheet.selection();
  const std::string at = no(*sheet.cursor());
  press(GLFW_KEY_ENTER);
  EXPECT_EQ(app->screen(), Screen::review);
  EXPECT_EQ(app->session().current()->state.student.student_no, at);
  EXPECT_EQ(sheet.selection(), before);
}

TEST_F(Culling, ADoubleClickOpensThePhotoWithoutLeavingASelectionBehind) {
  press(GLFW_KEY_F4);
  auto& sheet = app->sheet();
  const auto p = with_photo();
  sheet.click(p[0], false, false);
  sheet.click(p[1], true, false);
  const Sel kept = sheet.selection();
  sheet.click(p[3], false, false);  // the double click's first click selects only it…
  sheet.double_click(p[3]);         // …and the double click opens it with the earlier selection back
  EXPECT_EQ(app->screen(), Screen::review);
  EXPECT_EQ(app->session().current()->state.student.student_no, no(p[3]));
  EXPECT_EQ(sheet.selection(), kept);
}

TEST_F(Culling, RAndSOnTheSheetDecideTheSelectionWithOnePickerAndOneCtrlZUndoesIt) {
  press(GLFW_KEY_F4);
  auto& sheet = app->sheet();
  const auto p = with_photo();
  sheet.click(p[0], false, false);
  sheet.click(p[2], true, false);
  const std::string a = no(p[0]), b = no(p[2]);
  press(GLFW_KEY_R);
  ASSERT_TRUE(app->picker().is_open());
  EXPECT_TRUE(history(a).empty());  // nothing recorded before the reasons are confirmed
  // Pick 背景 (its number in the catalog) and confirm with Enter.
  const auto& catalog = app->session().catalog();
  std::size_t bg = 0;
  for (std::size_t i = 0; i < catalog.size(); ++i)
    if (catalog[i].code == "background") bg = i + 1;
  ASSERT_GT(bg, 0u);
  for (char c : std::to_string(bg)) press(GLFW_KEY_0 + (c - '0'));
  app->picker().flush_digits();
  ASSERT_TRUE(app->picker().can_confirm());
  press(GLFW_KEY_ENTER);
  ASSERT_FALSE(app->picker().is_open());
  for (const std::string& n : {a, b}) {
    ASSERT_EQ(history(n).size(), 1u) << n;
    EXPECT_EQ(history(n).back().kind, "reject");
    EXPECT_NE(std::find(history(n).back().reasons.begin(), history(n).back().reasons.end(), "background"),
              history(n).back().reasons.end());
    EXPECT_EQ(history(n).back().reviewer, "测试员");
    EXPECT_EQ(status_of(n), Status::rejected);
  }
  EXPECT_EQ(status_of(no(p[1])), Status::pending);  // not selected: untouched
  EXPECT_TRUE(sheet.selection().empty());
  EXPECT_NE(app->toast().text().find("2"), std::string::npos) << app->toast().text();
  // One Ctrl+Z takes both back.
  press(GLFW_KEY_Z, true);
  EXPECT_EQ(status_of(a), Status::pending);
  EXPECT_EQ(status_of(b), Status::pending);
  // S flags for reshoot; Esc in the picker records nothing.
  app->set_screen(Screen::sheet);
  sheet.click(p[3], false, false);
  press(GLFW_KEY_S);
  ASSERT_TRUE(app->picker().is_open());
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(app->picker().is_open());
  EXPECT_TRUE(history(no(p[3])).empty());
}

TEST_F(Culling, ABatchDecisionBelongsToThePhotoTheSheetShowed) {
  press(GLFW_KEY_F4);
  auto& sheet = app->sheet();
  const auto p = with_photo();
  sheet.click(p[0], false, false);
  const std::string n = no(p[0]);
  press(GLFW_KEY_R);
  ASSERT_TRUE(app->picker().is_open());
  // While the picker is open a reshoot arrives for that student (another PC imported it).
  test::write_file(audit.dir / "round2" / (n + ".jpg"), test::portrait_jpeg(9));
  auto other = create_store(audit.db.string());
  test::run_import(*other, audit.roster, audit.dir / "round2");
  sheet.decide_batch(Verdict::reject, {"background"}, "", "");
  app->picker().close();
  EXPECT_TRUE(history(n).empty()) << "a decision on a version the sheet never showed";
}

TEST_F(Culling, ShiftDigitRejectsAtOnceForThePolicysCommonReason) {
  wait_until_shown();
  const ReviewPolicy& policy = app->session().policy();
  ASSERT_GE(policy.quick_reject.size(), 3u);
  const std::string first = app->session().current()->state.student.student_no;
  press(GLFW_KEY_3, false, true);  // Shift+3
  EXPECT_FALSE(app->picker().is_open());
  const auto h = history(first);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h.back().kind, "reject");
  EXPECT_EQ(h.back().reasons, std::vector<std::string>({policy.quick_reject[2]}));
  // The toast names the reason recorded, in the reviewer's words.
  std::string label;
  for (const auto& r : app->session().catalog())
    if (r.code == policy.quick_reject[2]) label = r.label_zh;
  EXPECT_NE(app->toast().text().find(label), std::string::npos) << app->toast().text();
  // The reviewer moves on to the next photo, and Ctrl+Z undoes the quick reject.
  EXPECT_NE(app->session().current()->state.student.student_no, first);
  press(GLFW_KEY_Z, true);
  EXPECT_EQ(status_of(first), Status::pending);
}

TEST_F(Culling, TheQuickReasonsAreTheAuditsOwnPolicy) {
  set_review_policy(*audit.store, R"({"quick_reject":{"reasons":["background"]}})");
  open();
  wait_until_shown();
  EXPECT_TRUE(app->actions().find("decide.quick_1"));
  EXPECT_FALSE(app->actions().find("decide.quick_2"));
  const std::string first = app->session().current()->state.student.student_no;
  press(GLFW_KEY_2, false, true);  // nothing bound: no decision
  EXPECT_TRUE(history(first).empty());
  press(GLFW_KEY_1, false, true);
  ASSERT_EQ(history(first).size(), 1u);
  EXPECT_EQ(history(first).back().reasons, std::vector<std::string>({"background"}));
  // A bad list is refused whole, naming the entry.
  const auto catalog = audit.store->reasons();
  EXPECT_THROW(parse_review_policy(R"({"quick_reject":{"reasons":["other"]}})", catalog), UserError);
  EXPECT_THROW(parse_review_policy(R"({"quick_reject":{"reasons":["blurry","blurry"]}})", catalog), UserError);
  EXPECT_THROW(parse_review_policy(
                   R"({"quick_reject":{"reasons":["blurry","background","format","red_eye","makeup","jewelry","framing","no_face","underexposed","overexposed"]}})",
                   catalog),
               UserError);
  try {
    parse_review_policy(R"({"quick_reject":{"reasons":["blurry","typo"]}})", catalog);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("quick_reject.reasons[1]"), std::string::npos) << e.what();
  }
  // An audit's own policy that does not name the list keeps the default's.
  set_review_policy(*audit.store, R"({"batch_approve":{"warnings_hold":[]}})");
  EXPECT_EQ(load_review_policy(*audit.store).quick_reject, parse_review_policy(asset_text("review.json"), catalog).quick_reject);
}

TEST_F(Culling, TheKeyListIsBySectionTheCurrentScreensFirstAndEscClosesIt) {
  app->set_screen(Screen::sheet);
  press(GLFW_KEY_F1);
  ASSERT_TRUE(app->help().open());
  auto sections = app->help().sections();
  ASSERT_GE(sections.size(), 5u);
  EXPECT_EQ(sections.front().en, "Contact sheet");
  std::set<std::string> seen;
  for (const auto& s : sections) {
    EXPECT_TRUE(seen.insert(s.en).second) << "section listed twice: " << s.en;
    EXPECT_FALSE(s.zh.empty());
    for (const Action* a : s.actions) EXPECT_EQ(a->section_en, s.en) << a->id;
  }
  for (const char* s : {"Review screen", "Queue and moving", "Screens", "General"}) EXPECT_TRUE(seen.count(s)) << s;
  // Every action of the registry meant for the key list is in exactly one section.
  std::size_t listed = 0, meant = 0;
  for (const auto& s : sections) listed += s.actions.size();
  for (const auto& a : app->actions().all()) meant += a.in_help && (a.id.rfind("screen.", 0) != 0 || !a.enabled || a.enabled());
  EXPECT_EQ(listed, meant);
  frame();
  const std::string text = test::drawn_text();
  EXPECT_NE(text.find("联系表（当前界面）"), std::string::npos) << text.substr(0, 3000);
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(app->help().open());
  app->set_screen(Screen::review);
  press(GLFW_KEY_F1);
  EXPECT_EQ(app->help().sections().front().en, "Review screen");
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(app->help().open());
  // The tab for first-pass review is 审核 (复核 is the coordinators' second review).
  EXPECT_EQ(app->actions().find("screen.review")->label_zh, "审核");
}

TEST_F(Culling, TheReasonsOfADecisionFollowTheLanguage) {
  wait_until_shown();
  const std::string first = app->session().current()->state.student.student_no;
  pa::decide(*audit.store, {first, Verdict::reject, {"background"}, "", "王老师"});
  set_language(Lang::en);
  app->session().reload();
  ASSERT_TRUE(app->session().go_to_student(first));
  app->navigated();
  for (int i = 0; i < 3; ++i) frame();
  const std::string text = test::drawn_text();
  EXPECT_NE(text.find("backgroundnotuniform"), std::string::npos) << text;  // drawn text has no spaces
  EXPECT_EQ(text.find("背景不均匀"), std::string::npos) << text;
}

TEST_F(Culling, WrappedSentencesNeverBreakInsideANumberOrBeforeClosingPunctuation) {
  frame();
  ImGui::NewFrame();  // CalcTextSize needs a frame's font
  const std::vector<std::string> sentences = {
      "specular highlights on the skin 3.65% (should be < 1.2%)",
      "面部最大高光半径（占两眼间距）9.66%（应 < 6.3%）",
      "眼睛连线到上边缘 274 px（应 200–300 px），偏航 +12.5°",
      "largest specular highlight on the skin, radius in inter-eye distances 9.66% (should be < 6.3%)"};
  const std::regex number(R"([-+]?\d+(\.\d+)?(%|°)?)");
  auto squeeze = [](std::string t) {
    t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
    return t;
  };
  for (const auto& s : sentences)
    for (float w = 40; w <= 420; w += 7) {
      const auto lines = pa::ui::wrap_lines(s, w);
      std::string joined;
      for (const auto& l : lines) {
        joined += l;
        EXPECT_TRUE(l.empty() || l.front() != ' ') << l;
        for (const char* bad : {"）", "，", "%", ")"})
          EXPECT_NE(l.rfind(bad, 0), 0u) << "a line starts with " << bad << " at width " << w << ": " << l;
        if (lines.size() > 1) EXPECT_TRUE(ImGui::CalcTextSize(l.c_str()).x <= w || l.find(' ') == std::string::npos) << l;
      }
      EXPECT_EQ(squeeze(joined), squeeze(s)) << "text lost or changed at width " << w;
      for (auto it = std::sregex_iterator(s.begin(), s.end(), number); it != std::sregex_iterator(); ++it) {
        const std::string n = it->str();
        if (ImGui::CalcTextSize(n.c_str()).x > w) continue;  // wider than the line: cut by characters
        bool whole = false;
        for (const auto& l : lines) whole = whole || l.find(n) != std::string::npos;
        EXPECT_TRUE(whole) << n << " split at width " << w;
      }
    }
  ImGui::EndFrame();
}

}  // namespace
}  // namespace pa::ui
