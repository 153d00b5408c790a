// The queue as a new reviewer meets it, driven headless (no window, no GL): a corrupt file on the
// review and queue screens, Enter in the search box, J/K past students without a photo, and the
// order kept as live analyses arrive (issue 13).
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <chrono>
#include <thread>

#include "audit_test_util.h"
#include "review/decisions.h"
#include "review/session.h"
#include "ui/photos/photo_data.h"
#include "ui/views/queue_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

struct UiQueueFlow : ::testing::Test {
  test::SmallAudit audit;  // 2021001..2021004 with photos, 2021005 without
  test::TempDir data;
  test::Headless ui;
  std::unique_ptr<Workstation> app;

  void TearDown() override {
    app.reset();
    set_language(Lang::zh);
  }
  void open(GuiOptions o = {}) {
    app.reset();
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = data.path().string();
    app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
    frame();
  }
  void frame() { ui.frame([&] { app->frame(); }); }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  void press(int key, bool ctrl = false) { ui.press(key, [&] { app->frame(); }, ctrl); }
  std::string current() { return app->session().current()->state.student.student_no; }
  std::vector<std::string> order() {
    std::vector<std::string> v;
    const auto& q = app->session().queue();
    for (std::size_t i = 0; i < q.size(); ++i) v.push_back(q.at(i).state.student.student_no);
    return v;
  }
  std::string shown(Screen s) {
    app->set_screen(s);
    frames(3);
    return test::drawn_text();
  }
  // A later batch in which the student's file arrives broken.
  void corrupt_file_for(const std::string& no, const std::string& bytes = "") {
    test::TempDir round;
    test::write_file(round / "photos" / (no + ".jpg"), bytes);
    auto store = create_store(audit.db.string());
    test::run_import(*store, audit.roster, round / "photos");
    ASSERT_EQ(store->student(no)->status, Status::file_corrupt);
  }
  // Every submission analyzed as clean for the workstation's engine: no analysis arrives by itself.
  void all_analyzed_clean() {
    auto store = create_store(audit.db.string());
    for (const auto& s : store->students({}))
      if (s.submission_id)
        store->save_analysis({s.submission_id, ui_engine_version(), true, R"({"ok":true,"findings":[]})", ""});
  }
  // A live analysis of the student arrives with `fails` failing checks, as the photo cache hands
  // it to the queue.
  void live_result(const std::string& no, int fails) {
    auto& q = app->session().queue();
    QueueRow r = *q.find(no);
    std::string findings;
    for (int i = 0; i < fails; ++i) findings += std::string(i ? "," : "") + R"({"code":"blurry","severity":"fail"})";
    apply_analysis(r, r.state.submission_id, R"({"ok":false,"findings":[)" + findings + "]}", fails == 0);
    q.update_row(r);
  }
  // The screen's child window (everything between the menu bar and the status bar).
  ImGuiWindow* screen_window() {
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
      if (std::string(w->Name).find("/##screen_") != std::string::npos) return w;
    return nullptr;
  }
  // Clicks into the search box, found by moving the mouse over the top of the queue screen and
  // asking Dear ImGui which item is under it (no layout numbers in the test).
  bool click_search_box() {
    ImGuiWindow* w = screen_window();
    if (!w) return false;
    const ImGuiID search = w->GetID("##search");
    ImGuiIO& io = ImGui::GetIO();
    for (float y = w->Pos.y + 2; y < w->Pos.y + 60; y += 3) {
      io.MousePos = {w->Pos.x + 40, y};
      frame();
      if (ImGui::GetCurrentContext()->HoveredId != search) continue;
      io.MouseDown[0] = true;
      frame();
      io.MouseDown[0] = false;
      frame();
      io.MousePos = {-FLT_MAX, -FLT_MAX};
      frame();
      return ImGui::GetCurrentContext()->ActiveId == search;
    }
    return false;
  }
  void type(const char* text) {
    ImGui::GetIO().AddInputCharactersUTF8(text);
    frames(2);
  }
};

