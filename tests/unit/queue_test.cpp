// The review queue and session (GUI-independent): filters, search, sort, next pending, deciding,
// undo, engine findings kept with the decision, view state persistence.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit_test_util.h"
#include "review/queue.h"
#include "review/session.h"

namespace pa {
namespace {

QueueRow row(const std::string& no, const std::string& name, const std::string& college, const std::string& campus,
             Status st, std::vector<std::pair<std::string, std::string>> findings = {}) {
  QueueRow r;
  r.state.student.student_no = no;
  r.state.student.name = name;
  r.state.student.college = college;
  r.state.student.campus = campus;
  r.state.status = st;
  r.state.submission_id = st == Status::without_photo ? 0 : 1;
  r.state.photo_sha256 = "sha" + no;
  r.analyzed = true;
  for (auto& [code, sev] : findings) {
    r.findings.push_back({code, sev, 1, 2, ""});
    (sev == "fail" ? r.fails : r.warns)++;
  }
  r.suggested_ok = r.fails == 0;
  return r;
}

std::vector<QueueRow> sample() {
  return {row("2021001", "王𠈌", "水利", "南京", Status::pending),
          row("2021002", "李堃", "水利", "南京", Status::pending, {{"blurry", "fail"}}),
          row("2021003", "张喆", "计算机", "南京", Status::approved),
          row("2021004", "陈赟", "计算机", "常州", Status::pending, {{"background", "warn"}}),
          row("2021005", "刘犇", "商学院", "常州", Status::without_photo),
          row("2021006", "Zhao Yi", "商学院", "常州", Status::rejected, {{"blurry", "fail"}, {"head_pose", "fail"}})};
}

std::vector<std::string> visible_nos(const ReviewQueue& q) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < q.size(); ++i) v.push_back(q.at(i).state.student.student_no);
  return v;
}

TEST(Queue, SortsFailuresFirstThenWarningsThenTheRestAndNoPhotoLast) {
  ReviewQueue q(sample());
  EXPECT_EQ(visible_nos(q), (std::vector<std::string>{"2021006", "2021002", "2021004", "2021001", "2021003", "2021005"}));
  QueueFilter f;
  f.sort = QueueFilter::Sort::student_no;
  q.set_filter(f);
  EXPECT_EQ(q.at(0).state.student.student_no, "2021001");
}

TEST(Queue, FiltersByCollegeCampusStatusFindingAndReviewer) {
  ReviewQueue q(sample());
  QueueFilter f;
  f.college = "计算机";
  q.set_filter(f);
  EXPECT_EQ(q.size(), 2u);
  f = {};
  f.campus = "常州";
  f.status = Status::pending;
  q.set_filter(f);
  EXPECT_EQ(visible_nos(q), std::vector<std::string>{"2021004"});
  f = {};
  f.finding = "blurry";
  q.set_filter(f);
  EXPECT_EQ(q.size(), 2u);
  auto rows = sample();
  rows[2].state.decision = DecisionEvent{};
  rows[2].state.decision->reviewer = "李老师";
  q.set_rows(rows);
  f = {};
  f.reviewer = "李老师";
  q.set_filter(f);
  EXPECT_EQ(visible_nos(q), std::vector<std::string>{"2021003"});
  EXPECT_EQ(q.reviewers(), std::vector<std::string>{"李老师"});
  EXPECT_EQ(q.colleges().size(), 3u);
  EXPECT_EQ(q.finding_codes(), (std::vector<std::string>{"background", "blurry", "head_pose"}));
}

TEST(Queue, SearchesByStudentNumberOrName) {
  ReviewQueue q(sample());
  QueueFilter f;
  f.search = "003";
  q.set_filter(f);
  EXPECT_EQ(visible_nos(q), std::vector<std::string>{"2021003"});
  f.search = "堃";
  q.set_filter(f);
  EXPECT_EQ(visible_nos(q), std::vector<std::string>{"2021002"});
  f.search = "zhao";  // ASCII names match case-insensitively
  q.set_filter(f);
  EXPECT_EQ(visible_nos(q), std::vector<std::string>{"2021006"});
  f.search = "𠈌";
  q.set_filter(f);
  EXPECT_EQ(visible_nos(q), std::vector<std::string>{"2021001"});
}

