// Nothing personal in the logs: a whole command-line workflow runs with its output captured, and
// no ID number or name of the roster may appear in it, nor in any file photoaudit leaves in its
// data directory. Exports mask ID numbers unless --reveal-ids, which is itself logged (without
// the numbers). The audit file is readable by its owner only.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "audit_test_util.h"

namespace pa::test {
namespace {

// Points XDG_DATA_HOME (where photoaudit keeps its own files) at a folder for the test's life.
class DataHome {
 public:
  explicit DataHome(const fs::path& dir) {
    if (const char* old = std::getenv("XDG_DATA_HOME")) old_ = old;
    ::setenv("XDG_DATA_HOME", dir.c_str(), 1);
  }
  ~DataHome() {
    if (old_) ::setenv("XDG_DATA_HOME", old_->c_str(), 1);
    else ::unsetenv("XDG_DATA_HOME");
  }

 private:
  std::optional<std::string> old_;
};

TEST(PrivacyLogs, AFullWorkflowNeverPrintsAnIdNumberOrAName) {
  SmallAudit a;  // the roster: names with rare characters, valid ID numbers
  a.store.reset();
  TempDir work;
  DataHome home(work / "data");
  const std::string db = (work / "audit.db").string();
  const std::string roster = a.roster.string(), photos = a.photos.string();

  std::vector<std::vector<std::string>> workflow = {
      {"import", "--db", db, "--photos", photos, "--roster", roster},
      {"import", "--db", db, "--photos", photos, "--roster", roster, "--json"},
      {"analyze", "--db", db, "--jobs", "1"},
      {"decide", "--db", db, "--student", "2021001", "--verdict", "approve", "--reviewer", "alice"},
      {"decide", "--db", db, "--student", "2021002", "--verdict", "reject", "--reason", "blurry", "--reviewer", "alice", "--json"},
      {"decide", "--db", db, "--student", "2021002", "--verdict", "approve", "--reviewer", "bob"},  // refused: conflict
      {"decide", "--db", db, "--student", "2021003", "--verdict", "reshoot", "--reason", "background", "--reviewer", "bob"},
      {"undo", "--db", db, "--reviewer", "bob"},             // bob's only decision (2021003)
      {"undo", "--db", db, "--reviewer", "alice", "--json"},  // alice's newest (2021002)
      {"stats", "--db", db},
      {"stats", "--db", db, "--json"},
      {"export", "--db", db, "--what", "decisions", "--format", "csv", "--out", (work / "d.csv").string()},
      {"export", "--db", db, "--what", "missing", "--format", "csv", "--out", (work / "m.csv").string()},
      {"export", "--db", db, "--what", "decisions", "--format", "csv", "--out", (work / "revealed.csv").string(), "--reveal-ids"},
      {"verify", "--db", db},
      {"verify", "--db", db, "--json"},
  };
  std::string logs;
  for (const auto& args : workflow) {
    RunResult r = run_cli(args);
    logs += r.out + r.err;
    EXPECT_TRUE(r.exit_code == 0 || args[0] == "decide") << args[0] << ": " << r.err;
  }
  // The command line keeps nothing there today (only the GUI does: last_audit, view state), so
  // the folder may not exist; whatever a future command leaves in it is scanned too.
  if (fs::exists(work / "data"))
    for (const auto& p : fs::recursive_directory_iterator(work / "data"))
      if (p.is_regular_file()) logs += read_file(p.path());

  ASSERT_TRUE(contains(logs, "2021001")) << "the workflow ran";
  for (const auto& row : a.rows) {
    EXPECT_FALSE(contains(logs, row.id_number)) << "ID number of " << row.student_no << " in the logs";
    EXPECT_FALSE(contains(logs, row.name)) << "name of " << row.student_no << " in the logs";
  }
  EXPECT_TRUE(contains(logs, "reveal-ids")) << "using --reveal-ids is logged";

  // The masked exports hold no full ID number; the revealed one does, by request.
  for (const char* f : {"d.csv", "m.csv"})
    for (const auto& row : a.rows) EXPECT_FALSE(contains(read_file(work / f), row.id_number)) << f;
  EXPECT_TRUE(contains(read_file(work / "revealed.csv"), a.rows[0].id_number));
}

TEST(PrivacyFiles, TheAuditFileAndItsJournalAreReadableByTheOwnerOnly) {
  TempDir dir;
  const fs::path db = dir / "new.db";
  auto store = create_store(db.string());  // WAL: the -wal and -shm files exist while open
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat((db.string() + suffix).c_str(), &st), 0) << suffix;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
  }
}

}  // namespace
}  // namespace pa::test