TEST_F(UiQueueFlow, ACorruptFileSaysSoOnTheReviewScreenAndInTheQueueNotNoPhoto) {
  corrupt_file_for("2021005");  // the student had sent nothing; now a broken file
  GuiOptions o;
  o.select = "2021005";
  open(o);
  ASSERT_EQ(current(), "2021005");
  const QueueRow* r = app->session().current();
  EXPECT_EQ(r->state.status, Status::file_corrupt);
  EXPECT_FALSE(r->has_photo());
  std::string review = shown(Screen::review);
  EXPECT_NE(review.find("照片文件损坏，需重新提交"), std::string::npos) << review;
  EXPECT_NE(review.find("文件为空"), std::string::npos) << review;  // the file's error
  EXPECT_EQ(review.find("该学生尚未提交照片"), std::string::npos) << review;
  EXPECT_NE(review.find("文件损坏"), std::string::npos);  // the status in the header
  // Nothing can be decided: there is no photo.
  EXPECT_FALSE(app->actions().run("decide.approve"));
  press(GLFW_KEY_A);
  EXPECT_TRUE(create_store(audit.db.string())->history("2021005").empty());

  std::string queue = shown(Screen::queue);
  EXPECT_NE(queue.find("文件损坏"), std::string::npos) << queue;
  EXPECT_NE(queue.find("文件为空"), std::string::npos) << queue;  // the error in the findings column

  set_language(Lang::en);
  review = shown(Screen::review);
  EXPECT_NE(review.find("Thephotofileiscorrupt:itmustbesentagain"), std::string::npos) << review;
  EXPECT_NE(review.find("emptyfile"), std::string::npos) << review;
  queue = shown(Screen::queue);
  EXPECT_NE(queue.find("filecorrupt"), std::string::npos) << queue;

  // Its own filter.
  QueueFilter f;
  f.status = Status::file_corrupt;
  app->session().set_filter(f);
  EXPECT_EQ(order(), std::vector<std::string>{"2021005"});
}

TEST_F(UiQueueFlow, ACorruptReshootHidesTheOlderPhotoAndItsDecision) {
  {
    auto store = create_store(audit.db.string());
    decide(*store, {"2021002", Verdict::reshoot, {"blurry"}, "", "李老师"});
  }
  corrupt_file_for("2021002", "\xFF\xD8\xFF\xE0 not a jpeg");
  GuiOptions o;
  o.select = "2021002";
  open(o);
  const std::string review = shown(Screen::review);
  EXPECT_NE(review.find("照片文件损坏，需重新提交"), std::string::npos) << review;
  EXPECT_FALSE(app->actions().run("decide.reject"));
  // The queue shows the reasons of the decision in force, short, in the UI's language.
  const std::string queue = shown(Screen::queue);
  EXPECT_NE(queue.find("图像模糊"), std::string::npos) << queue;
}

TEST_F(UiQueueFlow, EnterInTheSearchBoxOpensTheFirstMatchAndAnEmptyResultSaysSo) {
  open();
  app->set_screen(Screen::queue);
  frames(2);
  ASSERT_TRUE(click_search_box());
  type("2021003");
  EXPECT_EQ(order(), std::vector<std::string>{"2021003"});
  EXPECT_EQ(app->screen(), Screen::queue);
  press(GLFW_KEY_ENTER);
  EXPECT_EQ(app->screen(), Screen::review);
  EXPECT_EQ(current(), "2021003");

  // No match: the screen says so, Enter opens nothing and says so too.
  app->set_screen(Screen::queue);
  frames(2);
  ASSERT_TRUE(click_search_box());
  type("zz");
  EXPECT_EQ(app->session().queue().size(), 0u);
  const std::string drawn = test::drawn_text();
  EXPECT_NE(drawn.find("没有符合搜索和筛选条件的学生。"), std::string::npos) << drawn;
  press(GLFW_KEY_ENTER);
  EXPECT_EQ(app->screen(), Screen::queue);
  EXPECT_TRUE(app->toast().visible());
  EXPECT_NE(app->toast().text().find("没有符合"), std::string::npos) << app->toast().text();
  set_language(Lang::en);
  const std::string en = shown(Screen::queue);
  EXPECT_NE(en.find("Nostudentmatchesthesearchandthefilters."), std::string::npos) << en;
  EXPECT_FALSE(app->queue().open_first_match());  // nothing to open
  EXPECT_EQ(app->screen(), Screen::queue);
}

TEST_F(UiQueueFlow, JAndKCanSkipStudentsWithoutAPhotoAndTheToggleIsKept) {
  corrupt_file_for("2021003");
  open();
  QueueFilter f;
  f.sort = QueueFilter::Sort::student_no;
  app->session().set_filter(f);
  app->session().go_to_student("2021002");
  frame();
  EXPECT_FALSE(app->view_state().skip_without_photo);
  press(GLFW_KEY_J);
  EXPECT_EQ(current(), "2021003");  // the corrupt one: nothing to look at
  press(GLFW_KEY_K);
  press(GLFW_KEY_J, true);  // Ctrl+J: skip from now on
  EXPECT_TRUE(app->view_state().skip_without_photo);
  press(GLFW_KEY_J);
  EXPECT_EQ(current(), "2021004");
  press(GLFW_KEY_DOWN);  // the arrows too; 2021005 has no photo: stays
  EXPECT_EQ(current(), "2021004");
  press(GLFW_KEY_K);
  EXPECT_EQ(current(), "2021002");
  press(GLFW_KEY_LEFT);
  EXPECT_EQ(current(), "2021001");
  // The queue screen has the toggle, labelled with its key.
  const std::string queue = shown(Screen::queue);
  EXPECT_NE(queue.find("J/K跳过无照片Ctrl+J"), std::string::npos) << queue;
  EXPECT_TRUE(app->actions().find("nav.skip_without_photo"));
  // Kept with the audit's view state.
  app.reset();
  open();
  EXPECT_TRUE(app->view_state().skip_without_photo);
}

