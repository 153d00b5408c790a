// Hostile and odd input at the import, and what the import report shows of it:
//   - bytes after the JPEG EOI / PNG IEND marker (zero padding, a torn rewrite) make a bad photo;
//   - inputs that are not regular files (/dev/zero, a FIFO) or are too large are refused unread;
//   - 学号 and 身份证号 typed with full-width digits, NBSP, zero-width spaces are the same number;
//   - symlink loops and unreadable sub-folders are reported per file, never dropped or fatal;
//   - Windows zips with backslash names are matched by their last component;
//   - file names that are 身份证号 are masked, and control characters never reach the terminal.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "audit_test_util.h"
#include "child_process.h"
#include "core/file_read.h"
#include "core/idcard.h"
#include "core/image_check.h"
#include "core/limits.h"
#include "ingest/photos.h"
#include "ingest/roster.h"
#include "quality/engine.h"
#include "review/decisions.h"

namespace pa::test {
namespace {

using nlohmann::json;

// ---- helpers ---------------------------------------------------------------------------------

// A new, shorter photo written over an older, longer one without truncating the file: the whole
// new JPEG, then the old one's tail.
struct TornFile {
  std::string bytes;
  std::size_t tail = 0;  // bytes of the old file after the new one's EOI
};
TornFile torn_jpeg() {
  const std::string older = portrait_jpeg(2, 95), newer = portrait_jpeg(3, 60);
  EXPECT_LT(newer.size(), older.size());
  return {newer + older.substr(newer.size()), older.size() - newer.size()};
}

std::string zero_padded_jpeg(std::size_t zeros) { return portrait_jpeg(4) + std::string(zeros, '\0'); }
std::string png_with_data_after_iend() { return portrait_png(5) + "trailing text after IEND"; }

// Runs photoaudit as a child that cannot hang or eat the machine if the code under test reads
// forever or blocks: the alarm ends it after `seconds` (exit 128 + SIGALRM), and outside the
// sanitizer builds (whose shadow memory needs terabytes of address space) its address space is
// capped at 1 GiB. stdout is returned in `out`, stderr in `err`.
RunResult run_guarded(const std::vector<std::string>& args, unsigned seconds = 30,
                      const std::function<void()>& also_in_child = {}) {
  TempDir tmp;
  RunResult r;
  {
    CliChild child(args, {}, tmp / "err", [&] {
#if !defined(__SANITIZE_ADDRESS__)
      rlimit as{1ull << 30, 1ull << 30};
      ::setrlimit(RLIMIT_AS, &as);
#endif
      if (also_in_child) also_in_child();
      ::alarm(seconds);  // kept across exec
    });
    while (auto line = child.read_line()) r.out += *line + "\n";
    r.exit_code = child.wait();
  }
  r.err = read_file(tmp / "err");
  return r;
}

// The import report's unreadable_files as file -> error (at(): a missing key is a failure).
std::map<std::string, std::string> unreadable_of(const json& report) {
  std::map<std::string, std::string> out;
  for (const auto& u : report.at("unreadable_files")) out[u.at("file")] = u.at("error");
  return out;
}

void make_fifo(const fs::path& p) {
  fs::create_directories(p.parent_path());
  ASSERT_EQ(::mkfifo(p.c_str(), 0644), 0) << p;
}

// Every substring of `text` that could be a whole ID number from `ids` (raw, upper or lower x).
void expect_no_full_id(const std::string& text, const std::vector<std::string>& ids, const std::string& what) {
  for (std::string id : ids) {
    EXPECT_FALSE(contains(text, id)) << what << " shows an ID number:\n" << text;
    if (id.back() == 'X') {
      id.back() = 'x';
      EXPECT_FALSE(contains(text, id)) << what << " shows an ID number:\n" << text;
    }
  }
}

// ---- 1. bytes after the end marker -----------------------------------------------------------

TEST(HostileTrailingBytes, ValidatorRefusesPaddingTornFilesAndDataAfterIend) {
  struct Case {
    const char* what;
    std::string bytes;
    std::string reason;
  };
  const TornFile torn = torn_jpeg();
  const std::vector<Case> cases = {
      {"zero padding", zero_padded_jpeg(4096), "4096 bytes follow the JPEG end marker EOI"},
      {"one zero byte", zero_padded_jpeg(1), "1 bytes follow the JPEG end marker EOI"},
      {"torn rewrite", torn.bytes, std::to_string(torn.tail) + " bytes follow the JPEG end marker EOI"},
      {"PNG data after IEND", png_with_data_after_iend(), "24 bytes follow the PNG end marker IEND"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ImageInfo info;
    std::string error;
    EXPECT_FALSE(validate_image(c.bytes, &info, &error));
    EXPECT_TRUE(contains(error, c.reason)) << error;
    EXPECT_TRUE(contains(error, "之后还有")) << "Chinese first: " << error;
    // The quality engine's `format` check uses the same validator.
    const quality::Analysis a = quality::Engine::instance().analyze_bytes(c.bytes);
    const quality::CheckResult* f = a.finding("format");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, quality::Severity::fail);
    EXPECT_TRUE(contains(f->message, "end marker")) << f->message;
  }
  // The same images without the extra bytes are fine.
  EXPECT_TRUE(validate_image(portrait_jpeg(4), nullptr, nullptr));
  EXPECT_TRUE(validate_image(portrait_png(5), nullptr, nullptr));
}

TEST(HostileTrailingBytes, ImportListsThemAsBadPhotosAndStoresNothing) {
  TempDir dir;
  const TornFile torn = torn_jpeg();
  write_file(dir / "r.csv", "学号,姓名\n2021001,甲\n2021002,乙\n2021003,丙\n2021004,丁\n");
  write_file(dir / "p" / "2021001.jpg", zero_padded_jpeg(100000));
  write_file(dir / "p" / "2021002.jpg", torn.bytes);
  write_file(dir / "p" / "2021003.png", png_with_data_after_iend());
  write_file(dir / "p" / "2021004.jpg", portrait_jpeg(6));
  auto store = create_store((dir / "a.db").string());
  const ImportReport r = run_import(*store, dir / "r.csv", dir / "p");
  EXPECT_EQ(r.photos_imported, 1);
  ASSERT_EQ(r.bad_photos.size(), 3u);
  std::map<std::string, std::string> bad;
  for (const auto& b : r.bad_photos) bad[b.student] = b.error;
  EXPECT_TRUE(contains(bad["2021001"], "100000 bytes follow the JPEG end marker")) << bad["2021001"];
  EXPECT_TRUE(contains(bad["2021002"], std::to_string(torn.tail) + " bytes follow the JPEG end marker"))
      << bad["2021002"];
  EXPECT_TRUE(contains(bad["2021003"], "24 bytes follow the PNG end marker IEND")) << bad["2021003"];
  for (const char* no : {"2021001", "2021002", "2021003"}) EXPECT_EQ(store->student(no)->status, Status::file_corrupt);
  store.reset();
  EXPECT_EQ(RawDb(dir / "a.db").num("SELECT count(*) FROM blobs"), 1);
}

TEST(HostileTrailingBytes, AZipOfZeroPaddedPhotosDoesNotBecomeAHugeAudit) {
  TempDir dir;
  write_file(dir / "r.csv", "学号,姓名\n2021001,甲\n2021002,乙\n");
  // 2 x 16 MB of zeros after each photo: the zip stays small, the photos would not.
  make_zip(dir / "p.zip", {{"2021001.jpg", zero_padded_jpeg(16u << 20)}, {"2021002.jpg", zero_padded_jpeg(16u << 20)}});
  EXPECT_LT(fs::file_size(dir / "p.zip"), 1u << 20);
  RunResult r = run_cli({"import", "--db", (dir / "a.db").string(), "--photos", (dir / "p.zip").string(), "--roster",
                         (dir / "r.csv").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["photos_imported"], 0);
  ASSERT_EQ(j["bad_photos"].size(), 2u) << r.out;
  EXPECT_TRUE(contains(j["bad_photos"][0]["error"].get<std::string>(), std::to_string(16u << 20) + " bytes follow"));
  EXPECT_LT(fs::file_size(dir / "a.db"), 2u << 20);
}

TEST(HostileTrailingBytes, CheckReportsEachWithTheByteCount) {
  TempDir dir;
  const TornFile torn = torn_jpeg();
  write_file(dir / "padded.jpg", zero_padded_jpeg(4096));
  write_file(dir / "torn.jpg", torn.bytes);
  write_file(dir / "after.png", png_with_data_after_iend());
  RunResult r = run_cli({"check", "--json", (dir / "padded.jpg").string(), (dir / "torn.jpg").string(),
                         (dir / "after.png").string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  std::vector<json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_TRUE(contains(lines[0]["error"].get<std::string>(), "4096 bytes follow the JPEG end marker")) << r.out;
  EXPECT_TRUE(contains(lines[1]["error"].get<std::string>(), std::to_string(torn.tail) + " bytes follow")) << r.out;
  EXPECT_TRUE(contains(lines[2]["error"].get<std::string>(), "bytes follow the PNG end marker IEND")) << r.out;
}

// ---- 2. not regular files, size limits -------------------------------------------------------

TEST(HostileFileLimits, ReadRegularFileRefusesFoldersDevicesAndOversizedFiles) {
  TempDir dir;
  write_file(dir / "small", "12345");
  EXPECT_EQ(read_regular_file((dir / "small").string(), 5, kRosterFileRole), "12345");
  UserError big = user_error_from([&] { read_regular_file((dir / "small").string(), 4, kRosterFileRole); });
  EXPECT_EQ(big.file(), (dir / "small").string());
  EXPECT_TRUE(contains(big.message(), "roster too large: 5 bytes, limit 4 bytes")) << big.what();
  UserError folder = user_error_from([&] { read_regular_file(dir.path().string(), 100, kRosterFileRole); });
  EXPECT_TRUE(contains(folder.message(), "无法读取花名册 (cannot read roster)")) << folder.what();
  EXPECT_TRUE(contains(folder.message(), "not a regular file but a folder")) << folder.what();
  UserError zero = user_error_from([] { read_regular_file("/dev/zero", 100, kPhotoFileRole); });
  EXPECT_EQ(zero.file(), "/dev/zero");
  EXPECT_TRUE(contains(zero.message(), "not a regular file but a device")) << zero.what();
}

TEST(HostileFileLimits, ASparseRosterOverTheLimitIsRefusedUnread) {
  TempDir dir;
  const fs::path roster = dir / "huge.csv";
  write_file(roster, "学号,姓名\n2021001,甲\n");
  fs::resize_file(roster, kMaxRosterBytes + 1);  // sparse: no disk space used
  UserError e = user_error_from([&] { parse_roster_file(roster.string()); });
  EXPECT_EQ(e.file(), roster.string());
  EXPECT_TRUE(contains(e.message(), "花名册过大")) << e.message().substr(0, 300);
  EXPECT_TRUE(contains(e.message(), "roster too large: " + std::to_string(kMaxRosterBytes + 1) + " bytes"))
      << e.message().substr(0, 300);
}

TEST(HostileFileLimits, CheckRefusesDevZeroAndAFifoNamingThem) {
  TempDir dir;
  make_fifo(dir / "pipe.jpg");
  RunResult r = run_guarded({"check", "/dev/zero", (dir / "pipe.jpg").string()});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_TRUE(contains(r.out, "/dev/zero: 错误 (error): 无法读取文件 (cannot read file): ")) << r.out;
  EXPECT_TRUE(contains(r.out, "not a regular file but a device")) << r.out;
  EXPECT_TRUE(contains(r.out, (dir / "pipe.jpg").string() + ": 错误 (error)")) << r.out;
  EXPECT_TRUE(contains(r.out, "not a regular file but a FIFO")) << r.out;
}

TEST(HostileFileLimits, ImportRefusesARosterThatIsDevZeroOrAFifo) {
  TempDir dir;
  write_file(dir / "p" / "2021001.jpg", portrait_jpeg(1));
  make_fifo(dir / "fifo.csv");
  for (const std::string& roster : {std::string("/dev/zero"), (dir / "fifo.csv").string()}) {
    SCOPED_TRACE(roster);
    RunResult r = run_guarded({"import", "--db", (dir / "a.db").string(), "--photos", (dir / "p").string(), "--roster",
                               roster});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, roster + ": 无法读取花名册 (cannot read roster): 不是普通文件")) << r.err;
    EXPECT_TRUE(contains(r.err, "(not a regular file but")) << r.err;
    EXPECT_FALSE(fs::exists(dir / "a.db")) << "a failed first import leaves no audit behind";
  }
}

TEST(HostileFileLimits, CalendarSetRefusesDevZeroAndAFifo) {
  SmallAudit a;
  a.store.reset();
  TempDir dir;
  make_fifo(dir / "cal.json");
  for (const std::string& file : {std::string("/dev/zero"), (dir / "cal.json").string()}) {
    SCOPED_TRACE(file);
    RunResult r = run_guarded({"calendar", "--db", a.db.string(), "--set", file});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, file + ": 无法读取日历文件 (cannot read calendar file): 不是普通文件")) << r.err;
  }
}

// ---- 3. 学号 and 身份证号 normalisation --------------------------------------------------------

const std::string kNbsp = "\xC2\xA0", kZwsp = "\xE2\x80\x8B", kZwnj = "\xE2\x80\x8C", kZwj = "\xE2\x80\x8D",
                  kWordJoiner = "\xE2\x81\xA0", kBom = "\xEF\xBB\xBF", kIdeoSpace = "\xE3\x80\x80";

TEST(HostileNumbers, StudentNumbersAndIdNumbersAreNormalised) {
  EXPECT_EQ(normalize_student_no("２０２１００１"), "2021001");
  EXPECT_EQ(normalize_student_no(" 2021001 "), "2021001");
  EXPECT_EQ(normalize_student_no(kBom + "2021" + kZwsp + "00" + kNbsp + "1" + kWordJoiner), "2021001");
  EXPECT_EQ(normalize_student_no("20 21" + kIdeoSpace + "0" + kZwnj + "0" + kZwj + "1"), "2021001");
  EXPECT_EQ(normalize_student_no("Ｂ２０２１ａ"), "B2021a");  // letters folded, case kept
  EXPECT_EQ(normalize_student_no("王一"), "王一");
  const std::string id = id_ending_in_x();
  std::string full_width_lower;  // every digit full-width, the check character a full-width x
  for (char c : id.substr(0, 17)) full_width_lower += "\xEF\xBC" + std::string(1, static_cast<char>(0x90 + (c - '0')));
  full_width_lower += "ｘ";
  EXPECT_EQ(normalize_id_number(full_width_lower), id);
  EXPECT_EQ(normalize_id_number(" " + id.substr(0, 6) + kZwsp + id.substr(6, 11) + "x" + kNbsp), id);
  EXPECT_EQ(normalize_id_number(id), id);
  // Not an ID number: the x is left alone (only an 18th character x is a check digit).
  EXPECT_EQ(normalize_id_number("x123"), "x123");
}

TEST(HostileNumbers, RosterCellsAreNormalisedAndDuplicatesAfterNormalisationAreErrors) {
  const std::string id = id_with_check("32010219900101123");
  const Roster r = parse_roster_bytes("学号,身份证号\n２０２１００１,\n2021" + kZwsp + "002 ," + id.substr(0, 9) + kNbsp +
                                          id.substr(9) + "\n",
                                      "r.csv");
  ASSERT_EQ(r.students.size(), 2u);
  EXPECT_EQ(r.students[0].student_no, "2021001");
  EXPECT_EQ(r.students[1].student_no, "2021002");
  EXPECT_EQ(r.students[1].id_number, id);
  EXPECT_TRUE(r.warnings.empty());

  UserError dup = user_error_from([] { parse_roster_bytes("学号,姓名\n2021001,甲\n２０２１００１,乙\n", "r.csv"); });
  EXPECT_EQ(dup.line(), 3);
  EXPECT_TRUE(contains(dup.message(), "duplicate student number 2021001 on lines 2 and 3")) << dup.what();

  const std::string lower = id.substr(0, 17) + (id.back() == 'X' ? "x" : std::string(1, id.back()));
  UserError same_id = user_error_from(
      [&] { parse_roster_bytes("学号,身份证号\n2021001," + id + "\n2021002,\n2021003, " + lower + "\n", "r.csv"); });
  EXPECT_EQ(same_id.file(), "r.csv");
  EXPECT_EQ(same_id.line(), 4);
  EXPECT_TRUE(contains(same_id.message(), "身份证号重复")) << same_id.what();
  EXPECT_TRUE(contains(same_id.message(), "duplicate ID number on lines 2 and 4")) << same_id.what();
  EXPECT_FALSE(contains(same_id.what(), id.substr(0, 17))) << "the number itself is never quoted";
}

TEST(HostileNumbers, PhotoFileNamesMatchAfterNormalisation) {
  TempDir dir;
  const std::string id = id_with_check("32010219900404456");
  write_file(dir / "r.csv", "学号,身份证号\n21001,\n21002,\n2021003,\n2021004," + id + "\n");
  write_file(dir / "p" / "２１００１.jpg", portrait_jpeg(1));
  write_file(dir / "p" / "21002 .jpg", portrait_jpeg(2));
  write_file(dir / "p" / ("2021" + kZwsp + "003.jpg"), portrait_jpeg(3));
  write_file(dir / "p" / (id.substr(0, 6) + kNbsp + id.substr(6) + ".jpg"), portrait_jpeg(4));
  auto store = create_store((dir / "a.db").string());
  const ImportReport r = run_import(*store, dir / "r.csv", dir / "p");
  EXPECT_EQ(r.photos_imported, 4);
  EXPECT_TRUE(r.unmatched_files.empty()) << r.unmatched_files.front();
  EXPECT_TRUE(r.students_without_photo.empty());
}

TEST(HostileNumbers, CommandLineStudentNumbersAreNormalised) {
  SmallAudit a;
  a.store.reset();
  const std::string db = a.db.string();
  RunResult d = run_cli({"decide", "--db", db, "--student", "２０２１００１", "--verdict", "reject", "--reason", "blurry",
                         "--reviewer", "alice"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_TRUE(contains(d.out, "2021001")) << d.out;
  RunResult s = run_cli({"spotcheck", "record", "--db", db, "--student", " 2021001" + kNbsp, "--agree", "--checker",
                         "coord", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(json::parse(s.out)["student"], "2021001");
  RunResult e = run_cli({"example", "mark", "--db", db, "--student", "2021" + kZwsp + "001", "--reason", "blurry",
                         "--reviewer", "trainer"});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto store = open_store(db);
  ASSERT_EQ(store->teaching_examples({}).size(), 1u);
  EXPECT_EQ(store->history("2021001").size(), 1u);
}

// ---- 4. symlink loops, unreadable folders, backslash zips ------------------------------------

TEST(HostileFolders, SymlinkLoopsBrokenLinksAndFifosAreReportedPerFile) {
  TempDir dir;
  const fs::path p = dir / "p";
  write_file(p / "2021001.jpg", portrait_jpeg(1));
  write_file(p / "real" / "photo.jpg", portrait_jpeg(2));
  fs::create_symlink("real/photo.jpg", p / "2021002.jpg");  // a link to a photo is a photo
  fs::create_symlink("loop", p / "loop");                    // ln -s loop loop
  fs::create_directories(p / "sub");
  fs::create_symlink("b.jpg", p / "sub" / "a.jpg");
  fs::create_symlink("a.jpg", p / "sub" / "b.jpg");
  fs::create_symlink("nowhere.jpg", p / "gone.jpg");
  fs::create_directory_symlink("real", p / "link-to-folder");
  make_fifo(p / "pipe.jpg");
  write_file(dir / "r.csv", "学号\n2021001\n2021002\n");

  RunResult r = run_guarded({"import", "--db", (dir / "a.db").string(), "--photos", p.string(), "--roster",
                             (dir / "r.csv").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["photos_imported"], 2) << r.out;
  auto unreadable = unreadable_of(j);
  EXPECT_EQ(unreadable.size(), 6u) << r.out;
  EXPECT_TRUE(contains(unreadable["loop"], "symbolic link loop")) << r.out;
  EXPECT_TRUE(contains(unreadable["sub/a.jpg"], "symbolic link loop")) << r.out;
  EXPECT_TRUE(contains(unreadable["sub/b.jpg"], "symbolic link loop")) << r.out;
  EXPECT_TRUE(contains(unreadable["gone.jpg"], "broken symbolic link")) << r.out;
  EXPECT_TRUE(contains(unreadable["link-to-folder"], "symbolic link to a folder")) << r.out;
  EXPECT_TRUE(contains(unreadable["pipe.jpg"], "not a regular file but a FIFO")) << r.out;

  RunResult text = run_guarded({"import", "--db", (dir / "a.db").string(), "--photos", p.string(), "--roster",
                                (dir / "r.csv").string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "无法读取 (unreadable files):     6")) << text.out;
  EXPECT_TRUE(contains(text.out, "  loop: 符号链接循环 (symbolic link loop")) << text.out;
}

TEST(HostileFolders, PhotoSourceListsProblemsNextToEntries) {
  TempDir dir;
  write_file(dir / "2021001.jpg", "x");
  fs::create_symlink("loop", dir / "loop");
  auto src = PhotoSource::open(dir.path().string());
  ASSERT_EQ(src->entries().size(), 1u);
  ASSERT_EQ(src->problems().size(), 1u);
  EXPECT_EQ(src->problems()[0].name, "loop");
  EXPECT_TRUE(contains(src->problems()[0].error, "符号链接循环")) << src->problems()[0].error;
}

// As root the child drops to `nobody` (root ignores permissions); otherwise the modes suffice.
TEST(HostileFolders, AnUnreadableSubFolderAndFileAreReportedAndTheRestIsImported) {
  TempDir dir;
  const fs::path p = dir / "p", out = dir / "out";
  write_file(p / "2021001.jpg", portrait_jpeg(1));
  write_file(p / "locked" / "2021002.jpg", portrait_jpeg(2));  // folder 0000: cannot be listed
  write_file(p / "listonly" / "2021003.jpg", portrait_jpeg(3));  // folder 0444: names, no access
  write_file(p / "2021004.jpg", portrait_jpeg(4));               // file 0000: cannot be read
  write_file(dir / "r.csv", "学号\n2021001\n2021002\n2021003\n2021004\n");
  fs::create_directories(out);
  ::chmod(out.c_str(), 0777);
  ::chmod((p / "locked").c_str(), 0);
  ::chmod((p / "listonly").c_str(), 0444);
  ::chmod((p / "2021004.jpg").c_str(), 0);
  const bool root = ::geteuid() == 0;
  RunResult r = run_guarded({"import", "--db", (out / "a.db").string(), "--photos", p.string(), "--roster",
                             (dir / "r.csv").string(), "--json"},
                            30, [root] {
                              if (root && (::setgid(65534) != 0 || ::setuid(65534) != 0)) _exit(126);
                            });
  ::chmod((p / "locked").c_str(), 0755);
  ::chmod((p / "listonly").c_str(), 0755);
  ::chmod((p / "2021004.jpg").c_str(), 0644);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["photos_imported"], 1) << r.out;
  auto unreadable = unreadable_of(j);
  EXPECT_EQ(unreadable.size(), 2u) << r.out;
  EXPECT_TRUE(contains(unreadable["locked"], "cannot list folder: Permission denied")) << r.out;
  EXPECT_TRUE(contains(unreadable["listonly/2021003.jpg"], "cannot access: Permission denied")) << r.out;
  ASSERT_EQ(j["bad_photos"].size(), 1u) << r.out;
  EXPECT_EQ(j["bad_photos"][0]["file"], "2021004.jpg");
  EXPECT_TRUE(contains(j["bad_photos"][0]["error"].get<std::string>(), "Permission denied")) << r.out;
  EXPECT_EQ(j["students_without_photo"], json({"2021002", "2021003", "2021004"}));
}

TEST(HostileFolders, ZipEntriesWithBackslashNamesMatchByTheirLastComponent) {
  TempDir dir;
  write_file(dir / "r.csv", "学号\n21001\n21002\n");
  make_zip(dir / "win.zip", {{"2021\\", ""},
                             {"2021\\21001.jpg", portrait_jpeg(1)},
                             {"2021\\计算机\\21002.JPG", portrait_jpeg(2)},
                             {"2021\\说明.txt", "备注"}});
  auto src = PhotoSource::open((dir / "win.zip").string());
  ASSERT_EQ(src->entries().size(), 3u);  // the "2021\" directory entry is not a file
  EXPECT_EQ(src->entries()[0].name, "2021\\21001.jpg");
  EXPECT_EQ(src->entries()[0].stem, "21001");
  auto store = create_store((dir / "a.db").string());
  const ImportReport r = run_import(*store, dir / "r.csv", dir / "win.zip");
  EXPECT_EQ(r.photos_imported, 2);
  EXPECT_EQ(r.unmatched_files, std::vector<std::string>{"2021\\说明.txt"});
}

// ---- 5. file names that are ID numbers are masked --------------------------------------------

TEST(PrivacyImportNames, FileNamesThatAreIdNumbersAreMaskedEverywhereTheReportShowsThem) {
  const std::string id = "320102199001011234";
  EXPECT_EQ(mask_file_name(id + ".jpg"), "3201**********1234.jpg");
  EXPECT_EQ(mask_file_name("补交/" + id + "/" + id.substr(0, 17) + "x.JPG"), "补交/3201**********1234/3201**********123x.JPG");
  EXPECT_EQ(mask_file_name("2021\\" + id + ".png"), "2021\\3201**********1234.png");
  EXPECT_EQ(mask_file_name("2021001.jpg"), "2021001.jpg");
  EXPECT_EQ(mask_file_name("notes " + id + ".txt"), "notes " + id + ".txt");  // the stem is not an ID number

  TempDir dir;
  const fs::path p = dir / "p";
  // dup's name sorts before "2021003.png": it is imported, and the other photo's error names it.
  const std::string good = id_with_check("32010219900101123"), bad = id_with_check("32010219900202234"),
                    dup = id_with_check("11010519491231002"), stranger = id_with_check("32010219900303345"),
                    loop = id_with_check("44030419980815623"), folder = id_with_check("51010719950505421");
  write_file(dir / "r.csv", "学号,身份证号\n2021001," + good + "\n2021002," + bad + "\n2021003," + dup + "\n");
  write_file(p / (good + ".jpg"), portrait_jpeg(1));
  const std::string whole = portrait_jpeg(2);
  write_file(p / (bad + ".jpg"), whole.substr(0, whole.size() / 2));  // truncated: a bad photo
  write_file(p / (dup + ".jpg"), portrait_jpeg(3));                    // two photos of 2021003
  write_file(p / "2021003.png", portrait_png(4));
  write_file(p / (stranger + ".jpg"), portrait_jpeg(5));  // no such student: unmatched
  write_file(p / folder / "readme.txt", "x");             // a folder named by an ID number
  fs::create_symlink(loop + ".jpg", p / (loop + ".jpg"));  // unreadable: a loop
  const std::vector<std::string> ids = {good, bad, dup, stranger, loop, folder};

  for (const bool as_json : {true, false}) {
    SCOPED_TRACE(as_json ? "--json" : "text");
    std::vector<std::string> args = {"import", "--db", (dir / "a.db").string(), "--photos", p.string(), "--roster",
                                     (dir / "r.csv").string()};
    if (as_json) args.push_back("--json");
    RunResult r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_no_full_id(r.out, ids, "stdout");
    expect_no_full_id(r.err, ids, "stderr");
    EXPECT_TRUE(contains(r.out, mask_id(bad) + ".jpg")) << r.out;
    EXPECT_TRUE(contains(r.out, mask_id(stranger) + ".jpg")) << r.out;
    EXPECT_TRUE(contains(r.out, mask_id(loop) + ".jpg")) << r.out;
    EXPECT_TRUE(contains(r.out, mask_id(folder) + "/readme.txt")) << r.out;
    EXPECT_TRUE(contains(r.out, "another photo of this student, " + mask_id(dup) + ".jpg, was imported")) << r.out;
    if (as_json) {
      const json j = json::parse(r.out);
      EXPECT_EQ(j.at("bad_photos").size(), 2u) << r.out;  // the truncated one, and 2021003.png
      EXPECT_EQ(unreadable_of(j).size(), 1u) << r.out;
    }
  }
}

// ---- 6. control characters in file names -----------------------------------------------------

TEST(HostileFileNames, EscapeAndLineBreakCharactersInFileNamesNeverReachTheTerminalRaw) {
  TempDir dir;
  const fs::path p = dir / "p";
  const std::string evil = "\x1b]0;owned\x07\x1b[2J\r\nfake line.jpg";
  write_file(p / evil, portrait_jpeg(1));                      // unmatched
  write_file(p / "\x1b[31m红" / "2021001.jpg", "not a photo");  // a bad photo in a folder with ESC
  write_file(dir / "r.csv", "学号\n2021001\n");
  RunResult text = run_cli({"import", "--db", (dir / "a.db").string(), "--photos", p.string(), "--roster",
                            (dir / "r.csv").string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find('\r'), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find('\x07'), std::string::npos) << text.out;
  EXPECT_TRUE(contains(text.out, "\\x1b]0;owned\\x07\\x1b[2J\\r\\nfake line.jpg")) << text.out;
  EXPECT_TRUE(contains(text.out, "\\x1b[31m红/2021001.jpg [2021001]: ")) << text.out;
  EXPECT_FALSE(contains(text.out, "\nfake line.jpg")) << "a line break in a name starts no line of its own";

  RunResult js = run_cli({"import", "--db", (dir / "a.db").string(), "--photos", p.string(), "--roster",
                          (dir / "r.csv").string(), "--json"});
  ASSERT_EQ(js.exit_code, 0) << js.err;
  EXPECT_EQ(js.out.find('\x1b'), std::string::npos) << "JSON escapes control characters itself";
  const json j = json::parse(js.out);
  EXPECT_EQ(j["unmatched_files"], json({evil}));
  EXPECT_EQ(j["bad_photos"][0]["file"], "\x1b[31m红/2021001.jpg");
}

}  // namespace
}  // namespace pa::test
