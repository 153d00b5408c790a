#include "review/policy.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"

namespace pa {

namespace {
// The reason codes listed at `section`.`key` of the policy, in order: each a known code (and, when
// `once`, listed once), the error naming the entry that is not.
std::vector<std::string> code_list(const nlohmann::json& j, const char* section, const char* key,
                                   const std::vector<Reason>& catalog, bool once) {
  const std::string path = std::string(section) + "." + key;
  const auto& s = j[section];
  if (!s.is_object() || !s.contains(key) || !s[key].is_array())
    throw UserError("审核规则 " + path + " 须为原因代码列表 (" + path + " must be a list of reason codes)");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s[key].size(); ++i) {
    const auto& c = s[key][i];
    const std::string where = path + "[" + std::to_string(i) + "]";
    if (!c.is_string()) throw UserError("审核规则 " + where + " 不是字符串 (is not a string)");
    const std::string code = c.get<std::string>();
    if (std::none_of(catalog.begin(), catalog.end(), [&](const Reason& r) { return r.code == code; }))
      throw UserError("审核规则 " + where + "：未知原因代码 (unknown reason code) “" + code + "”");
    if (once && std::find(out.begin(), out.end(), code) != out.end())
      throw UserError("审核规则 " + where + "：重复的原因代码 (a code listed twice) “" + code + "”");
    out.push_back(code);
  }
  return out;
}
}  // namespace

ReviewPolicy parse_review_policy(const std::string& json, const std::vector<Reason>& catalog) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw UserError("审核规则不是 JSON 对象 (the review policy is not a JSON object)");
  ReviewPolicy p;
  if (j.contains("quick_reject")) {
    p.quick_reject = code_list(j, "quick_reject", "reasons", catalog, true);
    if (p.quick_reject.size() > kMaxQuickReject)
      throw UserError("审核规则 quick_reject.reasons 最多 9 个（Shift+1…9） (at most 9 codes: Shift+1…9)");
    for (std::size_t i = 0; i < p.quick_reject.size(); ++i)
      if (p.quick_reject[i] == "other")
        throw UserError("审核规则 quick_reject.reasons[" + std::to_string(i) +
                        "]：“other” 须填写说明，不能一键驳回 (`other` needs a note: no quick key)");
    p.has_quick_reject = true;
  }
  if (j.contains("batch_approve")) {
    const auto hold = code_list(j, "batch_approve", "warnings_hold", catalog, false);  // a set: a repeat is harmless
    p.batch_warnings_hold.insert(hold.begin(), hold.end());
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
