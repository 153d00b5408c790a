// The connect screen (ui/connect_screen.h), headless, against the tests' PostgreSQL cluster: a
// server that wants a password gets the password field; a wrong one is refused and not tried
// again; the right one opens the audit (and the photo workers' own connections get it too); a
// local audit file can be opened instead; nothing is opened while an attempt fails.
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <thread>

#include "audit_test_util.h"
#include "pg_test_support.h"
#include "store/scoped_store.h"
#include "store/server_admin.h"
#include "ui/connect_screen.h"
#include "ui_headless.h"
#include "widgets/i18n.h"

namespace pa::ui {
namespace {

using namespace pa::test;

std::exception_ptr error_opening(const std::string& where) {
  try {
    open_audit(where);
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

struct ConnectUi : ::testing::Test {
  PgTestDatabase db;
  Headless ui;
  std::string login, url;
  // No password from the environment or a file: only what the screen is given.
  ScopedEnv no_pw{"PGPASSWORD", std::nullopt};
  ScopedEnv no_pass_file{"PGPASSFILE", "/nonexistent"};

  void SetUp() override {
    PA_NEED_PG(db);
    set_language(Lang::zh);
    server_init(db.url());
    login = db.name() + "_rev";
    server_add_user(db.url(), {login, ServerRole::reviewer, ""}, "Rev-pass-2026");
    url = db.tcp_url(login);
  }
  void TearDown() override { remember_server_password(url, ""); }
  // Frames until the attempt under way has ended (connecting to a server takes a moment).
  void settle(ConnectScreen& s) {
    for (int i = 0; i < 500 && s.busy(); ++i) {
      ui.frame([&] { s.frame(); });
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ui.frame([&] { s.frame(); });
  }
};

TEST_F(ConnectUi, AServerThatWantsAPasswordGetsItFromTheScreenAndNowhereElse) {
  ConnectScreen s(url, error_opening(url), [](const std::string& w) { return open_audit(w); });
  EXPECT_TRUE(s.asks_password());
  EXPECT_TRUE(contains(s.message(), "要求密码")) << s.message();
  ui.frame([&] { s.frame(); });
  const std::string drawn = drawn_text();
  EXPECT_TRUE(contains(drawn, "密码")) << drawn;
  EXPECT_TRUE(contains(drawn, "或者打开本机审核文件")) << drawn;

  // A wrong password: refused, said so, nothing opened, and not kept for the next attempt.
  s.set_password("not-the-password");
  s.connect();
  settle(s);
  EXPECT_FALSE(s.opened());
  EXPECT_TRUE(contains(s.message(), "拒绝了登录")) << s.message();
  s.connect();  // the field is empty again: the server asks for a password once more
  settle(s);
  EXPECT_FALSE(s.opened());
  EXPECT_TRUE(contains(s.message(), "要求密码")) << s.message();

  s.set_password("Rev-pass-2026");
  s.connect();
  settle(s);
  ASSERT_TRUE(s.opened()) << s.message();
  EXPECT_EQ(s.where(), url);
  auto store = s.take_store();
  EXPECT_EQ(store->account(), login);  // the login is the reviewer
  // Another connection of this process (a photo worker's) gets the typed password too.
  EXPECT_NO_THROW(open_audit(url));
  remember_server_password(url, "");
  EXPECT_THROW(open_audit(url), ServerLoginError);
}

TEST_F(ConnectUi, ALocalAuditCanBeOpenedInsteadOfAServerThatIsDown) {
  const std::string down = "postgresql://nobody@127.0.0.1:1/audit";
  ConnectScreen s(down, error_opening(down), [](const std::string& w) { return open_audit(w); });
  EXPECT_FALSE(s.asks_password());
  EXPECT_TRUE(contains(s.message(), "无法连接审核服务器")) << s.message();
  s.connect();  // retry: still down
  settle(s);
  EXPECT_FALSE(s.opened());
  EXPECT_TRUE(contains(s.message(), "无法连接审核服务器")) << s.message();

  TempDir dir;
  s.open_local();  // nothing typed
  EXPECT_FALSE(s.busy());
  EXPECT_TRUE(contains(s.message(), "请填写")) << s.message();
  s.set_local_path(down);  // a server's URL is not a local file
  s.open_local();
  EXPECT_FALSE(s.busy());
  s.set_local_path((dir / "missing.db").string());  // a file that is not there is not created
  s.open_local();
  settle(s);
  EXPECT_FALSE(s.opened());
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
  EXPECT_TRUE(contains(s.message(), "missing.db")) << s.message();  // the message names the file

  const std::string local = (dir / "local.db").string();
  create_store(local);
  s.set_local_path(local + " ");
  s.open_local();
  settle(s);
  ASSERT_TRUE(s.opened()) << s.message();
  EXPECT_EQ(s.where(), local);
  EXPECT_TRUE(s.done());
}

TEST_F(ConnectUi, EscapeQuitsAndNothingIsOpened) {
  const std::string down = "postgresql://nobody@127.0.0.1:1/audit";
  ConnectScreen s(down, error_opening(down), [](const std::string& w) { return open_audit(w); });
  ui.frame([&] { s.frame(); });
  ui.press(GLFW_KEY_ESCAPE, [&] { s.frame(); });
  EXPECT_TRUE(s.done());
  EXPECT_FALSE(s.opened());
}

}  // namespace
}  // namespace pa::ui