TEST_F(UiQueueFlow, TheQueueIsInItsOrderFromTheFirstFrameAndResortsAsAnalysesArrive) {
  all_analyzed_clean();
  {  // one stored result with a failing check: first from the first frame
    auto store = create_store(audit.db.string());
    store->save_analysis({store->student("2021003")->submission_id, ui_engine_version(), false,
                          R"({"ok":false,"findings":[{"code":"blurry","severity":"fail"}]})", ""});
  }
  GuiOptions o;
  o.screen = "review";
  open(o);
  EXPECT_EQ(order(), (std::vector<std::string>{"2021003", "2021001", "2021002", "2021004", "2021005"}));
  app->session().go_to_student("2021001");
  app->navigated();
  frame();
  // On the review screen an analysis arriving for a student further down moves it up, just after
  // the one on screen; the rows walked past and the one on screen stay.
  live_result("2021004", 2);
  frame();
  EXPECT_EQ(order(), (std::vector<std::string>{"2021003", "2021001", "2021004", "2021002", "2021005"}));
  EXPECT_EQ(current(), "2021001");
  live_result("2021001", 3);  // the one on screen: stays under the cursor
  frame();
  EXPECT_EQ(current(), "2021001");
  EXPECT_EQ(*app->session().position(), 1u);
  press(GLFW_KEY_J);
  EXPECT_EQ(current(), "2021004");
  press(GLFW_KEY_J);
  EXPECT_EQ(current(), "2021002");
  // The queue screen sorts every row; the current student stays current.
  app->set_screen(Screen::queue);
  frame();
  EXPECT_EQ(order(), (std::vector<std::string>{"2021001", "2021004", "2021003", "2021002", "2021005"}));
  EXPECT_EQ(current(), "2021002");
  EXPECT_EQ(*app->session().position(), 3u);
  // …but never while the mouse is over the table: rows do not move under it.
  ImGuiWindow* w = screen_window();
  ASSERT_TRUE(w);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = {w->Pos.x + w->Size.x / 2, w->Pos.y + w->Size.y / 2};
  frames(2);
  live_result("2021005", 0);  // no photo: no change of place
  live_result("2021002", 4);
  frames(2);
  EXPECT_EQ(order(), (std::vector<std::string>{"2021001", "2021004", "2021003", "2021002", "2021005"}));
  io.MousePos = {-FLT_MAX, -FLT_MAX};
  frames(2);
  EXPECT_EQ(order(), (std::vector<std::string>{"2021002", "2021001", "2021004", "2021003", "2021005"}));
  EXPECT_EQ(current(), "2021002");
}

TEST_F(UiQueueFlow, FiltersForResubmissionsAndRecordedReasonsAndTheirColumn) {
  {
    auto store = create_store(audit.db.string());
    decide(*store, {"2021001", Verdict::reject, {"blurry", "background"}, "", "李老师"});
    decide(*store, {"2021002", Verdict::reshoot, {"head_pose"}, "", "李老师"});
    test::TempDir again;
    test::write_file(again / "photos" / "2021001.jpg", test::portrait_jpeg(9));
    test::run_import(*store, audit.roster, again / "photos");
  }
  open();
  auto& q = app->session().queue();
  EXPECT_TRUE(q.find("2021001")->state.resubmitted);
  EXPECT_FALSE(q.find("2021002")->state.resubmitted);
  QueueFilter f;
  f.resubmitted = true;
  app->session().set_filter(f);
  EXPECT_EQ(order(), std::vector<std::string>{"2021001"});
  f = {};
  f.reason = "head_pose";
  app->session().set_filter(f);
  EXPECT_EQ(order(), std::vector<std::string>{"2021002"});
  app->session().set_filter({});
  const std::string zh = shown(Screen::queue);
  for (const char* text : {"结论原因", "仅重新提交", "重新提交", "俯视、仰视、侧脸或歪头"})
    EXPECT_NE(zh.find(text), std::string::npos) << text << "\n" << zh;
  set_language(Lang::en);
  const std::string en = shown(Screen::queue);
  for (const char* text : {"Reasons", "Resubmittedonly", "resubmitted"})
    EXPECT_NE(en.find(text), std::string::npos) << text << "\n" << en;
  // The filters are kept with the view state.
  f = {};
  f.reason = "head_pose";
  f.resubmitted = true;
  app->session().set_filter(f);
  app.reset();
  open();
  EXPECT_EQ(app->session().queue().filter().reason, "head_pose");
  EXPECT_TRUE(app->session().queue().filter().resubmitted);
}

}  // namespace
}  // namespace pa::ui
