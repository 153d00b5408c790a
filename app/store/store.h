// The audit store: one audit's batches, students, photo versions, analyses and decision events.
//
// The interface is deliberately narrow (a handful of transactional operations, no SQL leaks out).
// One implementation (store/sql_store.cpp) serves both engines: a SQLite file per audit on one
// workstation, or a PostgreSQL server an office shares.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "store/coord_records.h"

namespace pa {

// A validated photo ready to be stored, content-addressed by SHA-256.
struct PhotoBlob {
  std::string sha256;
  std::string bytes;
  std::string format;     // jpeg | png
  int width = 0;
  int height = 0;
  std::string file_name;  // where it came from in the batch (folder-relative or zip entry name)
};

enum class PhotoOutcome { imported, unchanged };

// A file of a batch, matched to a student, that is not a usable photo (ingest/importer.h).
struct BadFileIn {
  std::string file_name;  // as the report shows it: an ID number in it masked (pa::mask_file_name)
  std::string error;      // Chinese first, then English (core/image_check.h)
  std::string sha256;     // of the bytes received ("" when none could be read)
  std::int64_t size = 0;
};

// The newest file a student sent that could not be used, as the audit recorded it.
struct BadFile {
  std::string file_name;
  std::string error;
  std::string received_at;  // ISO 8601 UTC: when the import that brought it ran
  std::string batch;        // that import's name
};

struct BatchInfo {
  std::string name;
  std::string roster_file;
  std::string photos_source;
};

struct BatchCounts {
  int students = 0;
  int photos_imported = 0;
  int photos_unchanged = 0;
};

// One import = one transaction. Destroying a session that was not committed rolls it back, so a
// fatal error anywhere in an import leaves the audit exactly as it was.
class ImportSession {
 public:
  virtual ~ImportSession() = default;
  // Inserts the student or updates the roster fields of an existing 学号.
  virtual void upsert_student(const Student& s) = 0;
  // Stores the photo as the student's newest submission unless the student already submitted
  // these bytes, as the newest or an earlier version (then `unchanged`). A changed photo becomes
  // a new version: the student is pending again and earlier versions with their decisions are kept.
  virtual PhotoOutcome add_photo(const std::string& student_no, const PhotoBlob& photo) = 0;
  // Records a file of the batch that was the student's but could not be used (corrupt, truncated,
  // empty, unreadable): its name (masked by the caller when it is an ID number), the error, its
  // SHA-256 and size; never its bytes. The same bytes from the same student are recorded once
  // (re-importing a batch changes nothing): returns false then.
  virtual bool add_bad_file(const std::string& student_no, const BadFileIn& file) = 0;
  // True when the student has at least one submission (before or during this import).
  virtual bool has_submission(const std::string& student_no) = 0;
  virtual void commit(const BatchCounts& counts) = 0;
};

// One append-only decision event. `kind` is approve | reject | reshoot | undo.
struct DecisionEvent {
  std::int64_t id = 0;
  std::int64_t submission_id = 0;
  std::string student_no;
  int version = 0;               // the photo version decided on
  std::string photo_sha256;
  std::string reviewer;
  std::string at;                // ISO 8601 UTC, millisecond precision
  std::string kind;
  std::vector<std::string> reasons;
  std::string note;                    // the reviewer's internal note (never shown to the student)
  std::string student_note;            // 给学生的说明: written for the student (notices copy only this)
  std::optional<std::int64_t> undoes;  // for kind == undo: the event it cancels
  std::string batch;                   // the batch approve it was part of (NewDecision::batch); "" for one decision
};

struct NewDecision {
  std::string student_no;
  Verdict verdict = Verdict::approve;
  std::vector<std::string> reasons;
  std::string note;
  std::string reviewer;
  std::string student_note;  // 给学生的说明 (optional)
  // One of several photos approved at once (the contact sheet's batch approve): the same key for
  // every decision of that batch (review/session.h approve_many). "" for a decision made alone.
  std::string batch;
};

// Optimistic concurrency between workstations: what the reviewer saw when deciding, i.e. the
// decision in force on the newest photo (its event id; nullopt = no decision). When the store
// holds another by then, the decision is refused with DecisionConflict unless the reviewer
// confirmed overriding it: never a silent last-writer-wins.
//
// A decision also belongs to the photo on screen: `seen_submission` (and its hash) is the photo
// version the reviewer looked at. When a newer version arrived meanwhile (the reshoot round was
// imported while the workstation was open) the decision is refused with PhotoSuperseded, and no
// override applies: the reviewer must look at the new photo first. nullopt = the newest version,
// whichever it is (the command line, which shows no photo).
struct DecisionBasis {
  std::optional<std::int64_t> seen_decision;
  bool override_confirmed = false;
  std::optional<std::int64_t> seen_submission;
  std::string seen_photo_sha256;  // "" = not given
};

// record_decision's refusal when the decision in force is not the one the reviewer saw. The
// message names who decided what and when; `current` is that decision (nullopt when the one the
// reviewer saw was undone meanwhile).
class DecisionConflict : public UserError {
 public:
  DecisionConflict(std::string message, std::optional<DecisionEvent> current)
      : UserError(std::move(message)), current_(std::move(current)) {}
  const std::optional<DecisionEvent>& current() const { return current_; }

