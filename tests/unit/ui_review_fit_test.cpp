// No text of the review screen is cut off: the demo audit's students (real portraits, clean and
// failing, a truncated photo, one without a photo, a reshoot round's three panes), each analyzed,
// drawn headless at 1280x800 and 1920x1080 in Chinese and in English, as the screen opens and with
// everything unfolded (every check listed with its id, every overlay and its legend on). Every text
// drawn is recorded with its clip rect
// (ui_text_record.h): none may reach beyond it (the verdict, names, buttons, the findings); and no
// window's items may reach beyond its right edge (an item pushed off a window is not drawn at all).
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <set>
#include <thread>

#include "audit_test_util.h"
#include "ui/views/review_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"
#include "ui_text_record.h"

namespace pa::ui {
namespace {

struct Size {
  float w, h;
};

// What of the last frame is cut: texts beyond their clip rect, windows whose items reach beyond
// their right edge.
std::vector<std::string> cut_off(const test::TextRecorder& rec) {
  std::vector<std::string> out;
  for (const auto& t : rec.texts())
    if (t.cut() > 0) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "\" cut by %.0f px (x %.0f..%.0f, visible %.0f..%.0f) in ", t.cut(), t.pos.x,
                    t.pos.x + t.size.x, t.clip.x, t.clip.z);
      out.push_back("\"" + t.text + buf + t.window);
    }
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active || w->Hidden || w->ScrollbarX || (w->Flags & ImGuiWindowFlags_Tooltip)) continue;
    const float over = w->DC.CursorMaxPos.x - w->InnerClipRect.Max.x;
    if (over > 1) {
      char buf[64];
      std::snprintf(buf, sizeof buf, ": items reach %.0f px beyond its right edge", over);
      out.push_back(std::string("window ") + w->Name + buf);
    }
  }
  return out;
}

struct UiReviewFit : ::testing::Test {
  static inline test::TempDir* dir = nullptr;
  static void SetUpTestSuite() {
    dir = new test::TempDir();
    const auto demo = dir->path() / "demo";
    const auto r = test::run_cli({"demo", "--dir", demo.string(), "--no-gui"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    // A reshoot round for the first student: rejected, then a new photo (another student's).
    const std::string db = (demo / "demo.db").string();
    const auto d = test::run_cli({"decide", "--db", db, "--student", "2110010101", "--verdict", "reject", "--reason",
                                  "uneven_lighting", "--note", "左脸偏暗，请在均匀光线下重拍", "--reviewer", "李老师"});
    ASSERT_EQ(d.exit_code, 0) << d.out << d.err;
    const auto round2 = dir->path() / "round2";
    std::filesystem::create_directories(round2);
    std::filesystem::copy_file(demo / "photos" / "2111010102.jpg", round2 / "2110010101.jpg");
    const auto i = test::run_cli({"import", "--db", db, "--photos", round2.string(), "--roster", (demo / "roster.csv").string()});
    ASSERT_EQ(i.exit_code, 0) << i.out << i.err;
  }
  static void TearDownTestSuite() {
    delete dir;
    dir = nullptr;
  }
  void TearDown() override { set_language(Lang::zh); }
};

TEST_F(UiReviewFit, NoTextIsCutOffAt1280x800Or1920x1080InEitherLanguage) {
  test::TempDir data;
  test::Headless ui(1280, 800);
  GuiOptions o;
  o.db = (dir->path() / "demo" / "demo.db").string();
  o.reviewer = "审核员";
  o.data_dir = data.path().string();
  auto app = std::make_unique<Workstation>(create_store(o.db), o, false);
  auto frame = [&] { ui.frame([&] { app->frame(); }); };
  app->set_screen(Screen::review);
  frame();
  const std::size_t n = app->session().queue().size();
  ASSERT_GE(n, 20u);
  const Size sizes[] = {{1280, 800}, {1920, 1080}};
  std::set<std::string> problems;
  int analyzed = 0, failing = 0;
  bool reshoot = false;
  for (std::size_t i = 0; i < n; ++i) {
    app->session().go_to(i);
    app->navigated();
    // Until the photo on screen is analyzed (or cannot be shown): the findings are what is drawn.
    for (int k = 0; k < 4000; ++k) {
      const PhotoMeta* m = app->current_meta();
      const QueueRow* r = app->session().current();
      if (!r || !r->state.submission_id || (m && (m->analyzed || !m->error.empty()))) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      frame();
    }
    if (const PhotoMeta* m = app->current_meta(); m && m->analyzed) {
      ++analyzed;
      for (const auto& c : m->checks) failing += c.severity == quality::Severity::fail;
    }
    const std::string who = app->session().current()->state.student.student_no;
    reshoot = reshoot || app->review().earlier().has_value();
    for (const bool unfolded : {false, true}) {
      app->review().show_passing(unfolded);
      app->review().show_check_ids(unfolded);
      app->view_state().overlays_auto = !unfolded;
      app->view_state().overlays = 63;  // every overlay, when not chosen automatically
      for (const Size& s : sizes)
        for (const Lang lang : {Lang::zh, Lang::en}) {
          set_language(lang);
          ImGui::GetIO().DisplaySize = {s.w, s.h};
          for (int k = 0; k < 2; ++k) frame();  // the layout settles (tables, child windows)
          test::TextRecorder rec;
          frame();
          EXPECT_GT(rec.texts().size(), 20u);
          char at[80];
          std::snprintf(at, sizeof at, " [%.0fx%.0f %s%s, ", s.w, s.h, lang == Lang::zh ? "zh" : "en",
                        unfolded ? " unfolded" : "");
          for (const auto& p : cut_off(rec)) problems.insert(p + at + who + "]");
        }
    }
  }
  EXPECT_GE(analyzed, 20) << "the students' photos were analyzed";
  EXPECT_TRUE(reshoot) << "the reshoot round's three panes were drawn";
  EXPECT_GT(failing, 10) << "failing photos were among them";
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " texts cut off:\n" << all;
}

}  // namespace
}  // namespace pa::ui
