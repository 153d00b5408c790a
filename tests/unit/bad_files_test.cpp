// Corrupt, truncated and empty photo files kept in the audit (schema v7, bad_files): the student's
// status is "文件损坏" (file_corrupt) until a valid photo comes, never "尚未提交照片"; imports stay
// idempotent; nothing is decided on a photo the student replaced by a broken file; stats, exports
// and notify say what to do; an ID number in a file name is never stored.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit_test_util.h"
#include "core/idcard.h"
#include "review/coordination.h"
#include "review/decisions.h"
#include "review/export.h"
#include "review/stats.h"
#include "store/migrate.h"

namespace {

using namespace pa::test;
using pa::Status;

std::string truncated_jpeg(int variant) {
  const std::string whole = portrait_jpeg(variant);
  return whole.substr(0, whole.size() / 2);
}

// Three students: 2021001 sends a good photo, 2021002 a truncated one, 2021003 (named by their
// 身份证号) an empty file.
struct BadFileAudit {
  TempDir dir;
  fs::path db = dir / "audit.db";
  fs::path roster = dir / "roster.csv";
  fs::path round1 = dir / "round1";
  std::string id3 = id_with_check("32010219900303345");
  std::unique_ptr<pa::AuditStore> store;
  pa::ImportReport report;

  BadFileAudit() {
    write_file(roster, roster_csv({
                           {"2021001", "王𠈌", id_with_check("32010219900101123"), "男", "水利水电学院", "", "", "南京校区"},
                           {"2021002", "李堃", "", "男", "水利水电学院", "", "", "南京校区"},
                           {"2021003", "张喆", id3, "男", "商学院", "", "", "常州校区"},
                       }));
    write_file(round1 / "2021001.jpg", portrait_jpeg(1));
    write_file(round1 / "2021002.jpg", truncated_jpeg(2));
    write_file(round1 / (id3 + ".jpg"), "");
    store = pa::create_store(db.string());
    report = run_import(*store, roster, round1);
  }
  pa::StudentState student(const std::string& no) { return *store->student(no); }
  long long bad_rows() { return RawDb(db).num("SELECT count(*) FROM bad_files"); }
  pa::ImportReport import(const fs::path& photos) { return run_import(*store, roster, photos); }
};

TEST(BadFiles, ACorruptOrEmptyFileIsKeptAndTheStudentIsFileCorruptNotWithoutPhoto) {
  BadFileAudit a;
  ASSERT_EQ(a.report.bad_photos.size(), 2u);
  EXPECT_EQ(a.student("2021001").status, Status::pending);
  const auto s2 = a.student("2021002");
  EXPECT_EQ(s2.status, Status::file_corrupt);
  ASSERT_TRUE(s2.bad_file.has_value());
  EXPECT_TRUE(contains(s2.bad_file->error, "truncated")) << s2.bad_file->error;
  EXPECT_EQ(s2.bad_file->file_name, "2021002.jpg");
  EXPECT_EQ(s2.bad_file->batch, "round1");
  EXPECT_EQ(s2.submission_id, 0);  // nothing usable arrived
  const auto s3 = a.student("2021003");
  EXPECT_EQ(s3.status, Status::file_corrupt);  // matched by 身份证号 like a good photo
  EXPECT_TRUE(contains(s3.bad_file->error, "empty")) << s3.bad_file->error;
  EXPECT_EQ(std::string(pa::to_string(Status::file_corrupt)), "file_corrupt");
  EXPECT_EQ(std::string(pa::status_label_zh(Status::file_corrupt)), "文件损坏");

  // The file named by an ID number is stored masked: no ID number from a file name in the audit.
  EXPECT_EQ(s3.bad_file->file_name, pa::mask_file_name(a.id3 + ".jpg"));
  EXPECT_FALSE(contains(s3.bad_file->file_name, a.id3));
  RawDb raw(a.db);
  for (const auto& row : raw.rows("SELECT * FROM bad_files"))
    for (const auto& cell : row) EXPECT_FALSE(contains(cell, a.id3)) << cell;
  // Nothing of the bytes is kept, only their hash and size.
  EXPECT_EQ(raw.text("SELECT size FROM bad_files bf JOIN students s ON s.id = bf.student_id WHERE s.student_no = '2021003'"),
            "0");
  EXPECT_EQ(raw.num("SELECT count(*) FROM blobs"), 1);
}

TEST(BadFiles, ReimportingTheSameBatchRecordsNothingTwice) {
  BadFileAudit a;
  EXPECT_EQ(a.bad_rows(), 2);
  const auto again = a.import(a.round1);
  EXPECT_EQ(again.bad_photos.size(), 2u);  // still reported
  EXPECT_EQ(a.bad_rows(), 2);              // but recorded once
  EXPECT_EQ(a.student("2021002").status, Status::file_corrupt);
  EXPECT_EQ(a.student("2021002").bad_file->batch, "round1");  // when it first came
}

TEST(BadFiles, AValidPhotoLaterSettlesTheBadFileAndReimportingTheBrokenOneDoesNotReopenIt) {
  BadFileAudit a;
  const fs::path round2 = a.dir / "round2";
  write_file(round2 / "2021002.jpg", portrait_jpeg(12));
  a.import(round2);
  const auto s = a.student("2021002");
  EXPECT_EQ(s.status, Status::pending);
  EXPECT_FALSE(s.bad_file.has_value());
  EXPECT_NE(s.submission_id, 0);
  a.import(a.round1);  // the first round again: its broken file is known, nothing changes
  EXPECT_EQ(a.student("2021002").status, Status::pending);
  EXPECT_EQ(a.bad_rows(), 2);
  // The settled row is kept, naming the batch that settled it.
  EXPECT_EQ(RawDb(a.db).num("SELECT count(*) FROM bad_files WHERE resolved_batch_id IS NOT NULL"), 1);
}

TEST(BadFiles, ACorruptFileAfterARejectionMustBeResubmittedAndNothingIsDecidedOnTheOldPhoto) {
  BadFileAudit a;
  pa::decide(*a.store, {"2021001", pa::Verdict::reshoot, {"blurry"}, "", "王老师"});
  EXPECT_EQ(a.student("2021001").status, Status::reshoot);
  // The reshoot arrives broken.
  const fs::path round2 = a.dir / "round2";
  write_file(round2 / "2021001.jpg", truncated_jpeg(13));
  a.import(round2);
  auto s = a.student("2021001");
  EXPECT_EQ(s.status, Status::file_corrupt);
  ASSERT_TRUE(s.decision.has_value());  // the decision on version 1 is still the record
  EXPECT_EQ(s.decision->kind, "reshoot");
  // Version 1 cannot be decided any more: the newest file the student sent is broken.
  try {
    pa::decide(*a.store, {"2021001", pa::Verdict::approve, {}, "", "王老师"});
    FAIL() << "a decision on a photo replaced by a corrupt file was recorded";
  } catch (const pa::PhotoSuperseded& e) {
    EXPECT_TRUE(contains(e.what(), "照片文件损坏")) << e.what();
    EXPECT_TRUE(contains(e.what(), "truncated")) << e.what();
  }
  EXPECT_EQ(a.store->history("2021001").size(), 1u);
  auto cli = run_cli({"decide", "--db", a.db.string(), "--student", "2021001", "--verdict", "approve", "--reviewer", "王老师"});
  EXPECT_NE(cli.exit_code, 0);
  EXPECT_TRUE(contains(cli.err + cli.out, "照片文件损坏")) << cli.err << cli.out;
  // A good photo comes: a new version, pending, marked as resubmitted after the reshoot.
  const fs::path round3 = a.dir / "round3";
  write_file(round3 / "2021001.jpg", portrait_jpeg(14));
  a.import(round3);
  s = a.student("2021001");
  EXPECT_EQ(s.status, Status::pending);
  EXPECT_EQ(s.versions, 2);
  EXPECT_TRUE(s.resubmitted);
  EXPECT_FALSE(a.student("2021003").resubmitted);
}

TEST(BadFiles, TheSamePhotoSentAgainAfterABrokenOneSettlesIt) {
  BadFileAudit a;
  const fs::path round2 = a.dir / "round2", round3 = a.dir / "round3";
  write_file(round2 / "2021001.jpg", "");
  a.import(round2);
  EXPECT_EQ(a.student("2021001").status, Status::file_corrupt);
  write_file(round3 / "2021001.jpg", portrait_jpeg(1));  // the very photo of the first round
  const auto r = a.import(round3);
  EXPECT_EQ(r.photos_unchanged, 1);
  EXPECT_EQ(a.student("2021001").status, Status::pending);
  EXPECT_EQ(a.student("2021001").versions, 1);
}

TEST(BadFiles, AGoodAndABrokenFileInOneBatchLeaveTheGoodOne) {
  BadFileAudit a;
  const fs::path round2 = a.dir / "round2";
  write_file(round2 / "2021002.jpg", portrait_jpeg(15));
  write_file(round2 / "2021002.png", "not a png at all");
  a.import(round2);
  EXPECT_EQ(a.student("2021002").status, Status::pending);
}

TEST(BadFiles, TheRecordsAreNeverDeletedNorRewritten) {
  BadFileAudit a;
  a.store.reset();
  RawDb raw(a.db);
  EXPECT_NE(raw.try_exec("DELETE FROM bad_files"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("UPDATE bad_files SET error = 'fine'"), SQLITE_OK);
  EXPECT_EQ(raw.try_exec("UPDATE bad_files SET resolved_batch_id = 1 WHERE id = 1"), SQLITE_OK);  // settled once
  EXPECT_NE(raw.try_exec("UPDATE bad_files SET resolved_batch_id = NULL WHERE id = 1"), SQLITE_OK);
  EXPECT_EQ(raw.num("SELECT count(*) FROM bad_files"), 2);
}

TEST(BadFiles, StatsExportsAndTheNoticeTellTheStudentToSendItAgain) {
  BadFileAudit a;
  const auto stats = pa::compute_stats(*a.store, {});
  EXPECT_EQ(stats.total.file_corrupt, 2);
  EXPECT_EQ(stats.total.without_photo, 0);
  EXPECT_EQ(pa::to_json(stats)["file_corrupt"], 2);
  EXPECT_TRUE(contains(pa::to_text(stats, a.store->reasons()), "文件损坏 2")) << pa::to_text(stats, a.store->reasons());

  // The missing list: every student without a usable photo, and why.
  auto missing = pa::build_export(*a.store, {pa::ExportKind::missing, {}, false});
  ASSERT_EQ(missing.rows.size(), 2u);
  const auto col = std::find(missing.headers.begin(), missing.headers.end(), "情况") - missing.headers.begin();
  ASSERT_LT(static_cast<std::size_t>(col), missing.headers.size());
  EXPECT_TRUE(contains(missing.rows[0][static_cast<std::size_t>(col)], "照片文件损坏，需重新提交"));
  for (const auto& row : missing.rows)
    for (const auto& cell : row) EXPECT_FALSE(contains(cell, a.id3)) << "ID number in the export: " << cell;

  // The notice lists them with what to do.
  auto n = pa::build_notify(*a.store, {}, pa::load_calendar(*a.store), "2026-04-01");
  ASSERT_EQ(n.rows.size(), 2u);
  EXPECT_EQ(n.rows[0][4], pa::kFileCorruptSituation);
  EXPECT_TRUE(contains(n.rows[0][5], "照片文件损坏")) << n.rows[0][5];
  const std::string text = pa::notify_text(n);
  EXPECT_TRUE(contains(text, "照片文件已损坏，需要重新提交")) << text;
  EXPECT_FALSE(contains(text, "尚未提交")) << text;
  auto cli = run_cli({"notify", "--db", a.db.string()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_TRUE(contains(cli.out, "2021002")) << cli.out;
  auto st = run_cli({"stats", "--db", a.db.string(), "--json"});
  ASSERT_EQ(st.exit_code, 0) << st.err;
  EXPECT_TRUE(contains(st.out, "\"file_corrupt\": 2") || contains(st.out, "\"file_corrupt\":2")) << st.out;

  // A decision in force on an older photo stays in the decisions export with its own verdict.
  pa::decide(*a.store, {"2021001", pa::Verdict::approve, {}, "", "王老师"});
  const fs::path round2 = a.dir / "round2";
  write_file(round2 / "2021001.jpg", "");
  a.import(round2);
  auto decisions = pa::build_export(*a.store, {pa::ExportKind::decisions, {}, false});
  ASSERT_EQ(decisions.rows.size(), 1u);
  const auto verdict = std::find(decisions.headers.begin(), decisions.headers.end(), "结论") - decisions.headers.begin();
  EXPECT_EQ(decisions.rows[0][static_cast<std::size_t>(verdict)], "合格");
}

TEST(BadFiles, MovingTheAuditToAnotherFileKeepsThem) {
  BadFileAudit a;
  a.store.reset();
  const fs::path copy = a.dir / "copy.db";
  pa::migrate_audit(a.db.string(), copy.string());
  auto moved = pa::open_store(copy.string());
  EXPECT_EQ(moved->student("2021002")->status, Status::file_corrupt);
  EXPECT_EQ(RawDb(copy).num("SELECT count(*) FROM bad_files"), 2);
}

}  // namespace
