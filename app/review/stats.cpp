#include "review/stats.h"

#include <sstream>

#include "store/audit_chain.h"
#include "core/text.h"

namespace pa {

void StatusCounts::add(Status s) {
  ++students;
  if (s != Status::without_photo && s != Status::file_corrupt) ++submissions;
  switch (s) {
    case Status::pending: ++pending; break;
    case Status::approved: ++approved; break;
    case Status::rejected: ++rejected; break;
    case Status::reshoot: ++reshoot; break;
    case Status::without_photo: ++without_photo; break;
    case Status::file_corrupt: ++file_corrupt; break;
  }
}

AuditStats compute_stats(AuditStore& store, const Scope& scope) {
  AuditStats st;
  for (const auto& s : store.students(scope)) {
    st.total.add(s.status);
    st.by_college[s.student.college].add(s.status);
    st.by_campus[s.student.campus].add(s.status);
    if (s.decision && (s.status == Status::rejected || s.status == Status::reshoot))
      for (const auto& code : s.decision->reasons) ++st.by_reason[code];
  }
  st.head = store.audit_head();
  return st;
}

static nlohmann::json counts_json(const StatusCounts& c) {
  return {{"students", c.students}, {"submissions", c.submissions}, {"pending", c.pending},
          {"approved", c.approved}, {"rejected", c.rejected},       {"reshoot", c.reshoot},
          {"without_photo", c.without_photo}, {"file_corrupt", c.file_corrupt}};
}

nlohmann::json to_json(const AuditStats& s) {
  nlohmann::json j = counts_json(s.total);
  j["by_college"] = nlohmann::json::object();
  for (const auto& [college, c] : s.by_college) j["by_college"][college] = counts_json(c);
  j["by_campus"] = nlohmann::json::object();
  for (const auto& [campus, c] : s.by_campus) j["by_campus"][campus] = counts_json(c);
  j["by_reason"] = s.by_reason;
  j["audit_head"] = {{"entries", s.head.entries}, {"hash", s.head.hash}};
  return j;
}

std::string to_text(const AuditStats& s, const std::vector<Reason>& catalog) {
  std::ostringstream o;
  auto line = [&](const std::string& label, const StatusCounts& c) {
    o << label << ": 学生 " << c.students << "  已交照片 " << c.submissions << "  待审核 " << c.pending
      << "  合格 " << c.approved << "  不合格 " << c.rejected << "  需重拍 " << c.reshoot
      << "  未交照片 " << c.without_photo << "  文件损坏 " << c.file_corrupt << "\n";
  };
  line("全部 (all)", s.total);
  // The text goes to a terminal: names from the roster and the catalog are escaped (core/text.h).
  for (const auto& [college, c] : s.by_college) line("  " + (college.empty() ? "(未填学院)" : terminal_safe(college)), c);
  if (!s.by_reason.empty()) {
    o << "原因分布 (reasons):\n";
    for (const auto& r : catalog)
      if (auto it = s.by_reason.find(r.code); it != s.by_reason.end())
        o << "  " << it->second << "  " << terminal_safe(r.label_zh) << " (" << terminal_safe(r.code) << ")\n";
  }
  o << head_label(s.head) << "\n";
  return o.str();
}

}  // namespace pa
