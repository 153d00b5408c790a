#include "review/coordination.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"
#include "core/sha256.h"
#include "core/text.h"
#include "review/decisions.h"

namespace pa {

std::vector<std::size_t> seeded_order(const std::vector<std::string>& keys, const std::string& seed) {
  std::vector<std::pair<std::string, std::size_t>> ranked;
  ranked.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) ranked.emplace_back(sha256_hex(seed + '\x1f' + keys[i]), i);
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::size_t> out;
  out.reserve(ranked.size());
  for (const auto& r : ranked) out.push_back(r.second);
  return out;
}

std::string SampleSpec::label() const {
  char buf[64];
  if (count > 0)
    std::snprintf(buf, sizeof buf, ";count=%d", count);
  else
    std::snprintf(buf, sizeof buf, ";percent=%g", percent);
  return "seed=" + seed + buf;
}

std::vector<StudentState> draw_sample(AuditStore& store, const Scope& scope, const SampleSpec& spec) {
  if (spec.seed.empty()) throw UserError("抽查须指定随机种子 (a sample needs a seed: --seed)");
  if (spec.count < 0 || spec.percent < 0 || spec.percent > 100 || (spec.count == 0 && spec.percent <= 0))
    throw UserError("抽查比例须在 0–100 之间，或指定数量 (give --percent in 0-100 or --count > 0)");
  std::vector<StudentState> decided;
  for (auto& s : store.students(scope))
    if (s.decision) decided.push_back(std::move(s));
  std::vector<std::string> keys;
  for (const auto& s : decided) keys.push_back(s.student.student_no);
  const std::size_t n = decided.size();
  const std::size_t k = spec.count > 0 ? std::min<std::size_t>(n, static_cast<std::size_t>(spec.count))
                                       : static_cast<std::size_t>(std::ceil(n * spec.percent / 100.0 - 1e-9));
  std::vector<StudentState> out;
  for (std::size_t i : seeded_order(keys, spec.seed)) {
    if (out.size() == k) break;
    out.push_back(decided[i]);
  }
  return out;
}

SpotCheckRecord record_second_review(AuditStore& store, const std::string& student_no, bool agree,
                                     const std::vector<std::string>& reasons, const std::string& note,
                                     const std::string& checker, const std::string& sample) {
  if (checker.empty()) throw UserError("必须填写抽查人 (a checker name is required)");
  auto s = store.student(student_no);
  if (!s) throw UserError("学号 " + student_no + " 不在本次审核中 (no such student)");
  if (!s->decision) throw UserError("学号 " + student_no + " 的照片尚无审核结论 (no decision to check)");
  // The codes follow the rules of a rejection: catalog codes only, `other` needs a note.
  if (!reasons.empty()) validate_decision({student_no, Verdict::reject, reasons, note, checker}, store.reasons());
  if (!agree && reasons.empty() && note.find_first_not_of(" \t") == std::string::npos)
    throw UserError("意见不一致时须给出原因或说明 (a disagreement needs reasons or a note)");
  return store.record_spot_check({s->decision->id, checker, agree, reasons, note, sample});
}

std::vector<Disagreement> disagreements(AuditStore& store, const Scope& scope, bool open_only) {
  const auto settled = store.settlements(scope);
  std::vector<Disagreement> out;
  for (auto& c : store.spot_checks(scope)) {
    if (c.agree) continue;
    auto it = std::find_if(settled.begin(), settled.end(), [&](const SettlementRecord& s) { return s.spot_check_id == c.id; });
    if (open_only && it != settled.end()) continue;
    out.push_back({std::move(c), it == settled.end() ? std::nullopt : std::optional(*it)});
  }
  return out;
}

SettlementRecord settle(AuditStore& store, std::int64_t spot_check_id, const std::string& outcome,
                        const std::string& note, const std::string& settled_by) {
  if (name_key(settled_by).empty()) throw UserError("必须填写裁定人 (who settles it is required)");
  const auto checks = store.spot_checks({});
  auto it = std::find_if(checks.begin(), checks.end(), [&](const SpotCheckRecord& c) { return c.id == spot_check_id; });
  if (it == checks.end()) throw UserError("没有这条抽查记录 (no such spot check): #" + std::to_string(spot_check_id));
  if (name_key(it->decision_reviewer) == name_key(settled_by))
    throw UserError("不能裁定对自己结论的抽查分歧，请由另一位审核人裁定 (a reviewer cannot settle a spot check of "
                    "their own decision: another reviewer must)");
  std::optional<NewDecision> decision;
  if (outcome == "spot_check") {
    // Siding with the coordinator changes the decision in force: the settling reviewer records
    // the coordinator's view (their reasons: a rejection, or a reshoot when the first review
    // asked for one; no reasons: the photo is approved), so stats, exports and notices follow it.
    NewDecision d;
    d.student_no = it->student_no;
    d.reviewer = settled_by;
    d.reasons = it->reasons;
    d.verdict = it->reasons.empty() ? Verdict::approve : it->decision_kind == "reshoot" ? Verdict::reshoot : Verdict::reject;
    d.note = "抽查裁定 #" + std::to_string(spot_check_id) + "：采纳 " + it->checker + " 的意见" +
             (it->note.empty() ? std::string() : "（" + it->note + "）") +
             (note.empty() ? std::string() : "；" + note);
    if (std::find(d.reasons.begin(), d.reasons.end(), "other") != d.reasons.end() && it->note.empty())
      d.note += "（其他）";
    validate_decision(d, store.reasons());
    decision = std::move(d);
  }
  return store.settle_spot_check({spot_check_id, settled_by, outcome, note}, decision);
}