 private:
  std::optional<DecisionEvent> current_;
};

// record_decision's refusal when the photo the reviewer saw is no longer the student's newest.
class PhotoSuperseded : public DecisionConflict {
 public:
  explicit PhotoSuperseded(std::string message) : DecisionConflict(std::move(message), std::nullopt) {}
};

// The first decision event that does not verify (store/audit_chain.h).
struct ChainBreak {
  std::int64_t event_id = 0;
  std::string reason;  // Chinese first, then English
};

// What `photoaudit verify` reports.
// The newest entry of the audit ledger (store/audit_chain.h): what every export, notice and
// `stats` states, so that it can be kept outside the file and checked with `verify --expect-head`.
struct AuditHead {
  std::int64_t entries = 0;  // number of the newest entry (= entries, numbered from 1)
  std::string hash;          // its hash ("" when the ledger is empty)
};

struct AuditVerification {
  std::string integrity;               // PRAGMA integrity_check: "ok" when the file is sound
  std::int64_t events = 0;             // decision events checked
  std::string head_hash;               // hash of the newest event ("" when none)
  std::optional<ChainBreak> chain_break;
  std::vector<std::string> photo_mismatches;  // decided photos whose bytes no longer match their hash
  // The ledger (every act of record: decisions, spot checks, settlements, teaching examples,
  // reveals of ID numbers).
  AuditHead ledger_head;
  std::optional<ChainBreak> ledger_break;      // the ledger's own chain, or a record it does not match
  bool ledger_present = true;                  // false for an audit older than schema v5 (read-only)
  std::optional<std::string> expected_head;    // verify --expect-head: what was asked
  bool expected_head_found = true;             // …and whether the ledger still contains it
  bool ok() const {
    return integrity == "ok" && !chain_break && photo_mismatches.empty() && !ledger_break && expected_head_found;
  }
};

// A reveal of full ID numbers: an export with --reveal-ids, or a reviewer showing one student's
// number on screen. Recorded in the ledger (who, when, what), never the numbers themselves.
struct RevealAct {
  std::string actor;
  std::string what;         // "export" | "on_screen"
  std::string student_no;   // on_screen: whose number
  std::string export_what;  // export: decisions | reshoot | missing
  std::string format;       // export: csv | xlsx
  std::string file;         // export: the file written
  std::int64_t rows = 0;    // export: rows written
  std::string college;      // export: the college scope ("" = all)
};

// A student with the state of their newest submission, derived from the decision events.
struct StudentState {
  Student student;
  int versions = 0;                       // photo versions submitted so far
  std::int64_t submission_id = 0;         // newest submission (0 = none)
  std::string photo_sha256;               // of the newest submission
  Status status = Status::without_photo;
  std::optional<DecisionEvent> decision;  // the decision in force on the newest submission
  // The newest file the student sent could not be used and no valid photo came after it (status
  // file_corrupt; the submission fields above still describe the newest valid photo, if any).
  std::optional<BadFile> bad_file;
  // The newest photo came after an earlier version was rejected or flagged for reshoot (a
  // decision in force on an earlier version): the student resubmitted (重新提交).
  bool resubmitted = false;
};

// One photo version of a student.
struct Submission {
  std::int64_t id = 0;
  std::string student_no;
  int version = 0;
  std::string sha256;
  std::string file_name;
  std::string imported_at;
  int width = 0, height = 0;
  std::string format;
};

// The quality engine's result for one submission, as JSON (app/quality), per engine version.
struct AnalysisRecord {
  std::int64_t submission_id = 0;
  std::string engine_version;
  bool ok = false;           // the engine's suggested verdict: no failing check
  std::string result_json;   // {"ok", "findings": [...], "metrics": {...}}
  std::string analyzed_at;
};

// A workstation's lease on a student's photo under review (schema v6).
struct PhotoLease {
  std::string student_no;
  std::string holder;      // "王老师 @ PC-12": the reviewer and the workstation
  std::string expires_at;  // ISO 8601 UTC; a lease past it holds nothing
};

// Where the audit stands, to follow what others record (live queues): the newest decision event
// and import batch.
struct ChangeMarks {
  std::int64_t event = 0;
  std::int64_t batch = 0;
  bool operator==(const ChangeMarks&) const = default;
};

struct AuditChanges {
  std::vector<DecisionEvent> decisions;  // events after the marks given, oldest first
  bool imported = false;                 // a batch was imported (or finished) since
  ChangeMarks marks;                     // where the audit stands now
};

struct Scope {
  std::optional<std::string> college;  // only this college's students
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  virtual std::unique_ptr<ImportSession> begin_import(const BatchInfo& batch) = 0;

