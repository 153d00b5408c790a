#include "cli/cli_office.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/file_read.h"
#include "core/idcard.h"
#include "core/limits.h"
#include "core/text.h"
#include "review/calendar.h"
#include "review/policy.h"
#include "review/coordination.h"
#include "review/decisions.h"
#include "review/export_files.h"
#include "store/audit_chain.h"
#include "store/scoped_store.h"

namespace pa {

struct OfficeCommands {
  CLI::App* export_cmd = nullptr;
  struct {
    std::string db, what, format = "csv", out, college, reviewer;
    bool by_college = false, reveal_ids = false;
  } ex;

  CLI::App* notify_cmd = nullptr;
  struct {
    std::string db, college, format = "text", out;
  } no;

  CLI::App *spot = nullptr, *spot_sample = nullptr, *spot_record = nullptr, *spot_list = nullptr, *spot_settle = nullptr;
  struct {
    std::string db, college, seed, student, note, checker, sample, outcome, reviewer;
    double percent = 0;
    int count = 0;
    bool agree = false, disagree = false, json = false, open_only = false;
    std::vector<std::string> reasons;
    std::int64_t id = 0;
  } sc;

  CLI::App *example = nullptr, *example_mark = nullptr, *example_list = nullptr;
  struct {
    std::string db, college, student, reviewer;
    std::vector<std::string> reasons;
  } te;

  CLI::App* calendar_cmd = nullptr;
  struct {
    std::string db, today, set;
    bool json = false, template_only = false;
  } ca;