Guidance guidance_for(const std::string& code) {
  static const nlohmann::json doc = nlohmann::json::parse(asset_text("guidance.json"));
  const auto& g = doc.at("guidance");
  if (!g.contains(code)) return {};
  return {g[code].value("rule", ""), g[code].value("fix", "")};
}

std::string notify_calendar_warning(AuditStore& store, const std::string& today_in) {
  const std::optional<AuditCalendar> calendar = load_calendar(store);
  if (!calendar) return kNotifyNoCalendar;
  const std::string today = today_in.empty() ? today_local() : today_in;
  for (const auto& c : calendar->campuses)
    if (const CalendarPhase* p = c.find("reshoot"); p && p->to < today)
      return c.campus + " 的重拍时间 " + date_range_zh(*p) + " 已过，通知中不写该日期 (the reshoot window of " + c.campus +
             " has passed: notices give no date for it)";
  return {};
}

ExportTable build_notify(AuditStore& store, const Scope& scope, const std::optional<AuditCalendar>& calendar,
                         const std::string& today_in) {
  const auto catalog = store.reasons();
  const std::string today = today_in.empty() ? today_local() : today_in;
  ExportTable t;
  t.headers = {"学号", "姓名", "班级", "校区", "情况", "原因", "解决办法", "重拍时间"};
  auto window = [&](const std::string& campus) {
    const CampusCalendar* c = calendar ? calendar->find(campus) : nullptr;
    const CalendarPhase* p = c ? c->find("reshoot") : nullptr;
    if (!p || p->to < today) return std::string(kWindowToBeAnnounced);
    return date_range_zh(*p) + " " + calendar->daily_from + "—" + calendar->daily_to;
  };
  std::vector<std::vector<std::string>> corrupt, missing;
  for (const auto& s : store.students(scope)) {
    const Student& st = s.student;
    if (s.status == Status::rejected || s.status == Status::reshoot) {
      std::string fix;
      for (const auto& code : s.decision->reasons) {
        const std::string f = guidance_for(code).fix;
        if (!f.empty() && fix.find(f) == std::string::npos) fix += f;
      }
      std::string why = reason_labels_zh(s.decision->reasons, catalog);
      // Only what the reviewer wrote for the student; the internal note stays in the audit.
      if (!s.decision->student_note.empty()) why += "（" + s.decision->student_note + "）";
      t.rows.push_back({st.student_no, st.name, st.class_name, st.campus, "照片不合格，需重新拍摄", why, fix,
                        window(st.campus)});
    } else if (s.status == Status::file_corrupt) {
      // The file arrived broken: the student sends a photo again (what the file's error says, in
      // Chinese: the part before the English in brackets).
      const std::string& err = s.bad_file->error;
      const std::string why = "照片文件损坏，无法使用（" + err.substr(0, err.find(" (")) + "）";
      corrupt.push_back({st.student_no, st.name, st.class_name, st.campus, kFileCorruptSituation, why,
                         "使用“江苏图采”小程序重新上传照片，上传后确认照片能正常打开。", window(st.campus)});
    } else if (s.status == Status::without_photo) {
      missing.push_back({st.student_no, st.name, st.class_name, st.campus, "尚未提交照片", "",
                         "使用“江苏图采”小程序尽快完成采集。", window(st.campus)});
    }
  }
  t.rows.insert(t.rows.end(), corrupt.begin(), corrupt.end());
  t.rows.insert(t.rows.end(), missing.begin(), missing.end());
  return t;
}

std::string notify_text(const ExportTable& n) {
  auto safe = [](const std::string& s) { return terminal_safe(s); };
  std::string out;
  for (const auto& r : n.rows) {
    // 学号 姓名 班级 校区 情况 原因 解决办法 重拍时间
    out += safe(r[1]) + " 同学（学号 " + safe(r[0]) + (r[2].empty() ? "" : "，" + safe(r[2])) + "）：";
    const bool window_known = r[7] != kWindowToBeAnnounced;
    if (r[5].empty()) {
      out += "你尚未提交毕业生图像采集照片，请" + r[6];
      out += window_known ? "采集时间：" + safe(r[3]) + " " + r[7] + "。" : std::string(kWindowToBeAnnounced) + "。";
    } else if (r[4] == kFileCorruptSituation) {
      out += "你提交的毕业生图像采集照片文件已损坏，需要重新提交。原因：" + safe(r[5]) + "。请" + r[6];
      out += window_known ? "提交时间：" + safe(r[3]) + " " + r[7] + "。" : std::string(kWindowToBeAnnounced) + "。";
    } else {
      out += "你的毕业生图像采集照片审核未通过，需要重新拍摄。原因：" + safe(r[5]) + "。";
      if (!r[6].empty()) out += "解决办法：" + r[6];
      out += window_known ? "重新采集时间：" + safe(r[3]) + " " + r[7] + "。" : std::string(kWindowToBeAnnounced) + "。";
    }
    out += "\n";
  }
  for (const auto& f : n.footer) out += "\n" + safe(f) + "\n";
  return out;
}

}  // namespace pa
