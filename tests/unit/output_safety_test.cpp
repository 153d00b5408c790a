// "Never destroy or overwrite an audit" for every file photoaudit writes (core/output_file.h):
// the output guard (the audit itself through any path, its journals, another audit, a folder),
// atomic writes on a disk that refuses them, 0600 outputs, Excel's cell limit; and data printed
// on a terminal only through pa::terminal_safe.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <set>

#include "audit_test_util.h"
#include "child_process.h"
#include "core/output_file.h"
#include "core/text.h"
#include "review/decisions.h"
#include "review/export_files.h"
#include "review/session.h"
#include "review/xlsx_export.h"
#include "ui/view_state.h"

namespace pa::test {
namespace {

// The test process's working folder for a while (run_cli's children inherit it).
class InFolder {
 public:
  explicit InFolder(const fs::path& dir) : old_(fs::current_path()) { fs::current_path(dir); }
  ~InFolder() { fs::current_path(old_); }

 private:
  fs::path old_;
};

// An environment variable set (or unset, with nullopt) for a while.
// The umask for a while: 022, so that a file created without an explicit mode would be 0644.
class Umask {
 public:
  explicit Umask(mode_t m) : old_(::umask(m)) {}
  ~Umask() { ::umask(old_); }

 private:
  mode_t old_;
};

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// The same, without the journals SQLite itself creates and removes as connections come and go.
std::set<std::string> names_but_journals_in(const fs::path& dir) {
  auto out = names_in(dir);
  for (const char* j : {"audit.db-wal", "audit.db-shm"}) out.erase(j);
  return out;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

std::optional<std::string> read_if_exists(const fs::path& p) {
  if (!fs::exists(p)) return std::nullopt;
  return read_file(p);
}

// ---- the output guard ----------------------------------------------------------------------

struct Refusal {
  std::string out;     // --out as typed (relative to the audit's folder)
  std::string phrase;  // what the message must say
};

void expect_refused_and_audit_intact(SmallAudit& a, const std::vector<Refusal>& cases,
                                     const std::vector<std::string>& command) {
  InFolder here(a.dir.path());
  const std::string db_before = read_file(a.db);
  const auto wal_before = read_if_exists(a.db.string() + "-wal");
  const auto listing = names_but_journals_in(a.dir.path());
  for (const auto& c : cases) {
    std::vector<std::string> args = command;
    args.insert(args.end(), {"--out", c.out});
    const RunResult r = run_cli(args);
    const std::string what = command[0] + " --out " + c.out;
    EXPECT_NE(r.exit_code, 0) << what << ": " << r.out;
    EXPECT_TRUE(contains(r.err, c.out + ": ")) << what << " names the path: " << r.err;
    EXPECT_TRUE(contains(r.err, c.phrase)) << what << ": " << r.err;
    EXPECT_FALSE(contains(r.err, "internal error")) << what << ": " << r.err;
    EXPECT_EQ(read_file(a.db), db_before) << what << ": the audit changed";
    if (const auto wal = read_if_exists(a.db.string() + "-wal"); wal && wal_before)
      EXPECT_EQ(*wal, *wal_before) << what << ": the audit's -wal changed";
    EXPECT_EQ(names_but_journals_in(a.dir.path()), listing) << what << ": a file was created or removed";
  }
  const RunResult v = run_cli({"verify", "--db", a.db.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

// The audit held open by another process (a workstation), until destroyed.
class OpenElsewhere {
 public:
  explicit OpenElsewhere(const fs::path& db) {
    int ready[2], done[2];
    if (::pipe(ready) != 0 || ::pipe(done) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ready[0]);
      ::close(done[1]);
      {
        RawDb raw(db);
        raw.num("SELECT count(*) FROM decisions");
        (void)!::write(ready[1], "r", 1);
        char c;
        while (::read(done[0], &c, 1) > 0) {
        }
      }
      _exit(0);
    }
    ::close(ready[1]);
    ::close(done[0]);
    done_ = done[1];
    char c = 0;
    if (::read(ready[0], &c, 1) != 1) ADD_FAILURE() << "the workstation did not open the audit";
    ::close(ready[0]);
  }
  ~OpenElsewhere() {
    ::close(done_);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }

 private:
  pid_t pid_ = -1;
  int done_ = -1;
};

// The audit closed (its -wal and -shm do not exist: compared by canonical path) and open in
// another workstation (they exist: compared by device and inode too).
TEST(OutputGuard, ExportRefusesEveryPathToTheAuditAndTheAuditStaysIntact) {
  SmallAudit a;
  pa::decide(*a.store, {"2021001", Verdict::approve, {}, "", "alice"});
  a.store.reset();
  ASSERT_FALSE(fs::exists(a.db.string() + "-wal"));
  fs::create_directories(a.dir / "sub");
  fs::create_symlink("audit.db", a.dir / "link.csv");
  fs::create_symlink(a.dir.path(), a.dir / "folder_link");
  fs::create_hard_link(a.db, a.dir / "hard.csv");
  fs::create_symlink("audit.db-wal", a.dir / "wal_link.csv");  // dangling until the audit is opened
  { auto other = create_store((a.dir / "other.db").string()); }
  const std::string itself = "audit database itself";
  const std::vector<Refusal> cases = {
      {"audit.db", itself},
      {a.db.string(), itself},
      {"./audit.db", itself},
      {"sub/../audit.db", itself},
      {"link.csv", itself},
      {"folder_link/audit.db", itself},
      {"hard.csv", itself},
      {"audit.db-wal", "-wal file"},
      {"audit.db-shm", "-shm file"},
      {"./sub/../audit.db-wal", "-wal file"},
      {"wal_link.csv", "-wal file"},
      {"other.db", "SQLite database"},
      {"other.db-wal", "of an SQLite database"},
      {"other.db-shm", "of an SQLite database"},
      {"sub", "folder"},
      {"sub/", "folder"},
      {".", "folder"},
  };
  const std::vector<std::string> csv = {"export", "--db", "audit.db", "--what", "decisions", "--format", "csv"};
  expect_refused_and_audit_intact(a, cases, csv);
  expect_refused_and_audit_intact(a, cases, {"export", "--db", "audit.db", "--what", "decisions", "--format", "xlsx"});
  expect_refused_and_audit_intact(a, cases, {"notify", "--db", a.db.string(), "--format", "csv"});
  expect_refused_and_audit_intact(a, cases, {"notify", "--db", a.db.string(), "--format", "text"});

  // Open in another workstation (another process: closing any descriptor of the file in this
  // one, as reading it does, would drop this process's SQLite locks): the journals exist, a hard
  // link to the -wal is the -wal.
  OpenElsewhere workstation(a.db);
  ASSERT_TRUE(fs::exists(a.db.string() + "-wal") && fs::exists(a.db.string() + "-shm"));
  fs::create_hard_link(a.db.string() + "-wal", a.dir / "wal_hard.csv");
  fs::create_hard_link(a.db.string() + "-shm", a.dir / "shm_hard.csv");
  expect_refused_and_audit_intact(a,
                                  {{"audit.db-wal", "-wal file"},
                                   {"audit.db-shm", "-shm file"},
                                   {"wal_link.csv", "-wal file"},
                                   {"wal_hard.csv", "-wal file"},
                                   {"shm_hard.csv", "-shm file"},
                                   {"hard.csv", itself}},
                                  csv);
  EXPECT_TRUE(fs::exists(a.db.string() + "-wal"));  // so the -wal was compared byte for byte
}

TEST(OutputGuard, TheCoreRefusesDevicesAndWritesThroughASymlinkToAnOrdinaryFile) {
  TempDir dir;
  auto e = user_error_from([] { check_output_path("/dev/null"); });
  EXPECT_TRUE(contains(e.what(), "not a regular file")) << e.what();
  EXPECT_TRUE(contains(e.what(), "/dev/null")) << e.what();
  e = user_error_from([&] { write_file_atomically((dir / "no_such_folder" / "x.csv").string(), "x"); });
  EXPECT_TRUE(contains(e.what(), "no such folder")) << e.what();
  e = user_error_from([] { check_output_path(""); });
  EXPECT_TRUE(contains(e.what(), "output file is required")) << e.what();

  // A symlink to an ordinary file: the file it names gets the new content, the link stays.
  write_file(dir / "real.csv", "old");
  fs::create_symlink("real.csv", dir / "alias.csv");
  EXPECT_EQ(check_output_path((dir / "alias.csv").string()), (fs::canonical(dir.path()) / "real.csv").string());
  write_file_atomically((dir / "alias.csv").string(), "new");
  EXPECT_TRUE(fs::is_symlink(dir / "alias.csv"));
  EXPECT_EQ(read_file(dir / "real.csv"), "new");
  EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"alias.csv", "real.csv"}));  // no temporary file left
}

// ---- a disk that refuses writes --------------------------------------------------------------

// As tests/unit/reliability_test.cpp: the kernel refuses every write past `bytes` (EFBIG).
void refuse_writes_past(rlim_t bytes) {
  ::signal(SIGXFSZ, SIG_IGN);
  rlimit r{bytes, bytes};
  ::setrlimit(RLIMIT_FSIZE, &r);
}

// Runs the CLI with every file write refused; stderr goes into the stdout pipe (a file could not
// take the message). Returns the exit code and the output.
std::pair<int, std::string> run_on_full_disk(const std::vector<std::string>& args, const fs::path& scratch) {
  std::string out;
  CliChild child(args, {}, scratch / "unused-stderr", [] {
    ::dup2(1, 2);
    refuse_writes_past(0);
  });
  while (auto line = child.read_line()) out += *line + "\n";
  return {child.wait(), out};
}

TEST(OutputFullDisk, ExportsAndNotifyFailClearlyLeaveNoFileAndKeepAnExistingOne) {
  SmallAudit a;  // the store stays open, as in a workstation: SQLite needs no write to read the audit
  pa::decide(*a.store, {"2021001", Verdict::approve, {}, "", "alice"});
  pa::decide(*a.store, {"2021003", Verdict::reshoot, {"blurry"}, "", "alice"});
  TempDir out, scratch;
  const std::string db = a.db.string();
  struct Case {
    std::vector<std::string> args;
    std::string file;
  };
  const std::vector<Case> cases = {
      {{"export", "--db", db, "--what", "decisions", "--format", "csv"}, "d.csv"},
      {{"export", "--db", db, "--what", "decisions", "--format", "csv", "--reveal-ids"}, "r.csv"},
      {{"export", "--db", db, "--what", "decisions", "--format", "xlsx", "--by-college"}, "d.xlsx"},
      {{"notify", "--db", db, "--format", "csv"}, "n.csv"},
      {{"notify", "--db", db, "--format", "xlsx"}, "n.xlsx"},
      {{"notify", "--db", db, "--format", "text"}, "n.txt"},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.end(), {"--out", (out / c.file).string()});
    const std::string what = c.args[0] + " " + c.file;
    // No file yet: none is left.
    auto [code, msg] = run_on_full_disk(args, scratch.path());
    EXPECT_NE(code, 0) << what << ": " << msg;
    EXPECT_TRUE(contains(msg, "disk full")) << what << ": " << msg;
    // With --reveal-ids the reveal is recorded in the audit first: refused already there, naming it.
    EXPECT_TRUE(contains(msg, c.file) || (c.file == "r.csv" && contains(msg, db))) << what << ": " << msg;
    EXPECT_TRUE(names_in(out.path()).empty()) << what << ": left " << *names_in(out.path()).begin();
    // An existing file keeps its old content.
    write_file(out / c.file, "the previous export");
    std::tie(code, msg) = run_on_full_disk(args, scratch.path());
    EXPECT_NE(code, 0) << what << ": " << msg;
    EXPECT_EQ(read_file(out / c.file), "the previous export") << what;
    EXPECT_EQ(names_in(out.path()), std::set<std::string>{c.file}) << what << ": a temporary file was left";
    // Space again: the same command replaces it.
    const RunResult ok = run_cli(args);
    EXPECT_EQ(ok.exit_code, 0) << what << ": " << ok.err;
    EXPECT_NE(read_file(out / c.file), "the previous export") << what;
    fs::remove(out / c.file);
  }
}

// ---- 0600 ------------------------------------------------------------------------------------

TEST(OutputPermissions, ExportsNotifyViewStateAndLastAuditAreReadableByTheOwnerOnly) {
  Umask umask(022);  // a file created with the default mode would be 0644
  SmallAudit a;
  pa::decide(*a.store, {"2021003", Verdict::reshoot, {"blurry"}, "", "alice"});
  a.store.reset();
  TempDir out;
  const std::string db = a.db.string();
  write_file(out / "old.csv", "an older export, world-readable");
  ::chmod((out / "old.csv").c_str(), 0644);
  const std::vector<std::pair<std::vector<std::string>, std::string>> commands = {
      {{"export", "--db", db, "--what", "decisions", "--format", "csv"}, "d.csv"},
      {{"export", "--db", db, "--what", "decisions", "--format", "csv", "--reveal-ids"}, "revealed.csv"},
      {{"export", "--db", db, "--what", "decisions", "--format", "xlsx", "--reveal-ids"}, "revealed.xlsx"},
      {{"export", "--db", db, "--what", "reshoot", "--format", "csv", "--reveal-ids"}, "old.csv"},
      {{"notify", "--db", db, "--format", "csv"}, "n.csv"},
      {{"notify", "--db", db, "--format", "xlsx"}, "n.xlsx"},
      {{"notify", "--db", db, "--format", "text"}, "n.txt"},
  };
  for (const auto& [args, file] : commands) {
    auto full = args;
    full.insert(full.end(), {"--out", (out / file).string()});
    const RunResult r = run_cli(full);
    ASSERT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_EQ(mode_of(out / file), 0600u) << file;
  }

  // The GUI's view state.
  const fs::path view = ui::view_state_path(db, out / "data");
  ui::save_view_state(view, ui::ViewState{});
  EXPECT_EQ(mode_of(view), 0600u);
  ui::ViewState changed;
  changed.current = "2021003";
  ui::save_view_state(view, changed);
  EXPECT_EQ(ui::load_view_state(view), changed);
  EXPECT_EQ(mode_of(view), 0600u);
  EXPECT_EQ(names_in(view.parent_path()).size(), 1u);  // no temporary file left

  // last_audit, written when the workstation opens (here it then fails: no display).
  ScopedEnv data("XDG_DATA_HOME", (out / "xdg").string());
  ScopedEnv x11("DISPLAY", std::nullopt), wayland("WAYLAND_DISPLAY", std::nullopt);
  run_cli({"review", "--db", db});
  const fs::path last = out / "xdg" / "photoaudit" / "last_audit";
  ASSERT_TRUE(fs::exists(last));
  EXPECT_EQ(read_file(last), fs::absolute(db).string());
  EXPECT_EQ(mode_of(last), 0600u);
}

// ---- Excel's cell limit -------------------------------------------------------------------------

// The shared strings of a workbook, decoded (&amp; &lt; &gt; &quot;), in order.
std::vector<std::string> shared_strings(const fs::path& xlsx) {
  const std::string xml = zip_entry(xlsx, "xl/sharedStrings.xml");
  std::vector<std::string> out;
  for (std::size_t p = 0; (p = xml.find("<t", p)) != std::string::npos;) {
    if (xml[p + 2] != '>' && xml[p + 2] != ' ') {  // <tx...>, not a text element
      p += 2;
      continue;
    }
    const std::size_t open = xml.find('>', p), close = xml.find("</t>", p);
    if (open == std::string::npos || close == std::string::npos) break;
    std::string s = xml.substr(open + 1, close - open - 1);
    p = close + 4;
    for (const auto& [ent, ch] : std::vector<std::pair<std::string, std::string>>{
             {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}})
      for (std::size_t p; (p = s.find(ent)) != std::string::npos;) s.replace(p, ent.size(), ch);
    out.push_back(s);
  }
  return out;
}

std::size_t utf16_units(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  return n;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

const std::string kMarker = "…[已截断 truncated]";

TEST(XlsxLimits, ACellOverExcelsLimitIsCutWithAVisibleMarkerNeverDropped) {
  SmallAudit a;
  std::string long_note;
  for (int i = 0; i < 40000; ++i) long_note += "审";
  pa::decide(*a.store, {"2021002", Verdict::reject, {"other"}, long_note, "alice"});
  const auto out = a.dir / "long.xlsx";
  ASSERT_EQ(pa::write_export(*a.store, {"decisions", "xlsx", out.string(), false, false, a.db.string()}).rows, 1u);
  bool found = false;
  for (const auto& s : shared_strings(out)) {
    if (s.rfind("审审审", 0) != 0) continue;
    found = true;
    EXPECT_TRUE(ends_with(s, kMarker)) << s.substr(s.size() - 60);
    EXPECT_EQ(utf16_units(s), 32767u);  // filled up to the limit, marker included
  }
  EXPECT_TRUE(found) << "the long note is in the workbook";

  // Characters outside the BMP count two in Excel; text at the limit is kept whole.
  std::string wide, exact(32767, 'a');
  for (int i = 0; i < 20000; ++i) wide += "𠈌";
  const auto out2 = a.dir / "wide.xlsx";
  pa::ExportTable table;
  table.headers = {"宽", "满"};
  table.rows = {{wide, exact}};
  pa::write_xlsx(out2.string(), {pa::Sheet{"s", table}});
  const auto strings = shared_strings(out2);
  ASSERT_EQ(strings.size(), 4u);
  EXPECT_TRUE(strings[2].rfind("𠈌𠈌", 0) == 0 && ends_with(strings[2], kMarker));
  EXPECT_LE(utf16_units(strings[2]), 32767u);
  EXPECT_GE(utf16_units(strings[2]), 32766u);
  EXPECT_EQ(strings[3], exact);
  EXPECT_EQ(pa::fit_excel_cell(exact), exact);
}

TEST(XlsxLimits, ACellLibxlsxwriterRefusesFailsTheExportAndLeavesNoFile) {
  TempDir dir;
  pa::ExportTable too_wide;
  too_wide.headers.assign(16385, "列");  // Excel has 16,384 columns
  const auto out = dir / "wide.xlsx";
  auto e = user_error_from([&] { pa::write_xlsx(out.string(), {{"s", too_wide}}); });
  EXPECT_TRUE(contains(e.what(), "wide.xlsx")) << e.what();
  EXPECT_TRUE(contains(e.what(), "16385")) << e.what();  // names the column
  EXPECT_TRUE(names_in(dir.path()).empty());
  write_file(out, "previous");
  user_error_from([&] { pa::write_xlsx(out.string(), {{"s", too_wide}}); });
  EXPECT_EQ(read_file(out), "previous");
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"wide.xlsx"});
}