  // On a server, the logged-in account: the reviewer (checker, marker…) every record made through
  // this store names, whatever name a caller passes. nullopt for a file (the caller names them).
  virtual std::optional<std::string> account() { return std::nullopt; }

  // The reason catalog in catalog order.
  virtual std::vector<Reason> reasons() = 0;

  // Appends a decision on the student's newest submission; durable when it returns.
  // Throws pa::UserError for an unknown student or a student without a photo, DecisionConflict
  // when the decision in force is not basis.seen_decision and the override was not confirmed.
  // Reason validation is the caller's job (review/decisions.h), the store only enforces the catalog.
  virtual DecisionEvent record_decision(const NewDecision& d, const DecisionBasis& basis) = 0;
  // The reviewer saw no decision in force.
  DecisionEvent record_decision(const NewDecision& d) { return record_decision(d, {}); }
  // Appends an undo of the reviewer's newest decision still in force; nullopt when none.
  virtual std::optional<DecisionEvent> undo_last(const std::string& reviewer) = 0;
  // The decision in force on one submission (not an undo, not undone): the rule lives in the store
  // (one SQL predicate), callers never work it out from the history themselves. nullopt: none.
  virtual std::optional<DecisionEvent> decision_in_force(std::int64_t submission_id) = 0;
  // The reviewer's newest decision still in force (what undo_last would undo); nullopt: none.
  virtual std::optional<DecisionEvent> last_decision_in_force(const std::string& reviewer) = 0;
  // Checks the file (integrity_check), the hash chain of every decision event, the ledger (its
  // chain, and every record against its entry) and the bytes of every decided photo; with
  // `expect_head` (a head printed earlier), also that the ledger still contains it. Reads only.
  virtual AuditVerification verify_audit(const std::optional<std::string>& expect_head = std::nullopt) = 0;
  // The ledger's newest entry.
  virtual AuditHead audit_head() = 0;
  // Records a reveal of ID numbers in the ledger (durable when it returns).
  virtual void record_reveal(const RevealAct& r) = 0;

  virtual std::vector<StudentState> students(const Scope& scope) = 0;
  virtual std::optional<StudentState> student(const std::string& student_no) = 0;
  // Every event on every version of the student's submissions, oldest first.
  virtual std::vector<DecisionEvent> history(const std::string& student_no) = 0;
  virtual std::optional<std::string> photo_bytes(const std::string& sha256) = 0;
  // Every photo version of the student, oldest first.
  virtual std::vector<Submission> submissions(const std::string& student_no) = 0;

  // Analyses, saved in one transaction; a result replaces an earlier one of the same engine version.
  virtual void save_analyses(const std::vector<AnalysisRecord>& batch) = 0;
  void save_analysis(const AnalysisRecord& a) { save_analyses({a}); }
  virtual std::optional<AnalysisRecord> analysis(std::int64_t submission_id,
                                                 const std::string& engine_version) = 0;
  // Results of this engine version for every submission that has one.
  virtual std::vector<AnalysisRecord> analyses(const std::string& engine_version) = 0;
  // Submissions (all versions) with no result for this engine version, in id order.
  virtual std::vector<Submission> submissions_without_analysis(const std::string& engine_version) = 0;
  // Work sharing between analyzers (several `analyze` runs, workstations): up to `n` submissions
  // without a result of this engine version that no live claim holds, claimed for `worker` until
  // now + lease_seconds (a dead worker's claims lapse). Saving a result ends its claim.
  virtual std::vector<Submission> claim_analysis_work(const std::string& engine_version, const std::string& worker,
                                                      std::size_t n, int lease_seconds) = 0;
  // Gives up the worker's remaining claims (an interrupted run).
  virtual void release_analysis_claims(const std::string& worker) = 0;

