// The office's side of issue 13, without a window: an audit's calendar is its own (none until set,
// prefilled from the notice's pattern for the year, never last year's dates in its place), batch
// approvals are recorded as such and counted apart from a reviewer's pace, and a workstation that
// cannot open says why even without a terminal.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <sstream>

#include "audit_test_util.h"
#include "cli/cli.h"
#include "core/assets.h"
#include "review/calendar.h"
#include "review/coordination.h"
#include "review/dashboard.h"
#include "review/decisions.h"
#include "review/session.h"
#include "review/trainer.h"
#include "store/audit_chain.h"

namespace pa::test {
namespace {

// ---- the calendar -------------------------------------------------------------------------------

TEST(OfficeCalendar, ANewAuditHasNoCalendarAndNothingShowsTheNoticesYear) {
  SmallAudit a;
  EXPECT_FALSE(audit_has_calendar(*a.store));
  EXPECT_FALSE(load_calendar(*a.store).has_value());
  decide(*a.store, {"2021002", Verdict::reshoot, {"blurry"}, "", "alice"});
  const auto t = build_notify(*a.store, {}, load_calendar(*a.store), "2026-04-01");
  for (const auto& r : t.rows) EXPECT_EQ(r[7], kWindowToBeAnnounced) << r[0];
  EXPECT_EQ(notify_calendar_warning(*a.store, "2026-04-01"), kNotifyNoCalendar);

  // The command line: says there is none, shows no dates.
  const auto r = run_cli({"calendar", "--db", a.db.string(), "--today", "2026-04-01"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "尚未设置审核日历")) << r.out;
  EXPECT_FALSE(contains(r.out, "2024")) << r.out;
  EXPECT_FALSE(contains(r.out, "已结束")) << r.out;
  const auto j = run_cli({"calendar", "--db", a.db.string(), "--json"});
  EXPECT_TRUE(contains(j.out, "\"set\":false")) << j.out;
  const auto n = run_cli({"notify", "--db", a.db.string()});
  EXPECT_TRUE(contains(n.err, "尚未设置审核日历")) << n.err;
  EXPECT_FALSE(contains(n.out, "2024")) << n.out;
}

TEST(OfficeCalendar, TheNoticesPatternMovesToTheYearAndRoundTrips) {
  const AuditCalendar pattern = parse_calendar(asset_text("calendar.json"));
  const AuditCalendar cal = notice_calendar_for_year(2026);
  ASSERT_EQ(cal.campuses.size(), pattern.campuses.size());
  const auto* nj = cal.find("南京校区");
  ASSERT_TRUE(nj);
  EXPECT_EQ(nj->find("review")->from, "2026-04-29");
  EXPECT_EQ(nj->find("review")->to, "2026-05-09");
  EXPECT_EQ(nj->find("reshoot")->from, "2026-05-10");
  EXPECT_EQ(cal.find("常州校区")->find("capture")->from, "2026-03-30");
  EXPECT_EQ(cal.title, "2027届本科毕业生图像信息采集");  // the class moves with the dates
  EXPECT_EQ(cal.daily_from, "08:00");
  // What the dialog and --set store reads back the same.
  const AuditCalendar back = parse_calendar(calendar_json(cal));
  EXPECT_EQ(calendar_json(back), calendar_json(cal));
  EXPECT_EQ(back.find("南京校区")->phases.size(), 3u);
  // The pattern itself is the notice's own year, untouched.
  EXPECT_EQ(pattern.find("南京校区")->find("reshoot")->from, "2024-05-10");
}

TEST(OfficeCalendar, ThePrefillIsTheAuditAheadNeverOneThatIsOver) {
  auto first = [](const AuditCalendar& c) { return c.find("常州校区")->find("capture")->from; };
  auto last = [](const AuditCalendar& c) { return c.find("南京校区")->find("reshoot")->to; };
  EXPECT_EQ(first(notice_calendar_ahead("2026-01-15")), "2026-03-30");
  EXPECT_EQ(last(notice_calendar_ahead("2026-05-10")), "2026-05-10");  // the last day is still ahead
  EXPECT_EQ(first(notice_calendar_ahead("2026-05-11")), "2027-03-30");
  EXPECT_EQ(first(notice_calendar_ahead("2026-12-07")), "2027-03-30");
  EXPECT_EQ(notice_calendar_ahead("2026-12-07").title, "2028届本科毕业生图像信息采集");
}

TEST(OfficeCalendar, TheDailyHoursFollowTheRulesToo) {
  auto with_hours = [](const std::string& from, const std::string& to) {
    return R"({"daily_from":")" + from + R"(","daily_to":")" + to +
           R"(","campuses":[{"campus":"南京校区","phases":[{"id":"capture","from":"2026-04-01","to":"2026-04-02"}]}]})";
  };
  EXPECT_EQ(parse_calendar(with_hours("07:30", "17:00")).daily_to, "17:00");
  user_error_from([&] { parse_calendar(with_hours("8:00", "18:00")); });
  user_error_from([&] { parse_calendar(with_hours("08:00", "24:00")); });
  user_error_from([&] { parse_calendar(with_hours("18:00", "08:00")); });
  user_error_from([&] { parse_calendar(R"({"title":3,"campuses":[]})"); });  // named, not an internal error
}

