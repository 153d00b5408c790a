// The office's screens of issue 13, headless (what the screens hand to Dear ImGui, read back from
// the draw lists): the dashboard's calendar, bars and per-hour figures, the trainer's quiz and
// mark dialog, the spot-check screen's words, and the exports dialog.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "audit_test_util.h"
#include "review/calendar.h"
#include "review/decisions.h"
#include "store/scoped_store.h"
#include "ui/ui_common.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/exports_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::drawn_text;

struct OfficeUi : ::testing::Test {
  test::SmallAudit audit;
  test::TempDir data;
  std::unique_ptr<test::Headless> ui = std::make_unique<test::Headless>();
  std::unique_ptr<Workstation> app;

  void TearDown() override {
    app.reset();
    set_language(Lang::zh);
  }
  void open(const std::string& role = "", const std::string& college = "", float w = 1600, float h = 1000) {
    app.reset();
    ui = std::make_unique<test::Headless>(w, h);
    GuiOptions o;
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = data.path().string();
    o.role = role;
    o.college = college;
    app = std::make_unique<Workstation>(open_audit(audit.db.string(), college), o, false);
  }
  void frames(int n = 3) {
    for (int i = 0; i < n; ++i) ui->frame([&] { app->frame(); });
  }
  std::string show(Screen s) {
    app->set_screen(s);
    frames();
    return drawn_text();
  }
  void decide_some() {
    decide(*audit.store, {"2021001", Verdict::approve, {}, "", "alice"});
    decide(*audit.store, {"2021002", Verdict::reject, {"uneven_lighting"}, "", "alice"});
    decide(*audit.store, {"2021003", Verdict::reshoot, {"blurry"}, "", "bob"});
    decide(*audit.store, {"2021004", Verdict::approve, {}, "", "bob"});
  }
};

// Code points of UTF-8 text at or above U+2E80 (CJK and beyond).
std::set<char32_t> cjk_in(const std::string& s) {
  std::set<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= 0x2E80) out.insert(cp);
    i += n;
  }
  return out;
}

// ---- the dashboard ----------------------------------------------------------------------------------

TEST_F(OfficeUi, DashboardOfANewAuditAsksForItsCalendarInsteadOfLastYearsDates) {
  open();
  std::string text = show(Screen::dashboard);
  EXPECT_TRUE(contains(text, "未设置审核日历")) << text;
  EXPECT_FALSE(contains(text, "已结束")) << text;
  EXPECT_FALSE(contains(text, "2024")) << text;
  EXPECT_TRUE(contains(text, "设置审核日历")) << text;  // the button

  // The dialog, prefilled from the notice's pattern for this year.
  ASSERT_TRUE(app->actions().run("calendar.set"));
  auto& c = app->dashboard().state();
  ASSERT_TRUE(c.calendar_open);
  // This year's dates, or next year's once they have passed (notice_calendar_ahead): never over.
  const std::string year = notice_calendar_ahead(today_local()).campuses.at(0).phases.at(0).from.substr(0, 4);
  EXPECT_GE(std::stoi(year), year_of(today_local()));
  ASSERT_TRUE(c.draft.find("南京校区"));
  EXPECT_EQ(c.draft.find("南京校区")->find("reshoot")->from, year + "-05-10");
  frames();
  text = drawn_text();
  EXPECT_TRUE(contains(text, year + "-05-10")) << text;
  EXPECT_TRUE(contains(text, "请与该年度的通知")) << text;
  EXPECT_TRUE(app->dashboard().modal_open());  // the workstation's keys wait

  // parse_calendar's rules: a bad date is refused in the dialog, the audit keeps none.
  c.draft.campuses[0].phases[0].to = year + "-02-30";
  EXPECT_FALSE(app->dashboard().save_calendar());
  EXPECT_TRUE(contains(c.draft_error, "YYYY-MM-DD")) << c.draft_error;
  EXPECT_FALSE(audit_has_calendar(*audit.store));
  frames();
  EXPECT_TRUE(contains(drawn_text(), c.draft_error.substr(0, 12)));
  c.draft.campuses[0].phases[0].to = c.draft.campuses[0].phases[0].from;
  for (auto& campus : c.draft.campuses)
    if (campus.campus == "南京校区") campus.phases.back().from = campus.phases.back().to = year + "-06-01";
  ASSERT_TRUE(app->dashboard().save_calendar()) << c.draft_error;
  EXPECT_FALSE(c.calendar_open);
  ASSERT_TRUE(load_calendar(*audit.store));
  EXPECT_EQ(load_calendar(*audit.store)->find("南京校区")->find("reshoot")->from, year + "-06-01");
  text = show(Screen::dashboard);
  EXPECT_FALSE(contains(text, "未设置审核日历")) << text;
  EXPECT_TRUE(contains(text, "调整日期")) << text;
  EXPECT_TRUE(contains(text, "6月1日")) << text;

  // Opened again: the audit's own dates, not the pattern's.
  ASSERT_TRUE(app->actions().run("calendar.set"));
  EXPECT_EQ(c.draft.find("南京校区")->find("reshoot")->from, year + "-06-01");
  ui->press(GLFW_KEY_ESCAPE, [&] { app->frame(); });
  EXPECT_FALSE(c.calendar_open);
}

