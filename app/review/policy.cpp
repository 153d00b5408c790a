#include "review/policy.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"

namespace pa {

ReviewPolicy parse_review_policy(const std::string& json, const std::vector<Reason>& catalog) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw UserError("审核规则不是 JSON 对象 (the review policy is not a JSON object)");
  ReviewPolicy p;
  auto known = [&](const std::string& code) {
    return std::any_of(catalog.begin(), catalog.end(), [&](const Reason& r) { return r.code == code; });
  };
  if (j.contains("quick_reject")) {
    const auto& q = j["quick_reject"];
    if (!q.is_object() || !q.contains("reasons") || !q["reasons"].is_array())
      throw UserError("审核规则 quick_reject.reasons 须为原因代码列表 (quick_reject.reasons must be a list of reason codes)");
    if (q["reasons"].size() > kMaxQuickReject)
      throw UserError("审核规则 quick_reject.reasons 最多 9 个（Shift+1…9） (at most 9 codes: Shift+1…9)");
    for (std::size_t i = 0; i < q["reasons"].size(); ++i) {
      const auto& c = q["reasons"][i];
      const std::string where = "quick_reject.reasons[" + std::to_string(i) + "]";
      if (!c.is_string()) throw UserError("审核规则 " + where + " 不是字符串 (is not a string)");
      const std::string code = c.get<std::string>();
      if (!known(code)) throw UserError("审核规则 " + where + "：未知原因代码 (unknown reason code) “" + code + "”");
      if (code == "other")
        throw UserError("审核规则 " + where + "：“other” 须填写说明，不能一键驳回 (`other` needs a note: no quick key)");
      if (std::find(p.quick_reject.begin(), p.quick_reject.end(), code) != p.quick_reject.end())
        throw UserError("审核规则 " + where + "：重复的原因代码 (a code listed twice) “" + code + "”");
      p.quick_reject.push_back(code);
    }
    p.has_quick_reject = true;
  }
  if (!j.contains("batch_approve")) return p;
  const auto& b = j["batch_approve"];
  if (!b.is_object() || !b.contains("warnings_hold") || !b["warnings_hold"].is_array())
    throw UserError("审核规则 batch_approve.warnings_hold 须为原因代码列表 (batch_approve.warnings_hold must be a list of reason codes)");
  for (std::size_t i = 0; i < b["warnings_hold"].size(); ++i) {
    const auto& c = b["warnings_hold"][i];
    const std::string where = "batch_approve.warnings_hold[" + std::to_string(i) + "]";
    if (!c.is_string()) throw UserError("审核规则 " + where + " 不是字符串 (is not a string)");
    const std::string code = c.get<std::string>();
    if (!known(code)) throw UserError("审核规则 " + where + "：未知原因代码 (unknown reason code) “" + code + "”");
    p.batch_warnings_hold.insert(code);
  }
  return p;
}

ReviewPolicy load_review_policy(AuditStore& store) {
  const auto catalog = store.reasons();
  ReviewPolicy fallback = parse_review_policy(asset_text("review.json"), catalog);
  if (auto own = store.meta_value(kReviewPolicyMetaKey)) {
    ReviewPolicy p = parse_review_policy(*own, catalog);
    if (!p.has_quick_reject) p.quick_reject = fallback.quick_reject;
    return p;
  }
  return fallback;
}

void set_review_policy(AuditStore& store, const std::string& json) {
  parse_review_policy(json, store.reasons());  // refused before anything is stored
  store.set_meta_value(kReviewPolicyMetaKey, json);
}

std::string batch_hold_reason(const QueueRow& row, const ReviewPolicy& policy) {
  const auto& st = row.state;
  if (!st.submission_id) return "尚未提交照片 (no photo)";
  if (st.status != Status::pending) return "已审核 (already decided)";
  if (!row.analyzed) return "尚未自动检查 (not analyzed yet)";
  if (row.analysis_failed()) return "自动检查失败 (the automatic checks failed)";
  if (row.analyzed_submission != st.submission_id) return "检查结果属于旧版本照片 (the analysis is of another version)";
  if (row.fails > 0) return "有不合格项 (a check failed)";
  for (const auto& f : row.findings)
    if (policy.batch_warnings_hold.count(f.code)) return "警告需人工判断：" + f.code + " (a warning a reviewer must judge)";
  return {};
}

}  // namespace pa
