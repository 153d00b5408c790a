// Stats and export: counts derived from the decision events, and CSV for the office (BOM, Chinese
// headers and labels, masked ID numbers, formula-safe cells, RFC 4180 quoting).
#include <gtest/gtest.h>

#include <algorithm>

#include "audit_test_util.h"
#include "review/decisions.h"
#include "review/export.h"
#include "review/stats.h"

namespace {

using namespace pa::test;
using pa::Verdict;

const std::string kBom = "\xEF\xBB\xBF";
const std::string kWater = "水利水电学院";
const std::string kSoftware = "计算机与软件学院";
const std::string kBusiness = "商学院";

// ---------------------------------------------------------------------------------------------
// Stats

class Stats : public ::testing::Test {
 protected:
  SmallAudit a;
  void SetUp() override {
    pa::decide(*a.store, {"2021001", Verdict::approve, {}, "", "alice"});
    pa::decide(*a.store, {"2021002", Verdict::reject, {"background", "blurry"}, "", "alice"});
    pa::decide(*a.store, {"2021003", Verdict::reshoot, {"blurry"}, "", "bob"});
    // 2021004 pending, 2021005 without a photo
  }
};

void expect_counts(const pa::StatusCounts& c, int students, int submissions, int pending, int approved,
                   int rejected, int reshoot, int without_photo, const std::string& what) {
  EXPECT_EQ(c.students, students) << what;
  EXPECT_EQ(c.submissions, submissions) << what;
  EXPECT_EQ(c.pending, pending) << what;
  EXPECT_EQ(c.approved, approved) << what;
  EXPECT_EQ(c.rejected, rejected) << what;
  EXPECT_EQ(c.reshoot, reshoot) << what;
  EXPECT_EQ(c.without_photo, without_photo) << what;
}

TEST_F(Stats, CountsPerStatusCollegeAndReason) {
  auto s = pa::compute_stats(*a.store, {});
  expect_counts(s.total, 5, 4, 1, 1, 1, 1, 1, "total");
  ASSERT_EQ(s.by_college.size(), 3u);
  expect_counts(s.by_college.at(kWater), 2, 2, 0, 1, 1, 0, 0, kWater);
  expect_counts(s.by_college.at(kSoftware), 2, 2, 1, 0, 0, 1, 0, kSoftware);
  expect_counts(s.by_college.at(kBusiness), 1, 0, 0, 0, 0, 0, 1, kBusiness);
  EXPECT_EQ(s.by_reason, (std::map<std::string, int>{{"blurry", 2}, {"background", 1}}));
}

TEST_F(Stats, CollegeScope) {
  auto s = pa::compute_stats(*a.store, {kWater});
  expect_counts(s.total, 2, 2, 0, 1, 1, 0, 0, "water total");
  ASSERT_EQ(s.by_college.size(), 1u);
  EXPECT_EQ(s.by_college.begin()->first, kWater);
  EXPECT_EQ(s.by_reason, (std::map<std::string, int>{{"blurry", 1}, {"background", 1}}));
  auto none = pa::compute_stats(*a.store, {std::string("不存在学院")});
  expect_counts(none.total, 0, 0, 0, 0, 0, 0, 0, "empty scope");
}

TEST_F(Stats, FollowUndoAndReshootRounds) {
  ASSERT_TRUE(a.store->undo_last("bob").has_value());  // 2021003 back to pending
  write_file(a.photos / "2021002.jpg", portrait_jpeg(60));  // reshoot of the rejected photo
  run_import(*a.store, a.roster, a.photos);
  auto s = pa::compute_stats(*a.store, {});
  expect_counts(s.total, 5, 4, 3, 1, 0, 0, 1, "after undo and reshoot");
  EXPECT_TRUE(s.by_reason.empty());
}

TEST_F(Stats, JsonHasTheDocumentedKeys) {
  auto j = pa::to_json(pa::compute_stats(*a.store, {}));
  for (const char* k : {"students", "submissions", "pending", "approved", "rejected", "reshoot",
                        "without_photo", "by_college", "by_reason"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["students"], 5);
  EXPECT_EQ(j["without_photo"], 1);
  EXPECT_EQ(j["by_college"][kSoftware]["reshoot"], 1);
  EXPECT_EQ(j["by_reason"]["blurry"], 2);
  const std::string text = pa::to_text(pa::compute_stats(*a.store, {}), a.store->reasons());
  EXPECT_TRUE(contains(text, "图像模糊")) << text;
}

// ---------------------------------------------------------------------------------------------
// Export

const std::string kTrickyNote = "他说\"不行\", 明天\n重拍";
const std::string kFormulaNote = "=HYPERLINK(\"http://evil.example\")";

class Export : public ::testing::Test {
 protected:
  SmallAudit a;
  void SetUp() override {
    pa::decide(*a.store, {"2021001", Verdict::approve, {}, "", "alice"});
    pa::decide(*a.store, {"2021002", Verdict::reshoot, {"background", "blurry"}, kTrickyNote, "bob"});
    pa::decide(*a.store, {"2021003", Verdict::reject, {"other"}, kFormulaNote, "alice"});
    pa::decide(*a.store, {"2021004", Verdict::reshoot, {"head_pose"}, "@home +1", "-carol"});
    // 2021005 has no photo
  }

  std::string csv(pa::ExportKind kind, std::optional<std::string> college = {}, bool reveal = false) {
    return pa::to_csv(pa::build_export(*a.store, {kind, {college}, reveal}));
  }
  static std::vector<std::vector<std::string>> rows_of(const std::string& csv) {
    EXPECT_EQ(csv.substr(0, 3), kBom);
    return parse_csv(csv.substr(3));
  }
  static std::vector<std::string> column(const std::vector<std::vector<std::string>>& rows,
                                         const std::string& header) {
    auto it = std::find(rows.at(0).begin(), rows.at(0).end(), header);
    EXPECT_NE(it, rows[0].end()) << header;
    if (it == rows[0].end()) return {};
    const auto c = static_cast<std::size_t>(it - rows[0].begin());
    std::vector<std::string> out;
    for (std::size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i].at(c));
    return out;
  }
  const RosterRow& row(const std::string& no) const {
    return *std::find_if(a.rows.begin(), a.rows.end(), [&](const RosterRow& r) { return r.student_no == no; });
  }
};

TEST_F(Export, DecisionsCsvHasBomChineseHeadersAndLabels) {
  const std::string text = csv(pa::ExportKind::decisions);
  ASSERT_TRUE(text.starts_with(kBom));
  EXPECT_NE(text.find("\r\n"), std::string::npos);
  auto rows = rows_of(text);
  ASSERT_EQ(rows.size(), 5u);  // header + 4 decided students
  // The headers, in its order.
  const std::vector<std::string> wanted = {"学号", "姓名", "学院", "专业", "班级", "校区",
                                           "结论", "原因", "备注", "审核人", "时间"};
  std::size_t pos = 0;
  for (const auto& h : wanted) {
    auto it = std::find(rows[0].begin() + static_cast<long>(pos), rows[0].end(), h);
    ASSERT_NE(it, rows[0].end()) << h << " missing or out of order";
    pos = static_cast<std::size_t>(it - rows[0].begin()) + 1;
  }
  for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size());

