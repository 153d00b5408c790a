#include "review/queue.h"

#include <unordered_map>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/record.h"

namespace pa {

bool QueueRow::has_finding(const std::string& code) const {
  return std::any_of(findings.begin(), findings.end(), [&](const QueueFinding& f) { return f.code == code; });
}

bool QueueRow::has_reason(const std::string& code) const {
  return state.decision && std::find(state.decision->reasons.begin(), state.decision->reasons.end(), code) !=
                               state.decision->reasons.end();
}

bool QueueRow::has_failing(const std::string& code) const {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const QueueFinding& f) { return f.code == code && f.severity == "fail"; });
}

std::vector<QueueFinding> parse_findings(const std::string& result_json, bool* ok) {
  std::vector<QueueFinding> out;
  if (ok) *ok = true;
  auto j = nlohmann::json::parse(result_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return out;
  if (ok && j.contains("ok") && j["ok"].is_boolean()) *ok = j["ok"].get<bool>();
  if (!j.contains("findings") || !j["findings"].is_array()) return out;
  for (const auto& f : j["findings"]) {
    if (!f.is_object()) continue;
    QueueFinding q;
    q.code = f.value("code", "");
    q.check = f.value("check", "");
    q.severity = f.value("severity", f.value("verdict", "warn"));
    if (f.contains("value") && f["value"].is_number()) q.value = f["value"].get<double>();
    if (f.contains("threshold") && f["threshold"].is_number()) q.threshold = f["threshold"].get<double>();
    q.message = f.value("message", "");
    if (!q.code.empty()) out.push_back(std::move(q));
  }
  return out;
}

void apply_analysis(QueueRow& row, std::int64_t submission_id, const std::string& result_json, bool ok) {
  row.analyzed = true;
  row.analyzed_submission = submission_id;
  row.findings = parse_findings(result_json);
  row.suggested_ok = ok;
  row.analysis_error = analysis::analysis_error(result_json);
  row.fails = row.warns = 0;
  for (const auto& f : row.findings) (f.severity == "fail" ? row.fails : row.warns)++;
}

std::vector<QueueRow> load_queue_rows(AuditStore& store, const std::string& engine_version) {
  std::vector<QueueRow> rows;
  auto students = store.students({});
  rows.reserve(students.size());
  std::vector<AnalysisRecord> analyses;
  if (!engine_version.empty()) analyses = store.analyses(engine_version);
  std::sort(analyses.begin(), analyses.end(),
            [](const AnalysisRecord& a, const AnalysisRecord& b) { return a.submission_id < b.submission_id; });
  for (auto& s : students) {
    QueueRow r;
    r.state = std::move(s);
    if (r.state.submission_id) {
      auto it = std::lower_bound(analyses.begin(), analyses.end(), r.state.submission_id,
                                 [](const AnalysisRecord& a, std::int64_t id) { return a.submission_id < id; });
      if (it != analyses.end() && it->submission_id == r.state.submission_id)
        apply_analysis(r, it->submission_id, it->result_json, it->ok);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

void ReviewQueue::set_rows(std::vector<QueueRow> rows) {
  rows_ = std::move(rows);
  apply();
}

void ReviewQueue::set_filter(const QueueFilter& f) {
  filter_ = f;
  apply();
}

namespace {
std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}
int status_rank(Status s) {
  switch (s) {
    case Status::pending: return 0;
    case Status::rejected: return 1;
    case Status::reshoot: return 2;
    case Status::file_corrupt: return 3;  // like reshoot: the student must send a photo again
    case Status::approved: return 4;
    case Status::without_photo: return 5;
  }
  return 6;
}
// Where a row goes under failures-first: photos (failing checks first, the most first; then
// warnings), then students whose file was corrupt, then students without a photo.
int photo_group(const QueueRow& r) { return r.has_photo() ? 0 : r.state.status == Status::file_corrupt ? 1 : 2; }
}  // namespace

bool ReviewQueue::before(std::size_t a, std::size_t b) const {
  const auto& x = rows_[a];
  const auto& y = rows_[b];
  const auto& no_x = x.state.student.student_no;
  const auto& no_y = y.state.student.student_no;
  switch (filter_.sort) {
    case QueueFilter::Sort::failures_first:
      if (photo_group(x) != photo_group(y)) return photo_group(x) < photo_group(y);
      if (photo_group(x) == 0) {
        if ((x.fails > 0) != (y.fails > 0)) return x.fails > 0;
        if (x.fails != y.fails) return x.fails > y.fails;
        if ((x.warns > 0) != (y.warns > 0)) return x.warns > 0;
      }
      return no_x < no_y;
    case QueueFilter::Sort::student_no: return no_x < no_y;
    case QueueFilter::Sort::name: return x.state.student.name < y.state.student.name;
    case QueueFilter::Sort::status: return status_rank(x.state.status) < status_rank(y.state.status);
  }
  return false;
}

void ReviewQueue::apply() {
  visible_.clear();
  const auto& f = filter_;
  const std::string needle = lower_ascii(f.search);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const auto& r = rows_[i];
    const auto& st = r.state.student;
    if (!f.college.empty() && st.college != f.college) continue;
    if (!f.campus.empty() && st.campus != f.campus) continue;
    if (f.status && r.state.status != *f.status) continue;
    if (!f.finding.empty() && !r.has_finding(f.finding)) continue;
    if (!f.reviewer.empty() && (!r.state.decision || r.state.decision->reviewer != f.reviewer)) continue;
    if (!f.reason.empty() && !r.has_reason(f.reason)) continue;
    if (f.resubmitted && !r.state.resubmitted) continue;
    if (!needle.empty() && lower_ascii(st.student_no).find(needle) == std::string::npos &&
        st.name.find(f.search) == std::string::npos && lower_ascii(st.name).find(needle) == std::string::npos)
      continue;
    visible_.push_back(i);
  }
  std::stable_sort(visible_.begin(), visible_.end(), [&](std::size_t a, std::size_t b) { return before(a, b); });
  outdated_ = prefix_kept_ = false;
}

bool ReviewQueue::resort(std::optional<std::size_t> keep_through) {
  if (!keep_through) {  // as set_filter makes it: ties in the store's order
    if (!sort_outdated()) return false;
    std::sort(visible_.begin(), visible_.end());
    std::stable_sort(visible_.begin(), visible_.end(), [&](std::size_t a, std::size_t b) { return before(a, b); });
    outdated_ = prefix_kept_ = false;
    return true;
  }
  if (!outdated_) return false;  // the rows after the position are in order; those above stay as they are
  const std::size_t from = std::min(*keep_through + 1, visible_.size());
  std::stable_sort(visible_.begin() + static_cast<std::ptrdiff_t>(from), visible_.end(),
                   [&](std::size_t a, std::size_t b) { return before(a, b); });
  outdated_ = false;
  prefix_kept_ = true;  // rows up to the position may be out of order: a full resort puts them right
  return true;
}

QueueRow* ReviewQueue::find(const std::string& student_no) {
  for (auto& r : rows_)
    if (r.state.student.student_no == student_no) return &r;
  return nullptr;
}

std::optional<std::size_t> ReviewQueue::position_of(const std::string& student_no) const {
  for (std::size_t p = 0; p < visible_.size(); ++p)
    if (rows_[visible_[p]].state.student.student_no == student_no) return p;
  return std::nullopt;
}

std::optional<std::size_t> ReviewQueue::next_pending(std::optional<std::size_t> from) const {
  const std::size_t n = visible_.size();
  if (n == 0) return std::nullopt;
  const std::size_t start = from ? *from + 1 : 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t p = (start + k) % n;
    // A photo another workstation has on screen is skipped: two reviewers never work on it by accident.
    if (rows_[visible_[p]].state.status == Status::pending && rows_[visible_[p]].held_by.empty()) return p;
  }
  return std::nullopt;
}

std::optional<std::size_t> ReviewQueue::prev_pending(std::size_t from) const {
  const std::size_t n = visible_.size();
  for (std::size_t k = 1; k <= n; ++k) {
    const std::size_t p = (from + n - k % n) % n;
    if (rows_[visible_[p]].state.status == Status::pending) return p;
  }
  return std::nullopt;
}

std::size_t ReviewQueue::pending_count() const {
  std::size_t c = 0;
  for (auto i : visible_) c += rows_[i].state.status == Status::pending;
  return c;
}

void ReviewQueue::set_holders(const std::unordered_map<std::string, std::string>& held_by) {
  for (auto& r : rows_) {
    const auto it = held_by.find(r.state.student.student_no);
    r.held_by = it == held_by.end() ? std::string() : it->second;
  }
}

void ReviewQueue::update_row(const QueueRow& row) {
  for (auto& r : rows_)
    if (r.state.student.student_no == row.state.student.student_no) {
      // Under failures-first a live analysis moves the row: the order is outdated until resort().
      // Rows that no longer pass the filter are not dropped here, and a decided row stays where it
      // was (decisions change no row's place under failures-first; under "by status" the order
      // is made when the filter is set).
      if (filter_.sort == QueueFilter::Sort::failures_first &&
          (photo_group(r) != photo_group(row) || r.fails != row.fails || (r.warns > 0) != (row.warns > 0)))
        outdated_ = true;
      r = row;
      break;
    }
}

namespace {
template <class F>
std::vector<std::string> distinct(const std::vector<QueueRow>& rows, F get) {
  std::set<std::string> s;
  for (const auto& r : rows) {
    for (const auto& v : get(r))
      if (!v.empty()) s.insert(v);
  }
  return {s.begin(), s.end()};
}
}  // namespace

std::vector<std::string> ReviewQueue::colleges() const {
  return distinct(rows_, [](const QueueRow& r) { return std::vector<std::string>{r.state.student.college}; });
}
std::vector<std::string> ReviewQueue::campuses() const {
  return distinct(rows_, [](const QueueRow& r) { return std::vector<std::string>{r.state.student.campus}; });
}
std::vector<std::string> ReviewQueue::reviewers() const {
  return distinct(rows_, [](const QueueRow& r) {
    return std::vector<std::string>{r.state.decision ? r.state.decision->reviewer : std::string()};
  });
}
std::vector<std::string> ReviewQueue::reason_codes() const {
  return distinct(rows_, [](const QueueRow& r) {
    return r.state.decision ? r.state.decision->reasons : std::vector<std::string>{};
  });
}

std::vector<std::string> ReviewQueue::finding_codes() const {
  return distinct(rows_, [](const QueueRow& r) {
    std::vector<std::string> v;
    for (const auto& f : r.findings) v.push_back(f.code);
    return v;
  });
}

}  // namespace pa
