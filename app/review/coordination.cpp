#include "review/coordination.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"
#include "core/sha256.h"
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
  if (settled_by.empty()) throw UserError("必须填写裁定人 (who settles it is required)");
  return store.settle_spot_check({spot_check_id, settled_by, outcome, note});
}

Guidance guidance_for(const std::string& code) {
  static const nlohmann::json doc = nlohmann::json::parse(asset_text("guidance.json"));
  const auto& g = doc.at("guidance");
  if (!g.contains(code)) return {};
  return {g[code].value("rule", ""), g[code].value("fix", "")};
}

ExportTable build_notify(AuditStore& store, const Scope& scope, const AuditCalendar& calendar) {
  const auto catalog = store.reasons();
  ExportTable t;
  t.headers = {"学号", "姓名", "班级", "校区", "情况", "原因", "解决办法", "重拍时间"};
  auto window = [&](const std::string& campus, const char* phase) {
    const CampusCalendar* c = calendar.find(campus);
    const CalendarPhase* p = c ? c->find(phase) : nullptr;
    return p ? date_range_zh(*p) + " " + calendar.daily_from + "—" + calendar.daily_to : std::string("请联系教务处学籍科");
  };
  std::vector<std::vector<std::string>> missing;
  for (const auto& s : store.students(scope)) {
    const Student& st = s.student;
    if (s.status == Status::rejected || s.status == Status::reshoot) {
      std::string fix;
      for (const auto& code : s.decision->reasons) {
        const std::string f = guidance_for(code).fix;
        if (!f.empty() && fix.find(f) == std::string::npos) fix += f;
      }
      std::string why = reason_labels_zh(s.decision->reasons, catalog);
      if (!s.decision->note.empty()) why += "（" + s.decision->note + "）";
      t.rows.push_back({st.student_no, st.name, st.class_name, st.campus, "照片不合格，需重新拍摄", why, fix,
                        window(st.campus, "reshoot")});
    } else if (s.status == Status::without_photo) {
      missing.push_back({st.student_no, st.name, st.class_name, st.campus, "尚未提交照片", "未采集",
                         "使用“江苏图采”小程序尽快完成采集。", window(st.campus, "reshoot")});
    }
  }
  t.rows.insert(t.rows.end(), missing.begin(), missing.end());
  return t;
}

std::string notify_text(const ExportTable& n) {
  std::string out;
  for (const auto& r : n.rows) {
    // 学号 姓名 班级 校区 情况 原因 解决办法 重拍时间
    out += r[1] + " 同学（" + r[0] + "，" + r[2] + "）：" + r[4] + "。";
    if (r[5] != "未采集") out += "原因：" + r[5] + "。";
    out += "请" + r[6] + "采集时间：" + r[3] + " " + r[7] + "。\n";
  }
  return out;
}

}  // namespace pa