  EXPECT_EQ(column(rows, "学号"), (std::vector<std::string>{"2021001", "2021002", "2021003", "2021004"}));
  EXPECT_EQ(column(rows, "姓名"), (std::vector<std::string>{"王𠈌", "李堃", "张喆", "陈赟"}));
  EXPECT_EQ(column(rows, "学院"), (std::vector<std::string>{kWater, kWater, kSoftware, kSoftware}));
  EXPECT_EQ(column(rows, "结论"), (std::vector<std::string>{"合格", "需重拍", "不合格", "需重拍"}));
  const auto reasons = column(rows, "原因");
  EXPECT_EQ(reasons[0], "");
  EXPECT_EQ(reasons[1], "图像模糊；背景不均匀或不是规定底色");
  EXPECT_EQ(reasons[2], "其他（须填写说明）");
  EXPECT_EQ(reasons[3], "俯视、仰视、侧脸或歪头（俯拍、仰拍）");
  EXPECT_EQ(column(rows, "审核人")[1], "bob");
  const auto times = column(rows, "时间");
  for (const auto& t : times) EXPECT_EQ(t.size(), 19u) << t;  // "2026-11-23 21:45:12"
  for (const auto& code : {"blurry", "background", "head_pose"})
    EXPECT_FALSE(contains(text, code)) << "reason codes must be exported as labels: " << code;
}

TEST_F(Export, IdNumbersAreMaskedUnlessRevealed) {
  const std::string text = csv(pa::ExportKind::decisions);
  auto rows = rows_of(text);
  const auto ids = column(rows, "身份证号");
  ASSERT_EQ(ids.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string& full = a.rows[i].id_number;
    EXPECT_EQ(ids[i], full.substr(0, 4) + "**********" + full.substr(14));
    EXPECT_FALSE(contains(text, full)) << "full ID number leaked";
  }
  EXPECT_EQ(ids[0].substr(0, 4), "3201");
  EXPECT_EQ(ids[0].size(), 18u);

  auto revealed = column(rows_of(csv(pa::ExportKind::decisions, {}, true)), "身份证号");
  EXPECT_EQ(revealed[0], a.rows[0].id_number);
}

