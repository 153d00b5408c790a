// The data-safety pass: nothing an audit holds is lost, overwritten or misattributed. Each test
// here fails on the build before it (docs/reliability.md lists them by class of mistake).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "audit_test_util.h"
#include "child_process.h"
#include "analysis/record.h"
#include "review/calendar.h"
#include "review/coordination.h"
#include "review/decisions.h"
#include "review/journal.h"
#include "review/session.h"
#include "review/stats.h"
#include "store/audit_chain.h"
#include "store/schema.h"

namespace pa::test {
namespace {

int file_mode(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

// Runs `body` in a forked child; as root the child first becomes `nobody` (root ignores file
// permissions). Returns the child's exit code (body's return value). No gtest macros in `body`.
int in_child_as_nobody(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) _exit(126);
    int code = 125;
    try {
      code = body();
    } catch (...) {
      code = 124;
    }
    _exit(code);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

// The folder (and the audit in it) made usable by `nobody`.
void open_to_nobody(const fs::path& dir) {
  ::chmod(dir.c_str(), 0777);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    ::chmod(e.path().c_str(), e.is_directory() ? 0777 : 0666);
    if (::geteuid() == 0 && ::chown(e.path().c_str(), 65534, 65534) != 0) {
    }
  }
  if (::geteuid() == 0 && ::chown(dir.c_str(), 65534, 65534) != 0) {
  }
}

std::int64_t count(const fs::path& db, const std::string& sql) { return RawDb(db).num(sql); }

// ---- an audit is never created by a typo ---------------------------------------------------------

TEST(DataSafetyMissingDb, EveryCommandButImportAndDemoRefusesAMissingAuditAndCreatesNothing) {
  TempDir t;
  const fs::path missing_dir = t / "no" / "such";
  const std::string db = (missing_dir / "audit.db").string();
  const std::vector<std::vector<std::string>> commands = {
      {"stats", "--db", db},
      {"decide", "--db", db, "--student", "2021001", "--verdict", "approve", "--reviewer", "a"},
      {"undo", "--db", db, "--reviewer", "a"},
      {"export", "--db", db, "--what", "decisions", "--out", (t / "x.csv").string()},
      {"notify", "--db", db},
      {"verify", "--db", db},
      {"analyze", "--db", db},
      {"spotcheck", "sample", "--db", db, "--seed", "1", "--percent", "10"},
      {"spotcheck", "list", "--db", db},
      {"spotcheck", "record", "--db", db, "--student", "2021001", "--agree", "--checker", "c"},
      {"spotcheck", "settle", "--db", db, "--id", "1", "--outcome", "first_review", "--reviewer", "r"},
      {"example", "list", "--db", db},
      {"example", "mark", "--db", db, "--student", "2021001", "--reason", "blurry", "--reviewer", "t"},
      {"calendar", "--db", db},
      {"review", "--db", db},
  };
  for (const auto& args : commands) {
    const auto r = run_cli(args);
    EXPECT_NE(r.exit_code, 0) << args[0] << ": " << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "不存在") || contains(r.err, "no such audit")) << args[0] << ": " << r.err;
    EXPECT_FALSE(fs::exists(t / "no")) << args[0] << " created a folder";
    EXPECT_FALSE(fs::exists(t / "x.csv")) << args[0];
  }
  // In an existing folder: still nothing created, and an empty file is not an audit either.
  const fs::path here = t / "typo.db";
  EXPECT_NE(run_cli({"verify", "--db", here.string()}).exit_code, 0);
  EXPECT_FALSE(fs::exists(here));
  EXPECT_FALSE(fs::exists(here.string() + "-wal"));
  write_file(here, "");
  const auto r = run_cli({"stats", "--db", here.string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, "空文件") || contains(r.err, "empty file")) << r.err;
  EXPECT_EQ(fs::file_size(here), 0u);  // untouched
}

