// The review session: the queue, the current student, recording a decision and advancing to the
// next pending submission, undo.
// GUI-independent (no ImGui, no GL): the GUI drives it, the tests drive it directly.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "review/journal.h"
#include "review/policy.h"
#include "review/queue.h"
#include "store/store.h"

namespace pa {

class ReviewSession {
 public:
  // `journal`: where decisions the audit cannot take are kept until they are saved (nullptr: not
  // kept beyond the session). Entries a journal already holds (an earlier session's) are loaded as
  // unsaved decisions, to be replayed when the reviewer agrees (replay_journal()).
  ReviewSession(AuditStore& store, std::string reviewer, std::string engine_version = {},
                std::shared_ptr<DecisionJournal> journal = nullptr);
  ~ReviewSession();  // gives up the lease on the photo on screen
  ReviewSession(const ReviewSession&) = delete;
  ReviewSession& operator=(const ReviewSession&) = delete;

  AuditStore& store() { return store_; }
  const std::string& reviewer() const { return reviewer_; }
  // The reviewer named at the workstation (first start, or 文件 → 更改审核人): from the next
  // decision on. On a server the reviewer is always the login, and this changes nothing.
  void set_reviewer(const std::string& name);
  ReviewQueue& queue() { return queue_; }
  const ReviewQueue& queue() const { return queue_; }
  const std::vector<Reason>& catalog() const { return catalog_; }
  // The audit's review policy (review/policy.h), read when the session opens.
  const ReviewPolicy& policy() const { return policy_; }

  // Reloads every row from the store (keeps the current student when still visible).
  void reload();
  void set_engine_version(const std::string& v);
  const std::string& engine_version() const { return engine_version_; }

  // The row on screen (nullptr when the queue is empty).
  const QueueRow* current() const;
  std::optional<std::size_t> position() const { return pos_; }
  void go_to(std::size_t visible_pos);
  bool go_to_student(const std::string& student_no);
  // The next / previous row in visible order; with `skip_without_photo`, the next / previous row
  // with a photo to look at (QueueRow::has_photo: not a student without a photo, nor one whose
  // file was corrupt). At either end of the queue the current row stays.
  void next(bool skip_without_photo = false);
  void previous(bool skip_without_photo = false);
  void first_pending();
  void next_pending();  // the next pending photo after the current one that nobody else holds
  void set_filter(const QueueFilter& f);
  // Puts the queue back in the order its sort says when live analyses changed it (call it every
  // frame; nothing happens while the order holds). With `keep_visited` (the reviewer walks the
  // queue on the review screen) the current row and every row above it stay where they are and
  // only the rows after it are sorted, so J/K never skip nor repeat a student; otherwise every row
  // is sorted and the current student stays current wherever it lands. True when rows moved.
  bool resort(bool keep_visited);

  // Records the decision on the current student's photo (durable when it returns), keeps
  // `analysis` (the engine's findings, when given) with it in the analyses table, and advances to
  // the next pending submission. The decision carries what was on screen (DecisionBasis): the
  // decision in force the reviewer saw, and the photo (`shown_sha256`, the row's photo when
  // empty). When another workstation decided meanwhile it throws DecisionConflict (the row then
  // shows that decision) unless `override_confirmed`; when a newer photo version arrived it throws
  // PhotoSuperseded (the row then shows the new photo). Throws pa::UserError when the decision is
  // invalid. When the store fails (disk full, read-only, locked too long, server gone) the
  // decision is kept as unsaved() — in the journal first — and the error rethrown: nothing is
  // dropped; retry_unsaved() tries again.
  DecisionEvent decide(Verdict v, std::vector<std::string> reasons, std::string note,
                       const std::optional<AnalysisRecord>& analysis = std::nullopt,
                       bool override_confirmed = false, const std::string& shown_sha256 = {},
                       std::string student_note = {});

