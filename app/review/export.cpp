#include "review/export.h"

#include "core/idcard.h"
#include "core/timeutil.h"
#include "review/decisions.h"

namespace pa {

std::optional<ExportKind> export_kind_from_string(const std::string& s) {
  if (s == "decisions") return ExportKind::decisions;
  if (s == "reshoot") return ExportKind::reshoot;
  if (s == "missing") return ExportKind::missing;
  return std::nullopt;
}

ExportTable build_export(AuditStore& store, const ExportOptions& o) {
  const auto catalog = store.reasons();
  ExportTable t;
  t.headers = {"学号", "姓名", "身份证号", "学院", "专业", "班级", "校区"};
  const bool with_decision = o.kind != ExportKind::missing;
  if (with_decision)
    for (const char* h : {"结论", "原因", "备注", "审核人", "时间", "照片版本"}) t.headers.emplace_back(h);
  else
    t.headers.emplace_back("情况");  // no photo at all, or the file sent was corrupt

  for (const auto& s : store.students(o.scope)) {
    // missing: every student the office has no usable photo of, a corrupt file's included.
    const bool wanted = o.kind == ExportKind::missing
                            ? s.status == Status::without_photo || s.status == Status::file_corrupt
                        : o.kind == ExportKind::reshoot ? s.status == Status::reshoot
                                                        : s.decision.has_value();
    if (!wanted) continue;
    const Student& st = s.student;
    std::vector<std::string> row = {st.student_no, st.name,
                                    o.reveal_ids ? st.id_number : mask_id(st.id_number),
                                    st.college,    st.major,
                                    st.class_name, st.campus};
    if (with_decision) {
      const DecisionEvent& d = *s.decision;
      // The decision's own verdict (a corrupt file sent after the decided photo is not a verdict).
      const Status verdict = verdict_from_string(d.kind) ? status_of(*verdict_from_string(d.kind)) : s.status;
      row.insert(row.end(), {status_label_zh(verdict), reason_labels_zh(d.reasons, catalog), d.note,
                             d.reviewer, iso_to_local(d.at), std::to_string(d.version)});
    } else {
      row.push_back(s.bad_file ? "照片文件损坏，需重新提交（" + s.bad_file->error + "）" : std::string("尚未提交照片"));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string neutralise_formula(const std::string& cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    return "'" + cell;
  return cell;
}

static void append_cell(std::string& out, const std::string& raw) {
  const std::string cell = neutralise_formula(raw);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string to_csv(const ExportTable& t) {
  std::string out = "\xEF\xBB\xBF";
  auto row = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      append_cell(out, cells[i]);
    }
    out += "\r\n";
  };
  row(t.headers);
  for (const auto& r : t.rows) row(r);
  if (!t.footer.empty()) {
    out += "\r\n";
    for (const auto& f : t.footer) row({f});
  }
  return out;
}

}  // namespace pa
