// The photoaudit command line, run as a real process: import, decide, undo, stats, export, demo.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "audit_test_util.h"

namespace {

using namespace pa::test;
using nlohmann::json;

// One JSON value on stdout, nothing else (trailing whitespace aside).
json parse_only_json(const RunResult& r) {
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not exactly one JSON value:\n" << r.out;
  EXPECT_TRUE(j.is_object()) << r.out;
  return j;
}

class Cli : public ::testing::Test {
 protected:
  TempDir dir;
  std::string db = (dir / "audit.db").string();
  fs::path roster = dir / "花名册.csv";
  fs::path photos = dir / "photos";

  void SetUp() override {
    std::vector<RosterRow> rows = {
        {"2021001", "王𠈌", id_with_check("32010219900101123"), "男", "水利水电学院", "水利水电工程", "水电2101", "南京校区"},
        {"2021002", "李堃", id_with_check("32010219900202234"), "男", "水利水电学院", "水利水电工程", "水电2101", "南京校区"},
        {"2021003", "张喆", "", "男", "商学院", "会计学", "会计2101", "常州校区"},
        {"2021004", "陈赟", "", "女", "商学院", "会计学", "会计2101", "常州校区"},
    };
    write_file(roster, to_gb18030(roster_csv(rows)));
    write_file(photos / "2021001.jpg", portrait_jpeg(1));
    write_file(photos / (rows[1].id_number + ".jpg"), portrait_jpeg(2));
    write_file(photos / "2021003.jpg", "");
    write_file(photos / "readme.txt", "x");
  }

