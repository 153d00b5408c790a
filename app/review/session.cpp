#include "review/session.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/error.h"
#include "core/timeutil.h"
#include "core/output_file.h"
#include "review/decisions.h"

namespace pa {

namespace fs = std::filesystem;

namespace {
const char* sort_name(QueueFilter::Sort s) {
  switch (s) {
    case QueueFilter::Sort::failures_first: return "failures_first";
    case QueueFilter::Sort::student_no: return "student_no";
    case QueueFilter::Sort::name: return "name";
    case QueueFilter::Sort::status: return "status";
  }
  return "failures_first";
}
std::optional<Status> status_from(const std::string& s) {
  for (Status x : {Status::pending, Status::approved, Status::rejected, Status::reshoot, Status::without_photo})
    if (s == to_string(x)) return x;
  return std::nullopt;
}
}  // namespace

std::string view_state_to_json(const ViewState& v) {
  nlohmann::json j = {{"zoom", v.zoom},
                      {"pan", {v.pan_x, v.pan_y}},
                      {"overlays", v.overlays},
                      {"overlays_on", v.overlays_on},
                      {"opacity", v.opacity},
                      {"split", v.split},
                      {"glare_threshold", v.glare_threshold},
                      {"lighting", {v.lighting_low, v.lighting_high}},
                      {"current", v.current},
                      {"screen", v.screen},
                      {"language", v.language}};
  j["filter"] = {{"college", v.filter.college}, {"campus", v.filter.campus},
                 {"status", v.filter.status ? to_string(*v.filter.status) : ""},
                 {"finding", v.filter.finding}, {"reviewer", v.filter.reviewer},
                 {"search", v.filter.search}, {"sort", sort_name(v.filter.sort)}};
  return j.dump(2);
}

ViewState view_state_from_json(const std::string& text) {
  ViewState v;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return v;
  auto num = [&](const nlohmann::json& o, const char* k, float& out) {
    if (o.contains(k) && o[k].is_number()) out = o[k].get<float>();
  };
  auto str = [&](const nlohmann::json& o, const char* k, std::string& out) {
    if (o.contains(k) && o[k].is_string()) out = o[k].get<std::string>();
  };
  num(j, "zoom", v.zoom);
  if (j.contains("pan") && j["pan"].is_array() && j["pan"].size() == 2) {
    v.pan_x = j["pan"][0].get<float>();
    v.pan_y = j["pan"][1].get<float>();
  }
  if (j.contains("overlays") && j["overlays"].is_number_unsigned()) v.overlays = j["overlays"].get<unsigned>();
  if (j.contains("overlays_on") && j["overlays_on"].is_boolean()) v.overlays_on = j["overlays_on"].get<bool>();
  num(j, "opacity", v.opacity);
  num(j, "split", v.split);
  num(j, "glare_threshold", v.glare_threshold);
  if (j.contains("lighting") && j["lighting"].is_array() && j["lighting"].size() == 2) {
    v.lighting_low = j["lighting"][0].get<float>();
    v.lighting_high = j["lighting"][1].get<float>();
  }
  str(j, "current", v.current);
  str(j, "screen", v.screen);
  str(j, "language", v.language);
  if (j.contains("filter") && j["filter"].is_object()) {
    const auto& f = j["filter"];
    str(f, "college", v.filter.college);
    str(f, "campus", v.filter.campus);
    std::string st;
    str(f, "status", st);
    v.filter.status = status_from(st);
    str(f, "finding", v.filter.finding);
    str(f, "reviewer", v.filter.reviewer);
    str(f, "search", v.filter.search);
    std::string so;
    str(f, "sort", so);
    for (auto s : {QueueFilter::Sort::failures_first, QueueFilter::Sort::student_no, QueueFilter::Sort::name,
                   QueueFilter::Sort::status})
      if (so == sort_name(s)) v.filter.sort = s;
  }
  return v;
}

fs::path view_state_path(const std::string& db_path, const fs::path& data_dir) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(db_path), ec);
  if (ec) abs = db_path;
  // FNV-1a of the absolute path: one file per audit, no personal data in the name.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : abs.string()) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return data_dir / "views" / (std::string(buf) + ".json");
}

ViewState load_view_state(const fs::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) return {};
  std::stringstream ss;
  ss << f.rdbuf();
  return view_state_from_json(ss.str());
}

void save_view_state(const fs::path& file, const ViewState& v) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  try {
    write_file_atomically(file.string(), view_state_to_json(v));  // 0600: the filters may name a student
  } catch (const UserError& e) {
    // Called when the window closes: a view state that cannot be saved is not worth a failure.
    spdlog::warn("view state not saved: {}", e.what());
  }
}

