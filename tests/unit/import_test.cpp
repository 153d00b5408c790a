// Batch import: rosters in GB18030, what registrars' photo folders really contain, zips,
// re-imports, reshoot rounds, and fatal roster errors that leave the audit untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "audit_test_util.h"
#include "core/sha256.h"
#include "review/decisions.h"

namespace {

using namespace pa::test;
using pa::create_store;
using pa::open_store;

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

const pa::BadPhoto* bad_photo_for(const pa::ImportReport& r, const std::string& file) {
  for (const auto& b : r.bad_photos)
    if (b.file == file) return &b;
  return nullptr;
}

struct Counts {
  long long students, submissions, batches, blobs, decisions;
  bool operator==(const Counts&) const = default;
};

Counts counts(const fs::path& db) {
  RawDb raw(db);
  return {raw.num("SELECT count(*) FROM students"), raw.num("SELECT count(*) FROM submissions"),
          raw.num("SELECT count(*) FROM batches"), raw.num("SELECT count(*) FROM blobs"),
          raw.num("SELECT count(*) FROM decisions")};
}

TEST(ImportRoster, Gb18030RosterWithRareCharactersRoundTrips) {
  TempDir dir;
  const std::string utf8 =
      "学号,姓名,性别,学院,专业,班级,校区,联系电话,备注\r\n"
      "2021001,王𠈌,男,水利水电学院,水利水电工程,水电2101,南京校区,13800001111,转专业\r\n"
      "2021002,李堃,男,计算机与软件学院,软件工程,软件2101,南京校区,13800002222,\r\n"
      "2021003,张喆,女,商学院,会计学,会计2101,常州校区,13800003333,缓考\r\n";
  const std::string gb = to_gb18030(utf8);
  ASSERT_NE(gb, utf8);
  write_file(dir / "花名册.csv", gb);
  fs::create_directories(dir / "photos");
  auto store = create_store((dir / "audit.db").string());
  auto r = run_import(*store, dir / "花名册.csv", dir / "photos");

  EXPECT_EQ(r.roster_encoding, "gb18030");
  EXPECT_EQ(r.students, 3);
  EXPECT_EQ(r.students_without_photo, (std::vector<std::string>{"2021001", "2021002", "2021003"}));

  auto all = store->students({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].student.name, "王𠈌");
  EXPECT_EQ(all[1].student.name, "李堃");
  EXPECT_EQ(all[2].student.name, "张喆");
  EXPECT_EQ(all[0].student.college, "水利水电学院");
  EXPECT_EQ(all[0].student.major, "水利水电工程");
  EXPECT_EQ(all[0].student.class_name, "水电2101");
  EXPECT_EQ(all[2].student.campus, "常州校区");
  EXPECT_EQ(all[2].student.gender, "女");
  EXPECT_EQ(all[1].student.line, 3);
  // Unknown columns are kept, in file order, with their original headers.
  using Extra = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(all[0].student.extra, (Extra{{"联系电话", "13800001111"}, {"备注", "转专业"}}));
  EXPECT_EQ(all[1].student.extra, (Extra{{"联系电话", "13800002222"}, {"备注", ""}}));
  for (const auto& s : all) EXPECT_EQ(s.status, pa::Status::without_photo);

  // The bytes in the database are UTF-8, whatever the roster's encoding.
  RawDb raw(dir / "audit.db");
  EXPECT_EQ(raw.text("SELECT name FROM students WHERE student_no = '2021001'"), "王𠈌");
}

// A photo folder as registrars send it.
class ImportMessyBatch : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path db = dir / "audit.db";
  fs::path roster = dir / "roster.csv";
  fs::path photos = dir / "photos";
  std::string id_x = id_ending_in_x();
  std::string good, by_id, upper_jpg, png, dup_a, dup_b, unknown;
  std::unique_ptr<pa::AuditStore> store;
  pa::ImportReport r;