  RunResult import_json() {
    return run_cli({"import", "--db", db, "--photos", photos.string(), "--roster", roster.string(), "--json"});
  }
  json stats(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"stats", "--db", db, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return parse_only_json(r);
  }
};

TEST_F(Cli, ImportJsonPrintsOneObjectWithTheDocumentedKeys) {
  auto r = import_json();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = parse_only_json(r);
  for (const char* k : {"students", "photos_imported", "photos_unchanged", "students_without_photo",
                        "bad_photos", "unmatched_files"})
    EXPECT_TRUE(j.contains(k)) << k << " missing in " << r.out;
  EXPECT_EQ(j["students"], 4);
  EXPECT_EQ(j["photos_imported"], 2);
  EXPECT_EQ(j["photos_unchanged"], 0);
  EXPECT_EQ(j["students_without_photo"], json({"2021003", "2021004"}));
  ASSERT_EQ(j["bad_photos"].size(), 1u);
  EXPECT_EQ(j["bad_photos"][0]["file"], "2021003.jpg");
  EXPECT_EQ(j["bad_photos"][0]["student"], "2021003");
  EXPECT_FALSE(j["bad_photos"][0]["error"].get<std::string>().empty());
  EXPECT_EQ(j["unmatched_files"], json({"readme.txt"}));

  auto again = import_json();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  json j2 = parse_only_json(again);
  EXPECT_EQ(j2["photos_imported"], 0);
  EXPECT_EQ(j2["photos_unchanged"], 2);
}

TEST_F(Cli, ImportJsonSurvivesFileNamesThatAreNotUtf8) {
  // Folders unpacked from a zip made on Chinese Windows keep GBK file names: "说明.txt" and a
  // sub-folder "补交" in GBK bytes. They must be reported, not crash the JSON output.
  write_file(photos / "\xCB\xB5\xC3\xF7.txt", "notes");
  write_file(photos / "\xB2\xB9\xBD\xBB" / "2021004.jpg", "");
  auto r = import_json();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = parse_only_json(r);
  EXPECT_EQ(j["unmatched_files"].size(), 2u) << r.out;
  EXPECT_EQ(j["bad_photos"].size(), 2u) << r.out;
  EXPECT_EQ(j["students_without_photo"], json({"2021003", "2021004"}));
  RawDb raw(db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM submissions"), 2);
}

TEST_F(Cli, ImportWithoutJsonPrintsAReadableReport) {
  auto r = run_cli({"import", "--db", db, "--photos", photos.string(), "--roster", roster.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2021003.jpg")) << r.out;
  EXPECT_TRUE(contains(r.out, "readme.txt")) << r.out;
  EXPECT_TRUE(contains(r.out, "2021004")) << r.out;
  EXPECT_TRUE(json::parse(r.out, nullptr, false).is_discarded());
}

TEST_F(Cli, FatalRosterErrorExitsNonZeroWithFileAndLine) {
  ASSERT_EQ(import_json().exit_code, 0);
  RawDb before_db(db);
  const std::string before = before_db.dump();
  const auto bad = dir / "dup.csv";
  write_file(bad, "学号,姓名\r\n2021001,王𠈌\r\n2021002,李堃\r\n2021001,重复\r\n");
  auto r = run_cli({"import", "--db", db, "--photos", photos.string(), "--roster", bad.string(), "--json"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, bad.string() + ":4:")) << r.err;
  EXPECT_TRUE(contains(r.err, "2021001")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(before_db.dump(), before);

  const auto no_id = dir / "no_id.csv";
  write_file(no_id, "姓名,学院\r\n王𠈌,水利水电学院\r\n");
  auto r2 = run_cli({"import", "--db", db, "--photos", photos.string(), "--roster", no_id.string()});
  EXPECT_NE(r2.exit_code, 0);
  EXPECT_TRUE(contains(r2.err, no_id.string() + ":1:")) << r2.err;
  EXPECT_TRUE(contains(r2.err, "姓名")) << r2.err;
  EXPECT_EQ(before_db.dump(), before);
}

TEST_F(Cli, FailedFirstImportLeavesNoDatabaseFile) {
  const auto bad = dir / "no_id.csv";
  write_file(bad, "姓名,学院\r\n王𠈌,水利水电学院\r\n");
  auto r = run_cli({"import", "--db", db, "--photos", photos.string(), "--roster", bad.string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(fs::exists(db)) << "a failed first import created " << db;
  EXPECT_FALSE(fs::exists(db + "-wal"));
}

TEST_F(Cli, DecideUndoAndStats) {
  ASSERT_EQ(import_json().exit_code, 0);
  auto d1 = run_cli({"decide", "--db", db, "--student", "2021001", "--verdict", "approve", "--reviewer", "alice"});
  ASSERT_EQ(d1.exit_code, 0) << d1.err;
  auto d2 = run_cli({"decide", "--db", db, "--student", "2021002", "--verdict", "reshoot", "--reason", "blurry",
                     "--reason", "background", "--note", "重拍", "--reviewer", "bob", "--json"});
  ASSERT_EQ(d2.exit_code, 0) << d2.err;
  json ev = parse_only_json(d2);
  EXPECT_EQ(ev["kind"], "reshoot");
  EXPECT_EQ(ev["student"], "2021002");
  EXPECT_EQ(ev["reasons"], json({"blurry", "background"}));
  EXPECT_EQ(ev["reviewer"], "bob");

  json s = stats();
  for (const char* k : {"students", "submissions", "pending", "approved", "rejected", "reshoot",
                        "without_photo", "by_college", "by_reason"})
    EXPECT_TRUE(s.contains(k)) << k;
  EXPECT_EQ(s["students"], 4);
  EXPECT_EQ(s["submissions"], 2);
  EXPECT_EQ(s["approved"], 1);
  EXPECT_EQ(s["reshoot"], 1);
  EXPECT_EQ(s["pending"], 0);
  EXPECT_EQ(s["without_photo"], 1);
  EXPECT_EQ(s["file_corrupt"], 1);  // 2021003 sent an empty file: kept as such, not "no photo"
  EXPECT_EQ(s["by_reason"], json({{"blurry", 1}, {"background", 1}}));
  EXPECT_EQ(s["by_college"]["水利水电学院"]["approved"], 1);
  EXPECT_EQ(s["by_college"]["商学院"]["without_photo"], 1);
  EXPECT_EQ(s["by_college"]["商学院"]["file_corrupt"], 1);

  json business = stats({"--college", "商学院"});
  EXPECT_EQ(business["students"], 2);
  EXPECT_EQ(business["without_photo"], 1);
  EXPECT_EQ(business["file_corrupt"], 1);
  EXPECT_EQ(business["approved"], 0);

  auto u = run_cli({"undo", "--db", db, "--reviewer", "alice"});
  ASSERT_EQ(u.exit_code, 0) << u.err;
  EXPECT_TRUE(contains(u.out, "2021001")) << u.out;
  json s2 = stats();
  EXPECT_EQ(s2["approved"], 0);
  EXPECT_EQ(s2["pending"], 1);
  EXPECT_EQ(s2["reshoot"], 1);

  auto nothing = run_cli({"undo", "--db", db, "--reviewer", "alice"});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_TRUE(contains(nothing.err, "nothing to undo")) << nothing.err;

  auto text = run_cli({"stats", "--db", db});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "图像模糊")) << text.out;
}

TEST_F(Cli, DecideRefusalsExitNonZeroWithTheReason) {
  ASSERT_EQ(import_json().exit_code, 0);
  auto no_reason = run_cli({"decide", "--db", db, "--student", "2021001", "--verdict", "reject", "--reviewer", "a"});
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_TRUE(contains(no_reason.err, "reason")) << no_reason.err;

  auto unknown = run_cli({"decide", "--db", db, "--student", "2021001", "--verdict", "reject", "--reason",
                          "ugly", "--reviewer", "a"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.err, "ugly")) << unknown.err;
  EXPECT_TRUE(contains(unknown.err, "uneven_lighting")) << unknown.err;
  EXPECT_TRUE(contains(unknown.err, "multiple_faces")) << unknown.err;

  auto other = run_cli({"decide", "--db", db, "--student", "2021001", "--verdict", "reshoot", "--reason",
                        "other", "--reviewer", "a"});
  EXPECT_EQ(other.exit_code, 1);
  auto no_photo = run_cli({"decide", "--db", db, "--student", "2021004", "--verdict", "approve", "--reviewer", "a"});
  EXPECT_EQ(no_photo.exit_code, 1);
  EXPECT_TRUE(contains(no_photo.err, "2021004")) << no_photo.err;
  auto verdict = run_cli({"decide", "--db", db, "--student", "2021001", "--verdict", "maybe", "--reviewer", "a"});
  EXPECT_NE(verdict.exit_code, 0);

  RawDb raw(db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM decisions"), 0);
}

TEST_F(Cli, ExportWritesCsvWithBomAndMaskedIds) {
  ASSERT_EQ(import_json().exit_code, 0);
  ASSERT_EQ(run_cli({"decide", "--db", db, "--student", "2021002", "--verdict", "reshoot", "--reason",
                     "blurry", "--reviewer", "bob"})
                .exit_code,
            0);
  const auto out = dir / "重拍名单.csv";
  auto r = run_cli({"export", "--db", db, "--what", "reshoot", "--format", "csv", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(out);
  ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF"));
  auto rows = parse_csv(text.substr(3));
  ASSERT_EQ(rows.size(), 4u);  // header, the student, a blank row, the ledger's head
  EXPECT_TRUE(rows[3][0].starts_with("审核记录 #")) << rows[3][0];
  EXPECT_EQ(rows[0][0], "学号");
  EXPECT_EQ(rows[1][0], "2021002");
  EXPECT_EQ(rows[1][1], "李堃");
  const std::string id = id_with_check("32010219900202234");
  EXPECT_FALSE(contains(text, id));
  EXPECT_TRUE(contains(text, id.substr(0, 4) + "**********" + id.substr(14)));
  EXPECT_TRUE(contains(text, "图像模糊"));

  const auto missing = dir / "missing.csv";
  auto m = run_cli({"export", "--db", db, "--what", "missing", "--out", missing.string(), "--college", "商学院"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  auto mrows = parse_csv(read_file(missing).substr(3));
  ASSERT_EQ(mrows.size(), 5u);  // header, two students, a blank row, the ledger's head
  EXPECT_EQ(mrows[1][0], "2021003");
  EXPECT_EQ(mrows[2][0], "2021004");

  auto bad = run_cli({"export", "--db", db, "--what", "everything", "--out", (dir / "x.csv").string()});
  EXPECT_NE(bad.exit_code, 0);
  auto pdf = run_cli({"export", "--db", db, "--what", "missing", "--format", "pdf", "--out", (dir / "x.pdf").string()});
  EXPECT_NE(pdf.exit_code, 0);  // csv and xlsx only (xlsx: coordination_test.cpp)
}

TEST_F(Cli, NewerDatabaseIsRefusedByEveryCommand) {
  ASSERT_EQ(import_json().exit_code, 0);
  {
    RawDb raw(db);
    raw.exec("PRAGMA user_version = 999");
  }
  const std::string before = read_file(db);
  auto r = run_cli({"stats", "--db", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "newer")) << r.err;
  auto i = import_json();
  EXPECT_EQ(i.exit_code, 1);
  EXPECT_EQ(read_file(db), before);
}

TEST(CliDemo, BuildsAndImportsTheDemoBatch) {
  TempDir dir;
  auto r = run_cli({"demo", "--no-gui", "--dir", dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto db = dir / "demo.db";
  ASSERT_TRUE(fs::exists(db)) << r.out;
  auto store = pa::create_store(db.string());
  auto students = store->students({});
  ASSERT_GE(students.size(), 10u);
  bool rare = false;
  int with_photo = 0;
  for (const auto& s : students) {
    EXPECT_FALSE(s.student.name.empty());
    // Every name is Chinese: starts with a multi-byte UTF-8 character.
    EXPECT_GE(static_cast<unsigned char>(s.student.name[0]), 0xE0u) << s.student.name;
    if (s.student.name == "王𠈌") rare = true;
    if (s.status != pa::Status::without_photo) ++with_photo;
  }
  EXPECT_TRUE(rare);
  EXPECT_GT(with_photo, 0);
  EXPECT_TRUE(contains(r.out, db.string())) << r.out;

  // Running it again starts from a fresh database.
  store.reset();
  auto again = run_cli({"demo", "--no-gui", "--dir", dir.path().string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto store2 = pa::create_store(db.string());
  EXPECT_EQ(store2->students({}).size(), students.size());
}

}  // namespace