ReviewSession::ReviewSession(AuditStore& store, std::string reviewer, std::string engine_version,
                             std::shared_ptr<DecisionJournal> journal)
    : store_(store), reviewer_(std::move(reviewer)), engine_version_(std::move(engine_version)), journal_(std::move(journal)) {
  catalog_ = store_.reasons();
  if (journal_)
    for (auto& e : journal_->entries())
      unsaved_.push_back({std::move(e.decision), e.basis, std::move(e.analysis), std::move(e.error), 0, e.id, true});
  reload();
}

void ReviewSession::reload() {
  const std::string cur = current() ? current()->state.student.student_no : std::string();
  queue_.set_rows(load_queue_rows(store_, engine_version_));
  pos_.reset();
  if (!cur.empty()) pos_ = queue_.position_of(cur);
  if (!pos_ && queue_.size()) first_pending();
}

void ReviewSession::set_engine_version(const std::string& v) {
  engine_version_ = v;
  reload();
}

const QueueRow* ReviewSession::current() const {
  if (!pos_ || *pos_ >= queue_.size()) return nullptr;
  return &queue_.at(*pos_);
}

void ReviewSession::go_to(std::size_t p) {
  if (p < queue_.size()) pos_ = p;
}

bool ReviewSession::go_to_student(const std::string& no) {
  auto p = queue_.position_of(no);
  if (p) pos_ = p;
  return p.has_value();
}

void ReviewSession::next() {
  if (!queue_.size()) return;
  pos_ = pos_ ? std::min(*pos_ + 1, queue_.size() - 1) : 0;
}

void ReviewSession::previous() {
  if (!queue_.size()) return;
  pos_ = pos_ && *pos_ > 0 ? *pos_ - 1 : 0;
}

void ReviewSession::first_pending() {
  auto p = queue_.next_pending(std::nullopt);
  pos_ = p ? p : (queue_.size() ? std::optional<std::size_t>(0) : std::nullopt);
}

void ReviewSession::set_filter(const QueueFilter& f) {
  const std::string cur = current() ? current()->state.student.student_no : std::string();
  queue_.set_filter(f);
  pos_ = cur.empty() ? std::nullopt : queue_.position_of(cur);
  if (!pos_ && queue_.size()) first_pending();
}

void ReviewSession::refresh(const std::string& no) {
  QueueRow* row = queue_.find(no);
  if (!row) return;
  auto st = store_.student(no);
  if (!st) return;
  // A new photo version has no analysis of its own yet: the old one's findings must not stay.
  if (row->analysed_submission != st->submission_id) *row = QueueRow{};
  row->state = *st;
  if (!engine_version_.empty() && st->submission_id)
    if (auto a = store_.analysis(st->submission_id, engine_version_))
      apply_analysis(*row, st->submission_id, a->result_json, a->ok);
}

DecisionBasis ReviewSession::basis_of(const QueueRow& row, bool override_confirmed, const std::string& shown) const {
  DecisionBasis b;
  if (row.state.decision) b.seen_decision = row.state.decision->id;
  b.override_confirmed = override_confirmed;
  b.seen_submission = row.state.submission_id;
  b.seen_photo_sha256 = shown.empty() ? row.state.photo_sha256 : shown;
  return b;
}

DecisionEvent ReviewSession::decide(Verdict v, std::vector<std::string> reasons, std::string note,
                                    const std::optional<AnalysisRecord>& analysis, bool override_confirmed,
                                    const std::string& shown_sha256, std::string student_note) {
  const QueueRow* row = current();
  if (!row) throw std::logic_error("no current student");
  NewDecision d{row->state.student.student_no, v, std::move(reasons), std::move(note), reviewer_, std::move(student_note)};
  validate_decision(d, catalog_);
  std::optional<AnalysisRecord> mine;
  if (analysis && analysis->submission_id == row->state.submission_id) mine = analysis;
  UnsavedDecision u{std::move(d), basis_of(*row, override_confirmed, shown_sha256), std::move(mine), {}, 0, {}, false};
  // Decisions of this session still waiting go first, in the order they were made: this one
  // waits behind them (journaled) and goes with the next retry, so the reviewer can go on.
  const auto waiting = std::find_if(unsaved_.begin(), unsaved_.end(),
                                    [](const UnsavedDecision& w) { return !w.from_earlier_session; });
  if (waiting != unsaved_.end()) {
    u.error = waiting->error;
    keep_unsaved(std::move(u));
    throw UserError("审核数据库暂时无法写入，结论已保存在本机日志中，恢复后自动提交 (the audit cannot be written just now: "
                    "the decision is kept in the local journal and will be sent when it can): " + unsaved_.back().error);
  }
  DecisionEvent e = save(std::move(u));
  auto p = queue_.next_pending(pos_);
  if (p) pos_ = p;
  return e;
}