  void SetUp() override {
    std::vector<RosterRow> rows = {
        {"2021001", "王𠈌", id_with_check("32010219900101123"), "男", "水利水电学院", "", "", ""},
        {"2021002", "李堃", "", "男", "水利水电学院", "", "", ""},   // no photo at all
        {"2021003", "张喆", "", "男", "商学院", "", "", ""},         // corrupt JPEG
        {"2021004", "陈赟", "", "女", "商学院", "", "", ""},         // truncated JPEG
        {"2021005", "刘犇", "", "男", "商学院", "", "", ""},         // zero-byte file
        {"2021006", "赵燚", id_x, "男", "商学院", "", "", ""},       // named by ID, lower-case x, nested
        {"2021007", "黄淼", "", "女", "商学院", "", "", ""},         // .JPG
        {"2021008", "周鑫", "", "男", "商学院", "", "", ""},         // .png
        {"2021009", "吴垚", "", "男", "商学院", "", "", ""},         // two photos
    };
    write_file(roster, to_gb18030(roster_csv(rows)));
    good = portrait_jpeg(1);
    by_id = portrait_jpeg(6);
    upper_jpg = portrait_jpeg(7);
    png = portrait_png(8);
    dup_a = portrait_jpeg(9);
    dup_b = portrait_jpeg(10);
    unknown = portrait_jpeg(11);
    write_file(photos / "2021001.jpg", good);
    write_file(photos / "2021003.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + "this was never a JPEG, only text");
    const std::string whole = portrait_jpeg(4);
    write_file(photos / "2021004.jpg", whole.substr(0, whole.size() / 2));
    write_file(photos / "2021005.jpg", "");
    std::string lower = id_x;
    lower.back() = 'x';
    write_file(photos / "第二批" / "补交" / (lower + ".jpg"), by_id);
    write_file(photos / "2021007.JPG", upper_jpg);
    write_file(photos / "2021008.png", png);
    write_file(photos / "2021009.jpeg", dup_a);
    write_file(photos / "2021009.jpg", dup_b);
    write_file(photos / "2099999.jpg", unknown);  // not in the roster
    write_file(photos / "说明.txt", "采集点备注");
    write_file(photos / "Thumbs.db", "x");
    store = create_store(db.string());
    r = run_import(*store, roster, photos, "2024届第一批");
  }
};

TEST_F(ImportMessyBatch, CountsAndEveryFileIsAccountedFor) {
  EXPECT_EQ(r.batch, "2024届第一批");
  EXPECT_EQ(r.students, 9);
  EXPECT_EQ(r.photos_imported, 5);  // 001, 006, 007, 008, one of 009
  EXPECT_EQ(r.photos_unchanged, 0);
  // Students with no usable photo, in roster order.
  EXPECT_EQ(r.students_without_photo,
            (std::vector<std::string>{"2021002", "2021003", "2021004", "2021005"}));
  EXPECT_EQ(as_set(r.unmatched_files), (std::set<std::string>{"2099999.jpg", "说明.txt", "Thumbs.db"}));
  EXPECT_EQ(r.bad_photos.size(), 4u);
  // Every file in the folder is in exactly one of: imported, bad, unmatched.
  EXPECT_EQ(r.photos_imported + r.photos_unchanged + static_cast<int>(r.bad_photos.size()) +
                static_cast<int>(r.unmatched_files.size()),
            12);
  EXPECT_TRUE(r.warnings.empty());
}

TEST_F(ImportMessyBatch, CorruptTruncatedAndEmptyPhotosAreBadWithStudentAndReason) {
  for (const auto& [file, no] : std::vector<std::pair<std::string, std::string>>{
           {"2021003.jpg", "2021003"}, {"2021004.jpg", "2021004"}, {"2021005.jpg", "2021005"}}) {
    const pa::BadPhoto* b = bad_photo_for(r, file);
    ASSERT_NE(b, nullptr) << file;
    EXPECT_EQ(b->student, no);
    EXPECT_FALSE(b->error.empty()) << file;
    // Recorded in the audit: the student sent a file, it was broken (not "no photo").
    EXPECT_EQ(store->student(no)->status, pa::Status::file_corrupt) << no;
    EXPECT_EQ(store->student(no)->bad_file->error, b->error) << no;
  }
  EXPECT_TRUE(contains(bad_photo_for(r, "2021005.jpg")->error, "empty")) << bad_photo_for(r, "2021005.jpg")->error;
  EXPECT_TRUE(contains(bad_photo_for(r, "2021004.jpg")->error, "truncated"))
      << bad_photo_for(r, "2021004.jpg")->error;
}

TEST_F(ImportMessyBatch, TwoPhotosForOneStudentImportOneAndReportTheOther) {
  const pa::BadPhoto* a = bad_photo_for(r, "2021009.jpeg");
  const pa::BadPhoto* b = bad_photo_for(r, "2021009.jpg");
  ASSERT_TRUE((a == nullptr) != (b == nullptr)) << "exactly one of the two must be reported";
  const pa::BadPhoto* bad = a ? a : b;
  const std::string imported_file = a ? "2021009.jpg" : "2021009.jpeg";
  EXPECT_EQ(bad->student, "2021009");
  EXPECT_TRUE(contains(bad->error, imported_file)) << bad->error;
  auto s = store->student("2021009");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->versions, 1);
  EXPECT_EQ(s->status, pa::Status::pending);
  EXPECT_EQ(s->photo_sha256, pa::sha256_hex(a ? dup_b : dup_a));
}