TEST_F(OfficeUi, OnlyThe学籍科SetsTheCalendar) {
  open("trainer");
  std::string text = show(Screen::dashboard);
  EXPECT_TRUE(contains(text, "未设置审核日历")) << text;
  EXPECT_FALSE(app->actions().run("calendar.set"));
  open("coordinator", "水利水电学院");
  text = show(Screen::dashboard);
  EXPECT_TRUE(contains(text, "由学籍科设置")) << text;
  EXPECT_FALSE(app->actions().run("calendar.set"));
}

// Every axis-aligned solid rectangle (Dear ImGui's PrimRect: 4 vertices) of one of these colours,
// as {top y: summed width}.
std::map<float, float> solid_rects(const std::set<ImU32>& colours) {
  std::map<float, float> rows;
  const ImDrawData* dd = ImGui::GetDrawData();
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const auto& v = dd->CmdLists[l]->VtxBuffer;
    for (int i = 0; i + 3 < v.Size; ++i) {
      if (!colours.count(v[i].col) || v[i + 1].col != v[i].col || v[i + 2].col != v[i].col || v[i + 3].col != v[i].col)
        continue;
      const bool rect = v[i + 1].pos.y == v[i].pos.y && v[i + 2].pos.x == v[i + 1].pos.x && v[i + 3].pos.x == v[i].pos.x &&
                        v[i + 3].pos.y == v[i + 2].pos.y && v[i + 2].pos.y > v[i].pos.y;
      if (!rect) continue;
      rows[v[i].pos.y] += v[i + 1].pos.x - v[i].pos.x;
      i += 3;
    }
  }
  return rows;
}

TEST_F(OfficeUi, CollegeAndCampusBarsAreScaledToTheirOwnTotals) {
  decide_some();
  open();
  show(Screen::dashboard);
  std::set<ImU32> colours;
  for (Status s : {Status::approved, Status::rejected, Status::reshoot, Status::pending, Status::without_photo})
    colours.insert(ImGui::ColorConvertFloat4ToU32(status_colour(s)));
  const auto rows = solid_rects(colours);
  // Three colleges (2, 2 and 1 students) and two campuses (4 and 1): every bar full.
  ASSERT_EQ(rows.size(), 5u);
  const float full = rows.begin()->second;
  EXPECT_GT(full, 100.0f);
  for (const auto& [y, width] : rows) EXPECT_NEAR(width, full, 1.0f) << "bar at y=" << y;
}

TEST_F(OfficeUi, BatchApprovalsAreShownApartFromThePerHourFigures) {
  open();
  auto& s = app->session();
  ASSERT_TRUE(s.go_to_student("2021003"));
  s.decide(Verdict::approve, {}, "");
  auto shown = [&](const std::string& no) {
    const QueueRow* row = s.queue().find(no);
    return ReviewSession::ShownPhoto{no, row->state.submission_id, row->state.photo_sha256, std::nullopt};
  };
  ASSERT_EQ(s.approve_many({shown("2021001"), shown("2021002")}).decided.size(), 2u);
  std::string text = show(Screen::dashboard);
  EXPECT_TRUE(contains(text, "测试员·平均1.0张/小时")) << text;  // the one single decision (drawn text has no spaces)
  EXPECT_TRUE(contains(text, "批量结论")) << text;
  EXPECT_TRUE(contains(text, "测试员：1批，共2张")) << text;
  set_language(Lang::en);
  text = show(Screen::dashboard);
  EXPECT_TRUE(contains(text, "测试员·1.0peractivehour")) << text;
  EXPECT_TRUE(contains(text, "测试员:1batch,2photos")) << text;
}