// ---- terminal-safe printing -------------------------------------------------------------------

TEST(TerminalSafe, DataFromTheRosterNotesAndNamesNeverReachesTheTerminalRaw) {
  const std::string title = "\x1b]0;pwned\x07", clear = "\x1b[2J";
  TempDir dir;
  const fs::path db = dir / "audit.db", roster = dir / "roster.csv", photos = dir / "photos";
  // Names, colleges and classes with an OSC title, a screen clear, a CR and (quoted) a newline.
  const std::string college = "水利" + clear + "学院";
  std::string csv = "学号,姓名,身份证号,性别,学院,专业,班级,校区\r\n";
  csv += "2021001,\"王" + title + "五\"," + id_with_check("32010219900101123") + ",男," + college + ",水利,\"水电\r2101\",南京\r\n";
  csv += "2021002,\"李行一\n行二四\"," + id_with_check("32010219900202234") + ",男," + college + ",水利,\"班\n级\",南京\r\n";
  csv += "2021003,张" + clear + "三," + id_with_check("32010219900303345") + ",女,\"计算机" + title + "\n学院\",软件,软件2101,南京\r\n";
  write_file(roster, csv);
  for (int i = 1; i <= 3; ++i) write_file(photos / ("202100" + std::to_string(i) + ".jpg"), portrait_jpeg(i));
  const std::string reviewer = "审核" + title + "人\r\n第二行", note = "备注" + clear + "\r行一\n行二", checker = "抽查" + title + "\n人";
  const std::string d = db.string();

  const std::vector<std::vector<std::string>> commands = {
      {"import", "--db", d, "--photos", photos.string(), "--roster", roster.string()},
      {"decide", "--db", d, "--student", "2021001", "--verdict", "reject", "--reason", "other", "--note", note, "--reviewer", reviewer},
      {"decide", "--db", d, "--student", "2021002", "--verdict", "reshoot", "--reason", "blurry", "--note", note, "--reviewer", reviewer},
      {"decide", "--db", d, "--student", "2021003", "--verdict", "approve", "--reviewer", reviewer},
      {"decide", "--db", d, "--student", "2021003", "--verdict", "approve", "--reviewer", "other"},  // conflict quoting the reviewer
      {"decide", "--db", d, "--student", "20" + title + "99", "--verdict", "approve", "--reviewer", reviewer},  // no such student
      {"stats", "--db", d},
      {"stats", "--db", d, "--college", "没有" + clear},  // refused, naming the colleges
      {"spotcheck", "sample", "--db", d, "--seed", "s" + title, "--count", "3"},
      {"spotcheck", "record", "--db", d, "--student", "2021001", "--disagree", "--reason", "blurry", "--note", note, "--checker", checker},
      {"spotcheck", "record", "--db", d, "--student", "2021002", "--agree", "--checker", checker},
      {"spotcheck", "list", "--db", d},
      {"example", "mark", "--db", d, "--student", "2021002", "--reason", "blurry", "--reviewer", reviewer},
      {"example", "list", "--db", d},
      {"undo", "--db", d, "--reviewer", reviewer},
      {"undo", "--db", d, "--reviewer", "nobody" + title},  // nothing to undo
      {"verify", "--db", d},
  };
  std::string all;
  for (const auto& args : commands) {
    const RunResult r = run_cli(args);
    const std::string what = args[0] + (args[0] == "spotcheck" || args[0] == "example" ? " " + args[1] : "");
    for (const std::string& text : {r.out, r.err}) {
      for (char bad : {'\x1b', '\x07', '\r'})
        EXPECT_EQ(text.find(bad), std::string::npos)
            << what << " printed a raw 0x" << std::hex << int(bad) << ":\n" << terminal_safe(text);
      for (const char* broken : {"行一\n", "\n第二行", "\n人", "\n学院", "班\n", "\n行二四"})
        EXPECT_FALSE(contains(text, broken)) << what << " split data over lines:\n" << terminal_safe(text);
    }
    all += r.out + r.err;
  }
  // The data was printed, escaped.
  EXPECT_TRUE(contains(all, terminal_safe(reviewer))) << all;
  EXPECT_TRUE(contains(all, terminal_safe(college))) << all;
  EXPECT_TRUE(contains(all, terminal_safe(note))) << all;
  EXPECT_TRUE(contains(all, terminal_safe(checker))) << all;
  EXPECT_TRUE(contains(all, terminal_safe("王" + title + "五"))) << all;
}

}  // namespace
}  // namespace pa::test