TEST_F(ImportMessyBatch, PhotosMatchedByIdNumberCaseAndFormatAreStoredWithTheirBytes) {
  struct Want {
    const char* no;
    const std::string* bytes;
    const char* format;
  };
  for (const Want& w : {Want{"2021001", &good, "jpeg"}, Want{"2021006", &by_id, "jpeg"},
                        Want{"2021007", &upper_jpg, "jpeg"}, Want{"2021008", &png, "png"}}) {
    auto s = store->student(w.no);
    ASSERT_TRUE(s.has_value()) << w.no;
    EXPECT_EQ(s->status, pa::Status::pending) << w.no;
    EXPECT_EQ(s->versions, 1) << w.no;
    EXPECT_EQ(s->photo_sha256, pa::sha256_hex(*w.bytes)) << w.no;
    auto bytes = store->photo_bytes(s->photo_sha256);
    ASSERT_TRUE(bytes.has_value()) << w.no;
    EXPECT_TRUE(*bytes == *w.bytes) << w.no;
    RawDb raw(db);
    auto row = raw.rows("SELECT format, width, height FROM blobs WHERE sha256 = '" + s->photo_sha256 + "'");
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row[0], (std::vector<std::string>{w.format, "480", "640"})) << w.no;
  }
  RawDb raw(db);
  std::string lower = id_x;
  lower.back() = 'x';
  EXPECT_EQ(raw.text("SELECT file_name FROM submissions sub JOIN students st ON st.id = sub.student_id "
                     "WHERE st.student_no = '2021006'"),
            "第二批/补交/" + lower + ".jpg");
  EXPECT_EQ(raw.text("SELECT photos_imported FROM batches"), "5");
  EXPECT_EQ(raw.text("SELECT name FROM batches"), "2024届第一批");
}

TEST_F(ImportMessyBatch, ReimportingTheSameBatchImportsNothingNew) {
  const Counts before = counts(db);
  auto again = run_import(*store, roster, photos);
  EXPECT_EQ(again.photos_imported, 0);
  EXPECT_EQ(again.photos_unchanged, 5);
  EXPECT_EQ(again.bad_photos.size(), 4u);
  EXPECT_EQ(as_set(again.unmatched_files), as_set(r.unmatched_files));
  const Counts after = counts(db);
  EXPECT_EQ(after.submissions, before.submissions);
  EXPECT_EQ(after.blobs, before.blobs);
  EXPECT_EQ(after.students, before.students);
  for (const auto& s : store->students({})) EXPECT_LE(s.versions, 1) << s.student.student_no;
}

