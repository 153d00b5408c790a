// The review workstation driven through a headless Dear ImGui context (no window, no GL): keys go
// through the action registry into the audit database exactly as in the GUI.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "audit_test_util.h"
#include "review/decisions.h"
#include "review/session.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/reviewer_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

struct UiFixture : ::testing::Test {
  test::SmallAudit audit;
  test::TempDir data;
  test::Headless ui;
  std::unique_ptr<Workstation> app;

  void SetUp() override { open(); }
  void TearDown() override { app.reset(); set_language(Lang::zh); }
  void open(GuiOptions extra = {}) {
    app.reset();
    GuiOptions o = extra;
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = data.path().string();
    app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
    frame();
    wait_until_shown();
  }
  // A decision is only made on a photo that is displayed: frames until the current one is.
  void wait_until_shown() {
    for (int i = 0; i < 2000 && app->session().current() && app->session().current()->state.submission_id &&
                    !app->current_photo_ready();
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      frame();
    }
  }
  void frame() { ui.frame([&] { app->frame(); }); }
  void press(int key, bool ctrl = false, bool shift = false) { ui.press(key, [&] { app->frame(); }, ctrl, shift); }
  std::string current() { return app->session().current()->state.student.student_no; }
  Status status_of(const std::string& no) { return create_store(audit.db.string())->student(no)->status; }
  std::vector<DecisionEvent> history(const std::string& no) { return create_store(audit.db.string())->history(no); }
};

TEST_F(UiFixture, FirstStartAsksTheReviewersNameKeepsItForTheAccountAndNeverRecordsNobody) {
  app.reset();
  GuiOptions o;
  o.db = audit.db.string();
  o.data_dir = data.path().string();
  app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
  frame();
  wait_until_shown();
  EXPECT_TRUE(app->reviewer_name().dialog_open());  // asked at once
  EXPECT_TRUE(app->session().reviewer().empty());
  const std::string first = current();
  press(GLFW_KEY_ESCAPE);  // dismissed: still nobody, and no decision is recorded as nobody
  EXPECT_FALSE(app->reviewer_name().dialog_open());
  press(GLFW_KEY_A);
  EXPECT_EQ(status_of(first), Status::pending);
  EXPECT_TRUE(history(first).empty());
  EXPECT_TRUE(app->reviewer_name().dialog_open());  // the key asks for the name again
  app->reviewer_name().set_typed("   ");
  EXPECT_FALSE(app->reviewer_name().confirm());
  app->reviewer_name().set_typed("reviewer");  // the old placeholder is not a name
  EXPECT_FALSE(app->reviewer_name().confirm());
  app->reviewer_name().set_typed(" 王𠈌老师 ");
  ASSERT_TRUE(app->reviewer_name().confirm());
  EXPECT_EQ(app->session().reviewer(), "王𠈌老师");
  frame();
  press(GLFW_KEY_A);
  ASSERT_EQ(history(first).size(), 1u);
  EXPECT_EQ(history(first).back().reviewer, "王𠈌老师");
  // Every other act of record names the same person: revealing an ID number, for one.
  press(GLFW_KEY_I);
  ASSERT_TRUE(app->review().id_revealed());
  EXPECT_EQ(test::RawDb(audit.db).text("SELECT actor FROM ledger WHERE kind = 'reveal' ORDER BY seq DESC LIMIT 1"), "王𠈌老师");
  // Kept for this OS account (owner-only), and taken at the next start without asking.
  const auto file = data.path() / "reviewer";
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  app.reset();
  app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
  frame();
  EXPECT_FALSE(app->reviewer_name().dialog_open());
  EXPECT_EQ(app->session().reviewer(), "王𠈌老师");
}

TEST_F(UiFixture, ApproveKeyCommitsAtOnceAdvancesAndOffersUndo) {
  const std::string first = current();
  press(GLFW_KEY_A);
  EXPECT_EQ(status_of(first), Status::approved);  // committed to SQLite on the key press
  EXPECT_NE(current(), first);
  EXPECT_EQ(app->session().current()->state.status, Status::pending);
  EXPECT_TRUE(app->toast().visible());
  EXPECT_NE(app->toast().text().find(first), std::string::npos);
  auto h = history(first);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].reviewer, "测试员");
}

