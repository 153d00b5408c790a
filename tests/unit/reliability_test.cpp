// Faults injected into real photoaudit processes: SIGKILL at seeded random points during an import
// and during a stream of decisions, two workstations deciding on one file at once, a locked
// database, a read-only database and a disk that refuses writes.
//
// PHOTOAUDIT_CRASH_ROUNDS (default 6) and PHOTOAUDIT_CRASH_SEED (default 20240601) scale and vary
// the crash runs; docs/reliability.md gives the long runs.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "audit_test_util.h"
#include "child_process.h"
#include "review/decisions.h"
#include "review/session.h"

namespace pa::test {
namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

int crash_rounds() { return env_int("PHOTOAUDIT_CRASH_ROUNDS", 6); }
std::mt19937 crash_rng() { return std::mt19937(static_cast<unsigned>(env_int("PHOTOAUDIT_CRASH_SEED", 20240601))); }

// A batch of `n` students (学号 2022000..), every one with a distinct photo.
struct Batch {
  TempDir dir;
  fs::path roster = dir / "roster.csv";
  fs::path photos = dir / "photos";
  std::vector<std::string> students;
  explicit Batch(int n) {
    std::vector<RosterRow> rows;
    for (int i = 0; i < n; ++i) {
      const std::string no = std::to_string(2022000 + i);
      students.push_back(no);
      rows.push_back({no, "学生" + std::to_string(i), "", "男", "水利水电学院", "水利水电工程", "水电2201", "南京校区"});
      write_file(photos / (no + ".jpg"), portrait_jpeg(i + 1));
    }
    write_file(roster, roster_csv(rows));
  }
  std::vector<std::string> import_args(const fs::path& db) const {
    return {"import", "--db", db.string(), "--photos", photos.string(), "--roster", roster.string(), "--jobs", "1"};
  }
};

// Waits (bounded) until `file` contains `text`; true when it did.
bool wait_for_text(const fs::path& file, const std::string& text) {
  for (int i = 0; i < 4000; ++i) {
    if (fs::exists(file) && contains(read_file(file), text)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

void expect_integrity_ok(const fs::path& db) {
  RawDb raw(db);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

// ---- crash safety -------------------------------------------------------------------------

TEST(ReliabilityCrash, ImportKilledAtRandomPointsIsAllOrNothing) {
  Batch batch(120);
  TempDir work;
  // One undisturbed import gives the span the kill points are drawn from.
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(run_cli(batch.import_args(work / "reference.db")).exit_code, 0);
  const auto span_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();

  auto rng = crash_rng();
  int committed = 0, rolled_back = 0;
  for (int round = 0; round < crash_rounds(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const fs::path db = work / ("crash" + std::to_string(round) + ".db");
    const auto delay = std::uniform_int_distribution<long>(0, span_us)(rng);
    {
      CliChild child(batch.import_args(db), {}, work / "err");
      std::this_thread::sleep_for(std::chrono::microseconds(delay));
      child.kill9();
      child.wait();
    }
    if (!fs::exists(db)) {
      ++rolled_back;
      continue;
    }
    expect_integrity_ok(db);
    {
      RawDb raw(db);
      if (raw.text("SELECT count(*) FROM sqlite_schema WHERE name = 'batches'") != "1") {
        ++rolled_back;  // killed while creating the schema
        continue;
      }
      const long long batches = raw.num("SELECT count(*) FROM batches");
      const long long students = raw.num("SELECT count(*) FROM students");
      const long long submissions = raw.num("SELECT count(*) FROM submissions");
      if (batches == 0) {
        ++rolled_back;
        EXPECT_EQ(students, 0);
        EXPECT_EQ(submissions, 0);
      } else {
        ++committed;
        EXPECT_EQ(batches, 1);
        EXPECT_EQ(students, 120);
        EXPECT_EQ(submissions, 120);
        EXPECT_EQ(raw.num("SELECT photos_imported FROM batches"), 120);
      }
    }
    // The audit is usable afterwards: importing again completes it.
    RunResult again = run_cli(batch.import_args(db));
    EXPECT_EQ(again.exit_code, 0) << again.err;
    RawDb raw(db);
    EXPECT_EQ(raw.num("SELECT count(*) FROM submissions"), 120);
  }
  std::cout << "[ crash    ] import killed " << crash_rounds() << " times: " << committed
            << " had committed, " << rolled_back << " rolled back\n";
}

TEST(ReliabilityCrash, DecisionStreamKilledKeepsEveryReportedDecision) {
  Batch batch(30);
  TempDir work;
  const fs::path db = work / "audit.db";
  ASSERT_EQ(run_cli(batch.import_args(db)).exit_code, 0);
  // 400 decisions cycling over the students and the verdicts (re-decisions confirmed).
  std::string lines;
  const char* verdicts[] = {"approve", "reject blurry", "reshoot background head_pose"};
  for (int i = 0; i < 400; ++i) lines += batch.students[i % 30] + " " + verdicts[i % 3] + "\n";
  write_file(work / "stream.txt", lines);

  auto rng = crash_rng();
  std::set<long long> reported;
  for (int round = 0; round < crash_rounds(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int after = std::uniform_int_distribution<int>(0, 40)(rng);
    const auto extra = std::uniform_int_distribution<int>(0, 3000)(rng);
    CliChild child({"decide-stream", "--db", db.string(), "--reviewer", "crash" + std::to_string(round), "--override"},
                   work / "stream.txt", work / "err");
    for (int n = 0; n < after; ++n) {
      auto line = child.read_line();
      if (!line) break;
      reported.insert(std::stoll(line->substr(10)));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(extra));
    child.kill9();
    while (auto line = child.read_line()) reported.insert(std::stoll(line->substr(10)));  // written before the kill
    EXPECT_EQ(child.wait(), 128 + SIGKILL);

    expect_integrity_ok(db);
    RawDb raw(db);
    for (long long id : reported)
      EXPECT_EQ(raw.num("SELECT count(*) FROM decisions WHERE id = " + std::to_string(id)), 1) << "lost #" << id;
  }
  RunResult v = run_cli({"verify", "--db", db.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  std::cout << "[ crash    ] decision stream killed " << crash_rounds() << " times, " << reported.size()
            << " reported decisions all present\n";
}

// ---- two workstations ---------------------------------------------------------------------

TEST(ConcurrencyTwoWorkstations, ConcurrentStreamsLoseNothing) {
  Batch batch(40);
  TempDir work;
  const fs::path db = work / "audit.db";
  ASSERT_EQ(run_cli(batch.import_args(db)).exit_code, 0);
  // Each workstation works through its own half three times over (re-decisions confirmed).
  for (int w = 0; w < 2; ++w) {
    std::string lines;
    for (int round = 0; round < 3; ++round)
      for (int i = w * 20; i < w * 20 + 20; ++i) lines += batch.students[i] + (round % 2 ? " approve\n" : " reject blurry\n");
    write_file(work / ("in" + std::to_string(w)), lines);
  }
  std::vector<std::string> reported;
  {
    CliChild a({"decide-stream", "--db", db.string(), "--reviewer", "alice", "--override"}, work / "in0", work / "err0");
    CliChild b({"decide-stream", "--db", db.string(), "--reviewer", "bob", "--override"}, work / "in1", work / "err1");
    for (CliChild* c : {&a, &b})
      while (auto line = c->read_line()) reported.push_back(*line);
    EXPECT_EQ(a.wait(), 0) << read_file(work / "err0");
    EXPECT_EQ(b.wait(), 0) << read_file(work / "err1");
  }
  EXPECT_EQ(reported.size(), 120u);
  RawDb raw(db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM decisions"), 120);
  for (const auto& line : reported) {
    std::istringstream in(line.substr(10));
    long long id;
    std::string no;
    in >> id >> no;
    EXPECT_EQ(raw.text("SELECT st.student_no FROM decisions d JOIN submissions s ON s.id = d.submission_id "
                       "JOIN students st ON st.id = s.student_id WHERE d.id = " + std::to_string(id)),
              no);
  }
  EXPECT_EQ(run_cli({"verify", "--db", db.string()}).exit_code, 0);
}

TEST(ConcurrencyTwoWorkstations, RacingOnTheSameStudentsExactlyOneWinsEach) {
  Batch batch(30);
  TempDir work;
  const fs::path db = work / "audit.db";
  ASSERT_EQ(run_cli(batch.import_args(db)).exit_code, 0);
  std::string lines;
  for (const auto& no : batch.students) lines += no + " approve\n";
  write_file(work / "in", lines);
  int wins = 0;
  {
    CliChild a({"decide-stream", "--db", db.string(), "--reviewer", "alice"}, work / "in", work / "err0");
    CliChild b({"decide-stream", "--db", db.string(), "--reviewer", "bob"}, work / "in", work / "err1");
    for (CliChild* c : {&a, &b})
      while (c->read_line()) ++wins;
    a.wait();
    b.wait();
  }
  // Never a silent last-writer-wins: one decision per student, the loser was told who won.
  EXPECT_EQ(wins, 30);
  RawDb raw(db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM decisions"), 30);
  EXPECT_EQ(raw.num("SELECT count(DISTINCT submission_id) FROM decisions"), 30);
  const std::string refusals = read_file(work / "err0") + read_file(work / "err1");
  int conflicts = 0;
  for (auto at = refusals.find("--override"); at != std::string::npos; at = refusals.find("--override", at + 1)) ++conflicts;
  EXPECT_EQ(conflicts, 30) << refusals;
}

TEST(ConcurrencyConflict, StoreRefusesADecisionOnAStaleViewUnlessConfirmed) {
  SmallAudit a;
  auto other = create_store(a.db.string());  // the second workstation
  const DecisionEvent first = decide(*a.store, {"2021001", Verdict::reject, {"blurry"}, "", "alice"});

  auto e = user_error_from([&] { decide(*other, {"2021001", Verdict::approve, {}, "", "bob"}); });
  EXPECT_TRUE(contains(e.message(), "alice")) << e.message();
  EXPECT_TRUE(contains(e.message(), "reject")) << e.message();
  try {
    decide(*other, {"2021001", Verdict::approve, {}, "", "bob"});
    ADD_FAILURE() << "expected DecisionConflict";
  } catch (const DecisionConflict& c) {
    ASSERT_TRUE(c.current().has_value());
    EXPECT_EQ(c.current()->id, first.id);
  }
  EXPECT_EQ(a.store->history("2021001").size(), 1u);

  // Deciding having seen alice's decision, or confirming the override, is allowed.
  const DecisionEvent seen = decide(*other, {"2021001", Verdict::approve, {}, "", "bob"}, {first.id, false});
  EXPECT_EQ(a.store->student("2021001")->decision->id, seen.id);
  decide(*a.store, {"2021001", Verdict::reshoot, {"blurry"}, "", "alice"}, {std::nullopt, true});
  // Undone meanwhile: the decision bob saw is no longer in force.
  const DecisionEvent current = *a.store->student("2021001")->decision;
  a.store->undo_last("alice");
  EXPECT_THROW(decide(*other, {"2021001", Verdict::approve, {}, "", "bob"}, {current.id, false}), DecisionConflict);
}

TEST(ConcurrencyConflict, CommandLineNeedsOverrideToReplaceAnotherReviewersDecision) {
  SmallAudit a;
  a.store.reset();
  auto decide_cli = [&](const std::string& reviewer, const std::string& verdict, bool override_) {
    std::vector<std::string> args = {"decide", "--db", a.db.string(), "--student", "2021002", "--verdict", verdict,
                                     "--reviewer", reviewer};
    if (verdict != "approve") args.insert(args.end(), {"--reason", "blurry"});
    if (override_) args.push_back("--override");
    return run_cli(args);
  };
  ASSERT_EQ(decide_cli("alice", "reject", false).exit_code, 0);
  RunResult refused = decide_cli("bob", "approve", false);
  EXPECT_EQ(refused.exit_code, 5);
  EXPECT_TRUE(contains(refused.err, "alice") && contains(refused.err, "reject") && contains(refused.err, "--override"))
      << refused.err;
  EXPECT_EQ(RawDb(a.db).num("SELECT count(*) FROM decisions"), 1);
  RunResult confirmed = decide_cli("bob", "approve", true);
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.err;
  EXPECT_EQ(RawDb(a.db).num("SELECT count(*) FROM decisions"), 2);
}

TEST(ConcurrencyLocked, ALockedDatabaseIsRetriedWithAMessageNotAFailure) {
  SmallAudit a;
  a.store.reset();
  TempDir work;
  RawDb holder(a.db);
  holder.exec("BEGIN IMMEDIATE");  // another workstation in the middle of a write
  CliChild child({"decide", "--db", a.db.string(), "--student", "2021003", "--verdict", "approve", "--reviewer", "alice"},
                 {}, work / "err");
  EXPECT_TRUE(wait_for_text(work / "err", "retrying")) << read_file(work / "err");
  holder.exec("COMMIT");
  EXPECT_EQ(child.wait(), 0) << read_file(work / "err");
  EXPECT_EQ(holder.num("SELECT count(*) FROM decisions"), 1);
}

// ---- read-only database, disk refusing writes -------------------------------------------------

// Makes `db` impossible to write for the child: as root (who ignores permissions) the child runs
// as `nobody` after the file is made world-readable; otherwise the permissions alone suffice.
std::function<void()> read_only_for_child(const fs::path& db) {
  ::chmod(db.c_str(), 0444);
  ::chmod(db.parent_path().c_str(), 0555);
  if (::geteuid() != 0) return {};
  return [] {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(126);
  };
}

TEST(ReliabilityFaults, ReadOnlyDatabaseGivesAClearErrorAndLosesNothing) {
  SmallAudit a;
  a.store.reset();
  TempDir work;
  auto hook = read_only_for_child(a.db);
  int code;
  {
    CliChild child({"decide", "--db", a.db.string(), "--student", "2021001", "--verdict", "approve", "--reviewer", "alice"},
                   {}, work / "err", hook);
    while (child.read_line()) {
    }
    code = child.wait();
  }
  ::chmod(a.db.parent_path().c_str(), 0755);
  ::chmod(a.db.c_str(), 0600);
  const std::string err = read_file(work / "err");
  EXPECT_EQ(code, 1) << err;
  EXPECT_TRUE(contains(err, "read-only") || contains(err, "cannot open")) << err;
  EXPECT_FALSE(contains(err, "internal error")) << err;
  expect_integrity_ok(a.db);
  EXPECT_EQ(RawDb(a.db).num("SELECT count(*) FROM decisions"), 0);
}

// The kernel refuses every write past `bytes` (RLIMIT_FSIZE, EFBIG): what a full disk or an
// exhausted quota does to SQLite's writes. SQLite reports it as SQLITE_IOERR_WRITE (a real full
// disk gives SQLITE_FULL); both have a clear message (store/sqlite.cpp).
void refuse_writes_past(rlim_t bytes) {
  ::signal(SIGXFSZ, SIG_IGN);
  rlimit r{bytes, bytes};
  ::setrlimit(RLIMIT_FSIZE, &r);
}

TEST(ReliabilityFaults, DiskRefusingWritesGivesAClearErrorAndLosesNothing) {
  SmallAudit a;
  a.store.reset();
  TempDir work;
  RunResult before = run_cli({"stats", "--db", a.db.string(), "--json"});
  int code;
  std::string err;  // stdout and stderr: the limit applies to every regular file, a log file too
  {
    CliChild child({"decide", "--db", a.db.string(), "--student", "2021001", "--verdict", "approve", "--reviewer", "alice"},
                   {}, work / "err", [] {
                     ::dup2(1, 2);  // stderr into the stdout pipe: a file could not take the message
                     refuse_writes_past(0);
                   });
    while (auto line = child.read_line()) err += *line + "\n";
    code = child.wait();
  }
  EXPECT_EQ(code, 1) << err;
  EXPECT_TRUE(contains(err, "disk")) << err;
  expect_integrity_ok(a.db);
  EXPECT_EQ(RawDb(a.db).num("SELECT count(*) FROM decisions"), 0);
  EXPECT_EQ(run_cli({"stats", "--db", a.db.string(), "--json"}).out, before.out);
  // Space again: the same command succeeds.
  EXPECT_EQ(run_cli({"decide", "--db", a.db.string(), "--student", "2021001", "--verdict", "approve", "--reviewer",
                     "alice"}).exit_code, 0);
}

// The GUI's session keeps a decision the store could not save, keeps the next one behind it (in
// order), and saves both on retry (review/session.h).
TEST(ReliabilityFaults, SessionKeepsAnUnsavedDecisionAndSavesItOnRetry) {
  SmallAudit a;
  ReviewSession s(*a.store, "alice");
  ASSERT_TRUE(s.go_to_student("2021002"));
  rlimit saved{};
  ::getrlimit(RLIMIT_FSIZE, &saved);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  // The soft limit only: lowering the hard limit too could not be undone without
  // CAP_SYS_RESOURCE (containers), and this is the test process itself.
  rlimit refuse{0, saved.rlim_max};
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &refuse), 0);
  EXPECT_THROW(s.decide(Verdict::reject, {"blurry"}, "note"), UserError);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved), 0);
  ::signal(SIGXFSZ, old_handler);

  ASSERT_EQ(s.unsaved().size(), 1u);
  EXPECT_EQ(s.unsaved().front().decision.student_no, "2021002");
  EXPECT_TRUE(contains(s.unsaved().front().error, "disk")) << s.unsaved().front().error;
  EXPECT_EQ(a.store->history("2021002").size(), 0u);
  ASSERT_TRUE(s.go_to_student("2021003"));
  // The next decision waits behind the unsaved one (never overtakes it): kept, and said so.
  EXPECT_THROW(s.decide(Verdict::approve, {}, {}), UserError);
  ASSERT_EQ(s.unsaved().size(), 2u);
  EXPECT_EQ(s.unsaved().back().decision.student_no, "2021003");
  EXPECT_EQ(a.store->history("2021003").size(), 0u);

  EXPECT_EQ(s.retry_unsaved(), 2);
  EXPECT_TRUE(s.unsaved().empty());
  ASSERT_EQ(a.store->history("2021002").size(), 1u);
  EXPECT_EQ(a.store->history("2021002")[0].kind, "reject");
  ASSERT_EQ(a.store->history("2021003").size(), 1u);
  EXPECT_LT(a.store->history("2021002")[0].id, a.store->history("2021003")[0].id);  // in the order decided
}

TEST(ConcurrencyConflict, SessionShowsTheOtherDecisionAndOverridesOnlyWhenConfirmed) {
  SmallAudit a;
  ReviewSession s(*a.store, "alice");
  ASSERT_TRUE(s.go_to_student("2021001"));
  auto other = create_store(a.db.string());
  decide(*other, {"2021001", Verdict::reject, {"blurry"}, "", "bob"});
  EXPECT_THROW(s.decide(Verdict::approve, {}, {}), DecisionConflict);
  EXPECT_TRUE(s.unsaved().empty());
  ASSERT_TRUE(s.current()->state.decision.has_value());
  EXPECT_EQ(s.current()->state.decision->reviewer, "bob");  // the row shows what is in force now
  ASSERT_TRUE(s.go_to_student("2021001"));
  const DecisionEvent e = s.decide(Verdict::approve, {}, {}, std::nullopt, true);
  EXPECT_EQ(a.store->student("2021001")->decision->id, e.id);
}

}  // namespace
}  // namespace pa::test