TEST(ImportZip, PhotosFromAZipIncludingFoldersCaseAndBadEntries) {
  TempDir dir;
  std::vector<RosterRow> rows = {
      {"2021001", "王𠈌", "", "男", "水利水电学院", "", "", ""},
      {"2021002", "李堃", id_with_check("32010219900202234"), "男", "水利水电学院", "", "", ""},
      {"2021003", "张喆", "", "男", "商学院", "", "", ""},
      {"2021004", "陈赟", "", "女", "商学院", "", "", ""},
  };
  write_file(dir / "roster.csv", roster_csv(rows));
  const std::string a = portrait_jpeg(21), b = portrait_png(22);
  make_zip(dir / "第一批.ZIP", {{"2024/", ""},
                                {"2024/2021001.jpg", a},
                                {"2024/" + rows[1].id_number + ".PNG", b},
                                {"2021003.jpg", ""},
                                {"__MACOSX/._2021001.jpg", "mac"},
                                {"readme.txt", "hi"}});
  auto store = create_store((dir / "audit.db").string());
  auto r = run_import(*store, dir / "roster.csv", dir / "第一批.ZIP");
  EXPECT_EQ(r.batch, "第一批.ZIP");
  EXPECT_EQ(r.photos_imported, 2);
  EXPECT_EQ(r.students_without_photo, (std::vector<std::string>{"2021003", "2021004"}));
  ASSERT_EQ(r.bad_photos.size(), 1u);
  EXPECT_EQ(r.bad_photos[0].file, "2021003.jpg");
  EXPECT_EQ(r.bad_photos[0].student, "2021003");
  EXPECT_EQ(as_set(r.unmatched_files), (std::set<std::string>{"__MACOSX/._2021001.jpg", "readme.txt"}));
  EXPECT_EQ(*store->photo_bytes(store->student("2021001")->photo_sha256), a);
  EXPECT_EQ(*store->photo_bytes(store->student("2021002")->photo_sha256), b);
}

TEST(ImportReshoot, ChangedPhotoBecomesVersionTwoAndIsPendingWithHistoryKept) {
  SmallAudit a;
  ASSERT_EQ(a.report.photos_imported, 4);
  const std::string old_sha = a.store->student("2021001")->photo_sha256;
  pa::decide(*a.store, {"2021001", pa::Verdict::reshoot, {"blurry"}, "", "alice"});
  pa::decide(*a.store, {"2021002", pa::Verdict::approve, {}, "", "alice"});
  const Counts before = counts(a.db);

  const std::string reshot = portrait_jpeg(31);
  write_file(a.photos / "2021001.jpg", reshot);
  auto r = run_import(*a.store, a.roster, a.photos, "重拍");
  EXPECT_EQ(r.photos_imported, 1);
  EXPECT_EQ(r.photos_unchanged, 3);

  auto s = a.store->student("2021001");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->versions, 2);
  EXPECT_EQ(s->status, pa::Status::pending);
  EXPECT_FALSE(s->decision.has_value());
  EXPECT_EQ(s->photo_sha256, pa::sha256_hex(reshot));
  // Version 1, its bytes and its decision are kept.
  auto h = a.store->history("2021001");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].version, 1);
  EXPECT_EQ(h[0].kind, "reshoot");
  EXPECT_EQ(h[0].photo_sha256, old_sha);
  EXPECT_EQ(h[0].reasons, (std::vector<std::string>{"blurry"}));
  EXPECT_TRUE(a.store->photo_bytes(old_sha).has_value());
  // Others are untouched.
  EXPECT_EQ(a.store->student("2021002")->status, pa::Status::approved);
  EXPECT_EQ(a.store->student("2021002")->versions, 1);

  const Counts after = counts(a.db);
  EXPECT_EQ(after.submissions, before.submissions + 1);
  EXPECT_EQ(after.decisions, before.decisions);
  RawDb raw(a.db);
  EXPECT_EQ(raw.text("SELECT group_concat(version) FROM (SELECT sub.version FROM submissions sub JOIN "
                     "students st ON st.id = sub.student_id WHERE st.student_no = '2021001' ORDER BY 1)"),
            "1,2");

  // A decision now applies to version 2.
  auto e = pa::decide(*a.store, {"2021001", pa::Verdict::approve, {}, "", "bob"});
  EXPECT_EQ(e.version, 2);
  EXPECT_EQ(a.store->history("2021001").size(), 2u);
}