TEST_F(UiFixture, RejectOpensThePickerDigitsPickEnterConfirms) {
  const std::string first = current();
  press(GLFW_KEY_R);
  ASSERT_TRUE(app->picker().is_open());
  EXPECT_EQ(status_of(first), Status::pending);  // opening the picker records nothing
  // Whatever the engine pre-selected (it depends on whether the live analysis has arrived), the
  // test picks the last of the one-key codes 1..9 that is not selected yet.
  const std::vector<std::string> before = app->picker().selected();
  const auto& catalog = app->session().catalog();
  ASSERT_GE(catalog.size(), 9u);
  int digit = 0;
  for (int d = 9; d >= 1 && !digit; --d)
    if (std::find(before.begin(), before.end(), catalog[static_cast<std::size_t>(d - 1)].code) == before.end()) digit = d;
  ASSERT_NE(digit, 0) << "the engine pre-selected all of the codes 1..9";
  const std::string code = catalog[static_cast<std::size_t>(digit - 1)].code;
  press(GLFW_KEY_0 + digit);  // catalog order: digit d = the d-th code
  press(GLFW_KEY_ENTER);      // confirms (and applies a digit still waiting for a second one)
  EXPECT_FALSE(app->picker().is_open());
  EXPECT_EQ(status_of(first), Status::rejected);
  const auto h = history(first);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h.back().kind, "reject");
  EXPECT_EQ(h.back().reviewer, "测试员");
  // The decision carries the engine's codes plus the one the digit picked, nothing else.
  std::set<std::string> expected(before.begin(), before.end());
  expected.insert(code);
  EXPECT_EQ(std::set<std::string>(h.back().reasons.begin(), h.back().reasons.end()), expected) << "digit " << digit;
  EXPECT_NE(current(), first);
}

TEST_F(UiFixture, ThePickerPreTicksOnlyFailingCodesAndTheToastNamesTheReasonsRecorded) {
  const std::string first = current();
  // Once the live analysis has reached the row, the row is given a result with two failing codes
  // and a retouching *warning* (what the picker is opened on).
  for (int i = 0; i < 3000 && !app->session().current()->analyzed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    frame();
  }
  ASSERT_TRUE(app->session().current()->analyzed);
  QueueRow row = *app->session().current();
  apply_analysis(row, row.state.submission_id,
                 R"J({"ok":false,"findings":[{"code":"retouched","severity":"warn"},{"code":"background","severity":"fail"},)J"
                 R"J({"code":"uneven_lighting","severity":"fail"}]})J",
                 false);
  app->session().queue().update_row(row);
  press(GLFW_KEY_R);
  ASSERT_TRUE(app->picker().is_open());
  const std::vector<std::string> ticked = app->picker().selected();
  EXPECT_EQ(std::set<std::string>(ticked.begin(), ticked.end()), (std::set<std::string>{"background", "uneven_lighting"}));
  EXPECT_EQ(std::find(ticked.begin(), ticked.end(), "retouched"), ticked.end()) << "a warning was pre-ticked";
  press(GLFW_KEY_ENTER);  // R then Enter: what the student is told is what failed, nothing more
  ASSERT_FALSE(app->picker().is_open());
  const auto h = history(first);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(std::set<std::string>(h.back().reasons.begin(), h.back().reasons.end()),
            (std::set<std::string>{"background", "uneven_lighting"}));
  // The toast says who and why: every reason recorded, by its label, and not the warned one.
  const std::string said = app->toast().text();
  EXPECT_NE(said.find(first), std::string::npos) << said;
  for (const auto& r : app->session().catalog()) {
    const std::string label = r.label_zh.substr(0, r.label_zh.find("（"));
    const bool recorded = r.code == "background" || r.code == "uneven_lighting";
    EXPECT_EQ(said.find(label) != std::string::npos, recorded) << r.code << " in: " << said;
  }
}

