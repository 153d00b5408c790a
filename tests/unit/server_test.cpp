// The office's server (PostgreSQL): one clear sentence for every way connecting goes wrong, the
// same schema as a file, the server's own enforcement of roles (row-level security per college,
// append-only by privileges, trainers without names), the login as the reviewer, tampering
// caught by verify, and migrate between a file and a server keeping every byte.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <map>
#include <set>

#include "audit_test_util.h"
#include "child_process.h"
#include "core/sha256.h"
#include "pg_test_support.h"
#include "review/journal.h"
#include "review/session.h"
#include "store/migrate.h"
#include "store/server_admin.h"
#include "store/store.h"

namespace {

using namespace pa::test;

struct Psql {
  int exit_code = -1;
  std::string out;
};

// Runs SQL through the real psql client as `login` (over TCP, with its password).
Psql psql_as(const PgTestDatabase& db, const std::string& login, const std::string& password, const std::string& sql) {
  TempDir dir;
  write_file(dir / "q.sql", sql);
  ScopedEnv pw("PGPASSWORD", password);
  const std::string cmd = "psql -X -A -t -q -v ON_ERROR_STOP=1 '" + db.tcp_url(login) + "' -f '" +
                          (dir / "q.sql").string() + "' 2>&1";
  Psql r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Four students in two colleges, each with a photo; one decision in each college.
void populate(pa::AuditStore& store) {
  auto imp = store.begin_import({"第一批", "roster.csv", "photos/"});
  const std::vector<std::pair<std::string, std::string>> people = {
      {"2021001", "水利水电学院"}, {"2021002", "水利水电学院"}, {"2021003", "商学院"}, {"2021004", "商学院"}};
  int v = 1;
  for (const auto& [no, college] : people) {
    pa::Student s;
    s.student_no = no;
    s.name = "学生" + no;
    s.id_number = id_with_check("32010219900101" + no.substr(4));
    s.college = college;
    imp->upsert_student(s);
    imp->add_photo(no, photo_blob(portrait_jpeg(v++)));
  }
  imp->commit({4, 4, 0});
  store.record_decision({"2021001", pa::Verdict::reject, {"blurry"}, "", "王老师", ""});
  store.record_decision({"2021003", pa::Verdict::approve, {}, "", "王老师", ""});
}

class Server : public ::testing::Test {
 protected:
  void SetUp() override { PA_NEED_PG(db_); }
  void init_with_people() {
    pa::server_init(db_.url());
    pa::server_add_user(db_.url(), {alice(), pa::ServerRole::reviewer, ""}, "alice-password");
    pa::server_add_user(db_.url(), {coord(), pa::ServerRole::coordinator, "水利水电学院"}, "coord-password");
    pa::server_add_user(db_.url(), {trainer(), pa::ServerRole::trainer, ""}, "trainer-password");
    // A login named like one of the audit's roles is refused (it exists).
    EXPECT_THROW(pa::server_add_user(db_.url(), {db_.name() + "_reviewer", pa::ServerRole::reviewer, ""}, "long-enough"),
                 pa::UserError);
  }
  std::string alice() const { return db_.name() + "_alice"; }
  std::string coord() const { return db_.name() + "_coord1"; }
  std::string trainer() const { return db_.name() + "_train1"; }
  PgTestDatabase db_;
};

TEST_F(Server, TheSchemaHasTheSameTablesAndColumnsAsAFile) {
  TempDir dir;
  pa::create_store((dir / "a.db").string());
  pa::create_store(db_.url());
  std::map<std::string, std::vector<std::string>> file, server;
  RawDb raw(dir / "a.db");
  for (const auto& t : raw.rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
    for (const auto& c : raw.rows("SELECT name FROM pragma_table_info('" + t[0] + "') ORDER BY cid"))
      file[t[0]].push_back(c[0]);
  for (const auto& r : db_.rows("SELECT table_name, column_name FROM information_schema.columns "
                                "WHERE table_schema = 'public' AND table_name <> 'photoaudit_schema' "
                                "ORDER BY table_name, ordinal_position"))
    server[r[0]].push_back(r[1]);
  EXPECT_EQ(file, server);
  EXPECT_EQ(db_.text("SELECT version FROM photoaudit_schema"), std::to_string(pa::schema_version()));
}

TEST_F(Server, EveryWayOfFailingToConnectIsOneSentenceNamingTheServer) {
  // Nothing listens on port 1.
  auto down = user_error_from([] { pa::open_store("postgresql://nobody@127.0.0.1:1/audit"); });
  EXPECT_TRUE(contains(down.what(), "无法连接审核服务器")) << down.what();
  EXPECT_TRUE(contains(down.what(), "postgresql://nobody@127.0.0.1:1/audit")) << down.what();
  // A password in the URL is refused before connecting, and not repeated.
  auto in_url = user_error_from([&] { pa::open_store("postgresql://x:hunter2secret@" + pg_tcp_address() + "/db"); });
  EXPECT_TRUE(contains(in_url.what(), "~/.pgpass")) << in_url.what();
  EXPECT_FALSE(contains(in_url.what(), "hunter2secret"));
  init_with_people();
  {
    ScopedEnv pw("PGPASSWORD", "wrong-password");
    auto wrong = user_error_from([&] { pa::open_store(db_.tcp_url(alice())); });
    EXPECT_TRUE(contains(wrong.what(), "拒绝了登录")) << wrong.what();
    EXPECT_FALSE(contains(wrong.what(), "wrong-password"));
  }
  {
    ScopedEnv pw("PGPASSWORD", std::nullopt);
    ScopedEnv pass("PGPASSFILE", "/nonexistent");
    auto none = user_error_from([&] { pa::open_store(db_.tcp_url(alice())); });
    EXPECT_TRUE(contains(none.what(), "要求密码")) << none.what();
  }
  {
    ScopedEnv pw("PGPASSWORD", "alice-password");
    auto no_db = user_error_from([&] {
      pa::open_store("postgresql://" + alice() + "@" + pg_tcp_address() + "/no_such_audit_db");
    });
    EXPECT_TRUE(contains(no_db.what(), "没有这个数据库")) << no_db.what();
  }
  // A database nobody set up, one holding something else, one written by a newer photoaudit.
  PgTestDatabase empty, other;
  PA_NEED_PG(empty);
  auto not_set_up = user_error_from([&] { pa::open_store(empty.url()); });
  EXPECT_TRUE(contains(not_set_up.what(), "server init")) << not_set_up.what();
  EXPECT_EQ(empty.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), "0");
  other.exec("CREATE TABLE invoices (id int)");
  auto foreign = user_error_from([&] { pa::create_store(other.url()); });
  EXPECT_TRUE(contains(foreign.what(), "不是 photoaudit")) << foreign.what();
  db_.exec("UPDATE photoaudit_schema SET version = 99");
  auto newer = user_error_from([&] { pa::open_store(db_.url()); });
  EXPECT_TRUE(contains(newer.what(), "更新版本")) << newer.what();
}

TEST_F(Server, ACoordinatorSeesOnlyTheirCollegeEvenThroughPsql) {
  init_with_people();
  populate(*pa::open_store(db_.url()));
  const auto q = psql_as(db_, coord(), "coord-password",
                         "SELECT count(*), min(college), max(college) FROM students;\n"
                         "SELECT count(*) FROM submissions;\nSELECT count(*) FROM blobs;\n"
                         "SELECT count(*) FROM decisions;\nSELECT count(*) FROM decision_reasons;\n");
  ASSERT_EQ(q.exit_code, 0) << q.out;
  EXPECT_EQ(q.out, "2|水利水电学院|水利水电学院\n2\n2\n1\n1\n");
  // Nor change anything, nor read the ledger (which holds every college's records).
  for (const std::string sql : {"UPDATE students SET name = 'x';", "DELETE FROM decisions;",
                                "SELECT count(*) FROM ledger;", "SELECT * FROM accounts;",
                                "INSERT INTO meta (key, value) VALUES ('setting.calendar', '{}');"}) {
    const auto r = psql_as(db_, coord(), "coord-password", sql);
    EXPECT_NE(r.exit_code, 0) << sql << ": " << r.out;
    EXPECT_TRUE(contains(r.out, "permission denied") || contains(r.out, "row-level security")) << sql << ": " << r.out;
  }
  // Through photoaudit: the college's students only, and a spot check of another college's
  // decision is refused as if it did not exist.
  ScopedEnv pw("PGPASSWORD", "coord-password");
  auto store = pa::open_store(db_.tcp_url(coord()));
  ASSERT_EQ(store->students({}).size(), 2u);
  {  // the workstation opens on that login too: the college's queue, no leases to see or take
    pa::ReviewSession session(*store, "");
    EXPECT_EQ(session.queue().all().size(), 2u);
    EXPECT_EQ(session.reviewer(), coord());
  }
  const auto events = pa::open_store(db_.url())->decision_events({});
  ASSERT_EQ(events.size(), 2u);
  pa::NewSpotCheck mine{events[0].id, "typed name", false, {"head_pose"}, "偏头", ""};
  const auto check = store->record_spot_check(mine);
  EXPECT_EQ(check.checker, coord());  // the login, not the name typed
  pa::NewSpotCheck theirs{events[1].id, coord(), true, {}, "", ""};
  EXPECT_THROW(store->record_spot_check(theirs), pa::UserError);
  EXPECT_TRUE(pa::open_store(db_.url())->verify_audit().ok());
}

TEST_F(Server, ReviewersAppendDecisionsButNoLoginChangesOne) {
  init_with_people();
  populate(*pa::open_store(db_.url()));
  for (const std::string sql : {"UPDATE decisions SET note = 'x';", "DELETE FROM decisions;",
                                "UPDATE ledger SET actor = 'x';", "DELETE FROM decision_reasons;",
                                "TRUNCATE decisions CASCADE;"}) {
    const auto r = psql_as(db_, alice(), "alice-password", sql);
    EXPECT_NE(r.exit_code, 0) << sql;
    EXPECT_TRUE(contains(r.out, "permission denied")) << sql << ": " << r.out;  // the privilege, not only a trigger
  }
  // The owner holds every privilege; the triggers still refuse.
  EXPECT_THROW(db_.exec("UPDATE decisions SET note = 'x'"), std::runtime_error);
  EXPECT_THROW(db_.exec("DELETE FROM ledger"), std::runtime_error);
  // Through photoaudit the reviewer is the login, whatever name is passed.
  ScopedEnv pw("PGPASSWORD", "alice-password");
  auto store = pa::open_store(db_.tcp_url(alice()));
  EXPECT_EQ(store->account(), alice());
  const auto e = store->record_decision({"2021002", pa::Verdict::approve, {}, "", "somebody else", ""});
  EXPECT_EQ(e.reviewer, alice());
  EXPECT_EQ(store->undo_last("anyone")->undoes, e.id);
  // The CLI says so rather than record under another name.
  const auto r = run_cli({"decide", "--db", db_.tcp_url(alice()), "--student", "2021002", "--verdict", "approve",
                          "--reviewer", "王老师"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "登录账号")) << r.err;
  ScopedEnv env_db("PHOTOAUDIT_DB", db_.tcp_url(alice()));
  const auto ok = run_cli({"decide", "--student", "2021002", "--verdict", "approve"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(contains(ok.out, "审核人 " + alice())) << ok.out;
}

TEST_F(Server, TrainersReadTeachingExamplesWithoutNamesOrNumbers) {
  init_with_people();
  auto owner = pa::open_store(db_.url());
  populate(*owner);
  owner->mark_teaching_example("2021001", {"blurry"}, "王老师");
  const auto denied = psql_as(db_, trainer(), "trainer-password", "SELECT count(*) FROM students;");
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_TRUE(contains(denied.out, "permission denied")) << denied.out;
  const auto q = psql_as(db_, trainer(), "trainer-password",
                         "SELECT code, decision_kind, length(bytes) > 1000 FROM teaching_material;");
  ASSERT_EQ(q.exit_code, 0) << q.out;
  EXPECT_EQ(q.out, "blurry|reject|t\n");
  std::set<std::string> cols;
  for (const auto& r : db_.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'teaching_material'"))
    cols.insert(r[0]);
  for (const char* c : {"student_no", "name", "id_number", "student_id", "submission_id"}) EXPECT_FALSE(cols.count(c)) << c;
}

// A trainer's login opens the audit as the teaching material: no students at all, the examples
// with their photos and reasons, and new examples seen as new material.
TEST_F(Server, ATrainersLoginOpensTheAuditAsTheTeachingMaterialOnly) {
  init_with_people();
  auto owner = pa::open_store(db_.url());
  populate(*owner);
  owner->mark_teaching_example("2021001", {"blurry"}, "王老师");
  ScopedEnv pw("PGPASSWORD", "trainer-password");
  auto t = pa::open_store(db_.tcp_url(trainer()));
  EXPECT_TRUE(t->students({}).empty());
  EXPECT_TRUE(t->decision_events({}).empty());
  EXPECT_TRUE(t->live_leases().empty());
  const auto before = t->change_marks();
  const auto ex = t->teaching_examples({});
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].code, "blurry");
  EXPECT_EQ(ex[0].decision_kind, "reject");
  EXPECT_EQ(ex[0].decision_reasons, std::vector<std::string>{"blurry"});
  EXPECT_TRUE(ex[0].student_no.empty());
  EXPECT_TRUE(ex[0].college.empty());
  EXPECT_EQ(ex[0].decision_id, owner->teaching_examples({})[0].decision_id);
  EXPECT_EQ(t->photo_bytes(ex[0].photo_sha256), owner->photo_bytes(ex[0].photo_sha256));
  // A photo that is not teaching material is not there for the trainer.
  const std::string other_sha = owner->student("2021002")->photo_sha256;
  EXPECT_FALSE(t->photo_bytes(other_sha));
  owner->mark_teaching_example("2021003", {"background"}, "王老师");
  EXPECT_NE(t->change_marks(), before);
  EXPECT_TRUE(t->changes_since(before).imported);
  EXPECT_EQ(t->teaching_examples({}).size(), 2u);
}

TEST_F(Server, PasswordsReachTheServerEncryptedAndLoginsAreUnique) {
  init_with_people();
  EXPECT_EQ(db_.text("SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = '" + alice() + "'"), "SCRAM-SHA-256$");
  EXPECT_THROW(pa::server_add_user(db_.url(), {alice(), pa::ServerRole::reviewer, ""}, "another-password"), pa::UserError);
  EXPECT_THROW(pa::server_add_user(db_.url(), {db_.name() + "_c2", pa::ServerRole::coordinator, ""}, "long-enough"),
               pa::UserError);
  EXPECT_THROW(pa::server_add_user(db_.url(), {db_.name() + "_s", pa::ServerRole::reviewer, ""}, "short"), pa::UserError);
  EXPECT_EQ(pa::server_users(db_.url()).size(), 3u);
  pa::server_init(db_.url());  // again: nothing changes, nobody loses a right
  ScopedEnv pw("PGPASSWORD", "alice-password");
  EXPECT_NO_THROW(pa::open_store(db_.tcp_url(alice()))->students({}));
}

TEST_F(Server, TamperingBehindTheStoresBackIsCaughtByVerify) {
  auto store = pa::create_store(db_.url());
  populate(*store);
  ASSERT_TRUE(store->verify_audit().ok());
  db_.exec("ALTER TABLE decisions DISABLE TRIGGER USER; UPDATE decisions SET note = 'edited' WHERE id = 1; "
           "ALTER TABLE decisions ENABLE TRIGGER USER");
  const auto v = store->verify_audit();
  EXPECT_FALSE(v.ok());
  ASSERT_TRUE(v.chain_break);
  EXPECT_EQ(v.chain_break->event_id, 1);
}

TEST_F(Server, MigrateFileToServerToFileKeepsEveryByte) {
  TempDir dir;
  const auto first = dir / "first.db";
  {
    auto store = pa::create_store(first.string());
    populate(*store);
    store->save_analysis({1, "e1", false, R"({"ok":false})", "2026-01-01T00:00:00.000Z"});
    store->record_spot_check({1, "协调人", false, {"head_pose"}, "偏", "seed=1"});
    store->record_reveal({"王老师", "on_screen", "2021001", "", "", "", 0, ""});
    store->set_meta_value("setting.calendar", R"({"start":"2027-03-01"})");
  }
  const std::string before = RawDb(first).dump();
  const auto to_server = pa::migrate_audit(first.string(), db_.url());
  EXPECT_EQ(to_server.students, 4);
  EXPECT_EQ(to_server.decisions, 2);
  EXPECT_TRUE(pa::open_store(db_.url())->verify_audit().ok());
  const auto back = dir / "archive.db";
  const auto to_file = pa::migrate_audit(db_.url(), back.string());
  EXPECT_EQ(to_file.head.hash, to_server.head.hash);
  EXPECT_EQ(RawDb(back).dump(), before);  // every table, row and byte
  EXPECT_EQ(RawDb(first).dump(), before);  // the source untouched
  // New records on the server continue after the copied ids.
  auto server = pa::open_store(db_.url());
  const auto e = server->record_decision({"2021002", pa::Verdict::approve, {}, "", "王老师", ""});
  EXPECT_EQ(e.id, 3);
  EXPECT_TRUE(server->verify_audit().ok());
  // Never over an existing file or into a server database that holds an audit.
  EXPECT_THROW(pa::migrate_audit(db_.url(), first.string()), pa::UserError);
  EXPECT_EQ(RawDb(first).dump(), before);
  EXPECT_THROW(pa::migrate_audit(back.string(), db_.url()), pa::UserError);
  EXPECT_EQ(pa::open_store(db_.url())->decision_events({}).size(), 3u);
  const auto cli = run_cli({"migrate", "--from", back.string(), "--to", (dir / "third.db").string()});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_TRUE(contains(cli.out, "已迁移并校验")) << cli.out;
}

TEST_F(Server, TwoWorkstationsOnOneServerNeverOverwriteEachOther) {
  auto a = pa::create_store(db_.url());
  populate(*a);
  auto b = pa::open_store(db_.url());
  const auto seen = b->student("2021002");
  ASSERT_TRUE(seen);
  a->record_decision({"2021002", pa::Verdict::reject, {"blurry"}, "", "王老师", ""});
  pa::DecisionBasis basis;
  basis.seen_decision = seen->decision ? std::optional<std::int64_t>(seen->decision->id) : std::nullopt;
  basis.seen_submission = seen->submission_id;
  EXPECT_THROW(b->record_decision({"2021002", pa::Verdict::approve, {}, "", "李老师", ""}, basis), pa::DecisionConflict);
  EXPECT_EQ(b->student("2021002")->status, pa::Status::rejected);
}

TEST_F(Server, ThreeAnalyzersOnOneServerShareTheWork) {
  // An audit of 45 photos on the server; three `analyze` processes started together, as three PCs
  // of the office would: no photo analyzed twice, none skipped.
  TempDir t;
  std::vector<RosterRow> rows;
  for (int i = 0; i < 45; ++i) {
    const std::string no = std::to_string(2023000 + i);
    rows.push_back({no, "学生", "", "男", "水利水电学院", "水利水电工程", "水电", "南京校区"});
    write_file(t / "photos" / (no + ".jpg"), portrait_jpeg(i + 1));
  }
  write_file(t / "roster.csv", roster_csv(rows));
  ASSERT_EQ(run_cli({"import", "--db", db_.url(), "--photos", (t / "photos").string(), "--roster",
                     (t / "roster.csv").string()}).exit_code,
            0);
  std::vector<std::unique_ptr<CliChild>> pcs;
  for (int i = 0; i < 3; ++i)
    pcs.push_back(std::make_unique<CliChild>(std::vector<std::string>{"analyze", "--db", db_.url(), "--jobs", "1"},
                                             fs::path{}, t / ("err" + std::to_string(i))));
  int total = 0;
  for (auto& c : pcs) {
    int n = -1;
    while (auto line = c->read_line()) {
      const std::string tag = "本次完成 (analyzed) ";
      const auto k = line->find(tag);
      if (k != std::string::npos) n = std::atoi(line->c_str() + k + tag.size());
    }
    EXPECT_EQ(c->wait(), 0);
    EXPECT_GE(n, 0);
    total += n;
  }
  EXPECT_EQ(total, 45);
  EXPECT_EQ(db_.text("SELECT count(*) FROM analyses"), "45");
  EXPECT_EQ(db_.text("SELECT count(*) FROM analysis_claims"), "0");
}

}  // namespace

namespace {

using namespace pa::test;

// A cluster of the test's own (the shared one serves other tests meanwhile), killed and
// restarted in the middle of a reviewer's work.
class ServerLost : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_cluster_url()) {
      if (pg_required()) FAIL() << "no PostgreSQL";
      GTEST_SKIP() << "no PostgreSQL test cluster";
    }
    ASSERT_EQ(cluster("start"), 0);
    const std::string admin = read_file(dir_ / "url");
    url_ = admin.substr(0, admin.find("/postgres?")) + "/audit" + admin.substr(admin.find("/postgres?") + 9);
    url_.erase(url_.find_last_not_of("\n") + 1);
    ASSERT_EQ(std::system(("psql -X -q '" + admin.substr(0, admin.size() - 1) + "' -c 'CREATE DATABASE audit'").c_str()), 0);
  }
  void TearDown() override { cluster("stop"); }
  int cluster(const std::string& what) {
    return std::system(((source_dir() / "scripts" / "pg-test-cluster.sh").string() + " " + what + " '" +
                        dir_.path().string() + "' >/dev/null")
                           .c_str());
  }
  TempDir dir_, data_;
  std::string url_;
};