TEST(Queue, NextPendingSkipsDecidedRowsAndWraps) {
  ReviewQueue q(sample());  // order: 006 rej, 002 pend, 004 pend, 001 pend, 003 appr, 005 none
  EXPECT_EQ(q.next_pending(std::nullopt), 1u);
  EXPECT_EQ(q.next_pending(1), 2u);
  EXPECT_EQ(q.next_pending(3), 1u);  // wraps
  EXPECT_EQ(q.prev_pending(1), 3u);
  EXPECT_EQ(q.pending_count(), 3u);
  ReviewQueue empty(std::vector<QueueRow>{row("1", "a", "c", "x", Status::approved)});
  EXPECT_FALSE(empty.next_pending(std::nullopt));
}

TEST(Queue, FiltersTwentyThousandRowsQuickly) {
  std::vector<QueueRow> rows;
  for (int i = 0; i < 20000; ++i)
    rows.push_back(row(std::to_string(2000000 + i), "学生" + std::to_string(i), i % 2 ? "水利" : "商学院", "南京",
                       i % 3 ? Status::pending : Status::approved,
                       i % 7 == 0 ? std::vector<std::pair<std::string, std::string>>{{"blurry", "fail"}}
                                  : std::vector<std::pair<std::string, std::string>>{}));
  ReviewQueue q(std::move(rows));
  EXPECT_EQ(q.size(), 20000u);
  EXPECT_GT(q.at(0).fails, 0);
  QueueFilter f;
  f.search = "19999";
  q.set_filter(f);
  EXPECT_EQ(q.size(), 1u);
}

TEST(Queue, ParsesStoredFindings) {
  bool ok = true;
  auto f = parse_findings(R"J({"ok": false, "findings": [{"code": "blurry", "severity": "fail", "value": 12.5,
                               "threshold": 40, "message": "图像模糊 (blurry)"}], "metrics": {}})J", &ok);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_FALSE(ok);
  EXPECT_EQ(f[0].code, "blurry");
  EXPECT_DOUBLE_EQ(f[0].threshold, 40);
  EXPECT_TRUE(parse_findings("not json").empty());
}

TEST(QueueSession, DecideRecordsAdvancesToNextPendingAndUndoReturns) {
  test::SmallAudit a;
  ReviewSession s(*a.store, "王老师");
  ASSERT_TRUE(s.current());
  const std::string first = s.current()->state.student.student_no;
  EXPECT_EQ(s.current()->state.status, Status::pending);
  auto e = s.decide(Verdict::approve, {}, {});
  EXPECT_EQ(e.student_no, first);
  EXPECT_EQ(a.store->student(first)->status, Status::approved);
  ASSERT_TRUE(s.current());
  EXPECT_NE(s.current()->state.student.student_no, first);
  EXPECT_EQ(s.current()->state.status, Status::pending);

  const std::string second = s.current()->state.student.student_no;
  EXPECT_THROW(s.decide(Verdict::reject, {}, {}), UserError);  // a reason is required
  EXPECT_THROW(s.decide(Verdict::reject, {"other"}, ""), UserError);  // other needs a note
  s.decide(Verdict::reject, {"blurry", "other"}, "耳朵被遮挡");
  EXPECT_EQ(a.store->student(second)->status, Status::rejected);

  auto u = s.undo();
  ASSERT_TRUE(u);
  EXPECT_EQ(u->student_no, second);
  EXPECT_EQ(s.current()->state.student.student_no, second);
  EXPECT_EQ(s.current()->state.status, Status::pending);
}

TEST(QueueSession, EngineFindingsAreKeptWithTheDecision) {
  test::SmallAudit a;
  ReviewSession s(*a.store, "王老师", "q-test");
  const QueueRow* r = s.current();
  ASSERT_TRUE(r);
  const auto sub = r->state.submission_id;
  const std::string no = r->state.student.student_no;
  AnalysisRecord rec{sub, "q-test", false,
                     R"J({"ok":false,"findings":[{"code":"blurry","severity":"fail","value":3,"threshold":40,"message":"m"}],"metrics":{}})J",
                     "2026-01-01T00:00:00.000Z"};
  s.decide(Verdict::approve, {}, {}, rec);  // approve stays one step even when checks failed
  auto stored = a.store->analysis(sub, "q-test");
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->ok);
  EXPECT_NE(stored->result_json.find("blurry"), std::string::npos);
  s.reload();
  ASSERT_TRUE(s.go_to_student(no));
  EXPECT_TRUE(s.current()->has_finding("blurry"));
  EXPECT_EQ(s.current()->state.status, Status::approved);
}