TEST(OfficeCalendar, EnglishPhasesAndDates) {
  const AuditCalendar cal = notice_calendar_for_year(2026);
  const auto& nj = *cal.find("南京校区");
  EXPECT_EQ(date_range_en(*nj.find("review")), "29 Apr – 9 May 2026");
  EXPECT_EQ(date_range_en(*nj.find("reshoot")), "10 May 2026");
  EXPECT_EQ(date_range_en(*cal.find("常州校区")->find("review")), "7–11 Apr 2026");
  EXPECT_EQ(describe_en(phase_on(nj, "2026-05-08")), "School review · 2 days left");
  EXPECT_EQ(describe_en(phase_on(nj, "2026-04-19")), "Capture starts in 1 day");
  EXPECT_EQ(describe_en(phase_on(nj, "2026-06-01")), "over");
}

TEST(OfficeCalendar, TheTemplateCanBeSetFromTheCommandLine) {
  SmallAudit a;
  const auto t = run_cli({"calendar", "--db", a.db.string(), "--template", "--today", "2026-02-10"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_TRUE(contains(t.out, "2026-05-10")) << t.out;
  EXPECT_FALSE(audit_has_calendar(*a.store));  // the template is printed, not stored
  write_file(a.dir / "cal.json", t.out);
  const auto s = run_cli({"calendar", "--db", a.db.string(), "--set", (a.dir / "cal.json").string(), "--today", "2026-04-30"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_TRUE(contains(s.out, "学校审核 · 还剩 10 天")) << s.out;  // 南京校区: 4/30 .. 5/9
  EXPECT_TRUE(contains(s.out, "2026年5月10日")) << s.out;
  EXPECT_FALSE(contains(s.out, "2024")) << s.out;
  const auto bad = run_cli({"calendar", "--db", a.db.string(), "--template", "--today", "next week"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;  // a bad date is the user's error, named
  EXPECT_TRUE(contains(bad.err, "YYYY-MM-DD")) << bad.err;
}

// ---- batch approvals ------------------------------------------------------------------------------

DecisionEvent event(const char* who, const char* at, const std::string& batch = {}, const char* kind = "approve") {
  DecisionEvent e;
  e.reviewer = who;
  e.at = at;
  e.kind = kind;
  e.batch = batch;
  return e;
}

TEST(OfficeBatch, BatchApprovalsAreCountedApartFromAReviewersPace) {
  const auto t = hourly_throughput({event("甲", "2024-04-29T01:10:00.000Z"), event("甲", "2024-04-29T01:50:00.000Z"),
                                    event("甲", "2024-04-29T02:00:00.000Z", "b1"), event("甲", "2024-04-29T02:00:00.001Z", "b1"),
                                    event("甲", "2024-04-29T02:00:00.002Z", "b1"), event("甲", "2024-04-29T03:05:00.000Z", "b2"),
                                    event("乙", "2024-04-29T03:20:00.000Z", "b3"), event("甲", "2024-04-29T03:30:00.000Z", "", "undo")},
                                   4);
  ASSERT_EQ(t.hours.size(), 4u);
  EXPECT_EQ(t.by_reviewer.at("甲"), (std::vector<float>{0, 2, 0, 0}));  // only what 甲 decided one by one
  EXPECT_DOUBLE_EQ(t.per_active_hour.at("甲"), 2.0);                     // not (2 + 4) per 3 hours
  EXPECT_EQ(t.by_reviewer.count("乙"), 0u);                              // 乙 only approved a batch
  EXPECT_EQ(t.batch_approvals, (std::vector<float>{0, 0, 3, 2}));
  EXPECT_EQ(t.batches_by_reviewer.at("甲").batches, 2);
  EXPECT_EQ(t.batches_by_reviewer.at("甲").photos, 4);
  EXPECT_EQ(t.batches_by_reviewer.at("乙").batches, 1);
  EXPECT_EQ(t.hours.front().find("时"), std::string::npos);  // "04-29 09:00": the same in both languages
}

TEST(OfficeBatch, TheContactSheetsBatchIsRecordedAndSealed) {
  SmallAudit a;
  ReviewSession s(*a.store, "王老师");
  auto shown = [&](const std::string& no) {
    const QueueRow* row = s.queue().find(no);
    return ReviewSession::ShownPhoto{no, row->state.submission_id, row->state.photo_sha256, std::nullopt};
  };
  ASSERT_TRUE(s.go_to_student("2021003"));
  s.decide(Verdict::approve, {}, "");
  ASSERT_EQ(s.approve_many({shown("2021001"), shown("2021002")}).decided.size(), 2u);
  const auto events = a.store->decision_events({});
  ASSERT_EQ(events.size(), 3u);
  std::string batch;
  for (const auto& e : events) {
    if (e.student_no == "2021003") EXPECT_TRUE(e.batch.empty());
    else {
      EXPECT_FALSE(e.batch.empty()) << e.student_no;
      if (batch.empty()) batch = e.batch;
      EXPECT_EQ(e.batch, batch);  // one key for the whole batch
    }
  }
  const auto d = build_dashboard(*a.store, {});
  EXPECT_EQ(d.throughput.batches_by_reviewer.at("王老师").photos, 2);
  EXPECT_EQ(d.throughput.batches_by_reviewer.at("王老师").batches, 1);
  float single = 0;
  for (float x : d.throughput.by_reviewer.at("王老师")) single += x;
  EXPECT_EQ(single, 1.0f);

  // Part of each event's hash and its ledger entry: the audit verifies, and the column cannot change.
  EXPECT_TRUE(a.store->verify_audit().ok());
  DecisionEvent e = events.back();
  const std::string h = event_hash(e, "p");
  e.batch = "another";
  EXPECT_NE(event_hash(e, "p"), h);
  e.batch.clear();
  EXPECT_NE(event_hash(e, "p"), h);
  EXPECT_TRUE(contains(ledger_body(events.back()), "\"batch\""));
  EXPECT_FALSE(contains(ledger_body(events.front()), "\"batch\""));  // a single decision's entry reads as before
  RawDb raw(a.db);
  EXPECT_NE(raw.try_exec("UPDATE decisions SET batch = '' WHERE batch <> ''"), SQLITE_OK);
}

// ---- the quiz's answer --------------------------------------------------------------------------

TEST(OfficeQuiz, TheScoreNamesTheCodesRightMissedAndWrong) {
  TrainerTopic t;
  t.code = "blurry";
  TrainerExample e;
  e.decision_id = 1;
  e.answer = {"blurry", "glasses_glare"};
  t.bad = {e};
  Quiz q({t}, "s");
  q.toggle("blurry");
  q.toggle("background");
  q.reveal();
  const auto s = q.score();
  EXPECT_EQ(s.correct_codes, std::vector<std::string>{"blurry"});
  EXPECT_EQ(s.missed_codes, std::vector<std::string>{"glasses_glare"});
  EXPECT_EQ(s.wrong_codes, std::vector<std::string>{"background"});
  EXPECT_EQ(s.correct, 1);
  EXPECT_EQ(s.missed, 1);
  EXPECT_EQ(s.wrong, 1);
}

// ---- a workstation that cannot open ---------------------------------------------------------------

TEST(OfficeNoWindow, DemoWithoutADisplayOrATerminalSaysWhyEverywhere) {
  TempDir t;
  ScopedEnv data("XDG_DATA_HOME", (t / "xdg").string());
  ScopedEnv x11("DISPLAY", std::nullopt), wayland("WAYLAND_DISPLAY", std::nullopt);
  // A notify-send that writes down what it was asked to show (run_cli's output is not a terminal).
  fs::create_directories(t / "bin");
  write_file(t / "bin" / "notify-send", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + (t / "notified").string() + "\"\n");
  ::chmod((t / "bin" / "notify-send").c_str(), 0755);
  const char* path = std::getenv("PATH");
  ScopedEnv bin("PATH", (t / "bin").string() + ":" + (path ? path : "/usr/bin:/bin"));

  const auto r = run_cli({"demo", "--dir", (t / "demo").string()});
  EXPECT_EQ(r.exit_code, kExitNoWindow) << r.out << r.err;
  EXPECT_TRUE(fs::exists(t / "demo" / "demo.db"));  // the demo audit is there all the same
  // One line on stderr, saying why (other lines: what the demo's import printed, e.g. libpng's).
  std::vector<std::string> ours;
  std::stringstream err(r.err);
  for (std::string line; std::getline(err, line);)
    if (contains(line, "photoaudit")) ours.push_back(line);
  ASSERT_EQ(ours.size(), 1u) << r.err;
  EXPECT_EQ(ours[0].rfind("photoaudit demo: ", 0), 0u) << ours[0];
  EXPECT_TRUE(contains(ours[0], "DISPLAY")) << ours[0];
  EXPECT_TRUE(contains(ours[0], "--no-gui")) << ours[0];
  // The log in the user's data folder, owner-only.
  const fs::path log = t / "xdg" / "photoaudit" / "photoaudit.log";
  ASSERT_TRUE(fs::exists(log));
  EXPECT_TRUE(contains(read_file(log), "DISPLAY")) << read_file(log);
  struct stat st{};
  ASSERT_EQ(::stat(log.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The desktop notification.
  ASSERT_TRUE(fs::exists(t / "notified"));
  EXPECT_TRUE(contains(read_file(t / "notified"), "DISPLAY")) << read_file(t / "notified");
  EXPECT_TRUE(contains(read_file(t / "notified"), log.string()));

  // Asked for the import only: no window wanted, nothing to report.
  fs::remove(t / "notified");
  const auto quiet = run_cli({"demo", "--dir", (t / "demo").string(), "--no-gui"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_FALSE(fs::exists(t / "notified"));

  // A display that is set but cannot be opened: GLFW's own reason, in the same one line.
  {
    ScopedEnv bad_display("DISPLAY", ":9797");
    const auto g = run_cli({"review", "--db", (t / "demo" / "demo.db").string()});
    EXPECT_EQ(g.exit_code, kExitNoWindow) << g.err;
    EXPECT_TRUE(contains(g.err, "photoaudit review: ")) << g.err;
    EXPECT_TRUE(contains(g.err, "GLFW")) << g.err;
    EXPECT_EQ(std::count(g.err.begin(), g.err.end(), '\n'), 1) << g.err;
  }

  // The workstation alone with no audit yet (another user's data folder), from a desktop entry:
  // told the same way.
  ScopedEnv fresh("XDG_DATA_HOME", (t / "xdg2").string());
  const auto none = run_cli({});
  EXPECT_EQ(none.exit_code, kExitNoWindow) << none.err;
  EXPECT_TRUE(contains(none.err, "photoaudit demo")) << none.err;
  EXPECT_TRUE(fs::exists(t / "notified"));
  EXPECT_TRUE(contains(read_file(t / "xdg2" / "photoaudit" / "photoaudit.log"), "no audit yet"));
}

}  // namespace
}  // namespace pa::test