  // ---- several workstations on one audit ----
  // Takes or renews the holder's lease on the student's photo for `seconds`; false when another
  // holder's lease is still live (then nothing changes).
  virtual bool take_lease(const std::string& student_no, const std::string& holder, int seconds) = 0;
  virtual void release_lease(const std::string& student_no, const std::string& holder) = 0;
  virtual std::vector<PhotoLease> live_leases() = 0;
  virtual ChangeMarks change_marks() = 0;
  virtual AuditChanges changes_since(const ChangeMarks& since) = 0;
  // Cheap and non-blocking: whether another connection may have recorded something since the last
  // call (a server: a notification arrived; a file: another connection committed).
  virtual bool others_changed() = 0;

  // ---- coordinators, trainers, dashboards (SQL in store/coord_tables.cpp) ----
  // Every decision event (undo included) on students in the scope, oldest first.
  virtual std::vector<DecisionEvent> decision_events(const Scope& scope) = 0;
  // Audit settings (the meta table); keys of the store's own bookkeeping are not writable.
  virtual std::optional<std::string> meta_value(const std::string& key) = 0;
  virtual void set_meta_value(const std::string& key, const std::string& value) = 0;
  // Spot checks and settlements are append-only. Throws pa::UserError for an unknown decision
  // or spot check, or a settlement of a spot check that agreed or was already settled.
  virtual SpotCheckRecord record_spot_check(const NewSpotCheck& c) = 0;
  virtual std::vector<SpotCheckRecord> spot_checks(const Scope& scope) = 0;
  // Settling on the coordinator's side (`spot_check`) with `decision` also records that decision
  // (by the settling reviewer) on the spot-checked photo, in the same transaction: refused with
  // DecisionConflict when the spot-checked decision is no longer in force, PhotoSuperseded when a
  // newer photo arrived.
  virtual SettlementRecord settle_spot_check(const NewSettlement& s,
                                             const std::optional<NewDecision>& decision = std::nullopt) = 0;
  virtual std::vector<SettlementRecord> settlements(const Scope& scope) = 0;
  // Marks the decision in force on the student's newest submission as a teaching example for each
  // code (marking twice is harmless). Throws pa::UserError when the student has no decision.
  virtual std::vector<TeachingExample> mark_teaching_example(const std::string& student_no,
                                                             const std::vector<std::string>& codes,
                                                             const std::string& marked_by) = 0;
  virtual std::vector<TeachingExample> teaching_examples(const Scope& scope) = 0;
};

// Where an audit lives: a SQLite file's path (one workstation), or a PostgreSQL server's URL,
// postgresql://user@host:port/database (an office sharing one audit; store/postgres.h). The
// same store serves both: the same schema version, decisions, chains and ledger.
//
// Opens an existing audit. A file: WAL, foreign keys on, migrations applied. A path that does not
// exist is refused (pa::UserError naming it; nothing is created, no file, no folder), and so are
// an empty file, a folder, a database written by a newer photoaudit and a file that is not a
// photoaudit audit: all are left untouched. A server: refused when unreachable, when the login is
// refused, when the database holds no audit yet (`server init`) or something else, or is newer.
std::unique_ptr<AuditStore> open_store(const std::string& where);
// The same, but a missing file (and its folder) is created, readable by its owner only, and an
// existing empty file becomes an audit (made 0600); an empty database on a server gets the schema.
// Only `import`, `demo`, `server init` and tests create audits.
std::unique_ptr<AuditStore> create_store(const std::string& where);
// Opens an existing audit for reading only: never migrated, never written (verify). Works on a
// read-only copy (a read-only file in a read-only folder). Writes through it throw pa::UserError.
std::unique_ptr<AuditStore> open_store_read_only(const std::string& where);

// True for a server's URL (postgresql://…, postgres://…), false for a file's path.
bool is_server_url(const std::string& where);

// The server asked for a password, or refused the one it was given (the GUI then asks for one).
class ServerLoginError : public UserError {
 public:
  using UserError::UserError;
};

// A password the user typed (the workstation's prompt) for the login and server of `url`: kept in
// this process's memory only and given to every connection the process makes to them (the photo
// workers' too); never written to a file, a log or the command line. Empty: forgotten.
void remember_server_password(const std::string& url, const std::string& password);

// The schema version this build writes (both engines).
int schema_version();

}  // namespace pa