TEST_F(OfficeUi, TheEnglishDashboardIsEnglishButForTheAuditsOwnNames) {
  decide_some();
  set_audit_calendar(*audit.store, calendar_json(notice_calendar_for_year(year_of(today_local()))));
  open();
  set_language(Lang::en);
  const std::string text = show(Screen::dashboard);
  EXPECT_TRUE(contains(text, "Auditcalendar")) << text;
  EXPECT_TRUE(contains(text, "Reshoot")) << text;
  std::string names = "测试员alicebob";
  for (const auto& r : audit.rows) names += r.college + r.campus;
  const auto allowed = cjk_in(names);
  for (char32_t cp : cjk_in(text)) {
    std::string ch;
    test::append_utf8(ch, static_cast<unsigned>(cp));
    EXPECT_TRUE(allowed.count(cp)) << "Chinese on the English dashboard: " << ch << "\n" << text;
  }
}

// ---- the trainer's quiz and mark dialog ---------------------------------------------------------------

constexpr ImU32 kGood = IM_COL32(80, 200, 110, 255), kBad = IM_COL32(235, 90, 80, 255);

bool drew_colour(ImU32 col) {
  const ImDrawData* dd = ImGui::GetDrawData();
  for (int l = 0; l < dd->CmdListsCount; ++l)
    for (const auto& v : dd->CmdLists[l]->VtxBuffer)
      if (v.col == col) return true;
  return false;
}

TEST_F(OfficeUi, TheQuizGivesNothingAwayAndTheRevealSaysWhatWasRightMissedAndWrong) {
  decide_some();
  audit.store->mark_teaching_example("2021002", {"uneven_lighting"}, "培训师");
  audit.store->mark_teaching_example("2021004", {"uneven_lighting"}, "培训师");
  open("trainer", "", 1280, 560);  // a short window: the list of codes is longer than the screen
  std::string text = show(Screen::quiz);
  auto& q = app->trainer().state().quiz;
  while (q.current().good) {  // the bad example
    q.next();
    frames();
  }
  text = drawn_text();
  EXPECT_FALSE(drew_colour(kGood)) << "a green frame gives the answer away";
  EXPECT_FALSE(drew_colour(kBad)) << "a red frame gives the answer away";
  EXPECT_FALSE(contains(text, "答案：")) << text;
  EXPECT_TRUE(contains(text, "揭晓答案")) << "the reveal button is out of view:\n" << text;

  q.toggle("uneven_lighting");
  q.toggle("blurry");
  ui->press(GLFW_KEY_SPACE, [&] { app->frame(); });
  ASSERT_TRUE(q.revealed());
  frames();
  text = drawn_text();
  EXPECT_TRUE(drew_colour(kBad));
  const auto& cat = app->session().catalog();
  EXPECT_TRUE(contains(text, "答对：" + reason_short("uneven_lighting", cat))) << text;
  EXPECT_TRUE(contains(text, "错选：" + reason_short("blurry", cat))) << text;
  EXPECT_TRUE(contains(text, "下一题")) << text;

  // The good example: nothing to tick, and a green frame only once revealed.
  q.next();
  while (!q.current().good) q.next();
  frames();
  EXPECT_FALSE(drew_colour(kGood));
  q.toggle("background");
  q.reveal();
  frames();
  text = drawn_text();
  EXPECT_TRUE(drew_colour(kGood));
  EXPECT_TRUE(contains(text, "合格照片")) << text;
  EXPECT_TRUE(contains(text, "错选：" + reason_short("background", cat))) << text;
}

TEST_F(OfficeUi, MarkingATeachingExampleUsesTheReasonPickersListAndKeys) {
  decide_some();
  open();
  app->set_screen(Screen::review);
  ASSERT_TRUE(app->session().go_to_student("2021002"));
  ASSERT_TRUE(app->actions().run("example.mark"));
  auto& picker = app->trainer().state().mark_picker;
  ASSERT_TRUE(picker.is_open());
  EXPECT_TRUE(app->trainer().modal_open());
  frames();
  const std::string text = drawn_text();
  EXPECT_TRUE(contains(text, "数字键选择原因")) << text;  // the picker's own line
  EXPECT_FALSE(contains(text, "内部备注")) << text;       // no notes: a teaching example has none
  EXPECT_EQ(picker.selected(), std::vector<std::string>{"uneven_lighting"});
  // Digits pick by number, as in the reason picker: the catalog's third code.
  const std::string third = app->session().catalog().at(2).code;
  ui->press(GLFW_KEY_3, [&] { app->frame(); });
  frames(60);  // a lone digit applies after a short pause
  auto picked = picker.selected();
  EXPECT_NE(std::find(picked.begin(), picked.end(), third), picked.end());
  ui->press(GLFW_KEY_ENTER, [&] { app->frame(); });
  EXPECT_FALSE(picker.is_open());
  std::set<std::string> marked;
  for (const auto& e : audit.store->teaching_examples({})) marked.insert(e.code);
  EXPECT_TRUE(marked.count("uneven_lighting"));
  EXPECT_TRUE(marked.count(third));
}

