// The coordinators' and trainers' work, core and CLI: the college scope (one decorator over the store, every path through it),
// reproducible spot-check samples, second reviews and their settlement, the notify list, the
// calendar, the dashboard's figures, and exports read back as workbooks and as UTF-8-BOM CSV.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "audit_test_util.h"
#include "core/assets.h"
#include "core/idcard.h"
#include "review/calendar.h"
#include "review/coordination.h"
#include "review/dashboard.h"
#include "review/decisions.h"
#include "review/export_files.h"
#include "review/trainer.h"
#include "review/xlsx_export.h"
#include "store/scoped_store.h"

namespace {

using namespace pa::test;
using pa::Verdict;

const std::string kWater = "水利水电学院";
const std::string kSoftware = "计算机与软件学院";
const std::string kBom = "\xEF\xBB\xBF";

// SmallAudit with decisions: water 2021001 approve, 2021002 reject; software 2021003 reshoot,
// 2021004 reject (its note looks like a formula); business 2021005 has no photo.
struct Decided : ::testing::Test {
  SmallAudit a;
  void SetUp() override {
    pa::decide(*a.store, {"2021001", Verdict::approve, {}, "", "alice"});
    pa::decide(*a.store, {"2021002", Verdict::reject, {"uneven_lighting"}, "左脸偏暗", "alice", "左脸偏暗"});
    pa::decide(*a.store, {"2021003", Verdict::reshoot, {"blurry", "glasses_glare"}, "", "bob"});
    pa::decide(*a.store, {"2021004", Verdict::reject, {"background", "other"}, "=1+1", "bob"});
  }
  std::unique_ptr<pa::AuditStore> water() { return pa::open_audit(a.db.string(), kWater); }
  // Every string identifying a student outside the water college.
  std::vector<std::string> others() const {
    std::vector<std::string> v;
    for (const auto& r : a.rows)
      if (r.college != kWater) v.insert(v.end(), {r.student_no, r.name, r.id_number});
    return v;
  }
  void expect_no_other_college(const std::string& text, const std::string& where) const {
    for (const auto& s : others()) EXPECT_FALSE(contains(text, s)) << where << " leaks " << s << ":\n" << text;
    EXPECT_FALSE(contains(text, kSoftware)) << where;
    EXPECT_FALSE(contains(text, "商学院")) << where;
  }
};

// ---- the scope ------------------------------------------------------------------------------

TEST_F(Decided, ScopeStoreShowsOnlyItsCollegeOnEveryRead) {
  auto s = water();
  auto students = s->students({});
  ASSERT_EQ(students.size(), 2u);
  for (const auto& st : students) EXPECT_EQ(st.student.college, kWater);
  EXPECT_TRUE(s->students({std::string("商学院")}).empty());  // asking for another college gives nothing
  EXPECT_FALSE(s->student("2021003"));
  EXPECT_TRUE(s->history("2021003").empty());
  EXPECT_TRUE(s->submissions("2021003").empty());
  const auto other_sha = a.store->student("2021003")->photo_sha256;
  EXPECT_FALSE(s->photo_bytes(other_sha));
  EXPECT_TRUE(s->photo_bytes(a.store->student("2021001")->photo_sha256));
  for (const auto& e : s->decision_events({})) EXPECT_TRUE(e.student_no == "2021001" || e.student_no == "2021002");
  EXPECT_EQ(s->decision_events({}).size(), 2u);
  for (const auto& sub : s->submissions_without_analysis("v-test")) EXPECT_NE(sub.student_no, "2021003");
}

TEST_F(Decided, ScopeStoreRefusesWritesAboutOtherCollegesAndTheOfficesOwnOperations) {
  auto s = water();
  user_error_from([&] { pa::decide(*s, {"2021003", Verdict::approve, {}, "", "coord"}); });
  user_error_from([&] { s->mark_teaching_example("2021003", {"blurry"}, "coord"); });
  const auto other_decision = a.store->student("2021003")->decision->id;
  user_error_from([&] { s->record_spot_check({other_decision, "coord", true, {}, "", ""}); });
  user_error_from([&] { s->set_meta_value(pa::kCalendarMetaKey, "{}"); });
  user_error_from([&] { s->begin_import({"b", "r", "p"}); });
  auto check = pa::record_second_review(*a.store, "2021002", false, {"background"}, "", "coord");
  user_error_from([&] { s->settle_spot_check({check.id, "coord", "spot_check", ""}); });
  EXPECT_EQ(a.store->student("2021003")->decision->kind, "reshoot");  // nothing changed
}

TEST_F(Decided, ScopeMisspeltCollegeIsRefusedNamingTheColleges) {
  auto e = user_error_from([&] { pa::open_audit(a.db.string(), "水利学院"); });
  EXPECT_TRUE(contains(e.what(), kWater)) << e.what();
}

TEST_F(Decided, ScopeCliStatsExportNotifyShowOnlyTheCollege) {
  auto stats = run_cli({"stats", "--db", a.db.string(), "--college", kWater, "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  auto j = nlohmann::json::parse(stats.out);
  EXPECT_EQ(j["students"], 2);
  EXPECT_EQ(j["by_college"].size(), 1u);
  EXPECT_TRUE(j["by_college"].contains(kWater));

  for (const char* what : {"decisions", "reshoot", "missing"}) {
    const auto csv = a.dir / (std::string(what) + ".csv");
    auto r = run_cli({"export", "--db", a.db.string(), "--what", what, "--format", "csv", "--college", kWater,
                      "--out", csv.string(), "--reveal-ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_no_other_college(read_file(csv), std::string("export ") + what);
    const auto xlsx = a.dir / (std::string(what) + ".xlsx");
    r = run_cli({"export", "--db", a.db.string(), "--what", what, "--format", "xlsx", "--by-college", "--college",
                 kWater, "--out", xlsx.string(), "--reveal-ids"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto notify = run_cli({"notify", "--db", a.db.string(), "--college", kWater});
  ASSERT_EQ(notify.exit_code, 0) << notify.err;
  EXPECT_TRUE(contains(notify.out, "2021002")) << notify.out;
  expect_no_other_college(notify.out, "notify");
  auto sample = run_cli({"spotcheck", "sample", "--db", a.db.string(), "--college", kWater, "--seed", "s", "--percent", "100"});
  ASSERT_EQ(sample.exit_code, 0) << sample.err;
  expect_no_other_college(sample.out, "spotcheck sample");
  auto foreign = run_cli({"spotcheck", "record", "--db", a.db.string(), "--college", kWater, "--student", "2021003",
                          "--agree", "--checker", "coord"});
  EXPECT_NE(foreign.exit_code, 0);
}

// ---- sampling, second reviews, settlement -----------------------------------------------------

TEST(Sample, SeededOrderIsReproducibleAndDependsOnTheSeed) {
  std::vector<std::string> keys;
  for (int i = 0; i < 200; ++i) keys.push_back("21" + std::to_string(100000 + i));
  EXPECT_EQ(pa::seeded_order(keys, "2024"), pa::seeded_order(keys, "2024"));
  EXPECT_NE(pa::seeded_order(keys, "2024"), pa::seeded_order(keys, "2025"));
  auto sorted = pa::seeded_order(keys, "x");
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);  // a permutation
}

TEST_F(Decided, SampleTakesDecidedPhotosOfTheScopeByPercentOrCount) {
  auto nos = [](const std::vector<pa::StudentState>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.student.student_no);
    return out;
  };
  const auto all = pa::draw_sample(*a.store, {}, {"seed", 100, 0});
  EXPECT_EQ(all.size(), 4u);  // 2021005 has no photo, hence no decision
  EXPECT_EQ(pa::draw_sample(*a.store, {}, {"seed", 50, 0}).size(), 2u);
  EXPECT_EQ(pa::draw_sample(*a.store, {}, {"seed", 1, 0}).size(), 1u);  // rounded up: never an empty sample
  EXPECT_EQ(nos(pa::draw_sample(*a.store, {}, {"seed", 0, 3})), nos(pa::draw_sample(*a.store, {}, {"seed", 0, 3})));
  std::set<std::vector<std::string>> orders;
  for (const char* seed : {"a", "b", "c", "d", "e", "f"}) orders.insert(nos(pa::draw_sample(*a.store, {}, {seed, 100, 0})));
  EXPECT_GT(orders.size(), 1u);  // different seeds, different samples
  for (const auto& s : pa::draw_sample(*water(), {}, {"seed", 100, 0})) EXPECT_EQ(s.student.college, kWater);
  user_error_from([&] { pa::draw_sample(*a.store, {}, {"", 10, 0}); });
  user_error_from([&] { pa::draw_sample(*a.store, {}, {"s", 0, 0}); });
}

TEST_F(Decided, CoordSecondReviewsAreRecordedAndDisagreementsSettledOnce) {
  auto s = water();
  auto agree = pa::record_second_review(*s, "2021001", true, {}, "", "水利协调人", "seed=1;percent=10");
  EXPECT_TRUE(agree.agree);
  EXPECT_EQ(agree.decision_kind, "approve");
  EXPECT_EQ(agree.sample, "seed=1;percent=10");
  user_error_from([&] { pa::record_second_review(*s, "2021002", false, {}, "", "水利协调人"); });  // no reason
  user_error_from([&] { pa::record_second_review(*s, "2021002", false, {"nonsense"}, "", "水利协调人"); });
  auto dis = pa::record_second_review(*s, "2021002", false, {"background"}, "背景也不均匀", "水利协调人");
  EXPECT_EQ(dis.decision_reasons, std::vector<std::string>{"uneven_lighting"});
  EXPECT_EQ(dis.reasons, std::vector<std::string>{"background"});

  auto open = pa::disagreements(*a.store, {}, true);
  ASSERT_EQ(open.size(), 1u);  // the agreement is not a disagreement
  EXPECT_EQ(open[0].check.id, dis.id);
  user_error_from([&] { pa::settle(*a.store, agree.id, "first_review", "", "学籍科"); });  // agreed: nothing to settle
  auto settled = pa::settle(*a.store, dis.id, "spot_check", "采纳", "学籍科张老师");
  EXPECT_EQ(settled.settled_by, "学籍科张老师");
  user_error_from([&] { pa::settle(*a.store, dis.id, "first_review", "", "学籍科"); });  // once only
  EXPECT_TRUE(pa::disagreements(*a.store, {}, true).empty());
  auto all = pa::disagreements(*s, {});
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].settlement);
  EXPECT_EQ(all[0].settlement->outcome, "spot_check");

  RawDb raw(a.db);  // append-only, like decisions
  EXPECT_NE(raw.try_exec("UPDATE spot_checks SET agree = 1"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("DELETE FROM settlements"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("DELETE FROM spot_check_reasons"), SQLITE_OK);
}

// ---- notify, calendar, dashboard ----------------------------------------------------------------

TEST_F(Decided, NotifyListsWhoMustReshootAndWhyInPlainChinese) {
  // The audit's own calendar (the notice's dates, as a school would enter them), before they pass.
  pa::set_audit_calendar(*a.store, pa::asset_text("calendar.json"));
  const auto cal = pa::load_calendar(*a.store);
  auto t = pa::build_notify(*a.store, {}, cal, "2024-04-01");
  std::map<std::string, std::vector<std::string>> by_no;
  for (const auto& r : t.rows) by_no[r[0]] = r;
  EXPECT_FALSE(by_no.count("2021001"));  // approved: nothing to tell
  ASSERT_TRUE(by_no.count("2021002"));
  EXPECT_TRUE(contains(by_no["2021002"][5], "脸部光线不均匀")) << by_no["2021002"][5];
  EXPECT_TRUE(contains(by_no["2021002"][5], "左脸偏暗"));
  EXPECT_TRUE(contains(by_no["2021002"][6], "面对光源较好的方向"));  // 附件2 问题一's advice
  EXPECT_TRUE(contains(by_no["2021002"][7], "2024年5月10日"));          // 南京校区's reshoot day
  ASSERT_TRUE(by_no.count("2021005"));
  EXPECT_EQ(by_no["2021005"][4], "尚未提交照片");
  EXPECT_TRUE(contains(by_no["2021005"][7], "2024年4月12日"));          // 常州校区
  const std::string text = pa::notify_text(t);
  EXPECT_TRUE(contains(text, "李堃 同学（学号 2021002")) << text;
  EXPECT_FALSE(contains(text, "请请")) << text;
  EXPECT_TRUE(contains(text, "图像模糊；眼镜反光"));
}

TEST(Calendar, PhasesOfTheNoticeWithDaysLeft) {
  const auto cal = pa::parse_calendar(pa::asset_text("calendar.json"));
  const auto* nj = cal.find("南京校区");
  ASSERT_TRUE(nj);
  auto p = pa::phase_on(*nj, "2024-04-29");
  EXPECT_EQ(p.state, pa::PhaseNow::State::during);
  EXPECT_EQ(p.phase->id, "review");
  EXPECT_EQ(p.days_left, 11);  // 4/29 .. 5/9 inclusive
  p = pa::phase_on(*nj, "2024-05-10");
  EXPECT_EQ(p.phase->id, "reshoot");
  EXPECT_EQ(p.days_left, 1);
  p = pa::phase_on(*nj, "2024-04-15");
  EXPECT_EQ(p.state, pa::PhaseNow::State::before);
  EXPECT_EQ(p.days_left, 5);
  EXPECT_EQ(pa::phase_on(*nj, "2024-05-11").state, pa::PhaseNow::State::after);
  EXPECT_EQ(pa::describe_zh(pa::phase_on(*nj, "2024-05-08")), "学校审核 · 还剩 2 天");
  EXPECT_EQ(cal.daily_from, "08:00");
  EXPECT_EQ(cal.daily_to, "18:00");
  const auto* cz = cal.find("常州校区");
  ASSERT_TRUE(cz);
  EXPECT_EQ(pa::date_range_zh(*cz->find("capture")), "2024年3月30日—4月6日");
}

TEST(Calendar, AnAuditCarriesItsOwnCalendarAndBadOnesAreRefused) {
  SmallAudit a;
  EXPECT_FALSE(pa::load_calendar(*a.store).has_value());  // none until the audit sets its own
  const std::string own = R"({"title":"2026届","campuses":[{"campus":"南京校区","phases":[
      {"id":"capture","label_zh":"初次采集","from":"2026-04-01","to":"2026-04-05"}]}]})";
  pa::set_audit_calendar(*a.store, own);
  auto reopened = pa::create_store(a.db.string());
  EXPECT_EQ(pa::load_calendar(*reopened)->title, "2026届");
  user_error_from([&] { pa::parse_calendar(R"({"campuses":[{"campus":"x","phases":[{"id":"a","from":"2026-04-05","to":"2026-04-01"}]}]})"); });
  user_error_from([&] { pa::parse_calendar(R"({"campuses":[{"campus":"x","phases":[{"id":"a","from":"2026-02-30","to":"2026-03-01"}]}]})"); });
  user_error_from([&] { a.store->set_meta_value("reasons_sha256", "x"); });  // bookkeeping keys are not settings
}

TEST(Dashboard, ThroughputPerHourPerReviewer) {
  auto ev = [](const char* who, const char* at, const char* kind = "approve") {
    pa::DecisionEvent e;
    e.reviewer = who;
    e.at = at;
    e.kind = kind;
    return e;
  };
  auto t = pa::hourly_throughput({ev("甲", "2024-04-29T01:10:00.000Z"), ev("甲", "2024-04-29T01:50:00.000Z"),
                                  ev("甲", "2024-04-29T03:05:00.000Z"), ev("乙", "2024-04-29T03:20:00.000Z"),
                                  ev("乙", "2024-04-29T03:30:00.000Z", "undo")},
                                 4);
  ASSERT_EQ(t.hours.size(), 4u);  // 00..03 UTC
  EXPECT_EQ(t.by_reviewer["甲"], (std::vector<float>{0, 2, 0, 1}));
  EXPECT_EQ(t.by_reviewer["乙"], (std::vector<float>{0, 0, 0, 1}));  // the undo is not a decision
  EXPECT_DOUBLE_EQ(t.per_active_hour["甲"], 1.5);
}

TEST_F(Decided, DashboardCountsPerCollegeAndCampusFollowTheScope) {
  auto d = pa::build_dashboard(*a.store, {});
  EXPECT_EQ(d.stats.by_campus["南京校区"].students, 4);
  EXPECT_EQ(d.stats.by_campus["常州校区"].without_photo, 1);
  ASSERT_FALSE(d.reasons.empty());
  EXPECT_EQ(d.reasons.front().first, "uneven_lighting");  // catalog order
  EXPECT_EQ(d.throughput.by_reviewer.size(), 2u);
  auto w = pa::build_dashboard(*water(), {});
  EXPECT_EQ(w.stats.by_college.size(), 1u);
  EXPECT_EQ(w.stats.total.students, 2);
  EXPECT_EQ(w.throughput.by_reviewer.count("bob"), 0u);  // bob only decided on software students
}

// ---- teaching examples ------------------------------------------------------------------------

TEST_F(Decided, TrainerTopicsCarryNoIdentityAndFollowTheDecision) {
  a.store->mark_teaching_example("2021002", {"uneven_lighting"}, "培训师");
  a.store->mark_teaching_example("2021001", {"uneven_lighting", "background"}, "培训师");
  a.store->mark_teaching_example("2021003", {"blurry"}, "培训师");
  user_error_from([&] { a.store->mark_teaching_example("2021005", {"blurry"}, "培训师"); });  // no decision
  user_error_from([&] { a.store->mark_teaching_example("2021001", {"nonsense"}, "培训师"); });
  auto topics = pa::trainer_topics(*a.store, {});
  ASSERT_EQ(topics.size(), 3u);  // uneven_lighting, blurry, background in catalog order
  EXPECT_EQ(topics[0].code, "uneven_lighting");
  EXPECT_EQ(topics[0].bad.size(), 1u);
  EXPECT_EQ(topics[0].good.size(), 1u);
  EXPECT_EQ(topics[0].bad[0].answer, std::vector<std::string>{"uneven_lighting"});
  auto slides = pa::presentation(topics);
  ASSERT_EQ(slides.size(), 2u);
  ASSERT_TRUE(slides[1].good);  // blurry has no good example of its own: any good one stands beside it
  EXPECT_TRUE(slides[1].good->good);
  EXPECT_EQ(pa::trainer_topics(*water(), {}).size(), 2u);  // the software student's example is not the college's

  pa::Quiz q(topics, "q");
  EXPECT_EQ(q.size(), 3u);  // 2021001 marked for two codes counts once
  while (q.current().good) q.next();
  for (const auto& c : q.current().answer) q.toggle(c);
  q.toggle("makeup");
  q.reveal();
  EXPECT_EQ(q.score().wrong, 1);
  EXPECT_EQ(q.score().missed, 0);
  q.toggle("makeup");  // answers are locked once revealed
  EXPECT_EQ(q.score().wrong, 1);
  EXPECT_EQ(q.answered(), 1);
  EXPECT_EQ(q.exact(), 0);
}

// ---- exports read back ------------------------------------------------------------------------

int count_of(const std::string& s, const std::string& needle) {
  int n = 0;
  for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

TEST_F(Decided, XlsxIsAValidWorkbookWithBoldFrozenHeaderChineseLabelsAndMaskedIds) {
  const auto out = a.dir / "decisions.xlsx";
  auto r = run_cli({"export", "--db", a.db.string(), "--what", "decisions", "--format", "xlsx", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string strings = zip_entry(out, "xl/sharedStrings.xml");
  const std::string sheet = zip_entry(out, "xl/worksheets/sheet1.xml");
  const std::string styles = zip_entry(out, "xl/styles.xml");
  EXPECT_TRUE(contains(strings, "<t>学号</t>")) << strings;
  EXPECT_TRUE(contains(strings, "脸部光线不均匀"));  // reasons as Chinese labels
  EXPECT_TRUE(contains(strings, "李堃"));
  EXPECT_TRUE(contains(strings, pa::mask_id(a.rows[1].id_number)));
  EXPECT_FALSE(contains(strings, a.rows[1].id_number));
  EXPECT_TRUE(contains(sheet, "state=\"frozen\"")) << sheet;
  EXPECT_TRUE(contains(sheet, "ySplit=\"1\""));
  EXPECT_TRUE(contains(sheet, "<cols>"));
  EXPECT_TRUE(contains(sheet, "<c r=\"A1\" s=\"1\" t=\"s\">")) << sheet;  // header cells use style 1 …
  EXPECT_TRUE(contains(styles, "<b/>")) << styles;                       // … which is bold
  EXPECT_EQ(count_of(sheet, "<row "), 6);  // header + four decided students + the ledger's head below
  EXPECT_TRUE(contains(strings, "审核记录 #")) << strings;
}

TEST_F(Decided, XlsxByCollegeHasOneSheetPerCollegeAndRevealIsLoggedWithoutTheIds) {
  const auto out = a.dir / "all.xlsx";
  auto r = run_cli({"export", "--db", a.db.string(), "--what", "decisions", "--format", "xlsx", "--by-college",
                    "--reveal-ids", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string wb = zip_entry(out, "xl/workbook.xml");
  EXPECT_EQ(count_of(wb, "<sheet "), 3) << wb;  // every college, 商学院 with its header only
  EXPECT_TRUE(contains(wb, kWater));
  EXPECT_TRUE(contains(wb, kSoftware));  // CJK names kept whole (no character mistaken for a forbidden one)
  EXPECT_TRUE(contains(wb, "商学院"));
  EXPECT_TRUE(contains(zip_entry(out, "xl/sharedStrings.xml"), a.rows[1].id_number));  // revealed
  EXPECT_TRUE(contains(r.err + r.out, "reveal-ids")) << r.err;                          // and logged …
  for (const auto& row : a.rows) EXPECT_FALSE(contains(r.err + r.out, row.id_number));  // … without the IDs
}

TEST_F(Decided, CsvExportsAreUtf8WithBomAndFormulaSafe) {
  const auto out = a.dir / "x.csv";
  ASSERT_EQ(pa::write_export(*a.store, {"decisions", "csv", out.string(), false, false, a.db.string()}).rows, 4u);
  const std::string csv = read_file(out);
  ASSERT_EQ(csv.rfind(kBom, 0), 0u);
  auto rows = parse_csv(csv.substr(kBom.size()));
  EXPECT_EQ(rows[0][0], "学号");
  EXPECT_TRUE(contains(csv, "'=1+1"));
  user_error_from([&] { pa::write_export(*a.store, {"decisions", "csv", out.string(), true, false, a.db.string()}); });
  user_error_from([&] { pa::write_export(*a.store, {"decisions", "pdf", out.string(), false, false, a.db.string()}); });
}

TEST(Xlsx, SheetNamesAreMadeValidAndUnique) {
  std::vector<std::string> taken;
  EXPECT_EQ(pa::sheet_name("a/b:c", taken), "a_b_c");
  EXPECT_EQ(pa::sheet_name("a/b:c", taken), "a_b_c_2");
  EXPECT_EQ(pa::sheet_name("", taken), "(未填学院)");
  EXPECT_DOUBLE_EQ(pa::display_width("学号ab"), 6);
}

}  // namespace
