#include "review/export_files.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <set>

#include "core/error.h"
#include "core/output_file.h"
#include "review/coordination.h"
#include "core/text.h"
#include "review/xlsx_export.h"
#include "store/audit_chain.h"

namespace pa {

ExportResult write_export(AuditStore& store, const ExportRequest& r) {
  if (r.out.empty()) throw UserError("须指定输出文件 (an output file is required)");
  const bool notify = r.what == "notify";
  const auto kind = export_kind_from_string(r.what);
  if (!kind && !notify) throw UserError("导出内容须为 decisions、reshoot、missing 或 notify (decisions|reshoot|missing|notify)");
  if (r.format != "csv" && r.format != "xlsx" && !(notify && r.format == "text"))
    throw UserError("格式须为 csv 或 xlsx (format must be csv|xlsx)");
  if (r.by_college && r.format != "xlsx")
    throw UserError("每个学院一个工作表只适用于 xlsx (one sheet per college needs --format xlsx)");
  const OutputGuard guard{r.audit_db};
  check_output_path(r.out, guard);  // refused before any work; the writer checks again

  std::vector<Sheet> sheets;
  if (notify) {
    const std::optional<AuditCalendar> cal = load_calendar(store);  // nullopt: no dates in the notices
    auto table_for = [&](const Scope& s) { return build_notify(store, s, cal); };
    if (r.by_college) {
      std::set<std::string> colleges;
      for (const auto& s : store.students({})) colleges.insert(s.student.college);
      for (const auto& c : colleges) sheets.push_back({c, table_for({c})});
    } else {
      sheets.push_back({"通知名单", table_for({})});
    }
  } else {
    const ExportOptions o{*kind, {}, r.reveal_ids};
    sheets = r.by_college ? export_by_college(store, o) : std::vector<Sheet>{{r.what, build_export(store, o)}};
  }

  ExportResult res{0, sheets.size(), {}};
  for (const auto& s : sheets) res.rows += s.table.rows.size();
  if (r.reveal_ids && !notify) {
    // Full ID numbers leave the audit: an act of record, in the ledger before the file exists
    // (who, when, what, where to; never the numbers). A failed write leaves the record of the attempt.
    RevealAct act;
    act.actor = r.actor.empty() ? (std::getenv("USER") ? std::getenv("USER") : "?") : r.actor;
    act.what = "export";
    act.export_what = r.what;
    act.format = r.format;
    act.file = check_output_path(r.out, guard);
    act.rows = static_cast<std::int64_t>(res.rows);
    for (const auto& s : store.students({})) {
      act.college = s.student.college;  // a coordinator's scope shows one college
      break;
    }
    store.record_reveal(act);
  }
  // Every export states the ledger's head: kept outside the file, it proves later that nothing
  // recorded before it was removed (verify --expect-head).
  res.head = store.audit_head();
  for (auto& s : sheets) s.table.footer.push_back(head_label(res.head) + " " + res.head.hash);
  if (r.format == "xlsx")
    write_xlsx(r.out, sheets, guard);
  else if (r.format == "text")
    write_file_atomically(r.out, notify_text(sheets.front().table), guard);
  else
    write_file_atomically(r.out, to_csv(sheets.front().table), guard);
  if (r.reveal_ids && !notify)  // who exported full ID numbers and where to: never the numbers
    spdlog::warn("export with full ID numbers (reveal-ids), recorded in the audit ledger: what={} format={} rows={} "
                 "file={} user={}",
                 r.what, r.format, res.rows, terminal_safe(r.out), std::getenv("USER") ? std::getenv("USER") : "?");
  return res;
}

}  // namespace pa