// ---- spot checks -----------------------------------------------------------------------------------------

TEST_F(OfficeUi, TheSampleIsDescribedInWordsAndValuesFollowTheLanguage) {
  decide_some();
  record_second_review(*audit.store, "2021003", false, {"glasses_glare"}, "", "协调人");
  open();
  std::string text = show(Screen::spotcheck);
  EXPECT_TRUE(contains(text, "随机抽取10%，种子2024：1张")) << text;  // 10 % of 4 decided photos
  EXPECT_FALSE(contains(text, "seed=")) << text;
  EXPECT_TRUE(contains(text, "初审需重拍")) << text;  // the first review's verdict in words
  EXPECT_FALSE(contains(text, "reshoot")) << text;
  const auto& cat = app->session().catalog();
  EXPECT_TRUE(contains(text, reason_list({"glasses_glare"}, cat))) << text;

  set_language(Lang::en);
  text = show(Screen::spotcheck);
  EXPECT_TRUE(contains(text, "Random10%,seed2024:1photo")) << text;
  EXPECT_TRUE(contains(text, "Firstreviewreshoot")) << text;
  std::string en_glare = reason_short("glasses_glare", cat);
  en_glare.erase(std::remove(en_glare.begin(), en_glare.end(), ' '), en_glare.end());
  EXPECT_TRUE(contains(text, en_glare)) << text;
  for (const auto& r : cat) EXPECT_FALSE(contains(text, r.label_zh)) << r.label_zh << "\n" << text;
}

// ---- exports ------------------------------------------------------------------------------------------------

TEST_F(OfficeUi, TheExportDialogOpensInTheAuditsFolderAndItsPathFieldIsGuarded) {
  decide_some();
  open();
  show(Screen::exports);
  auto& c = app->exports().state();
  EXPECT_EQ(fs::path(c.dir), audit.db.parent_path());
  EXPECT_EQ(c.path_field, c.dir);

  // A folder typed into the path field goes there; a file's path sets the folder and the name.
  test::TempDir elsewhere;
  c.path_field = elsewhere.path().string();
  ASSERT_TRUE(app->exports().apply_path_field());
  EXPECT_EQ(fs::path(c.dir), elsewhere.path());
  c.path_field = (audit.db.parent_path() / "名单.csv").string();
  ASSERT_TRUE(app->exports().apply_path_field());
  EXPECT_EQ(fs::path(c.dir), audit.db.parent_path());
  EXPECT_STREQ(c.file_name, "名单.csv");
  c.path_field = (elsewhere / "no" / "such" / "x.csv").string();
  EXPECT_FALSE(app->exports().apply_path_field());
  EXPECT_TRUE(c.last_failed);

  // The audit, its -wal: refused before the button is pressed and when it is.
  const std::string before = test::read_file(audit.db);
  for (const std::string name : {audit.db.filename().string(), audit.db.filename().string() + "-wal"}) {
    c.path_field = (audit.db.parent_path() / name).string();
    ASSERT_TRUE(app->exports().apply_path_field());
    frames();
    EXPECT_FALSE(c.refusal.empty()) << name;
    app->exports().run_export();
    EXPECT_TRUE(c.last_failed) << name;
  }
  EXPECT_EQ(test::read_file(audit.db), before);

  // A good path: written, said on the status line, and the toast stays above that line.
  c.path_field = (elsewhere / "decisions.csv").string();
  ASSERT_TRUE(app->exports().apply_path_field());
  frames();
  EXPECT_TRUE(c.refusal.empty()) << c.refusal;
  app->exports().run_export();
  EXPECT_FALSE(c.last_failed) << c.last_export;
  EXPECT_TRUE(fs::exists(elsewhere / "decisions.csv"));
  frames();
  ASSERT_TRUE(app->toast().visible());
  ImGuiWindow* toast = ImGui::FindWindowByName("##toast");
  ASSERT_TRUE(toast);
  EXPECT_LE(toast->Pos.y + toast->Size.y, c.status_top) << "the toast covers the status line";
  EXPECT_TRUE(contains(drawn_text(), "decisions.csv"));
}

}  // namespace
}  // namespace pa::ui