TEST(ImportReshoot, ReimportingTheFirstBatchAfterAReshootImportsNothing) {
  // The registrar re-sends the original folder after the reshoot round: the old photo is not a
  // new version, and the reshoot stays the photo under review.
  SmallAudit a;
  const std::string first = read_file(a.photos / "2021001.jpg");
  pa::decide(*a.store, {"2021001", pa::Verdict::reshoot, {"blurry"}, "", "alice"});
  const std::string reshot = portrait_jpeg(32);
  write_file(a.photos / "2021001.jpg", reshot);
  ASSERT_EQ(run_import(*a.store, a.roster, a.photos).photos_imported, 1);
  auto v2 = a.store->student("2021001");
  ASSERT_EQ(v2->versions, 2);

  write_file(a.photos / "2021001.jpg", first);
  const Counts before = counts(a.db);
  auto r = run_import(*a.store, a.roster, a.photos);
  EXPECT_EQ(r.photos_imported, 0);
  EXPECT_EQ(r.photos_unchanged, 4);
  EXPECT_EQ(counts(a.db).submissions, before.submissions);
  auto s = a.store->student("2021001");
  EXPECT_EQ(s->versions, 2);
  EXPECT_EQ(s->photo_sha256, pa::sha256_hex(reshot));
}

// Every fatal roster error: the import throws naming the file (and line), and the audit's
// content is exactly as it was.
class ImportFatal : public ::testing::Test {
 protected:
  SmallAudit a;
  std::string dump_before;
  Counts counts_before{};

  void SetUp() override {
    pa::decide(*a.store, {"2021001", pa::Verdict::approve, {}, "", "alice"});
    a.store.reset();
    RawDb raw(a.db);
    dump_before = raw.dump();
    counts_before = counts(a.db);
    a.store = create_store(a.db.string());
    // A new photo that an import would have stored, had it gone ahead.
    write_file(a.photos / "2021005.jpg", portrait_jpeg(50));
  }

  pa::UserError import_error(const fs::path& roster) {
    return user_error_from([&] { run_import(*a.store, roster, a.photos); });
  }

  void expect_unchanged() {
    a.store.reset();  // close, so the WAL is checkpointed and the dump reads everything
    EXPECT_EQ(counts(a.db), counts_before);
    RawDb raw(a.db);
    EXPECT_EQ(raw.dump(), dump_before);
  }
};

TEST_F(ImportFatal, MissingStudentNumberColumnNamesHeadersFileAndLine) {
  const auto roster = a.dir / "no_id.csv";
  write_file(roster, to_gb18030("\r\n姓名,学院,联系电话\r\n王𠈌,水利水电学院,138\r\n"));
  auto e = import_error(roster);
  EXPECT_EQ(e.file(), roster.string());
  EXPECT_EQ(e.line(), 2);
  EXPECT_TRUE(contains(e.what(), roster.string() + ":2:")) << e.what();
  EXPECT_TRUE(contains(e.message(), "学号")) << e.message();
  for (const char* h : {"姓名", "学院", "联系电话"}) EXPECT_TRUE(contains(e.message(), h)) << e.message();
  expect_unchanged();
}