TEST_F(UiFixture, ADigitPressedTwiceLeavesTheSelectionAsItWas) {
  press(GLFW_KEY_R);
  ASSERT_TRUE(app->picker().is_open());
  const auto& catalog = app->session().catalog();
  // Digit 5 applies at once (no code number 50 and up); pressed twice it is back as it was.
  ASSERT_LT(catalog.size(), 50u);
  const std::string code = catalog[4].code;
  const std::vector<std::string> before = app->picker().selected();
  const bool was_on = std::find(before.begin(), before.end(), code) != before.end();
  press(GLFW_KEY_5);
  auto now = app->picker().selected();
  EXPECT_EQ(std::find(now.begin(), now.end(), code) != now.end(), !was_on);
  press(GLFW_KEY_5);
  EXPECT_EQ(app->picker().selected(), before);
  press(GLFW_KEY_ESCAPE);
}

TEST_F(UiFixture, TwoDigitCodesAndOtherNeedsANote) {
  const std::string first = current();
  press(GLFW_KEY_S);
  ASSERT_TRUE(app->picker().is_open());
  // Start from a clean selection whatever the engine suggested.
  for (const auto& c : app->picker().selected()) (void)c;
  auto sel = app->picker().selected();
  // `other` is the 29th code: two digits.
  press(GLFW_KEY_2);
  EXPECT_EQ(app->picker().pending_digits(), "2");
  press(GLFW_KEY_9);
  auto now = app->picker().selected();
  EXPECT_NE(std::find(now.begin(), now.end(), "other"), now.end());
  press(GLFW_KEY_ENTER);  // refused: no note
  EXPECT_TRUE(app->picker().is_open());
  EXPECT_FALSE(app->picker().error().empty());
  EXPECT_EQ(status_of(first), Status::pending);
  app->picker().set_note("耳环");
  press(GLFW_KEY_ENTER);
  EXPECT_FALSE(app->picker().is_open());
  EXPECT_EQ(status_of(first), Status::reshoot);
  EXPECT_EQ(history(first).back().note, "耳环");
}

TEST_F(UiFixture, EscapeCancelsWithoutRecording) {
  const std::string first = current();
  press(GLFW_KEY_R);
  ASSERT_TRUE(app->picker().is_open());
  press(GLFW_KEY_ESCAPE);
  EXPECT_FALSE(app->picker().is_open());
  EXPECT_EQ(status_of(first), Status::pending);
  EXPECT_EQ(current(), first);
  press(GLFW_KEY_A);  // keys work again after the picker closed
  EXPECT_EQ(status_of(first), Status::approved);
}

TEST_F(UiFixture, CtrlZUndoesAndShowsThatStudentAgain) {
  const std::string first = current();
  press(GLFW_KEY_A);
  press(GLFW_KEY_Z, true);
  EXPECT_EQ(status_of(first), Status::pending);
  EXPECT_EQ(current(), first);
  auto h = history(first);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].kind, "undo");
}

TEST_F(UiFixture, NavigationKeysMoveThroughTheQueue) {
  const auto start = *app->session().position();
  press(GLFW_KEY_J);
  EXPECT_EQ(*app->session().position(), start + 1);
  press(GLFW_KEY_RIGHT);
  EXPECT_EQ(*app->session().position(), start + 2);
  press(GLFW_KEY_K);
  press(GLFW_KEY_LEFT);
  EXPECT_EQ(*app->session().position(), start);
}

TEST_F(UiFixture, OverlayFitHelpAndQuitKeys) {
  const bool on = app->view_state().overlays_on;
  press(GLFW_KEY_O);
  EXPECT_NE(app->view_state().overlays_on, on);
  press(GLFW_KEY_F1);
  EXPECT_TRUE(app->help().open());
  press(GLFW_KEY_SLASH, false, true);  // '?'
  EXPECT_FALSE(app->help().open());
  // Every key named in the spec has an action.
  for (const char* id : {"decide.approve", "decide.reject", "decide.reshoot", "decide.undo", "nav.next", "nav.prev",
                         "view.overlays", "view.fit", "view.original", "app.help", "app.quit"})
    EXPECT_TRUE(app->actions().find(id)) << id;
  for (const auto& a : app->actions().all()) {
    EXPECT_FALSE(a.label_zh.empty()) << a.id;
    EXPECT_FALSE(a.label_en.empty()) << a.id;
  }
  EXPECT_FALSE(app->quit_requested());
  press(GLFW_KEY_Q, true);
  EXPECT_TRUE(app->quit_requested());
}

