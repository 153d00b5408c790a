#include "review/decisions.h"

#include "core/text.h"

#include <algorithm>

#include "core/error.h"

namespace pa {

namespace {

const Reason* find_reason(const std::vector<Reason>& catalog, const std::string& code) {
  auto it = std::find_if(catalog.begin(), catalog.end(), [&](const Reason& r) { return r.code == code; });
  return it == catalog.end() ? nullptr : &*it;
}

std::string valid_codes(const std::vector<Reason>& catalog) {
  std::string s;
  for (const auto& r : catalog) s += (s.empty() ? "" : ", ") + r.code;
  return s;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

void validate_decision(const NewDecision& d, const std::vector<Reason>& catalog) {
  if (blank(d.reviewer)) throw UserError("必须填写审核人 (a reviewer name is required)");
  if (blank(d.student_no)) throw UserError("必须填写学号 (a student number is required)");
  for (const auto& code : d.reasons)
    if (!find_reason(catalog, code))
      throw UserError("未知的原因代码 “" + code + "” (unknown reason code); 可用代码 (valid codes): " +
                      valid_codes(catalog));
  if (d.verdict == Verdict::approve) {
    if (!d.reasons.empty())
      throw UserError("合格结论不带原因代码 (approve takes no reason codes)");
    return;
  }
  if (d.reasons.empty())
    throw UserError(std::string(d.verdict == Verdict::reject ? "不合格" : "需重拍") +
                    "须至少选择一个原因 (" + to_string(d.verdict) +
                    " needs at least one reason code); 可用代码 (valid codes): " + valid_codes(catalog));
  if (std::find(d.reasons.begin(), d.reasons.end(), "other") != d.reasons.end() && blank(d.note))
    throw UserError("原因“其他”须填写说明 (reason `other` needs a note: --note)");
}

DecisionEvent decide(AuditStore& store, const NewDecision& d, const DecisionBasis& basis) {
  validate_decision(d, store.reasons());
  return store.record_decision(d, basis);
}

std::string reason_labels_zh(const std::vector<std::string>& codes, const std::vector<Reason>& catalog,
                             const char* separator) {
  std::string out;
  for (const auto& c : codes) {
    const Reason* r = find_reason(catalog, c);
    if (!out.empty()) out += separator;
    out += r ? r->label_zh : c;
  }
  return out;
}

std::string acting_reviewer(AuditStore& store, const std::string& typed) {
  if (const auto login = store.account()) {
    if (!trim(typed).empty() && name_key(typed) != name_key(*login))
      throw UserError("在服务器上，审核人就是登录账号 " + *login + "，不能以 " + typed +
                      " 的名义记录 (on the server the reviewer is the login " + *login + "; leave --reviewer out)");
    return *login;
  }
  if (trim(typed).empty()) throw UserError("须用 --reviewer 写明审核人 (name the reviewer with --reviewer)");
  return typed;
}

}  // namespace pa