TEST(DataSafetyMissingDb, ImportMakesAPreExistingEmptyFileAnOwnerOnlyAudit) {
  SmallAudit a;  // for its roster and photos
  TempDir t;
  const fs::path db = t / "new.db";
  write_file(db, "");
  ::chmod(db.c_str(), 0644);
  const auto r = run_cli({"import", "--db", db.string(), "--photos", a.photos.string(), "--roster", a.roster.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(file_mode(db), 0600);
  EXPECT_EQ(count(db, "SELECT count(*) FROM students"), 5);
}

// ---- the demo never deletes what it did not create --------------------------------------------

TEST(DataSafetyDemo, RefusesToReplaceARealAuditOrAForeignFolder) {
  SmallAudit a;
  decide(*a.store, {"2021001", Verdict::approve, {}, {}, "alice"});
  a.store.reset();
  const std::string before = read_file(a.db);
  auto r = run_cli({"demo", "--no-gui", "--db", a.db.string(), "--dir", (a.dir / "demo").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, a.db.string())) << r.err;  // names the file
  EXPECT_EQ(read_file(a.db), before);
  EXPECT_EQ(count(a.db, "SELECT count(*) FROM decisions"), 1);
  EXPECT_FALSE(fs::exists(a.dir / "demo"));  // refused before anything was written

  // A folder with someone's files in it, without the demo's marker: nothing replaced.
  TempDir t;
  const fs::path folder = t / "mine";
  write_file(folder / "photos" / "keep.jpg", "precious");
  write_file(folder / "notes.txt", "keep me");
  r = run_cli({"demo", "--no-gui", "--dir", folder.string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, folder.string())) << r.err;
  EXPECT_EQ(read_file(folder / "photos" / "keep.jpg"), "precious");
  EXPECT_EQ(read_file(folder / "notes.txt"), "keep me");
  EXPECT_FALSE(fs::exists(folder / "demo.db"));

  // A file that is not an audit at --db.
  write_file(t / "other.db", "not an audit");
  r = run_cli({"demo", "--no-gui", "--dir", (t / "d2").string(), "--db", (t / "other.db").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(read_file(t / "other.db"), "not an audit");
}

TEST(DataSafetyDemo, ReplacesOnlyItsOwnAuditAndFolder) {
  TempDir t;
  const fs::path dir = t / "demo";
  ASSERT_EQ(run_cli({"demo", "--no-gui", "--dir", dir.string()}).exit_code, 0);
  EXPECT_TRUE(fs::exists(dir / ".photoaudit-demo"));
  const fs::path db = dir / "demo.db";
  EXPECT_EQ(RawDb(db).text("SELECT value FROM meta WHERE key = 'setting.demo_audit'"), "1");
  ASSERT_EQ(run_cli({"decide", "--db", db.string(), "--student", "2110010101", "--verdict", "approve", "--reviewer", "a"})
                .exit_code,
            0);
  // Running the demo again starts it afresh: its own audit and folder are replaced.
  const auto r = run_cli({"demo", "--no-gui", "--dir", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count(db, "SELECT count(*) FROM decisions"), 0);
}

// ---- a decision belongs to the photo the reviewer saw -----------------------------------------

// A reshoot round: a new photo for 2021002 imported from another workstation.
void import_new_photo(SmallAudit& a, const std::string& no, int variant) {
  TempDir round;
  write_file(round / "p" / (no + ".jpg"), portrait_jpeg(variant));
  auto other = create_store(a.db.string());
  run_import(*other, a.roster, round / "p");
}

TEST(DataSafetyPhotoVersion, TheStoreRefusesADecisionOnAPhotoANewerVersionReplaced) {
  SmallAudit a;
  const auto seen = *a.store->student("2021002");
  import_new_photo(a, "2021002", 40);
  DecisionBasis basis;
  basis.seen_submission = seen.submission_id;
  basis.seen_photo_sha256 = seen.photo_sha256;
  try {
    a.store->record_decision({"2021002", Verdict::approve, {}, {}, "alice"}, basis);
    FAIL() << "a decision on the old photo was recorded";
  } catch (const PhotoSuperseded& e) {
    EXPECT_TRUE(contains(e.what(), "第 2 版")) << e.what();
  }
  basis.override_confirmed = true;  // no override applies: the new photo must be looked at
  EXPECT_THROW(a.store->record_decision({"2021002", Verdict::approve, {}, {}, "alice"}, basis), PhotoSuperseded);
  EXPECT_EQ(a.store->history("2021002").size(), 0u);
  // Deciding on the photo that is now the newest works.
  const auto now = *a.store->student("2021002");
  basis = {};
  basis.seen_submission = now.submission_id;
  EXPECT_EQ(a.store->record_decision({"2021002", Verdict::approve, {}, {}, "alice"}, basis).version, 2);
}

TEST(DataSafetyPhotoVersion, TheSessionRefusesWhenAReshootArrivesWhileTheWorkstationIsOpen) {
  SmallAudit a;
  ReviewSession s(*a.store, "alice");
  ASSERT_TRUE(s.go_to_student("2021002"));
  const std::string shown = s.current()->state.photo_sha256;
  import_new_photo(a, "2021002", 41);
  EXPECT_THROW(s.decide(Verdict::approve, {}, {}, std::nullopt, false, shown), PhotoSuperseded);
  EXPECT_EQ(a.store->history("2021002").size(), 0u);
  EXPECT_TRUE(s.unsaved().empty());
  ASSERT_TRUE(s.go_to_student("2021002"));
  EXPECT_EQ(s.current()->state.versions, 2);  // the row shows the new photo now
  EXPECT_NE(s.current()->state.photo_sha256, shown);
}

TEST(DataSafetyPhotoVersion, BatchApproveSendsPerPhotoTheVersionItShowed) {
  SmallAudit a;
  ReviewSession s(*a.store, "alice");
  std::vector<ReviewSession::ShownPhoto> shown;
  for (const char* no : {"2021001", "2021002"}) {
    const auto st = *a.store->student(no);
    shown.push_back({no, st.submission_id, st.photo_sha256, std::nullopt});
  }
  import_new_photo(a, "2021002", 42);  // arrives between the sheet's display and the confirmation
  const auto r = s.approve_many(shown);
  ASSERT_EQ(r.decided.size(), 1u);
  EXPECT_EQ(r.decided[0].student_no, "2021001");
  ASSERT_EQ(r.refused.size(), 1u);
  EXPECT_EQ(r.refused[0].first, "2021002");
  EXPECT_EQ(a.store->student("2021002")->status, Status::pending);
}

TEST(DataSafetyPhotoVersion, TheCommandLineCanPinTheVersionItMeans) {
  SmallAudit a;
  import_new_photo(a, "2021002", 43);
  a.store.reset();
  auto r = run_cli({"decide", "--db", a.db.string(), "--student", "2021002", "--version", "1", "--verdict", "approve",
                    "--reviewer", "alice"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_TRUE(contains(r.err, "第 2 版")) << r.err;
  r = run_cli({"decide", "--db", a.db.string(), "--student", "2021002", "--version", "2", "--verdict", "approve",
               "--reviewer", "alice"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// ---- a decision pressed is a decision kept ------------------------------------------------------

// The journal scenario of the issue, through the session the GUI drives: the audit is read-only,
// the reviewer decides, quits; the audit is made writable; next start the decision is replayed.
TEST(DataSafetyJournal, AReadOnlyAuditKeepsTheDecisionInTheJournalAndTheNextStartSavesIt) {
  SmallAudit a;
  a.store.reset();
  TempDir data;
  open_to_nobody(a.dir.path());
  open_to_nobody(data.path());
  ::chmod(a.db.c_str(), 0444);  // the audit is read-only while the reviewer works
  const std::string db = a.db.string();
  const fs::path data_dir = data.path();
  const int code = in_child_as_nobody([&] {
    auto store = open_store(db);
    auto journal = std::make_shared<DecisionJournal>(db, data_dir);
    ReviewSession s(*store, "alice", {}, journal);
    if (!s.go_to_student("2021003")) return 10;
    try {
      s.decide(Verdict::reject, {"blurry"}, "internal", std::nullopt, false, {}, "请在光线好的地方重拍");
      return 11;  // recorded although the audit is read-only?
    } catch (const UserError&) {
    }
    if (s.unsaved().size() != 1) return 12;
    if (journal->entries().size() != 1) return 13;  // in the journal before the GUI says anything
    return 0;  // quit: the session ends here
  });
  ASSERT_EQ(code, 0);
  EXPECT_EQ(count(a.db, "SELECT count(*) FROM decisions"), 0);
  DecisionJournal journal(db, data_dir);
  ASSERT_EQ(journal.entries().size(), 1u);
  EXPECT_EQ(file_mode(journal.file()), 0600);

  ::chmod(a.db.c_str(), 0666);  // writable again
  auto store = open_store(db);
  ReviewSession s(*store, "alice", {}, std::make_shared<DecisionJournal>(db, data_dir));
  ASSERT_TRUE(s.journal_replay_pending());  // offered, not sent behind the reviewer's back
  EXPECT_EQ(s.retry_unsaved(), 0);
  EXPECT_EQ(s.replay_journal(), 1);
  const auto h = store->history("2021003");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].kind, "reject");
  EXPECT_EQ(h[0].reviewer, "alice");
  EXPECT_EQ(h[0].student_note, "请在光线好的地方重拍");
  EXPECT_TRUE(DecisionJournal(db, data_dir).entries().empty());
  EXPECT_TRUE(store->verify_audit().ok());
}

TEST(DataSafetyJournal, AReplayedDecisionStillGoesThroughTheConflictCheck) {
  SmallAudit a;
  TempDir data;
  DecisionJournal journal(a.db.string(), data.path());
  JournalEntry e;
  e.decision = {"2021001", Verdict::approve, {}, {}, "alice"};
  e.basis.seen_submission = a.store->student("2021001")->submission_id;  // saw no decision
  journal.append(e);
  decide(*a.store, {"2021001", Verdict::reject, {"blurry"}, {}, "bob"});  // meanwhile, elsewhere
  ReviewSession s(*a.store, "alice", {}, std::make_shared<DecisionJournal>(a.db.string(), data.path()));
  EXPECT_THROW(s.replay_journal(), DecisionConflict);
  EXPECT_EQ(a.store->student("2021001")->decision->reviewer, "bob");  // bob's decision stands
  EXPECT_TRUE(DecisionJournal(a.db.string(), data.path()).entries().empty());
}

// chmod 444 and back, as one reviewer's account: the next decision succeeds without any cleanup
// (the -wal/-shm SQLite made while the file was read-only must not keep it failing).
TEST(DataSafetyJournal, AfterAReadOnlyPeriodTheNextDecisionSucceeds) {
  SmallAudit a;
  a.store.reset();
  open_to_nobody(a.dir.path());
  const std::string db = a.db.string();
  ::chmod(a.db.c_str(), 0444);
  int code = in_child_as_nobody([&] {
    auto store = open_store(db);
    try {
      decide(*store, {"2021001", Verdict::approve, {}, {}, "alice"});
      return 11;
    } catch (const UserError&) {
      return 0;
    }
  });
  ASSERT_EQ(code, 0);
  ::chmod(a.db.c_str(), 0666);
  code = in_child_as_nobody([&] {
    auto store = open_store(db);
    decide(*store, {"2021001", Verdict::approve, {}, {}, "alice"});
    return 0;
  });
  EXPECT_EQ(code, 0);
  // And within one session: opened while read-only, it writes once the file is writable again.
  ::chmod(a.db.c_str(), 0444);
  int ready[2], go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) _exit(126);
    int rc = 0;
    try {
      auto store = open_store(db);
      ReviewSession s(*store, "alice");
      s.go_to_student("2021002");
      try {
        s.decide(Verdict::approve, {}, {});
        rc = 11;
      } catch (const UserError&) {
      }
      char c = 'r';
      if (::write(ready[1], &c, 1) != 1) rc = 12;
      if (::read(go[0], &c, 1) != 1) rc = 13;
      if (rc == 0 && s.retry_unsaved() != 1) rc = 14;
    } catch (...) {
      rc = 15;
    }
    _exit(rc);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ::chmod(a.db.c_str(), 0666);
  ASSERT_EQ(::write(go[1], &c, 1), 1);
  int st = 0;
  ::waitpid(pid, &st, 0);
  EXPECT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 0);
  EXPECT_EQ(count(a.db, "SELECT count(*) FROM decisions"), 2);
}

// ---- the audit trail proves what it claims --------------------------------------------------------

TEST(DataSafetyVerify, VerifyOpensReadOnlyNeverMigratesAndWorksOnAReadOnlyCopy) {
  SmallAudit a;
  decide(*a.store, {"2021001", Verdict::approve, {}, {}, "alice"});
  a.store.reset();
  TempDir t;
  const fs::path copy_dir = t / "archive";
  fs::create_directories(copy_dir);
  fs::copy_file(a.db, copy_dir / "audit.db");
  const std::string before = read_file(copy_dir / "audit.db");
  open_to_nobody(t.path());
  ::chmod((copy_dir / "audit.db").c_str(), 0444);
  ::chmod(copy_dir.c_str(), 0555);
  const std::string copy = (copy_dir / "audit.db").string();
  const int code = in_child_as_nobody([&] {
    auto v = open_store_read_only(copy)->verify_audit();
    return v.ok() && v.events == 1 && v.ledger_head.entries == 1 ? 0 : 10;
  });
  ::chmod(copy_dir.c_str(), 0755);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(read_file(copy_dir / "audit.db"), before);
  EXPECT_FALSE(fs::exists(copy + "-wal"));

  // An audit of an older schema is verified as it is, not upgraded.
  const fs::path old = t / "v4.db";
  {
    RawDb raw(old, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("PRAGMA journal_mode = WAL");
    for (int v = 0; v < 4; ++v) raw.exec(std::string(schema::migrations()[static_cast<std::size_t>(v)]));
    raw.exec("PRAGMA user_version = 4");
    raw.exec("PRAGMA application_id = " + std::to_string(schema::kApplicationId));
  }
  const auto r = run_cli({"verify", "--db", old.string(), "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(RawDb(old).num("PRAGMA user_version"), 4);
  EXPECT_EQ(RawDb(old).num("SELECT count(*) FROM sqlite_schema WHERE name = 'ledger'"), 0);
}

TEST(DataSafetyLedger, EveryActOfRecordIsInTheLedgerAndAnEditedRecordBreaksIt) {
  SmallAudit a;
  decide(*a.store, {"2021001", Verdict::approve, {}, {}, "alice"});
  decide(*a.store, {"2021003", Verdict::reject, {"blurry"}, {}, "alice"});
  const auto check = record_second_review(*a.store, "2021001", false, {"background"}, "背景偏灰", "coord");
  a.store->mark_teaching_example("2021003", {"blurry"}, "trainer");
  a.store->record_reveal({"alice", "export", "", "decisions", "csv", "/tmp/x.csv", 4, ""});
  settle(*a.store, check.id, "first_review", "", "bob");
  RawDb raw(a.db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM ledger"), 6);
  EXPECT_EQ(raw.num("SELECT count(*) FROM ledger WHERE kind = 'reveal'"), 1);
  EXPECT_TRUE(contains(raw.text("SELECT body FROM ledger WHERE kind = 'reveal'"), "/tmp/x.csv"));
  auto v = a.store->verify_audit();
  ASSERT_TRUE(v.ok()) << (v.ledger_break ? v.ledger_break->reason : "");
  EXPECT_EQ(v.ledger_head.entries, 6);

  // Someone edits a spot check behind photoaudit's back (dropping the trigger that forbids it).
  raw.exec("DROP TRIGGER spot_checks_append_only_update");
  raw.exec("UPDATE spot_checks SET note = '没问题' WHERE id = " + std::to_string(check.id));
  v = a.store->verify_audit();
  EXPECT_FALSE(v.ok());
  ASSERT_TRUE(v.ledger_break.has_value());
  EXPECT_TRUE(contains(v.ledger_break->reason, "spot_check")) << v.ledger_break->reason;
  EXPECT_TRUE(contains(v.ledger_break->reason, "edited")) << v.ledger_break->reason;
}

TEST(DataSafetyLedger, TheHeadPrintedEarlierProvesNothingAfterItWasRemoved) {
  SmallAudit a;
  decide(*a.store, {"2021001", Verdict::approve, {}, {}, "alice"});
  decide(*a.store, {"2021002", Verdict::approve, {}, {}, "alice"});
  a.store.reset();
  // stats and its JSON state the head.
  const auto text = run_cli({"stats", "--db", a.db.string()});
  EXPECT_TRUE(contains(text.out, "审核记录 #2 · ")) << text.out;
  const auto j = nlohmann::json::parse(run_cli({"stats", "--db", a.db.string(), "--json"}).out);
  const std::string head = "2:" + j["audit_head"]["hash"].get<std::string>();
  EXPECT_EQ(run_cli({"verify", "--db", a.db.string(), "--expect-head", head}).exit_code, 0);

  // The newest decision is removed and everything "fixed up" so the file verifies on its own.
  {
    RawDb raw(a.db);
    raw.exec("DROP TRIGGER decisions_append_only_delete; DROP TRIGGER ledger_append_only_delete;");
    raw.exec("DELETE FROM decisions WHERE id = 2; DELETE FROM ledger WHERE seq = 2;");
    raw.exec("UPDATE meta SET value = (SELECT '1:' || hash FROM decisions WHERE id = 1) WHERE key = 'chain_head'");
    raw.exec("UPDATE meta SET value = (SELECT '1:' || hash FROM ledger WHERE seq = 1) WHERE key = 'ledger_head'");
  }
  EXPECT_EQ(run_cli({"verify", "--db", a.db.string()}).exit_code, 0);  // alone, it cannot tell
  const auto r = run_cli({"verify", "--db", a.db.string(), "--expect-head", head});
  EXPECT_EQ(r.exit_code, 6) << r.out;
  EXPECT_TRUE(contains(r.out, "rebuilt") || contains(r.out, "removed")) << r.out;
  EXPECT_NE(run_cli({"verify", "--db", a.db.string(), "--expect-head", "nonsense"}).exit_code, 0);
}

TEST(DataSafetySettlement, SidingWithTheCoordinatorRecordsTheirDecision) {
  SmallAudit a;
  decide(*a.store, {"2021001", Verdict::approve, {}, {}, "alice"});
  const auto check = record_second_review(*a.store, "2021001", false, {"background"}, "背景偏灰", "coord");
  // The reviewer whose decision it was cannot settle it.
  EXPECT_THROW(settle(*a.store, check.id, "spot_check", "", " Alice "), UserError);
  const auto s = settle(*a.store, check.id, "spot_check", "同意协调人", "bob");
  ASSERT_TRUE(s.decision_id.has_value());
  const auto st = *a.store->student("2021001");
  EXPECT_EQ(st.status, Status::rejected);
  ASSERT_TRUE(st.decision);
  EXPECT_EQ(st.decision->id, *s.decision_id);
  EXPECT_EQ(st.decision->reviewer, "bob");
  EXPECT_EQ(st.decision->reasons, (std::vector<std::string>{"background"}));
  EXPECT_EQ(compute_stats(*a.store, {}).total.rejected, 1);
  EXPECT_TRUE(a.store->verify_audit().ok());
}

// ---- reviewers, analyzers -------------------------------------------------------------------------

TEST(DataSafetyReviewers, NamesDifferingInCaseWidthOrSpacesAreOneReviewer) {
  SmallAudit a;
  decide(*a.store, {"2021001", Verdict::approve, {}, {}, " Wang Li "});
  decide(*a.store, {"2021002", Verdict::approve, {}, {}, "ＷＡＮＧ　ＬＩ"});
  EXPECT_EQ(RawDb(a.db).num("SELECT count(*) FROM reviewers"), 1);
  EXPECT_EQ(a.store->history("2021002")[0].reviewer, "Wang Li");  // trimmed, as first typed
  ASSERT_TRUE(a.store->undo_last("wang li").has_value());  // the same reviewer's last decision
  EXPECT_EQ(a.store->student("2021002")->status, Status::pending);
}

TEST(DataSafetyAnalyze, TwoConcurrentRunsShareTheWork) {
  // An audit of 60 photos; two `analyze` processes started together.
  TempDir t;
  std::vector<RosterRow> rows;
  for (int i = 0; i < 60; ++i) {
    const std::string no = std::to_string(2023000 + i);
    rows.push_back({no, "学生", "", "男", "水利水电学院", "水利水电工程", "水电", "南京校区"});
    write_file(t / "photos" / (no + ".jpg"), portrait_jpeg(i + 1));
  }
  write_file(t / "roster.csv", roster_csv(rows));
  const fs::path db = t / "a.db";
  ASSERT_EQ(run_cli({"import", "--db", db.string(), "--photos", (t / "photos").string(), "--roster",
                     (t / "roster.csv").string()}).exit_code,
            0);
  CliChild one({"analyze", "--db", db.string(), "--jobs", "1"}, {}, t / "err1");
  CliChild two({"analyze", "--db", db.string(), "--jobs", "1"}, {}, t / "err2");
  auto analyzed = [](CliChild& c) {
    int n = -1;
    while (auto line = c.read_line()) {
      const auto k = line->find("本次完成 (analyzed) ");
      if (k != std::string::npos) n = std::atoi(line->c_str() + k + std::string("本次完成 (analyzed) ").size());
    }
    return n;
  };
  const int n1 = analyzed(one), n2 = analyzed(two);
  EXPECT_EQ(one.wait(), 0) << read_file(t / "err1");
  EXPECT_EQ(two.wait(), 0) << read_file(t / "err2");
  EXPECT_EQ(n1 + n2, 60) << n1 << " + " << n2;  // none analyzed twice, none skipped
  EXPECT_EQ(RawDb(db).num("SELECT count(*) FROM analyses"), 60);
  EXPECT_EQ(RawDb(db).num("SELECT count(*) FROM analysis_claims"), 0);
}

TEST(DataSafetyAnalyze, AFailedAnalysisIsStoredAsFailedNeverAsNoFindings) {
  const auto j = analysis::failed_analysis_json("q1-x", "cv::Exception: boom");
  EXPECT_EQ(analysis::analysis_error(j.dump()), "cv::Exception: boom");
  QueueRow row;
  apply_analysis(row, 7, j.dump(), false);
  EXPECT_TRUE(row.analysis_failed());
  EXPECT_EQ(row.fails, 0);  // …yet not "clean": the contact sheet never approves it in bulk
  EXPECT_FALSE(row.suggested_ok);
  apply_analysis(row, 7, R"({"ok":true,"findings":[]})", true);
  EXPECT_FALSE(row.analysis_failed());
}

// ---- notices ---------------------------------------------------------------------------------------

TEST(DataSafetyNotify, NoticesCarryOnlyTheNoteForTheStudentAndNoStaleDates) {
  SmallAudit a;
  decide(*a.store, {"2021002", Verdict::reject, {"uneven_lighting", "other"}, "内部：此生上次也不合格", "alice",
                    "左脸偏暗，请面向窗户"});
  // No calendar set for this audit: no dates from the built-in example (the notice's 2024).
  auto t = build_notify(*a.store, {}, load_calendar(*a.store), "2026-04-01");
  auto row = [&](const std::string& no) {
    for (const auto& r : t.rows)
      if (r[0] == no) return r;
    return std::vector<std::string>{};
  };
  ASSERT_FALSE(row("2021002").empty());
  EXPECT_TRUE(contains(row("2021002")[5], "左脸偏暗")) << row("2021002")[5];
  EXPECT_FALSE(contains(row("2021002")[5], "内部")) << row("2021002")[5];
  EXPECT_EQ(row("2021002")[7], kWindowToBeAnnounced);
  EXPECT_FALSE(notify_calendar_warning(*a.store, "2026-04-01").empty());
  std::string text = notify_text(t);
  EXPECT_FALSE(contains(text, "2024")) << text;
  EXPECT_FALSE(contains(text, "请请")) << text;
  EXPECT_FALSE(contains(text, "内部")) << text;

  // The audit's own calendar: its dates, until they have passed.
  set_audit_calendar(*a.store, R"({"title":"2026届","campuses":[{"campus":"南京校区","phases":[
      {"id":"reshoot","label_zh":"重拍","from":"2026-05-10","to":"2026-05-10"}]}]})");
  t = build_notify(*a.store, {}, load_calendar(*a.store), "2026-04-01");
  EXPECT_TRUE(contains(row("2021002")[7], "2026年5月10日")) << row("2021002")[7];
  t = build_notify(*a.store, {}, load_calendar(*a.store), "2026-05-11");
  EXPECT_EQ(row("2021002")[7], kWindowToBeAnnounced);
  EXPECT_FALSE(notify_calendar_warning(*a.store, "2026-05-11").empty());
  text = notify_text(t);
  EXPECT_FALSE(contains(text, "请请")) << text;
}

}  // namespace
}  // namespace pa::test