TEST_F(UiFixture, IdNumberIsMaskedUntilRevealedAndMaskedAgainOnTheNextStudent) {
  EXPECT_FALSE(app->review().id_revealed());
  press(GLFW_KEY_I);
  EXPECT_TRUE(app->review().id_revealed());
  press(GLFW_KEY_J);
  EXPECT_FALSE(app->review().id_revealed());
}

TEST_F(UiFixture, QueueScreenIsVirtualisedForTwentyThousandRows) {
  std::vector<QueueRow> rows;
  for (int i = 0; i < 20000; ++i) {
    QueueRow r;
    r.state.student.student_no = std::to_string(3000000 + i);
    r.state.student.name = "学生堃" + std::to_string(i);
    r.state.status = Status::pending;
    rows.push_back(r);
  }
  app->session().queue().set_rows(std::move(rows));
  app->set_screen(Screen::queue);
  frame();
  frame();
  ImDrawData* dd = ImGui::GetDrawData();
  ASSERT_TRUE(dd);
  // Only the visible rows are submitted: far fewer vertices than 20,000 rows would need.
  EXPECT_LT(dd->TotalVtxCount, 200000);
  EXPECT_GT(dd->TotalVtxCount, 1000);
}

TEST_F(UiFixture, ContactSheetApprovesOnlyTheCleanOnesItShowsAndOneCtrlZUndoesTheBatch) {
  // 2021001 clean; 2021002 only a lighting warning (a batch may approve it); 2021003 a failing
  // check; 2021004 a head-covering *warning*, which the default policy holds for a reviewer.
  auto& q = app->session().queue();
  const std::map<std::string, std::string> results{
      {"2021001", R"({"ok":true,"findings":[]})"},
      {"2021002", R"({"ok":true,"findings":[{"code":"uneven_lighting","severity":"warn"}]})"},
      {"2021003", R"({"ok":false,"findings":[{"code":"blurry","severity":"fail"}]})"},
      {"2021004", R"({"ok":true,"findings":[{"code":"head_covering","severity":"warn"}]})"}};
  ASSERT_TRUE(app->session().policy().batch_warnings_hold.count("head_covering"));
  ASSERT_FALSE(app->session().policy().batch_warnings_hold.count("uneven_lighting"));
  for (const auto& [no, json] : results) {
    QueueRow r = *q.find(no);
    apply_analysis(r, r.state.submission_id, json, no != "2021003");
    q.update_row(r);
  }
  press(GLFW_KEY_F4);
  EXPECT_EQ(app->screen(), Screen::sheet);
  app->sheet().selection() = {"2021003", "2021004"};  // nothing clean: no empty dialog, a toast says why
  press(GLFW_KEY_A);
  EXPECT_FALSE(app->sheet().approve_confirm_open());
  EXPECT_TRUE(app->toast().visible());
  press(GLFW_KEY_A, true);  // select all
  EXPECT_EQ(app->sheet().selection().size(), 4u);
  EXPECT_EQ(app->sheet().clean_in_selection(), 2);
  press(GLFW_KEY_A);
  ASSERT_TRUE(app->sheet().approve_confirm_open());
  // The confirmation shows exactly the photos it will approve, each of the version on the sheet.
  std::set<std::string> shown;
  for (const auto& p : app->sheet().approve_preview()) {
    shown.insert(p.student_no);
    EXPECT_EQ(p.sha256, q.find(p.student_no)->state.photo_sha256);
  }
  EXPECT_EQ(shown, (std::set<std::string>{"2021001", "2021002"}));
  EXPECT_EQ(status_of("2021001"), Status::pending);  // nothing before the confirmation
  press(GLFW_KEY_ENTER);
  EXPECT_FALSE(app->sheet().approve_confirm_open());
  EXPECT_TRUE(app->sheet().approve_preview().empty());
  EXPECT_EQ(status_of("2021001"), Status::approved);
  EXPECT_EQ(status_of("2021002"), Status::approved);
  EXPECT_EQ(status_of("2021003"), Status::pending);
  EXPECT_EQ(status_of("2021004"), Status::pending);
  // One Ctrl+Z takes the whole batch back, and says so.
  press(GLFW_KEY_Z, true);
  EXPECT_EQ(status_of("2021001"), Status::pending);
  EXPECT_EQ(status_of("2021002"), Status::pending);
  EXPECT_EQ(app->session().undone_count(), 2u);
  EXPECT_NE(app->toast().text().find("2"), std::string::npos) << app->toast().text();
  EXPECT_EQ(history("2021001").back().kind, "undo");  // undone by events of their own: nothing erased
  EXPECT_EQ(history("2021001").size(), 2u);
}