TEST_F(ImportFatal, DuplicateStudentNumberNamesBothLines) {
  const auto roster = a.dir / "dup.csv";
  write_file(roster, roster_csv({{"2021001", "王𠈌", "", "", "", "", "", ""},
                                 {"2021006", "新同学", "", "", "", "", "", ""},
                                 {"2021001", "王二", "", "", "", "", "", ""}}));
  auto e = import_error(roster);
  EXPECT_EQ(e.file(), roster.string());
  EXPECT_EQ(e.line(), 4);
  EXPECT_TRUE(contains(e.what(), roster.string() + ":4:")) << e.what();
  EXPECT_TRUE(contains(e.message(), "2021001")) << e.message();
  EXPECT_TRUE(contains(e.message(), "lines 2 and 4")) << e.message();
  expect_unchanged();
}

TEST_F(ImportFatal, UnreadableRosterNamesTheFile) {
  const auto missing = a.dir / "不存在.csv";
  auto e = import_error(missing);
  EXPECT_EQ(e.file(), missing.string());
  EXPECT_TRUE(contains(e.what(), missing.string())) << e.what();
  expect_unchanged();

  a.store = create_store(a.db.string());
  auto e2 = import_error(a.dir.path());  // a folder is not a roster
  EXPECT_EQ(e2.file(), a.dir.path().string());
  expect_unchanged();
}

TEST_F(ImportFatal, UndecodableRosterNamesFileAndLine) {
  const auto roster = a.dir / "bad.csv";
  write_file(roster, "学号,姓名\r\n2021001,王\r\n2021002,\xFF\xFF\xFF\r\n");
  auto e = import_error(roster);
  EXPECT_EQ(e.file(), roster.string());
  EXPECT_EQ(e.line(), 3);
  expect_unchanged();
}

TEST_F(ImportFatal, MissingPhotoSourceLeavesTheAuditUnchanged) {
  auto e = user_error_from([&] { run_import(*a.store, a.roster, a.dir / "no_such_folder"); });
  EXPECT_TRUE(contains(e.what(), "no_such_folder")) << e.what();
  expect_unchanged();
}

TEST(ImportWarnings, InvalidCheckDigitIsAWarningOnThatLineNotAFailure) {
  TempDir dir;
  std::string bad = id_with_check("32010219900303345");
  bad.back() = bad.back() == '1' ? '2' : '1';
  write_file(dir / "roster.csv", roster_csv({{"2021001", "王𠈌", id_with_check("32010219900101123"), "", "", "", "", ""},
                                             {"2021002", "李堃", bad, "", "", "", "", ""}}));
  fs::create_directories(dir / "photos");
  write_file(dir / "photos" / (bad + ".jpg"), portrait_jpeg(2));
  auto store = create_store((dir / "audit.db").string());
  auto r = run_import(*store, dir / "roster.csv", dir / "photos");
  EXPECT_EQ(r.students, 2);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 3);
  EXPECT_TRUE(contains(r.warnings[0].message, "check digit")) << r.warnings[0].message;
  EXPECT_FALSE(contains(r.warnings[0].message, bad)) << "warnings must not quote ID numbers";
  // The student is imported, with the ID as given, and the photo named by it still matches.
  auto s = store->student("2021002");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->student.id_number, bad);
  EXPECT_EQ(s->status, pa::Status::pending);
  const std::string text = pa::to_text(r, (dir / "roster.csv").string());
  EXPECT_TRUE(contains(text, (dir / "roster.csv").string() + ":3:")) << text;
  auto j = pa::to_json(r);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0]["line"], 3);
}

TEST(ImportRosterUpdate, ReimportUpdatesRosterFieldsAndKeepsPhotos) {
  SmallAudit a;
  auto rows = a.rows;
  rows[0].college = "计算机与软件学院";
  rows[0].name = "王𠈌（改）";
  write_file(a.roster, roster_csv(rows));
  auto r = run_import(*a.store, a.roster, a.photos);
  EXPECT_EQ(r.photos_unchanged, 4);
  auto s = a.store->student("2021001");
  EXPECT_EQ(s->student.college, "计算机与软件学院");
  EXPECT_EQ(s->student.name, "王𠈌（改）");
  EXPECT_EQ(s->versions, 1);
  RawDb raw(a.db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM students"), 5);
}

}  // namespace
