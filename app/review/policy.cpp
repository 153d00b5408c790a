#include "review/policy.h"

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"

namespace pa {

ReviewPolicy parse_review_policy(const std::string& json, const std::vector<Reason>& catalog) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw UserError("审核规则不是 JSON 对象 (the review policy is not a JSON object)");
  ReviewPolicy p;
  if (!j.contains("batch_approve")) return p;
  const auto& b = j["batch_approve"];
  if (!b.is_object() || !b.contains("warnings_hold") || !b["warnings_hold"].is_array())
    throw UserError("审核规则 batch_approve.warnings_hold 须为原因代码列表 (batch_approve.warnings_hold must be a list of reason codes)");
  for (std::size_t i = 0; i < b["warnings_hold"].size(); ++i) {
    const auto& c = b["warnings_hold"][i];
    const std::string where = "batch_approve.warnings_hold[" + std::to_string(i) + "]";
    if (!c.is_string()) throw UserError("审核规则 " + where + " 不是字符串 (is not a string)");
    const std::string code = c.get<std::string>();
    bool known = false;
    for (const auto& r : catalog) known |= r.code == code;
    if (!known) throw UserError("审核规则 " + where + "：未知原因代码 (unknown reason code) “" + code + "”");
    p.batch_warnings_hold.insert(code);
  }
  return p;
}

ReviewPolicy load_review_policy(AuditStore& store) {
  const auto catalog = store.reasons();
  if (auto own = store.meta_value(kReviewPolicyMetaKey)) return parse_review_policy(*own, catalog);
  return parse_review_policy(asset_text("review.json"), catalog);
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