// The contact sheet's cells on screen, left to right in the first row, found by moving the mouse
// along the row and asking Dear ImGui which item is under it (no layout numbers in the test).
struct SheetCell {
  ImGuiID id;
  ImVec2 centre;
};
std::vector<SheetCell> sheet_cells_in_first_row(const std::function<void()>& frame) {
  ImGuiWindow* sheet = nullptr;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (std::string(w->Name).find("/##sheet_") != std::string::npos) sheet = w;
  if (!sheet) return {};
  const ImRect r = sheet->InnerRect;
  const float y = r.Min.y + 20;
  ImGuiIO& io = ImGui::GetIO();
  std::vector<SheetCell> cells;
  float run_start = 0;
  for (float x = r.Min.x + 1; x < r.Max.x; x += 4) {
    io.MousePos = {x, y};
    frame();
    const ImGuiID id = ImGui::GetCurrentContext()->HoveredId;
    if (!cells.empty() && cells.back().id == id) {
      cells.back().centre.x = (run_start + x) / 2;
    } else if (id) {
      cells.push_back({id, {x, y}});
      run_start = x;
    }
  }
  io.MousePos = {-FLT_MAX, -FLT_MAX};
  frame();
  return cells;
}

TEST_F(UiFixture, ContactSheetPlainClickSelectsOnlyThatPhotoCtrlClickToggles) {
  press(GLFW_KEY_F4);
  ASSERT_EQ(app->screen(), Screen::sheet);
  frame();
  const auto cells = sheet_cells_in_first_row([&] { frame(); });
  const auto& q = app->session().queue();
  ASSERT_GE(cells.size(), 4u) << "expected the sheet's cells side by side";
  // The cells are the queue in order; pick three with a photo.
  std::vector<std::size_t> with_photo;
  for (std::size_t i = 0; i < cells.size() && i < q.size(); ++i)
    if (q.at(i).state.submission_id) with_photo.push_back(i);
  ASSERT_GE(with_photo.size(), 3u);
  const std::size_t c0 = with_photo[0], c1 = with_photo[1], c2 = with_photo[2];
  auto no = [&](std::size_t i) { return q.at(i).state.student.student_no; };
  ImGuiIO& io = ImGui::GetIO();
  auto click = [&](std::size_t cell, bool ctrl) {
    io.MousePos = cells[cell].centre;
    frame();
    io.KeyCtrl = ctrl;
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    io.KeyCtrl = false;
    for (int i = 0; i < 30; ++i) frame();  // longer than a double click (which opens the photo)
  };
  using Sel = std::set<std::string>;
  click(c0, false);
  EXPECT_EQ(app->sheet().selection(), Sel({no(c0)}));
  click(c1, false);  // a plain click replaces the selection
  EXPECT_EQ(app->sheet().selection(), Sel({no(c1)}));
  click(c2, true);  // Ctrl-click adds
  EXPECT_EQ(app->sheet().selection(), Sel({no(c1), no(c2)}));
  click(c0, true);
  EXPECT_EQ(app->sheet().selection(), Sel({no(c0), no(c1), no(c2)}));
  click(c1, true);  // Ctrl-click on a selected photo takes it out
  EXPECT_EQ(app->sheet().selection(), Sel({no(c0), no(c2)}));
  click(c2, false);  // a plain click on a selected photo keeps only it
  EXPECT_EQ(app->sheet().selection(), Sel({no(c2)}));
  press(GLFW_KEY_A, true);  // select all, then a plain click keeps one
  EXPECT_GT(app->sheet().selection().size(), 1u);
  click(c0, false);
  EXPECT_EQ(app->sheet().selection(), Sel({no(c0)}));
  EXPECT_EQ(app->screen(), Screen::sheet);  // no click was taken for a double click
}

