// The reviewer's flow through the queue (GUI-independent): the order kept as analyses arrive (the
// rows already walked stay where they are, J/K meet every student once), the filters for
// resubmissions, corrupt files and recorded reasons, and J/K past students without a photo.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "audit_test_util.h"
#include "review/decisions.h"
#include "review/queue.h"
#include "review/session.h"

namespace pa {
namespace {

QueueRow row(const std::string& no, Status st, int fails = 0, int warns = 0) {
  QueueRow r;
  r.state.student.student_no = no;
  r.state.student.name = "学生" + no;
  r.state.status = st;
  r.state.submission_id = st == Status::without_photo ? 0 : std::stoll(no);
  r.state.photo_sha256 = "sha" + no;
  r.analyzed = true;
  for (int i = 0; i < fails; ++i) r.findings.push_back({"blurry", "fail", 1, 2, ""}), ++r.fails;
  for (int i = 0; i < warns; ++i) r.findings.push_back({"background", "warn", 1, 2, ""}), ++r.warns;
  return r;
}

std::vector<std::string> order(const ReviewQueue& q) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < q.size(); ++i) v.push_back(q.at(i).state.student.student_no);
  return v;
}

// A live analysis of `no` arrives with `fails` failing checks, as the workstation's photo cache
// hands it to the queue (apply_analysis on a copy of the row, then update_row).
void live_result(ReviewQueue& q, const std::string& no, int fails) {
  QueueRow u = *q.find(no);
  std::string findings;
  for (int i = 0; i < fails; ++i) findings += std::string(i ? "," : "") + R"({"code":"blurry","severity":"fail"})";
  apply_analysis(u, u.state.submission_id, R"({"ok":)" + std::string(fails ? "false" : "true") + R"(,"findings":[)" + findings + "]}",
                 fails == 0);
  q.update_row(u);
}

TEST(QueueOrder, FileCorruptRowsComeAfterPhotosAndBeforeStudentsWithoutOne) {
  auto corrupt = row("2021004", Status::file_corrupt, 3);  // findings of an older photo count for nothing
  corrupt.state.bad_file = BadFile{"2021004.jpg", "文件为空 (empty file)", "", "b"};
  ReviewQueue q({row("2021001", Status::pending), row("2021002", Status::without_photo), row("2021003", Status::pending, 1),
                 corrupt});
  EXPECT_EQ(order(q), (std::vector<std::string>{"2021003", "2021001", "2021004", "2021002"}));
  EXPECT_FALSE(q.find("2021004")->has_photo());
  EXPECT_TRUE(q.find("2021001")->has_photo());
}

TEST(QueueOrder, LiveAnalysesMarkTheOrderOutdatedAndAFullResortFollowsTheSort) {
  ReviewQueue q({row("2021001", Status::pending), row("2021002", Status::pending), row("2021003", Status::pending)});
  EXPECT_FALSE(q.sort_outdated());
  live_result(q, "2021001", 0);  // no change of place
  EXPECT_FALSE(q.sort_outdated());
  live_result(q, "2021003", 2);
  EXPECT_TRUE(q.sort_outdated());
  EXPECT_EQ(order(q), (std::vector<std::string>{"2021001", "2021002", "2021003"}));  // nothing moves by itself
  EXPECT_TRUE(q.resort(std::nullopt));
  EXPECT_EQ(order(q), (std::vector<std::string>{"2021003", "2021001", "2021002"}));
  EXPECT_FALSE(q.sort_outdated());
  EXPECT_FALSE(q.resort(std::nullopt));
  // Under another sort a live analysis moves nothing.
  QueueFilter f;
  f.sort = QueueFilter::Sort::student_no;
  q.set_filter(f);
  live_result(q, "2021002", 3);
  EXPECT_FALSE(q.sort_outdated());
}

TEST(QueueOrder, KeepingThePositionSortsOnlyTheRowsAfterIt) {
  ReviewQueue q({row("2021001", Status::pending), row("2021002", Status::pending), row("2021003", Status::pending),
                 row("2021004", Status::pending), row("2021005", Status::pending)});
  live_result(q, "2021001", 1);  // above the position: stays
  live_result(q, "2021005", 2);  // after it: moves up to just after the position
  ASSERT_TRUE(q.resort(1));
  EXPECT_EQ(order(q), (std::vector<std::string>{"2021001", "2021002", "2021005", "2021003", "2021004"}));
  EXPECT_TRUE(q.sort_outdated());  // the rows above may be out of order until a full resort
  EXPECT_FALSE(q.resort(1));       // …which keeping the position does not do
  ASSERT_TRUE(q.resort(std::nullopt));
  EXPECT_EQ(order(q), (std::vector<std::string>{"2021005", "2021001", "2021002", "2021003", "2021004"}));
}