void ReviewSession::keep_unsaved(UnsavedDecision u) {
  if (journal_ && u.journal_id.empty()) {
    JournalEntry j{{}, {}, now_iso_utc(), u.decision, u.basis, u.analysis, u.error};
    try {
      journal_->append(j);
      u.journal_id = j.id;
    } catch (const UserError& e) {
      u.error += "；" + std::string(e.what());  // kept in memory only: the banner says so
    }
  }
  unsaved_.push_back(std::move(u));
}

DecisionEvent ReviewSession::save(UnsavedDecision u) {
  try {
    return try_save(u);
  } catch (const DecisionConflict&) {
    throw;
  } catch (const std::exception& ex) {
    // The audit did not take it: kept, in the journal first, before anyone is told.
    u.error = ex.what();
    ++u.attempts;
    keep_unsaved(std::move(u));
    throw;
  }
}

DecisionEvent ReviewSession::try_save(const UnsavedDecision& u) {
  const std::string no = u.decision.student_no;
  try {
    // The engine's findings stay with the decision: the analysis of this very submission is in
    // the analyses table (saved here when the GUI computed it live and it was not stored yet).
    if (u.analysis && !store_.analysis(u.analysis->submission_id, u.analysis->engine_version))
      store_.save_analysis(*u.analysis);
    DecisionEvent e = store_.record_decision(u.decision, u.basis);
    if (journal_ && !u.journal_id.empty()) journal_->remove(u.journal_id);
    refresh(no);
    return e;
  } catch (const DecisionConflict&) {
    if (journal_ && !u.journal_id.empty()) journal_->remove(u.journal_id);
    refresh(no);  // the row now shows the decision (or the photo) that is in force
    throw;
  }
}

bool ReviewSession::journal_replay_pending() const {
  return std::any_of(unsaved_.begin(), unsaved_.end(), [](const UnsavedDecision& u) { return u.from_earlier_session; });
}

int ReviewSession::replay_journal() {
  for (auto& u : unsaved_) u.from_earlier_session = false;
  return retry_unsaved();
}

int ReviewSession::retry_unsaved() {
  int saved = 0;
  for (std::size_t i = 0; i < unsaved_.size();) {
    if (unsaved_[i].from_earlier_session) {  // waits for the reviewer's go-ahead (replay_journal)
      ++i;
      continue;
    }
    try {
      try_save(unsaved_[i]);
      unsaved_.erase(unsaved_.begin() + static_cast<std::ptrdiff_t>(i));
      ++saved;
    } catch (const DecisionConflict&) {
      // Dropped (and out of the journal): the reviewer decides again, seeing the other decision.
      unsaved_.erase(unsaved_.begin() + static_cast<std::ptrdiff_t>(i));
      throw;
    } catch (const std::exception& ex) {
      unsaved_[i].error = ex.what();
      ++unsaved_[i].attempts;
      break;  // the audit still refuses: the rest wait, in order
    }
  }
  return saved;
}

std::optional<DecisionEvent> ReviewSession::undo() {
  auto e = store_.undo_last(reviewer_);
  if (!e) return e;
  refresh(e->student_no);
  if (auto p = queue_.position_of(e->student_no)) pos_ = p;
  return e;
}

ReviewSession::BatchResult ReviewSession::approve_many(const std::vector<ShownPhoto>& photos) {
  BatchResult out;
  for (const auto& shown : photos) {
    const QueueRow* row = queue_.find(shown.student_no);
    if (!row) {
      out.refused.emplace_back(shown.student_no, "不在队列中 (not in the queue)");
      continue;
    }
    // What the sheet judged is what gets approved: the photo it showed, with the analysis of that photo.
    DecisionBasis basis = basis_of(*row, false, shown.sha256);
    basis.seen_submission = shown.submission_id;
    std::optional<AnalysisRecord> analysis;
    if (shown.analysis && shown.analysis->submission_id == shown.submission_id) analysis = shown.analysis;
    try {
      if (analysis && !store_.analysis(analysis->submission_id, analysis->engine_version)) store_.save_analysis(*analysis);
      out.approved.push_back(pa::decide(store_, {shown.student_no, Verdict::approve, {}, {}, reviewer_}, basis));
    } catch (const std::exception& e) {
      out.refused.emplace_back(shown.student_no, e.what());
    }
    refresh(shown.student_no);
  }
  return out;
}

std::vector<std::string> ReviewSession::suggested_reasons() const {
  std::vector<std::string> out;
  const QueueRow* r = current();
  if (!r) return out;
  for (const auto& reason : catalog_)
    if (r->has_finding(reason.code)) out.push_back(reason.code);
  return out;
}

}  // namespace pa
