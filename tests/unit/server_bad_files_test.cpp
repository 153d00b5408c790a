// Corrupt files of imports on the office's server: the same table as a file, recorded and settled
// by the administrator's imports, under row-level security like the students they belong to (a
// coordinator sees only their college's, even with their own SQL), and never deleted by any login.
#include <gtest/gtest.h>

#include "audit_test_util.h"
#include "pg_test_support.h"
#include "store/postgres.h"
#include "store/server_admin.h"
#include "store/store.h"

namespace {

using namespace pa::test;

class ServerBadFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    PA_NEED_PG(db_);
    pa::server_init(db_.url());
    pa::server_add_user(db_.url(), {reviewer(), pa::ServerRole::reviewer, ""}, "reviewer-password");
    pa::server_add_user(db_.url(), {coord(), pa::ServerRole::coordinator, "水利水电学院"}, "coord-password");
    write_file(roster, roster_csv({{"2021001", "甲", "", "", "水利水电学院", "", "", ""},
                                   {"2021002", "乙", "", "", "水利水电学院", "", "", ""},
                                   {"2021003", "丙", "", "", "商学院", "", "", ""},
                                   {"2021004", "丁", "", "", "商学院", "", "", ""}}));
  }
  std::string reviewer() const { return db_.name() + "_rev1"; }
  std::string coord() const { return db_.name() + "_coord1"; }
  // Imports a folder as the audit's administrator (who imports on a server).
  void import(const std::vector<std::pair<std::string, std::string>>& files) {
    TempDir photos;
    for (const auto& [name, bytes] : files) write_file(photos / name, bytes);
    auto store = pa::open_store(db_.url());
    run_import(*store, roster, photos.path());
  }
  PgTestDatabase db_;
  TempDir dir;
  fs::path roster = dir / "roster.csv";
};

TEST_F(ServerBadFiles, ImportsRecordAndSettleThemAReviewerSeesThemAndACoordinatorOnlyTheirCollege) {
  import({{"2021001.jpg", portrait_jpeg(1)}, {"2021002.jpg", ""}, {"2021003.jpg", "broken"},
                      {"2021004.jpg", portrait_jpeg(4)}});
  EXPECT_EQ(db_.text("SELECT count(*) FROM bad_files"), "2");
  auto owner = pa::open_store(db_.url());
  EXPECT_EQ(owner->student("2021002")->status, pa::Status::file_corrupt);
  EXPECT_EQ(owner->student("2021003")->status, pa::Status::file_corrupt);
  import({{"2021002.jpg", ""}});  // the same broken file again: recorded once
  EXPECT_EQ(db_.text("SELECT count(*) FROM bad_files"), "2");
  import({{"2021003.jpg", portrait_jpeg(3)}});  // settled by a later import
  EXPECT_EQ(owner->student("2021003")->status, pa::Status::pending);
  EXPECT_EQ(db_.text("SELECT count(*) FROM bad_files WHERE resolved_batch_id IS NOT NULL"), "1");
  import({{"2021001.jpg", "broken"}});  // 2021001's photo of the first import is replaced by a broken file
  {  // a reviewer's workstation sees it, and decides nothing on the older photo
    ScopedEnv pw("PGPASSWORD", "reviewer-password");
    auto store = pa::open_store(db_.tcp_url(reviewer()));
    EXPECT_EQ(store->student("2021001")->status, pa::Status::file_corrupt);
    EXPECT_EQ(store->student("2021003")->status, pa::Status::pending);
    EXPECT_THROW(store->record_decision({"2021001", pa::Verdict::approve, {}, "", reviewer(), ""}), pa::PhotoSuperseded);
  }

  ScopedEnv pw("PGPASSWORD", "coord-password");
  {  // the coordinator's own SQL: their college's rows only, and nothing written
    pa::sql::PgDb raw(db_.tcp_url(coord()));
    EXPECT_EQ(raw.scalar("SELECT count(*) FROM bad_files"), 2);  // of 3: not 2021003's (商学院)
    EXPECT_EQ(raw.scalar("SELECT count(*) FROM bad_files bf JOIN students s ON s.id = bf.student_id "
                         "WHERE s.college = '水利水电学院'"),
              2);
    for (const char* sql : {"DELETE FROM bad_files", "UPDATE bad_files SET error = 'x'",
                            "INSERT INTO bad_files (student_id, file_name, error, sha256, size, batch_id, received_at) "
                            "SELECT student_id, 'x', 'x', 'x', 0, batch_id, 'x' FROM bad_files"})
      EXPECT_THROW(raw.exec(sql), pa::UserError) << sql;
  }
  auto store = pa::open_store(db_.tcp_url(coord()));
  const auto students = store->students({});
  ASSERT_EQ(students.size(), 2u);
  EXPECT_EQ(students[0].status, pa::Status::file_corrupt);
  EXPECT_EQ(students[1].status, pa::Status::file_corrupt);
  ASSERT_TRUE(students[1].bad_file.has_value());
  EXPECT_TRUE(contains(students[1].bad_file->error, "empty")) << students[1].bad_file->error;
}

TEST_F(ServerBadFiles, NoLoginDeletesOrRewritesThemNotEvenTheOwner) {
  import({{"2021001.jpg", ""}});
  EXPECT_THROW(db_.exec("DELETE FROM bad_files"), std::runtime_error);
  EXPECT_THROW(db_.exec("TRUNCATE bad_files"), std::runtime_error);
  EXPECT_THROW(db_.exec("UPDATE bad_files SET error = 'fine'"), std::runtime_error);
  EXPECT_EQ(db_.text("SELECT count(*) FROM bad_files"), "1");
}

}  // namespace