TEST_F(ServerLost, DecisionsMadeWhileTheServerIsDownAreKeptAndSentWhenItIsBack) {
  auto store = pa::create_store(url_);
  populate(*store);
  pa::ReviewSession session(*store, "王老师", {}, std::make_shared<pa::DecisionJournal>(url_, data_.path()));
  ASSERT_TRUE(session.go_to_student("2021002"));
  const auto committed = session.decide(pa::Verdict::reject, {"blurry"}, "");  // reported committed
  ASSERT_TRUE(session.go_to_student("2021004"));
  ASSERT_TRUE(session.holds_current());
  ASSERT_EQ(cluster("crash"), 0);  // pg_ctl stop -m immediate
  // Moving about while the server is gone never fails (leases lapse by themselves).
  EXPECT_NO_THROW(session.go_to_student("2021001"));
  EXPECT_THROW(session.follow_changes(), pa::UserError);  // says so: the status bar tells the reviewer
  ASSERT_TRUE(session.go_to_student("2021004"));
  const auto err = user_error_from([&] { session.decide(pa::Verdict::approve, {}, ""); });
  EXPECT_TRUE(contains(err.what(), "审核服务器")) << err.what();
  ASSERT_EQ(session.unsaved().size(), 1u);  // kept, and in the journal on this PC
  EXPECT_FALSE(session.unsaved().front().journal_id.empty());
  EXPECT_EQ(session.retry_unsaved(), 0);  // still down: still kept
  ASSERT_EQ(cluster("resume"), 0);
  EXPECT_EQ(session.retry_unsaved(), 1);  // the same connection comes back; the decision is sent
  EXPECT_TRUE(session.unsaved().empty());
  auto fresh = pa::open_store(url_);
  EXPECT_EQ(fresh->student("2021002")->decision->id, committed.id);  // what was reported is there
  EXPECT_EQ(fresh->student("2021004")->status, pa::Status::approved);
  EXPECT_TRUE(fresh->verify_audit().ok());
  EXPECT_TRUE(pa::DecisionJournal(url_, data_.path()).entries().empty());
}

}  // namespace