TEST_F(UiFixture, ViewStatePersistsPerAudit) {
  press(GLFW_KEY_J);
  const std::string at = current();
  app->view_state().overlays = ov_glare | ov_lighting;
  app->view_state().opacity = 0.33f;
  app->set_screen(Screen::queue);
  app.reset();  // saves
  open();
  EXPECT_EQ(current(), at);
  EXPECT_EQ(app->view_state().overlays, ov_glare | ov_lighting);
  EXPECT_FLOAT_EQ(app->view_state().opacity, 0.33f);
  EXPECT_EQ(app->screen(), Screen::queue);
}

TEST_F(UiFixture, LanguageSwitchesToEnglishAndBack) {
  EXPECT_EQ(language(), Lang::zh);
  press(GLFW_KEY_L, true);
  EXPECT_EQ(language(), Lang::en);
  EXPECT_STREQ(T("批准", "Approve"), "Approve");
  press(GLFW_KEY_L, true);
  EXPECT_EQ(language(), Lang::zh);
}

TEST_F(UiFixture, PhotosDecodeOnWorkersAndLandInTheBoundedCache) {
  for (int i = 0; i < 400 && !app->current_photo_ready(); ++i) {
    frame();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(app->current_photo_ready());
  EXPECT_GE(app->photos().texture_entries(), 1u);
}

TEST(UiFonts, RosterCharactersRender) {
  test::Headless ui;
  ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
  ASSERT_TRUE(f);
  for (ImWchar c : {0x5803 /*堃*/, 0x5586 /*喆*/, 0x8D5F /*赟*/, 0x9F91 /*龑*/, 0x4DAE /*䶮*/, 0x7287 /*犇*/})
    EXPECT_TRUE(f->FindGlyphNoFallback(c)) << std::hex << c;
  EXPECT_TRUE(f->FindGlyphNoFallback(0x5BA1 /*审*/));
  // Beyond the BMP (王𠈌): a real glyph at a Private Use Area stand-in, see ui_font_test.cpp.
  EXPECT_FALSE(has_undrawable("王𠈌"));
  EXPECT_EQ(displayable("李堃"), "李堃");
}

}  // namespace
}  // namespace pa::ui

namespace pa::ui {
namespace {

TEST_F(UiFixture, ReshootRoundShowsTheEarlierRejectedVersionAndItsReasons) {
  app.reset();
  {
    auto store = create_store(audit.db.string());
    decide(*store, {"2021001", Verdict::reject, {"blurry", "background"}, "", "李老师"});
    test::TempDir again;
    test::write_file(again / "photos" / "2021001.jpg", test::portrait_jpeg(9));
    test::run_import(*store, audit.roster, again / "photos");
    EXPECT_EQ(store->student("2021001")->versions, 2);
    EXPECT_EQ(store->student("2021001")->status, Status::pending);
  }
  GuiOptions o;
  o.select = "2021001";
  open(o);
  EXPECT_EQ(current(), "2021001");
  ASSERT_TRUE(app->review().earlier());
  EXPECT_EQ(app->review().earlier()->submission.version, 1);
  ASSERT_TRUE(app->review().earlier()->decision);
  EXPECT_EQ(app->review().earlier()->decision->kind, "reject");
  EXPECT_NE(std::find(app->review().earlier()->decision->reasons.begin(), app->review().earlier()->decision->reasons.end(), "blurry"),
            app->review().earlier()->decision->reasons.end());
  frame();  // the three-pane layout draws
  press(GLFW_KEY_J);
  EXPECT_FALSE(app->review().earlier());  // 2021002 has one version
}

}  // namespace
}  // namespace pa::ui