// The reviewer walks the queue with J while analyses arrive in any order and the workstation
// resorts every frame: every student is met exactly once, K walks back over the same students.
TEST(QueueOrder, WalkingWithJWhileAnalysesArriveMeetsEveryStudentOnce) {
  test::TempDir dir;
  const int n = 40;
  std::vector<test::RosterRow> rows;
  for (int i = 0; i < n; ++i) rows.push_back({std::to_string(2021100 + i), "学生", "", "", "学院", "", "", ""});
  test::write_file(dir / "r.csv", test::roster_csv(rows));
  for (int i = 0; i < n; ++i) test::write_file(dir / "p" / (rows[static_cast<std::size_t>(i)].student_no + ".jpg"), test::portrait_jpeg(i));
  auto store = create_store((dir / "a.db").string());
  test::run_import(*store, dir / "r.csv", dir / "p");
  ReviewSession s(*store, "王老师", "engine-x");  // no stored analyses: every one arrives live
  std::vector<std::string> met = {s.current()->state.student.student_no};
  for (int step = 0; step < 3 * n; ++step) {
    // Some analysis arrives (the row under the cursor's too, and rows already walked past).
    const std::string& no = rows[static_cast<std::size_t>((step * 7) % n)].student_no;
    if (!s.queue().find(no)->fails) live_result(s.queue(), no, 1 + step % 3);
    const std::string before = s.current()->state.student.student_no;
    s.resort(true);
    EXPECT_EQ(s.current()->state.student.student_no, before) << "the row under the cursor moved";
    if (step % 3 == 0) {
      const auto pos = *s.position();
      s.next();
      if (*s.position() != pos) met.push_back(s.current()->state.student.student_no);
    }
  }
  while (true) {
    const auto pos = *s.position();
    s.next();
    s.resort(true);
    if (*s.position() == pos) break;
    met.push_back(s.current()->state.student.student_no);
  }
  EXPECT_EQ(met.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(std::set<std::string>(met.begin(), met.end()).size(), static_cast<std::size_t>(n)) << "a student met twice";
  // K walks back over exactly the same students, newest first.
  for (std::size_t k = met.size(); k-- > 1;) {
    s.previous();
    EXPECT_EQ(s.current()->state.student.student_no, met[k - 1]);
  }
  // A full resort (the queue screen) keeps the current student current wherever it lands.
  const std::string cur = s.current()->state.student.student_no;
  s.resort(false);
  EXPECT_EQ(s.current()->state.student.student_no, cur);
  EXPECT_FALSE(s.queue().sort_outdated());
}

TEST(QueueFilters, ResubmittedFileCorruptAndTheReasonsRecorded) {
  auto rejected = row("2021001", Status::rejected);
  rejected.state.decision = DecisionEvent{};
  rejected.state.decision->reasons = {"blurry", "background"};
  auto again = row("2021002", Status::pending);
  again.state.resubmitted = true;
  auto reshoot = row("2021003", Status::reshoot);
  reshoot.state.decision = DecisionEvent{};
  reshoot.state.decision->reasons = {"head_pose"};
  reshoot.state.resubmitted = true;  // sent again, and flagged again
  auto corrupt = row("2021004", Status::file_corrupt);
  corrupt.state.bad_file = BadFile{"2021004.jpg", "文件为空 (empty file)", "", "b"};
  ReviewQueue q({rejected, again, reshoot, corrupt, row("2021005", Status::pending)});
  QueueFilter f;
  f.sort = QueueFilter::Sort::student_no;
  f.resubmitted = true;
  q.set_filter(f);
  EXPECT_EQ(order(q), (std::vector<std::string>{"2021002", "2021003"}));
  f.resubmitted = false;
  f.status = Status::file_corrupt;
  q.set_filter(f);
  EXPECT_EQ(order(q), std::vector<std::string>{"2021004"});
  f.status.reset();
  f.reason = "background";
  q.set_filter(f);
  EXPECT_EQ(order(q), std::vector<std::string>{"2021001"});
  f.reason = "head_pose";
  f.resubmitted = true;
  q.set_filter(f);
  EXPECT_EQ(order(q), std::vector<std::string>{"2021003"});
  EXPECT_EQ(q.reason_codes(), (std::vector<std::string>{"background", "blurry", "head_pose"}));
  EXPECT_TRUE(q.all()[0].has_reason("blurry"));
  EXPECT_FALSE(q.all()[1].has_reason("blurry"));
}

TEST(QueueSkip, NextAndPreviousCanPassOverStudentsWithoutAPhoto) {
  test::TempDir dir;
  test::write_file(dir / "r.csv", test::roster_csv({{"2021001", "甲", "", "", "", "", "", ""},
                                                    {"2021002", "乙", "", "", "", "", "", ""},
                                                    {"2021003", "丙", "", "", "", "", "", ""},
                                                    {"2021004", "丁", "", "", "", "", "", ""},
                                                    {"2021005", "戊", "", "", "", "", "", ""}}));
  test::write_file(dir / "p" / "2021001.jpg", test::portrait_jpeg(1));
  test::write_file(dir / "p" / "2021003.jpg", "");  // corrupt: nothing to look at either
  test::write_file(dir / "p" / "2021005.jpg", test::portrait_jpeg(5));
  auto store = create_store((dir / "a.db").string());
  test::run_import(*store, dir / "r.csv", dir / "p");
  ReviewSession s(*store, "王老师");
  QueueFilter f;
  f.sort = QueueFilter::Sort::student_no;
  s.set_filter(f);
  s.go_to(0);
  auto at = [&] { return s.current()->state.student.student_no; };
  s.next(true);
  EXPECT_EQ(at(), "2021005");
  s.next(true);  // nothing with a photo after it: stays
  EXPECT_EQ(at(), "2021005");
  s.previous(true);
  EXPECT_EQ(at(), "2021001");
  s.previous(true);
  EXPECT_EQ(at(), "2021001");
  s.next();  // without skipping: every student
  EXPECT_EQ(at(), "2021002");
  s.next();
  EXPECT_EQ(at(), "2021003");
  EXPECT_EQ(s.current()->state.status, Status::file_corrupt);
  EXPECT_FALSE(s.current()->has_photo());
}

}  // namespace
}  // namespace pa
