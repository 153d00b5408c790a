#include "review/session.h"

#include <algorithm>

#include "core/error.h"
#include "core/timeutil.h"
#include "review/decisions.h"

namespace pa {

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
  if (row->analyzed_submission != st->submission_id) *row = QueueRow{};
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