  // Decisions the store could not save yet, oldest first (each also in the journal).
  struct UnsavedDecision {
    NewDecision decision;
    DecisionBasis basis;
    std::optional<AnalysisRecord> analysis;
    std::string error;       // the store's last error
    int attempts = 0;
    std::string journal_id;  // "" when not journaled (no journal, or the journal failed too)
    bool from_earlier_session = false;
  };
  const std::deque<UnsavedDecision>& unsaved() const { return unsaved_; }
  const DecisionJournal* journal() const { return journal_.get(); }
  // Whether decisions of an earlier session wait for the reviewer's go-ahead (replay_journal).
  bool journal_replay_pending() const;
  // Saves the unsaved decisions again, oldest first: the number saved (each then leaves the journal).
  // Stops at the first store failure (error updated). Throws DecisionConflict (or PhotoSuperseded)
  // for the first one another reviewer's decision or a newer photo makes invalid: that one is
  // dropped from the journal (the reviewer decides again, seeing the other decision); the others wait.
  int retry_unsaved();
  // The reviewer agreed to replay an earlier session's decisions: they are retried from now on.
  int replay_journal();
  // Undoes this reviewer's last decision and shows that student again; nullopt when none. When
  // that decision is one of this session's last batch approve, the whole batch still in force is
  // undone (newest first) and the first student of the batch is shown: undone_count() says how many.
  std::optional<DecisionEvent> undo();
  std::size_t undone_count() const { return undone_count_; }

  // The contact sheet's batch decisions: per photo, what the sheet showed (the photo version and
  // the analysis it judged). Each is decided through the same checks as a single decision: a photo
  // replaced by a newer version, or decided by someone else meanwhile, is refused. Every decision
  // of a batch is marked with the batch's key (NewDecision::batch); one undo() takes it all back.
  struct ShownPhoto {
    std::string student_no;
    std::int64_t submission_id = 0;
    std::string sha256;
    std::optional<AnalysisRecord> analysis;
  };
  struct BatchResult {
    std::vector<DecisionEvent> decided;
    std::vector<std::pair<std::string, std::string>> refused;  // 学号, why
  };
  BatchResult approve_many(const std::vector<ShownPhoto>& photos);
  BatchResult decide_many(Verdict v, const std::vector<std::string>& reasons, const std::string& note,
                          const std::string& student_note, const std::vector<ShownPhoto>& photos);

  // The codes the picker pre-selects: those with a *failing* check on the current row, catalog
  // order. A warning is the reviewer's to judge: it is shown (warned_reasons), never pre-ticked.
  std::vector<std::string> suggested_reasons() const;
  // The codes the engine only warned about on the current row (no failing check), catalog order.
  std::vector<std::string> warned_reasons() const;

  // ---- several workstations on one audit (a server) ----
  // What other workstations recorded since the last call, oldest first: their decisions (each
  // row refreshed), and new imports (the queue reloaded); also who holds which photo, and the
  // lease on this one renewed. Cheap when nothing changed (one non-blocking check): call it every
  // frame or so.
  std::vector<DecisionEvent> follow_changes();
  // "王老师 @ PC-12": this workstation's name on its leases.
  const std::string& holder() const { return holder_; }
  // Whether this session takes leases (an audit several workstations share: a server).
  bool takes_leases() const { return leases_; }
  // Whether the photo on screen is this workstation's (always, when no leases are taken).
  bool holds_current() const;

 private:
  void refresh(const std::string& student_no);
  DecisionEvent save(UnsavedDecision u);
  void keep_unsaved(UnsavedDecision u);
  DecisionEvent try_save(const UnsavedDecision& u);
  DecisionBasis basis_of(const QueueRow& row, bool override_confirmed, const std::string& shown_sha256) const;
  std::deque<UnsavedDecision> unsaved_;
  std::shared_ptr<DecisionJournal> journal_;
  AuditStore& store_;
  std::string reviewer_, engine_version_;
  std::vector<Reason> catalog_;
  ReviewPolicy policy_;
  std::set<std::int64_t> last_batch_;  // event ids of this session's newest batch approve
  std::size_t undone_count_ = 0;
  ReviewQueue queue_;
  std::optional<std::size_t> pos_;
  // Leases: the photo on screen is this workstation's while it is pending (renewed, given up
  // when the reviewer moves on); photos others hold are marked on their rows.
  void hold_current();
  void follow(const DecisionEvent& e);
  void release_held();
  void apply_leases();
  bool leases_ = false;
  std::string holder_;
  std::string held_;  // the student whose photo this session holds
  std::int64_t held_since_ms_ = 0;
  ChangeMarks marks_;
};

}  // namespace pa