  CLI::App* policy_cmd = nullptr;
  struct {
    std::string db, set;
  } po;
};

void OfficeCommandsDeleter::operator()(OfficeCommands* c) const { delete c; }

namespace {

int cmd_export(const OfficeCommands& c) {
  const auto& a = c.ex;
  if (a.what == "notify") throw UserError("通知名单请用 photoaudit notify (use `photoaudit notify`)");
  auto store = open_audit(a.db, a.college);
  const ExportResult r = write_export(*store, {a.what, a.format, a.out, a.by_college, a.reveal_ids, a.db, a.reviewer});
  std::cout << "已导出 (exported) " << r.rows << " 行 (rows), " << r.sheets << " 个工作表 (sheets) → "
            << terminal_safe(a.out) << "\n"
            << head_label(r.head) << " " << r.head.hash << "\n";
  return 0;
}

int cmd_notify(const OfficeCommands& c) {
  const auto& a = c.no;
  auto store = open_audit(a.db, a.college);
  if (const std::string w = notify_calendar_warning(*store); !w.empty()) std::cerr << "photoaudit: 注意 (note): " << w << "\n";
  if (a.format == "text" && a.out.empty()) {
    ExportTable t = build_notify(*store, {}, load_calendar(*store));  // nullopt without a calendar: no dates
    const AuditHead head = store->audit_head();
    t.footer.push_back(head_label(head) + " " + head.hash);
    std::cout << notify_text(t);
    return 0;
  }
  const ExportResult r = write_export(*store, {"notify", a.format, a.out, false, false, a.db});
  std::cout << "已导出 (exported) " << r.rows << " 名学生 (students) → " << terminal_safe(a.out) << "\n"
            << head_label(r.head) << " " << r.head.hash << "\n";
  return 0;
}

nlohmann::json check_json(const SpotCheckRecord& r) {
  return {{"id", r.id},           {"decision_id", r.decision_id}, {"student", r.student_no},
          {"college", r.college}, {"decision", r.decision_kind},  {"decision_reasons", r.decision_reasons},
          {"reviewer", r.decision_reviewer}, {"checker", r.checker}, {"at", r.at}, {"agree", r.agree},
          {"reasons", r.reasons}, {"note", r.note}, {"sample", r.sample}};
}

int cmd_spotcheck(const OfficeCommands& c) {
  const auto& a = c.sc;
  if (*c.spot_settle) {
    auto store = open_audit(a.db);  // the 学籍科's own view: a coordinator cannot settle
    auto s = settle(*store, a.id, a.outcome, a.note, a.reviewer);
    std::cout << "已裁定 (settled) #" << s.spot_check_id << " → " << terminal_safe(s.outcome) << "  "
              << terminal_safe(s.settled_by) << "\n";
    return 0;
  }
  auto store = open_audit(a.db, a.college);
  const auto catalog = store->reasons();
  if (*c.spot_sample) {
    SampleSpec spec{a.seed, a.percent, a.count};
    const auto sample = draw_sample(*store, {}, spec);
    if (a.json) {
      nlohmann::json j = {{"sample", spec.label()}, {"students", nlohmann::json::array()}};
      for (const auto& s : sample)
        j["students"].push_back({{"student", s.student.student_no}, {"college", s.student.college},
                                 {"decision_id", s.decision->id}, {"decision", s.decision->kind},
                                 {"reasons", s.decision->reasons}});
      std::cout << j.dump() << "\n";
      return 0;
    }
    std::cout << "抽查样本 (sample) " << terminal_safe(spec.label()) << ": " << sample.size() << " 人\n";
    for (const auto& s : sample)
      std::cout << "  " << terminal_safe(s.student.student_no) << "  " << terminal_safe(s.student.name) << "  "
                << status_label_zh(s.status) << "  " << terminal_safe(reason_labels_zh(s.decision->reasons, catalog))
                << "\n";
    return 0;
  }
  if (*c.spot_record) {
    if (a.agree == a.disagree) throw UserError("须指定 --agree 或 --disagree 之一 (give --agree or --disagree)");
    auto r = record_second_review(*store, normalize_student_no(a.student), a.agree, a.reasons, a.note, a.checker,
                                  a.sample);
    if (a.json)
      std::cout << check_json(r).dump() << "\n";
    else
      std::cout << "已记录抽查 (spot check recorded) #" << r.id << ": " << terminal_safe(r.student_no) << " "
                << (r.agree ? "同意 (agree)" : "不同意 (disagree)") << "\n";
    return 0;
  }
  // list: the disagreements (open ones with --open)
  const auto list = disagreements(*store, {}, a.open_only);
  if (a.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& d : list) {
      auto e = check_json(d.check);
      if (d.settlement)
        e["settlement"] = {{"outcome", d.settlement->outcome}, {"by", d.settlement->settled_by},
                           {"at", d.settlement->at}, {"note", d.settlement->note}};
      j.push_back(e);
    }
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << "抽查分歧 (disagreements): " << list.size() << "\n";
  for (const auto& d : list)
    std::cout << "  #" << d.check.id << "  " << terminal_safe(d.check.student_no) << "  初审 "
              << terminal_safe(d.check.decision_kind) << " ["
              << terminal_safe(reason_labels_zh(d.check.decision_reasons, catalog)) << "] "
              << terminal_safe(d.check.decision_reviewer) << "  抽查 ["
              << terminal_safe(reason_labels_zh(d.check.reasons, catalog)) << "] " << terminal_safe(d.check.note) << " "
              << terminal_safe(d.check.checker) << "  "
              << (d.settlement ? "已裁定 " + terminal_safe(d.settlement->outcome) + " " + terminal_safe(d.settlement->settled_by)
                               : std::string("待裁定"))
              << "\n";
  return 0;
}

int cmd_example(const OfficeCommands& c) {
  const auto& a = c.te;
  auto store = open_audit(a.db, a.college);
  const auto catalog = store->reasons();
  if (*c.example_mark) {
    const std::string student = normalize_student_no(a.student);
    store->mark_teaching_example(student, a.reasons, a.reviewer);
    std::cout << "已标记为教学示例 (marked as a teaching example): " << terminal_safe(student) << " ["
              << terminal_safe(reason_labels_zh(a.reasons, catalog)) << "]\n";
    return 0;
  }
  // list: codes and verdicts only, never who is in the photo
  for (const auto& e : store->teaching_examples({}))
    std::cout << "  #" << e.id << "  " << terminal_safe(e.code) << "  " << terminal_safe(reason_labels_zh({e.code}, catalog))
              << "  "
              << (e.decision_kind == "approve" ? "正例 (good)" : "反例 (bad)") << "\n";
  return 0;
}

int cmd_calendar(const OfficeCommands& c) {
  const auto& a = c.ca;
  auto store = open_audit(a.db);
  const std::string today = a.today.empty() ? today_local() : a.today;
  if (a.template_only) {  // the notice's pattern for the audit ahead: a file to check, edit and --set
    std::cout << calendar_json(notice_calendar_ahead(today)) << "\n";
    return 0;
  }
  if (!a.set.empty()) {
    set_audit_calendar(*store, read_regular_file(a.set, kMaxSettingsFileBytes, kCalendarFileRole));
  }
  const std::optional<AuditCalendar> cal = load_calendar(*store);
  nlohmann::json j = {{"today", today}, {"set", cal.has_value()}, {"campuses", nlohmann::json::array()}};
  if (!cal) {  // no dates of another year in their place (calendar.h: audit_has_calendar)
    if (a.json)
      std::cout << j.dump() << "\n";
    else
      std::cout << "本审核尚未设置审核日历 (the audit has no calendar of its own)。\n"
                   "在工作站的进度看板（F5）设置，或：photoaudit calendar --template > 日历.json，按该年度通知改好日期后 "
                   "photoaudit calendar --set 日历.json\n(set it on the workstation's dashboard, F5, or write the notice's "
                   "pattern with --template, check the dates against that year's notice and --set the file)\n";
    return 0;
  }
  j["daily"] = cal->daily_from + "-" + cal->daily_to;
  if (!a.json)
    std::cout << terminal_safe(cal->title) << "  (" << terminal_safe(today) << "，每日 " << terminal_safe(cal->daily_from)
              << "—" << terminal_safe(cal->daily_to) << ")\n";
  for (const auto& campus : cal->campuses) {
    const PhaseNow now = phase_on(campus, today);
    if (a.json) {
      j["campuses"].push_back({{"campus", campus.campus}, {"phase", now.phase ? now.phase->id : ""},
                               {"state", now.state == PhaseNow::State::during ? "during"
                                         : now.state == PhaseNow::State::after ? "after" : "before"},
                               {"days_left", now.days_left}});
      continue;
    }
    std::cout << terminal_safe(campus.campus) << ": " << terminal_safe(describe_zh(now)) << "\n";
    for (const auto& p : campus.phases)
      std::cout << "  " << terminal_safe(p.label_zh) << "  " << terminal_safe(date_range_zh(p)) << "\n";
  }
  if (a.json) std::cout << j.dump() << "\n";
  return 0;
}

// The review policy: what keeps a photo out of a batch approve. --set checks the file before it
// replaces the audit's policy (a bad file changes nothing).
int cmd_policy(const OfficeCommands& c) {
  const auto& a = c.po;
  auto store = open_audit(a.db);
  if (!a.set.empty()) set_review_policy(*store, read_regular_file(a.set, kMaxSettingsFileBytes, kPolicyFileRole));
  const ReviewPolicy p = load_review_policy(*store);
  const auto catalog = store->reasons();
  std::cout << (store->meta_value(kReviewPolicyMetaKey) ? "本审核自己的审核规则 (this audit's own policy)"
                                                        : "默认审核规则 (the default policy)")
            << "\n批量批准时，以下警告须人工判断 (a warning on these keeps a photo out of a batch approve):\n";
  for (const auto& r : catalog)
    if (p.batch_warnings_hold.count(r.code))
      std::cout << "  " << terminal_safe(r.code) << "  " << terminal_safe(reason_labels_zh({r.code}, catalog)) << "\n";
  if (p.batch_warnings_hold.empty()) std::cout << "  （无：只有不合格项阻止批量批准） (none: only failing checks hold a photo back)\n";
  std::cout << "审核界面 Shift+数字 一键驳回的原因 (Shift+digit on the review screen rejects at once for):\n";
  for (std::size_t i = 0; i < p.quick_reject.size(); ++i)
    std::cout << "  Shift+" << i + 1 << "  " << terminal_safe(p.quick_reject[i]) << "  "
              << terminal_safe(reason_labels_zh({p.quick_reject[i]}, catalog)) << "\n";
  if (p.quick_reject.empty()) std::cout << "  （无） (none)\n";
  return 0;
}

}  // namespace

std::unique_ptr<OfficeCommands, OfficeCommandsDeleter> add_office_commands(CLI::App& app) {
  std::unique_ptr<OfficeCommands, OfficeCommandsDeleter> c(new OfficeCommands);
  auto college = [](CLI::App* cmd, std::string& v, const char* help = "只含该学院 (only this college's students)") {
    cmd->add_option("--college", v, help);
  };

  auto& ex = c->ex;
  c->export_cmd = app.add_subcommand("export", "导出名单 CSV / Excel (export a list)");
  c->export_cmd->add_option("--db", ex.db)->required()->envname("PHOTOAUDIT_DB");
  c->export_cmd->add_option("--what", ex.what, "decisions | reshoot | missing")->required();
  c->export_cmd->add_option("--format", ex.format, "csv | xlsx");
  c->export_cmd->add_option("--out", ex.out, "输出文件 (output file)")->required();
  college(c->export_cmd, ex.college);
  c->export_cmd->add_flag("--by-college", ex.by_college, "每个学院一个工作表 (one sheet per college, xlsx)");
  c->export_cmd->add_flag("--reveal-ids", ex.reveal_ids,
                          "导出完整身份证号，记入审核记录（谁、何时、导出到哪里） (full ID numbers: recorded in the audit ledger)");
  c->export_cmd->add_option("--reviewer", ex.reviewer, "导出人，记入审核记录 (who exports: recorded with --reveal-ids; default $USER)");

  auto& no = c->no;
  c->notify_cmd = app.add_subcommand("notify", "需通知重拍的学生名单 (students to notify: who must reshoot and why)");
  c->notify_cmd->add_option("--db", no.db)->required()->envname("PHOTOAUDIT_DB");
  college(c->notify_cmd, no.college);
  c->notify_cmd->add_option("--format", no.format, "text | csv | xlsx");
  c->notify_cmd->add_option("--out", no.out, "输出文件 (output file; text goes to stdout without it)");

  auto& sc = c->sc;
  c->spot = app.add_subcommand("spotcheck", "学院抽查复核 (coordinators' spot checks)");
  c->spot->require_subcommand(1);
  c->spot_sample = c->spot->add_subcommand("sample", "抽取可复现的随机样本 (draw a reproducible sample)");
  c->spot_sample->add_option("--db", sc.db)->required()->envname("PHOTOAUDIT_DB");
  college(c->spot_sample, sc.college);
  c->spot_sample->add_option("--seed", sc.seed, "随机种子 (seed)")->required();
  auto* pct = c->spot_sample->add_option("--percent", sc.percent, "比例 0-100 (share of decided photos)");
  c->spot_sample->add_option("--count", sc.count, "数量 (number of photos)")->excludes(pct);
  c->spot_sample->add_flag("--json", sc.json);
  c->spot_record = c->spot->add_subcommand("record", "记录抽查意见 (record a second review)");
  c->spot_record->add_option("--db", sc.db)->required()->envname("PHOTOAUDIT_DB");
  college(c->spot_record, sc.college);
  c->spot_record->add_option("--student", sc.student, "学号")->required();
  c->spot_record->add_flag("--agree", sc.agree, "同意初审结论 (agrees with the decision)");
  c->spot_record->add_flag("--disagree", sc.disagree, "不同意 (disagrees)");
  c->spot_record->add_option("--reason", sc.reasons, "抽查人的原因代码，可重复 (the checker's reason codes)");
  c->spot_record->add_option("--note", sc.note);
  c->spot_record->add_option("--checker", sc.checker, "抽查人 (checker)")->required();
  c->spot_record->add_option("--sample", sc.sample, "样本说明 (which sample, e.g. seed=…;percent=…)");
  c->spot_record->add_flag("--json", sc.json);
  c->spot_list = c->spot->add_subcommand("list", "抽查分歧清单 (the disagreements)");
  c->spot_list->add_option("--db", sc.db)->required()->envname("PHOTOAUDIT_DB");
  college(c->spot_list, sc.college);
  c->spot_list->add_flag("--open", sc.open_only, "只列待裁定的 (only unsettled ones)");
  c->spot_list->add_flag("--json", sc.json);
  c->spot_settle = c->spot->add_subcommand("settle", "学籍科裁定分歧 (the 学籍科 settles a disagreement)");
  c->spot_settle->add_option("--db", sc.db)->required()->envname("PHOTOAUDIT_DB");
  c->spot_settle->add_option("--id", sc.id, "抽查记录编号 (spot check id)")->required();
  c->spot_settle->add_option("--outcome", sc.outcome, "first_review (维持初审) | spot_check (采纳抽查意见)")->required();
  c->spot_settle->add_option("--note", sc.note);
  c->spot_settle->add_option("--reviewer", sc.reviewer, "裁定人 (who settles it)")->required();

  auto& te = c->te;
  c->example = app.add_subcommand("example", "教学示例 (teaching examples)");
  c->example->require_subcommand(1);
  c->example_mark = c->example->add_subcommand("mark", "把已审照片标为教学示例 (mark a decided photo)");
  c->example_mark->add_option("--db", te.db)->required()->envname("PHOTOAUDIT_DB");
  college(c->example_mark, te.college);
  c->example_mark->add_option("--student", te.student, "学号")->required();
  c->example_mark->add_option("--reason", te.reasons, "示例对应的原因代码，可重复 (reason code, repeatable)")->required();
  c->example_mark->add_option("--reviewer", te.reviewer, "标记人 (who marks it)")->required();
  c->example_list = c->example->add_subcommand("list", "列出教学示例（不含身份信息）(list examples, no identities)");
  c->example_list->add_option("--db", te.db)->required()->envname("PHOTOAUDIT_DB");
  college(c->example_list, te.college);

  auto& ca = c->ca;
  c->calendar_cmd = app.add_subcommand("calendar", "审核日历与当前阶段 (the audit calendar and today's phase)");
  c->calendar_cmd->add_option("--db", ca.db)->required()->envname("PHOTOAUDIT_DB");
  c->calendar_cmd->add_option("--today", ca.today, "按该日期计算 YYYY-MM-DD (compute for this date)");
  c->calendar_cmd->add_option("--set", ca.set, "用该 JSON 文件作为本审核的日历 (use this JSON as the audit's calendar)");
  c->calendar_cmd->add_flag("--json", ca.json);
  c->calendar_cmd->add_flag("--template", ca.template_only,
                            "打印通知的日历模式（今年的日期，今年的已全部过去则为明年的），供核对修改后 --set (print the "
                            "notice's pattern for the audit ahead as JSON: this year's dates, next year's once they have "
                            "passed; check, edit and --set it)");

  auto& po = c->po;
  c->policy_cmd = app.add_subcommand("policy", "审核规则：批量批准时哪些警告须人工判断 (the review policy)");
  c->policy_cmd->add_option("--db", po.db)->required()->envname("PHOTOAUDIT_DB");
  c->policy_cmd->add_option("--set", po.set, "用该 JSON 文件作为本审核的规则，格式同 assets/review.json (use this JSON as the audit's policy)");
  return c;
}

std::optional<int> run_office_command(OfficeCommands& c) {
  if (*c.export_cmd) return cmd_export(c);
  if (*c.notify_cmd) return cmd_notify(c);
  if (*c.spot) return cmd_spotcheck(c);
  if (*c.example) return cmd_example(c);
  if (*c.calendar_cmd) return cmd_calendar(c);
  if (*c.policy_cmd) return cmd_policy(c);
  return std::nullopt;
}

}  // namespace pa
