// The workstation's side of the data-safety pass, headless: a decision is only made on a photo that
// is displayed; a decision the audit cannot take is journaled, quitting asks first, and the next
// start offers the journal for replay.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "audit_test_util.h"
#include "analysis/record.h"
#include "review/decisions.h"
#include "review/journal.h"
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

namespace fs = std::filesystem;

struct Desk {
  test::Headless ui;
  std::unique_ptr<Workstation> app;
  Desk(const std::string& db, const std::string& data_dir) {
    GuiOptions o;
    o.db = db;
    o.reviewer = "测试员";
    o.data_dir = data_dir;
    app = std::make_unique<Workstation>(open_store(db), o, false);
  }
  void frame() { ui.frame([&] { app->frame(); }); }
  void press(int key, bool ctrl = false) { ui.press(key, [&] { app->frame(); }, ctrl); }
  bool wait_until_shown() {
    for (int i = 0; i < 2000; ++i) {
      frame();
      if (app->current_photo_ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
};

TEST(UiSafety, NoDecisionOnAPhotoThatIsNotDisplayed) {
  test::SmallAudit a;
  test::TempDir data;
  {
    // Right after the start the photo is not on screen yet (it arrives with the next frames).
    Desk w(a.db.string(), data.path().string());
    ASSERT_FALSE(w.app->current_photo_ready());
    const std::string no = w.app->session().current()->state.student.student_no;
    w.app->review().approve();
    EXPECT_TRUE(w.app->toast().visible());
    EXPECT_NE(w.app->toast().text().find("加载"), std::string::npos) << w.app->toast().text();
    EXPECT_EQ(a.store->history(no).size(), 0u);
    ASSERT_TRUE(w.wait_until_shown());
    w.press(GLFW_KEY_A);
    EXPECT_EQ(a.store->history(no).size(), 1u);  // once displayed, the key decides
  }
  // A photo whose bytes cannot be decoded never becomes a decision either.
  {
    test::RawDb raw(a.db);
    raw.exec("UPDATE blobs SET bytes = x'FFD8FF00' WHERE sha256 = (SELECT sha256 FROM submissions ORDER BY id DESC LIMIT 1)");
  }
  Desk w(a.db.string(), data.path().string());
  ASSERT_TRUE(w.app->session().go_to_student("2021004"));
  for (int i = 0; i < 400 && !(w.app->current_meta() && !w.app->current_meta()->error.empty()); ++i) {
    w.frame();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(w.app->current_meta() && !w.app->current_meta()->error.empty());
  std::string why;
  EXPECT_FALSE(w.app->review().can_decide(&why));
  w.press(GLFW_KEY_A);
  EXPECT_EQ(a.store->history("2021004").size(), 0u);
}

// The issue's test: the audit is read-only, the reviewer decides and quits; it is made writable;
// the next start offers the journal and the decision is in the audit.
TEST(UiSafety, ReadOnlyAuditDecideQuitWritableStartAgainTheDecisionIsInTheAudit) {
  test::SmallAudit a;
  a.store.reset();
  test::TempDir data;
  for (const fs::path& d : {a.dir.path(), data.path()}) {
    ::chmod(d.c_str(), 0777);
    for (const auto& e : fs::recursive_directory_iterator(d)) {
      ::chmod(e.path().c_str(), e.is_directory() ? 0777 : 0666);
      if (::geteuid() == 0 && ::chown(e.path().c_str(), 65534, 65534) != 0) {
      }
    }
  }
  ::chmod(a.db.c_str(), 0444);
  const std::string db = a.db.string(), data_dir = data.path().string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) _exit(126);
    int rc = 0;
    {
      Desk w(db, data_dir);
      if (!w.wait_until_shown()) _exit(10);
      w.press(GLFW_KEY_A);  // the audit refuses the write
      if (w.app->session().unsaved().size() != 1) rc = 11;
      else if (w.app->session().unsaved().front().journal_id.empty()) rc = 12;
      w.press(GLFW_KEY_Q, true);  // Ctrl+Q: asks first
      if (rc == 0 && (w.app->quit_requested() || !w.app->guard().quit_confirm_open())) rc = 13;
      w.app->force_quit();
    }
    _exit(rc);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  ASSERT_TRUE(WIFEXITED(st));
  ASSERT_EQ(WEXITSTATUS(st), 0);
  EXPECT_EQ(test::RawDb(a.db).num("SELECT count(*) FROM decisions"), 0);

  ::chmod(a.db.c_str(), 0666);
  Desk w(db, data_dir);
  w.frame();
  ASSERT_TRUE(w.app->guard().journal_offer_open());  // offered at start
  w.press(GLFW_KEY_ENTER);                    // "submit now"
  EXPECT_FALSE(w.app->guard().journal_offer_open());
  EXPECT_TRUE(w.app->session().unsaved().empty());
  auto store = open_store(db);
  test::RawDb raw(a.db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM decisions WHERE kind = 'approve'"), 1);
  EXPECT_EQ(raw.text("SELECT r.name FROM decisions d JOIN reviewers r ON r.id = d.reviewer_id"), "测试员");
  EXPECT_TRUE(DecisionJournal(db, data_dir).entries().empty());
  EXPECT_TRUE(store->verify_audit().ok());
}

TEST(UiSafety, RevealingAnIdNumberOnScreenIsRecordedInTheLedger) {
  test::SmallAudit a;
  test::TempDir data;
  Desk w(a.db.string(), data.path().string());
  ASSERT_TRUE(w.wait_until_shown());
  const std::string no = w.app->session().current()->state.student.student_no;
  EXPECT_FALSE(w.app->review().id_revealed());
  w.press(GLFW_KEY_I);
  EXPECT_TRUE(w.app->review().id_revealed());
  test::RawDb raw(a.db);
  ASSERT_EQ(raw.num("SELECT count(*) FROM ledger WHERE kind = 'reveal'"), 1);
  const std::string body = raw.text("SELECT body FROM ledger WHERE kind = 'reveal'");
  EXPECT_NE(body.find(no), std::string::npos) << body;
  EXPECT_NE(body.find("测试员"), std::string::npos) << body;
  EXPECT_EQ(body.find(w.app->session().current()->state.student.id_number), std::string::npos);  // never the number
  w.press(GLFW_KEY_I);  // hiding it again records nothing
  EXPECT_FALSE(w.app->review().id_revealed());
  EXPECT_EQ(raw.num("SELECT count(*) FROM ledger WHERE kind = 'reveal'"), 1);
}

TEST(UiSafety, AFailedAnalysisIsNeitherCleanNorNoFindings) {
  test::SmallAudit a;
  test::TempDir data;
  Desk w(a.db.string(), data.path().string());
  auto& q = w.app->session().queue();
  for (const char* no : {"2021001", "2021002"}) {
    QueueRow r = *q.find(no);
    apply_analysis(r, r.state.submission_id,
                   std::string(no) == "2021001" ? analysis::failed_analysis_json("v", "cv::Exception").dump()
                                                : std::string(R"({"ok":true,"findings":[]})"),
                   false);
    q.update_row(r);
  }
  w.app->sheet().selection() = {"2021001", "2021002"};
  EXPECT_EQ(w.app->sheet().clean_in_selection(), 1);  // the failed one is not "clean"
  EXPECT_TRUE(q.find("2021001")->analysis_failed());
}

}  // namespace
}  // namespace pa::ui