TEST_F(Export, ReshootAndMissingListsHoldExactlyTheRightStudents) {
  EXPECT_EQ(column(rows_of(csv(pa::ExportKind::reshoot)), "学号"),
            (std::vector<std::string>{"2021002", "2021004"}));
  auto missing = rows_of(csv(pa::ExportKind::missing));
  EXPECT_EQ(column(missing, "学号"), (std::vector<std::string>{"2021005"}));
  EXPECT_EQ(column(missing, "姓名"), (std::vector<std::string>{"刘犇"}));
  EXPECT_EQ(std::find(missing[0].begin(), missing[0].end(), "结论"), missing[0].end());

  // After an undo the student leaves the reshoot list; after a reshoot photo arrives too.
  ASSERT_TRUE(a.store->undo_last("-carol").has_value());
  write_file(a.photos / "2021002.jpg", portrait_jpeg(70));
  write_file(a.photos / "2021005.jpg", portrait_jpeg(71));
  run_import(*a.store, a.roster, a.photos);
  EXPECT_EQ(rows_of(csv(pa::ExportKind::reshoot)).size(), 1u);  // header only
  EXPECT_EQ(rows_of(csv(pa::ExportKind::missing)).size(), 1u);
  EXPECT_EQ(column(rows_of(csv(pa::ExportKind::decisions)), "学号"),
            (std::vector<std::string>{"2021001", "2021003"}));
}

TEST_F(Export, CollegeFilter) {
  EXPECT_EQ(column(rows_of(csv(pa::ExportKind::decisions, kWater)), "学号"),
            (std::vector<std::string>{"2021001", "2021002"}));
  EXPECT_EQ(column(rows_of(csv(pa::ExportKind::reshoot, kSoftware)), "学号"),
            (std::vector<std::string>{"2021004"}));
  EXPECT_EQ(column(rows_of(csv(pa::ExportKind::missing, kBusiness)), "学号"),
            (std::vector<std::string>{"2021005"}));
  EXPECT_EQ(rows_of(csv(pa::ExportKind::missing, kWater)).size(), 1u);
}

TEST_F(Export, FormulaCellsAreNeutralisedAndNotesAreEscaped) {
  const std::string text = csv(pa::ExportKind::decisions);
  auto rows = rows_of(text);
  const auto notes = column(rows, "备注");
  EXPECT_EQ(notes[1], kTrickyNote);  // quotes, comma and newline survive the round trip
  EXPECT_EQ(notes[2], "'" + kFormulaNote);
  EXPECT_EQ(notes[3], "'@home +1");
  EXPECT_EQ(column(rows, "审核人")[3], "'-carol");
  for (const auto& r : rows)
    for (const auto& cell : r)
      EXPECT_TRUE(cell.empty() || std::string("=+-@\t\r").find(cell[0]) == std::string::npos) << cell;
  // The raw text: the tricky note is one quoted field with doubled quotes.
  EXPECT_TRUE(contains(text, "\"他说\"\"不行\"\", 明天\n重拍\"")) << text;
  EXPECT_TRUE(contains(text, "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")) << text;
}

TEST(ExportCsv, NeutraliseAndQuoteRules) {
  EXPECT_EQ(pa::neutralise_formula("=1+1"), "'=1+1");
  EXPECT_EQ(pa::neutralise_formula("+86 138"), "'+86 138");
  EXPECT_EQ(pa::neutralise_formula("-1"), "'-1");
  EXPECT_EQ(pa::neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(pa::neutralise_formula("\tx"), "'\tx");
  EXPECT_EQ(pa::neutralise_formula("王𠈌"), "王𠈌");
  EXPECT_EQ(pa::neutralise_formula("1=1"), "1=1");
  EXPECT_EQ(pa::neutralise_formula(""), "");

  pa::ExportTable t{{"学号", "备注"}, {{"2021001", "a,b"}, {"2021002", "say \"hi\""}, {"=cmd", "line1\r\nline2"}}};
  EXPECT_EQ(pa::to_csv(t), kBom +
                               "学号,备注\r\n"
                               "2021001,\"a,b\"\r\n"
                               "2021002,\"say \"\"hi\"\"\"\r\n"
                               "'=cmd,\"line1\r\nline2\"\r\n");
}

TEST(ExportKind, FromString) {
  EXPECT_EQ(pa::export_kind_from_string("decisions"), pa::ExportKind::decisions);
  EXPECT_EQ(pa::export_kind_from_string("reshoot"), pa::ExportKind::reshoot);
  EXPECT_EQ(pa::export_kind_from_string("missing"), pa::ExportKind::missing);
  EXPECT_FALSE(pa::export_kind_from_string("xlsx").has_value());
}

}  // namespace