TEST(QueueSession, SuggestedReasonsAreTheFailingCodesInCatalogOrderAndWarningsAreApart) {
  test::SmallAudit a;
  ReviewSession s(*a.store, "r", "q-test");
  ASSERT_NE(s.current(), nullptr);
  const std::string no = s.current()->state.student.student_no;
  const auto sub = s.current()->state.submission_id;
  ASSERT_NE(sub, 0);
  EXPECT_TRUE(s.suggested_reasons().empty());  // nothing analyzed yet
  // The stored result lists background first; the catalog has uneven_lighting first.
  auto catalog_index = [&](const std::string& code) {
    const auto& c = s.catalog();
    return std::find_if(c.begin(), c.end(), [&](const Reason& r) { return r.code == code; }) - c.begin();
  };
  ASSERT_LT(catalog_index("uneven_lighting"), catalog_index("background"));
  ASSERT_LT(catalog_index("background"), static_cast<std::ptrdiff_t>(s.catalog().size()));
  a.store->save_analysis({sub, "q-test", false,
                          R"J({"ok":false,"findings":[{"code":"background","severity":"fail"},{"code":"retouched","severity":"warn"},)J"
                          R"J({"code":"uneven_lighting","severity":"fail"},{"code":"blurry","severity":"warn"},{"code":"blurry","severity":"fail"}]})J",
                          "2026-01-01T00:00:00.000Z"});
  s.reload();
  ASSERT_TRUE(s.go_to_student(no));
  ASSERT_EQ(s.current()->state.submission_id, sub);
  ASSERT_TRUE(s.current()->analyzed);  // the stored result of this engine version reached the row
  // Pre-selected: the failing codes only, in catalog order. A retouching *warning* is not a reason
  // to tell a student the photo was retouched; a code that both warns and fails counts as failing.
  std::vector<std::string> failing{"uneven_lighting", "background", "blurry"};
  std::sort(failing.begin(), failing.end(), [&](const auto& x, const auto& y) { return catalog_index(x) < catalog_index(y); });
  EXPECT_EQ(s.suggested_reasons(), failing);
  EXPECT_EQ(s.warned_reasons(), (std::vector<std::string>{"retouched"}));
}

TEST(QueueSession, ApproveManyCountsOnlyRecordedDecisions) {
  test::SmallAudit a;
  ReviewSession s(*a.store, "r");
  auto shown = [&](const std::string& no) {
    const auto st = a.store->student(no);
    return ReviewSession::ShownPhoto{no, st ? st->submission_id : 0, st ? st->photo_sha256 : "", std::nullopt};
  };
  const auto r = s.approve_many({shown("2021001"), shown("2021002"), shown("2021005") /* no photo */, shown("nobody")});
  EXPECT_EQ(r.decided.size(), 2u);
  EXPECT_EQ(r.refused.size(), 2u);
  EXPECT_EQ(a.store->student("2021002")->status, Status::approved);
}

}  // namespace
}  // namespace pa

namespace pa {
namespace {

TEST(QueueSession, OneUndoTakesBackTheWholeBatchButASingleDecisionAfterItFirst) {
  test::SmallAudit a;
  ReviewSession s(*a.store, "r");
  auto shown = [&](const std::string& no) {
    const QueueRow* row = s.queue().find(no);
    return ReviewSession::ShownPhoto{no, row->state.submission_id, row->state.photo_sha256, std::nullopt};
  };
  ASSERT_TRUE(s.go_to_student("2021004"));
  s.decide(Verdict::approve, {}, "");  // before the batch: not part of it
  const auto batch = s.approve_many({shown("2021001"), shown("2021002")});
  ASSERT_EQ(batch.decided.size(), 2u);
  ASSERT_TRUE(s.go_to_student("2021003"));
  s.decide(Verdict::reject, {"blurry"}, "");  // after the batch: undone on its own first
  auto status = [&](const char* no) { return a.store->student(no)->status; };
  auto e = s.undo();
  ASSERT_TRUE(e);
  EXPECT_EQ(s.undone_count(), 1u);
  EXPECT_EQ(e->student_no, "2021003");
  EXPECT_EQ(status("2021001"), Status::approved);
  e = s.undo();  // the batch, whole
  ASSERT_TRUE(e);
  EXPECT_EQ(s.undone_count(), 2u);
  EXPECT_EQ(status("2021001"), Status::pending);
  EXPECT_EQ(status("2021002"), Status::pending);
  EXPECT_EQ(status("2021004"), Status::approved);
  EXPECT_EQ(s.current()->state.student.student_no, "2021001");  // the batch's first is shown
  e = s.undo();  // then the single decision before it, alone
  ASSERT_TRUE(e);
  EXPECT_EQ(s.undone_count(), 1u);
  EXPECT_EQ(status("2021004"), Status::pending);
}

}  // namespace
}  // namespace pa