namespace {

using namespace pa::test;

TEST_F(Server, AWorkstationSeesOthersDecisionsAndSkipsThePhotosTheyHold) {
  auto admin = pa::create_store(db_.url());
  populate(*admin);  // 2021001 rejected, 2021003 approved; 2021002 and 2021004 pending
  auto a_store = pa::open_store(db_.url());
  auto b_store = pa::open_store(db_.url());
  pa::ReviewSession a(*a_store, "王老师");
  ASSERT_TRUE(a.takes_leases());
  ASSERT_TRUE(a.go_to_student("2021002"));  // A has 2021002 on screen: A's lease
  pa::ReviewSession b(*b_store, "李老师");
  b.first_pending();
  ASSERT_TRUE(b.current());
  EXPECT_EQ(b.current()->state.student.student_no, "2021004");  // skips the photo A holds
  const pa::QueueRow* held = b.queue().find("2021002");
  ASSERT_TRUE(held);
  EXPECT_EQ(held->held_by, a.holder());
  // A decides; B's queue follows within a poll or two, and names who decided.
  a.decide(pa::Verdict::reject, {"blurry"}, "");
  std::vector<pa::DecisionEvent> seen;
  for (int i = 0; i < 100 && seen.empty(); ++i) {
    auto got = b.follow_changes();
    seen.insert(seen.end(), got.begin(), got.end());
    if (seen.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Same login on both (the test's superuser): a workstation's own login is not news; seen by status.
  EXPECT_EQ(b.queue().find("2021002")->state.status, pa::Status::rejected);
  EXPECT_TRUE(b.queue().find("2021002")->held_by.empty());
}

TEST_F(Server, TenWorkstationsShareTheQueueAndNoPhotoIsDecidedTwice) {
  // 10 processes reviewing 3,000 photos at once, 300 each, as 10 workstations of the office.
  {
    auto store = pa::create_store(db_.url());
    auto imp = store->begin_import({"大批", "roster.csv", "photos/"});
    const auto photo = photo_blob(portrait_jpeg(1));
    for (int i = 0; i < 3000; ++i) {
      pa::Student s;
      s.student_no = std::to_string(2030000 + i);
      s.college = "水利水电学院";
      imp->upsert_student(s);
      imp->add_photo(s.student_no, photo);
    }
    imp->commit({3000, 3000, 0});
  }
  TempDir t;
  std::vector<std::unique_ptr<CliChild>> pcs;
  for (int i = 0; i < 10; ++i)
    pcs.push_back(std::make_unique<CliChild>(
        std::vector<std::string>{"review-stream", "--db", db_.url(), "--count", "300"}, fs::path{},
        t / ("err" + std::to_string(i))));
  int committed = 0, conflicts = 0;
  std::set<std::string> decided;
  for (auto& c : pcs) {
    while (auto line = c->read_line()) {
      if (line->rfind("committed ", 0) == 0) {
        ++committed;
        decided.insert(line->substr(line->rfind(' ') + 1));
      }
      if (line->rfind("conflict ", 0) == 0) ++conflicts;
    }
    EXPECT_EQ(c->wait(), 0);
  }
  for (int i = 0; i < 10; ++i) {
    const std::string err = read_file(t / ("err" + std::to_string(i)));
    EXPECT_TRUE(err.empty()) << err;
  }
  EXPECT_EQ(committed, 3000);
  EXPECT_EQ(decided.size(), 3000u);  // every photo once
  EXPECT_EQ(conflicts, 0);           // nobody was ever asked to override: leases kept them apart
  EXPECT_EQ(db_.text("SELECT count(*) FROM decisions"), "3000");
  EXPECT_EQ(db_.text("SELECT count(DISTINCT submission_id) FROM decisions"), "3000");
  EXPECT_TRUE(pa::open_store(db_.url())->verify_audit().ok());
}

}  // namespace
