// Several workstations on one server, headless: the workstation's queue follows another's
// decisions with a quiet note of who decided what, marks the photos another workstation has on
// screen, and asks before recording a decision on one of them.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <thread>

#include "audit_test_util.h"
#include "core/sha256.h"
#include "pg_test_support.h"
#include "review/session.h"
#include "store/scoped_store.h"
#include "store/server_admin.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/team_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

using namespace pa::test;

// Students 2021001… (学生1…) of one college, each with a photo.
void import_students(AuditStore& store, int n) {
  auto imp = store.begin_import({"第一批", "roster.csv", "photos/"});
  for (int i = 1; i <= n; ++i) {
    Student s;
    s.student_no = "202100" + std::to_string(i);
    s.name = "学生" + std::to_string(i);
    s.college = "水利水电学院";
    imp->upsert_student(s);
    imp->add_photo(s.student_no, photo_blob(portrait_jpeg(i), s.student_no + ".jpg"));
  }
  imp->commit({n, n, 0});
}

struct TeamUi : ::testing::Test {
  PgTestDatabase db;
  TempDir data;
  Headless ui;
  std::unique_ptr<Workstation> app;
  std::unique_ptr<AuditStore> other_store;
  std::unique_ptr<ReviewSession> other;  // the other workstation

  void SetUp() override {
    PA_NEED_PG(db);
    auto store = create_store(db.url());
    import_students(*store, 4);
    other_store = open_store(db.url());
    other = std::make_unique<ReviewSession>(*other_store, "");
    GuiOptions o;
    o.db = db.url();
    o.data_dir = data.path().string();
    app = std::make_unique<Workstation>(open_store(db.url()), o, false);
    set_language(Lang::zh);
  }
  void TearDown() override {
    app.reset();
    other.reset();
  }
  void frames(int n = 2) {
    for (int i = 0; i < n; ++i) ui.frame([&] { app->frame(); });
  }
  // Polls until `done` or a second has passed (a server's notification arrives after the commit).
  template <class F>
  bool within_a_second(F done) {
    for (int i = 0; i < 100; ++i) {
      app->team().poll();
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};

TEST_F(TeamUi, TheQueueFollowsAnotherWorkstationsDecisionsWithAQuietNote) {
  ASSERT_TRUE(other->go_to_student("2021003"));
  other->decide(Verdict::reject, {"blurry"}, "");
  EXPECT_TRUE(within_a_second([&] {
    return app->session().queue().find("2021003")->state.status == Status::rejected;
  }));
  // The same login on both (the tests' superuser), so it is not "news" for the note; a decision
  // shows in the status bar all the same once another login makes one: checked in Server tests.
  frames();
  EXPECT_EQ(app->session().queue().find("2021003")->state.decision->reasons, std::vector<std::string>{"blurry"});
}

TEST_F(TeamUi, DecidingOnAPhotoAnotherWorkstationHoldsAsksFirst) {
  ASSERT_TRUE(app->session().go_to_student("2021004"));  // this workstation holds 2021004 only
  ASSERT_TRUE(other->go_to_student("2021002"));          // the other workstation's lease
  ASSERT_TRUE(other->holds_current());
  // The queue shows who holds it, within a second, and "next pending" passes it by.
  EXPECT_TRUE(within_a_second([&] { return !app->session().queue().find("2021002")->held_by.empty(); }));
  ASSERT_TRUE(app->session().go_to_student("2021002"));
  ASSERT_EQ(app->session().current()->held_by, other->holder());
  frames(3);
  app->guard().record(Verdict::approve, {}, "");
  ASSERT_TRUE(app->guard().held_confirm_open());
  EXPECT_EQ(app->guard().held_by(), other->holder());
  EXPECT_EQ(app->session().queue().find("2021002")->state.status, Status::pending);  // nothing recorded yet
  app->guard().cancel_held();
  EXPECT_FALSE(app->guard().held_confirm_open());
  EXPECT_TRUE(other_store->history("2021002").empty());
  app->guard().record(Verdict::approve, {}, "");
  app->guard().confirm_held();
  ASSERT_EQ(other_store->history("2021002").size(), 1u);
  EXPECT_EQ(other_store->history("2021002")[0].kind, "approve");
}

TEST_F(TeamUi, AConnectionTheServerDroppedComesBackWithoutTheReviewerNoticing) {
  app->team().poll();
  EXPECT_FALSE(app->team().offline());
  db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  // The connection comes back by itself (the server is still up): never offline for long.
  app->team().poll();
  frames();
  EXPECT_FALSE(app->team().offline());
}

// A trainer's login opens the workstation on the teaching material: the trainer's screens show
// the examples and their photos, and no student of the audit reaches the workstation.
TEST(TrainerOnServer, TheWorkstationOpensOnTheTeachingMaterial) {
  PgTestDatabase db;
  PA_NEED_PG(db);
  TempDir data;
  Headless ui;
  set_language(Lang::zh);
  server_init(db.url());
  const std::string login = db.name() + "_trainer1";
  server_add_user(db.url(), {login, ServerRole::trainer, ""}, "Trainer-pass-1");
  {
    auto owner = open_store(db.url());
    import_students(*owner, 3);
    owner->record_decision({"2021001", Verdict::reject, {"blurry"}, "", "王老师", ""});
    owner->mark_teaching_example("2021001", {"blurry"}, "王老师");
  }
  ScopedEnv pw("PGPASSWORD", "Trainer-pass-1");
  GuiOptions o;
  o.db = db.tcp_url(login);
  o.role = "trainer";
  o.data_dir = data.path().string();
  Workstation app(open_store(o.db), o, false);
  EXPECT_TRUE(app.session().queue().all().empty());
  for (int i = 0; i < 3; ++i) ui.frame([&] { app.frame(); });
  const std::string drawn = drawn_text();
  EXPECT_TRUE(contains(drawn, "图像模糊")) << drawn;  // the example's topic
  EXPECT_FALSE(contains(drawn, "学生1")) << drawn;
  EXPECT_FALSE(contains(drawn, "2021001")) << drawn;
}

}  // namespace
}  // namespace pa::ui
