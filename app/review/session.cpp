#include "review/session.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "core/timeutil.h"
#include "review/decisions.h"

namespace pa {

ReviewSession::ReviewSession(AuditStore& store, std::string reviewer, std::string engine_version,
                             std::shared_ptr<DecisionJournal> journal)
    : journal_(std::move(journal)), store_(store), reviewer_(std::move(reviewer)), engine_version_(std::move(engine_version)) {
  catalog_ = store_.reasons();
  policy_ = load_review_policy(store_);
  if (journal_)
    for (auto& e : journal_->entries())
      unsaved_.push_back({std::move(e.decision), e.basis, std::move(e.analysis), std::move(e.error), 0, e.id, true});
  leases_ = store_.account().has_value();
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  if (store_.account()) reviewer_ = *store_.account();  // on a server the reviewer is the login
  static std::atomic<int> sessions{0};
  holder_ = reviewer_ + " @ " + host + ":" + std::to_string(::getpid()) + "." + std::to_string(++sessions);
  marks_ = store_.change_marks();
  store_.others_changed();  // from here on: what others record after this point is news
  reload();
}

ReviewSession::~ReviewSession() { release_held(); }

void ReviewSession::set_reviewer(const std::string& name) {
  if (store_.account()) return;
  reviewer_ = name;
  last_batch_.clear();  // Ctrl+Z undoes the new reviewer's decisions, not the batch of the one before
}

namespace {

constexpr int kLeaseSeconds = 90;       // a dead workstation's lease lapses after this
constexpr std::int64_t kRenewMs = 30000;  // renewed while the photo stays on screen

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void ReviewSession::reload() {
  const std::string cur = current() ? current()->state.student.student_no : std::string();
  queue_.set_rows(load_queue_rows(store_, engine_version_));
  if (leases_) apply_leases();
  pos_.reset();
  if (!cur.empty()) pos_ = queue_.position_of(cur);
  if (!pos_ && queue_.size()) first_pending();
  hold_current();
}

void ReviewSession::apply_leases() {
  std::unordered_map<std::string, std::string> by_student;
  try {
    for (auto& l : store_.live_leases())
      if (l.holder != holder_) by_student[l.student_no] = l.holder;
  } catch (const std::exception&) {
    return;  // unreachable, or a login without the right to see leases (a coordinator): none shown
  }
  queue_.set_holders(by_student);
}

void ReviewSession::release_held() {
  if (held_.empty()) return;
  const std::string no = std::exchange(held_, {});
  try {
    store_.release_lease(no, holder_);
  } catch (const std::exception&) {
    // the server is unreachable: the lease lapses by itself; moving on never fails for it
  }
}

void ReviewSession::hold_current() {
  if (!leases_) return;
  const QueueRow* row = current();
  const std::string no = row ? row->state.student.student_no : std::string();
  if (!row || row->state.status != Status::pending) {
    release_held();
    return;
  }
  if (held_ == no) {
    if (now_ms() - held_since_ms_ < kRenewMs) return;
  } else {
    release_held();
  }
  try {
    if (store_.take_lease(no, holder_, kLeaseSeconds)) {
      held_ = no;
      held_since_ms_ = now_ms();
      refresh(no);  // decided elsewhere meanwhile? the row says so
    } else {
      refresh(no);     // when its holder just decided it, the row shows that decision…
      apply_leases();  // …and otherwise who has it
    }
  } catch (const std::exception&) {
    // the server is unreachable: the reviewer goes on with what is loaded (decisions journal)
  }
}

// Another workstation's event on a row: a decision on the photo the row shows is applied as it is
// (no query); anything else (an undo, another version) reloads the row from the store.
void ReviewSession::follow(const DecisionEvent& e) {
  QueueRow* row = queue_.find(e.student_no);
  if (!row) return;
  if (e.kind == "undo" || e.submission_id != row->state.submission_id) {
    refresh(e.student_no);
    return;
  }
  row->state.decision = e;
  row->state.status = status_of(verdict_from_string(e.kind).value_or(Verdict::reshoot));
}

std::vector<DecisionEvent> ReviewSession::follow_changes() {
  std::vector<DecisionEvent> others;
  if (!store_.others_changed()) {
    hold_current();  // renews the lease when due
    return others;
  }
  const AuditChanges c = store_.changes_since(marks_);
  marks_ = c.marks;
  if (c.imported) {
    reload();
  } else {
    for (const auto& e : c.decisions) follow(e);
    if (leases_) apply_leases();
    hold_current();
  }
  const std::string me = store_.account() ? *store_.account() : reviewer_;
  for (const auto& e : c.decisions)
    if (e.reviewer != me) others.push_back(e);
  return others;
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
  hold_current();
}

bool ReviewSession::go_to_student(const std::string& no) {
  auto p = queue_.position_of(no);
  if (p) pos_ = p;
  hold_current();
  return p.has_value();
}

void ReviewSession::next(bool skip_without_photo) {
  if (!queue_.size()) return;
  if (!skip_without_photo) {
    pos_ = pos_ ? std::min(*pos_ + 1, queue_.size() - 1) : 0;
  } else {
    for (std::size_t p = pos_ ? *pos_ + 1 : 0; p < queue_.size(); ++p)
      if (queue_.at(p).has_photo()) {
        pos_ = p;
        break;
      }
  }
  hold_current();
}

void ReviewSession::previous(bool skip_without_photo) {
  if (!queue_.size()) return;
  if (!skip_without_photo) {
    pos_ = pos_ && *pos_ > 0 ? *pos_ - 1 : 0;
  } else {
    for (std::size_t p = pos_ ? *pos_ : 0; p-- > 0;)
      if (queue_.at(p).has_photo()) {
        pos_ = p;
        break;
      }
  }
  hold_current();
}

bool ReviewSession::resort(bool keep_visited) {
  if (keep_visited && pos_) return queue_.resort(pos_);
  const std::string cur = current() ? current()->state.student.student_no : std::string();
  if (!queue_.resort(std::nullopt)) return false;
  if (!cur.empty()) pos_ = queue_.position_of(cur);
  return true;
}

void ReviewSession::first_pending() {
  auto p = queue_.next_pending(std::nullopt);
  pos_ = p ? p : (queue_.size() ? std::optional<std::size_t>(0) : std::nullopt);
  hold_current();
}

void ReviewSession::next_pending() {
  if (auto p = queue_.next_pending(pos_)) pos_ = p;
  hold_current();
}

bool ReviewSession::holds_current() const {
  if (!leases_) return true;
  const QueueRow* row = current();
  return row && held_ == row->state.student.student_no;
}

void ReviewSession::set_filter(const QueueFilter& f) {
  const std::string cur = current() ? current()->state.student.student_no : std::string();
  queue_.set_filter(f);
  pos_ = cur.empty() ? std::nullopt : queue_.position_of(cur);
  if (!pos_ && queue_.size()) first_pending();
  hold_current();
}

void ReviewSession::refresh(const std::string& no) {
  QueueRow* row = queue_.find(no);
  if (!row) return;
  auto st = store_.student(no);
  if (!st) return;
  // A new photo version has no analysis of its own yet: the old one's findings must not stay.
  if (row->analyzed_submission != st->submission_id) {
    QueueRow fresh;
    fresh.held_by = std::move(row->held_by);  // who has it on screen is not the analysis's
    *row = std::move(fresh);
  }
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
  if (held_ == e.student_no) held_.clear();  // the decision ended the lease (store: same transaction)
  auto p = queue_.next_pending(pos_);
  if (p) pos_ = p;
  hold_current();
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
  undone_count_ = 0;
  const auto last = store_.last_decision_in_force(reviewer_);
  if (!last) return std::nullopt;
  if (!last_batch_.count(last->id)) {
    auto e = store_.undo_last(reviewer_);
    if (!e) return e;
    undone_count_ = 1;
    refresh(e->student_no);
    if (auto p = queue_.position_of(e->student_no)) pos_ = p;
    return e;
  }
  // One Ctrl+Z takes back the whole batch: the reviewer's newest decisions, as long as they are
  // the batch's (each undo is its own event, durable as it is made; a decision of this reviewer
  // made after the batch was undone first, above).
  std::optional<DecisionEvent> oldest;
  for (auto in_force = last; in_force && last_batch_.count(in_force->id); in_force = store_.last_decision_in_force(reviewer_)) {
    auto e = store_.undo_last(reviewer_);
    if (!e) break;
    last_batch_.erase(in_force->id);
    ++undone_count_;
    refresh(e->student_no);
    oldest = e;
    if (e->undoes != in_force->id) break;  // another workstation of this reviewer decided meanwhile
  }
  last_batch_.clear();
  if (oldest)
    if (auto p = queue_.position_of(oldest->student_no)) pos_ = p;
  return oldest;
}

ReviewSession::BatchResult ReviewSession::approve_many(const std::vector<ShownPhoto>& photos) {
  return decide_many(Verdict::approve, {}, {}, {}, photos);
}

ReviewSession::BatchResult ReviewSession::decide_many(Verdict v, const std::vector<std::string>& reasons, const std::string& note,
                                                      const std::string& student_note,
                                                      const std::vector<ShownPhoto>& photos) {
  BatchResult out;
  last_batch_.clear();
  // Every decision of this batch carries its key, so the audit tells them from single decisions
  // (the dashboard's figures): the moment the batch began (with the reviewer, it names the batch).
  const std::string batch = now_iso_utc();
  for (const auto& shown : photos) {
    const QueueRow* row = queue_.find(shown.student_no);
    if (!row) {
      out.refused.emplace_back(shown.student_no, "不在队列中 (not in the queue)");
      continue;
    }
    // What the sheet showed is what gets decided: the photo it showed, with the analysis of that photo.
    DecisionBasis basis = basis_of(*row, false, shown.sha256);
    basis.seen_submission = shown.submission_id;
    std::optional<AnalysisRecord> analysis;
    if (shown.analysis && shown.analysis->submission_id == shown.submission_id) analysis = shown.analysis;
    try {
      if (analysis && !store_.analysis(analysis->submission_id, analysis->engine_version)) store_.save_analysis(*analysis);
      NewDecision d{shown.student_no, v, reasons, note, reviewer_};
      d.student_note = student_note;
      d.batch = batch;
      out.decided.push_back(pa::decide(store_, d, basis));
      last_batch_.insert(out.decided.back().id);
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
    if (r->has_failing(reason.code)) out.push_back(reason.code);
  return out;
}

std::vector<std::string> ReviewSession::warned_reasons() const {
  std::vector<std::string> out;
  const QueueRow* r = current();
  if (!r) return out;
  for (const auto& reason : catalog_)
    if (r->has_finding(reason.code) && !r->has_failing(reason.code)) out.push_back(reason.code);
  return out;
}

}  // namespace pa
