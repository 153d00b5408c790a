// The audit store over the SQL layer (store/sql.h), one implementation for both engines: a
// SQLite file (one workstation) or a PostgreSQL server (an office). What differs between them is
// how an audit is opened and versioned; everything it records is written by the same code.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/assets.h"
#include "core/error.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/audit_chain.h"
#include "store/schema.h"
#include "store/coord_tables.h"
#include "store/ledger.h"
#include "store/postgres.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace pa {

namespace {

using sql::Db;
using sql::kInForce;
using sql::Stmt;
using sql::Transaction;

std::string extra_to_json(const Student& s) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& [k, v] : s.extra) a.push_back({k, v});
  return a.dump();
}

std::vector<std::pair<std::string, std::string>> extra_from_json(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto a = nlohmann::json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const auto& p : a)
    if (p.is_array() && p.size() == 2) out.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
  return out;
}

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// Creates the database file readable by its owner only (photos and ID numbers live in it).
void create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) ::close(fd);
}

// Every decision event with what it says; `student_note` exists from schema v5 on, `batch` from
// v7 on (a read-only audit of an older version reads them as '').
std::string event_select(sql::Dialect dialect, std::int64_t schema_version) {
  return std::string(R"SQL(
SELECT d.id, d.submission_id, st.student_no, sub.version, d.photo_sha256, r.name, d.at, d.kind,
       d.note, d.undoes, )SQL") +
         sql::codes_in_catalog_order(dialect, "decision_reasons", "decision_id", "d.id", false) + R"SQL(,
       d.prev_hash, d.hash, )SQL" +
         (schema_version >= schema::kLedgerVersion ? "d.student_note" : "''") + ", " +
         (schema_version >= schema::kBatchVersion ? "d.batch" : "''") + R"SQL(
FROM decisions d
JOIN submissions sub ON sub.id = d.submission_id
JOIN students st ON st.id = sub.student_id
JOIN reviewers r ON r.id = d.reviewer_id
)SQL";
}

DecisionEvent read_event(const Stmt& st) {
  DecisionEvent e;
  e.id = st.i64(0);
  e.submission_id = st.i64(1);
  e.student_no = st.text(2);
  e.version = st.i32(3);
  e.photo_sha256 = st.text(4);
  e.reviewer = st.text(5);
  e.at = st.text(6);
  e.kind = st.text(7);
  e.note = st.text(8);
  if (!st.is_null(9)) e.undoes = st.i64(9);
  e.reasons = split_csv(st.text(10));
  e.student_note = st.text(13);
  e.batch = st.text(14);
  return e;
}

ChainedEvent read_chained(const Stmt& st) { return {read_event(st), st.text(11), st.text(12)}; }

// "2021001 第 1 版照片已由 王老师 于 2024-06-01T08:00:00.000Z 判定为 reject [blur] (#12)"
std::string describe_decision(const DecisionEvent& e) {
  std::string codes;
  for (const auto& c : e.reasons) codes += (codes.empty() ? "" : ",") + c;
  return e.student_no + " 第 " + std::to_string(e.version) + " 版照片已由 " + e.reviewer + " 于 " + e.at +
         " 判定为 " + e.kind + (codes.empty() ? "" : " [" + codes + "]") + " (decision #" +
         std::to_string(e.id) + " by " + e.reviewer + ": " + e.kind + ")";
}

Status status_of(const std::optional<DecisionEvent>& d, bool has_photo) {
  if (!has_photo) return Status::without_photo;
  if (!d) return Status::pending;
  return pa::status_of(verdict_from_string(d->kind).value_or(Verdict::reshoot));
}

// One import, one transaction. What the audit already holds (students, each one's submissions,
// the photos' bytes) is read once at the start, so adding a photo asks the database nothing; the
// new photos and submissions are written as they come to a file, and in batches of
// Db::bulk_bytes() to a server (one COPY each).
class SqlImportSession final : public ImportSession {
 public:
  SqlImportSession(Db& db, const BatchInfo& batch) : db_(db), tx_(db) {
    now_ = now_iso_utc();
    Stmt ins(db_,
             "INSERT INTO batches (name, roster_file, photos_source, imported_at) "
             "VALUES (?1, ?2, ?3, ?4) RETURNING id");
    ins.bind(1, batch.name).bind(2, batch.roster_file).bind(3, batch.photos_source).bind(4, now_);
    if (!ins.step()) db_.fail("insert batch");
    batch_id_ = ins.i64(0);
    Stmt all(db_, "SELECT student_no, id FROM students");
    while (all.step()) ids_[all.text(0)] = all.i64(1);
    Stmt subs(db_, "SELECT student_id, version, sha256 FROM submissions");
    while (subs.step()) note_submission(subs.i64(0), subs.i32(1), subs.text(2));
    Stmt blobs(db_, "SELECT sha256 FROM blobs");
    while (blobs.step()) blobs_.insert(blobs.text(0));
    Stmt bad(db_, "SELECT student_id, sha256 FROM bad_files");
    while (bad.step()) bad_files_.insert({bad.i64(0), bad.text(1)});
  }

  void upsert_student(const Student& s) override {
    upsert_.bind(1, s.student_no).bind(2, s.name).bind(3, s.id_number).bind(4, s.gender);
    upsert_.bind(5, s.college).bind(6, s.major).bind(7, s.class_name).bind(8, s.campus);
    upsert_.bind(9, extra_to_json(s)).bind(10, batch_id_).bind(11, s.line);
    if (!upsert_.step()) db_.fail("upsert student");
    ids_[s.student_no] = upsert_.i64(0);
    upsert_.reset();
  }

  PhotoOutcome add_photo(const std::string& student_no, const PhotoBlob& p) override {
    auto it = ids_.find(student_no);
    if (it == ids_.end()) throw UserError("unknown student " + student_no + " in import");
    const std::int64_t student_id = it->second;
    received_valid_.insert(student_id);  // settles the student's bad files at commit
    const auto newest = newest_.find(student_id);
    const int version = newest == newest_.end() ? 0 : newest->second.first;
    // Bytes this student already submitted (the newest version, or an earlier one sent again
    // with an old batch after a reshoot) are not a new capture: only changed bytes make a version.
    if (version > 0 && (newest->second.second == p.sha256 || submitted_.count({student_id, p.sha256})))
      return PhotoOutcome::unchanged;

    if (blobs_.insert(p.sha256).second) {  // content-addressed: the same bytes are stored once
      blob_rows_.push_back({sql::Cell::text(p.sha256), sql::Cell::blob(p.bytes),
                            sql::Cell::of(static_cast<std::int64_t>(p.bytes.size())), sql::Cell::text(p.format),
                            sql::Cell::of(p.width), sql::Cell::of(p.height)});
      pending_bytes_ += p.bytes.size();
    }
    sub_rows_.push_back({sql::Cell::of(student_id), sql::Cell::of(version + 1), sql::Cell::text(p.sha256),
                         sql::Cell::text(p.file_name), sql::Cell::of(batch_id_), sql::Cell::text(now_)});
    note_submission(student_id, version + 1, p.sha256);
    if (pending_bytes_ >= db_.bulk_bytes()) flush();
    return PhotoOutcome::imported;
  }

  bool add_bad_file(const std::string& student_no, const BadFileIn& f) override {
    auto it = ids_.find(student_no);
    if (it == ids_.end()) throw UserError("unknown student " + student_no + " in import");
    if (!bad_files_.insert({it->second, f.sha256}).second) return false;  // these bytes are recorded already
    Stmt ins(db_, "INSERT INTO bad_files (student_id, file_name, error, sha256, size, batch_id, received_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    ins.bind(1, it->second).bind(2, f.file_name).bind(3, f.error).bind(4, f.sha256).bind(5, f.size);
    ins.bind(6, batch_id_).bind(7, now_);
    ins.run();
    return true;
  }

  bool has_submission(const std::string& student_no) override {
    auto it = ids_.find(student_no);
    return it != ids_.end() && newest_.count(it->second);
  }

  void commit(const BatchCounts& c) override {
    flush();
    // A valid photo of the student in this batch (a new version or one sent before) settles every
    // bad file of theirs still open, this batch's included: the newest file received is usable.
    Stmt settle(db_, "UPDATE bad_files SET resolved_batch_id = ?1 WHERE student_id = ?2 AND resolved_batch_id IS NULL");
    for (const std::int64_t student_id : received_valid_) {
      settle.bind(1, batch_id_).bind(2, student_id);
      settle.run();
    }
    Stmt up(db_,
            "UPDATE batches SET students = ?1, photos_imported = ?2, photos_unchanged = ?3 "
            "WHERE id = ?4");
    up.bind(1, c.students).bind(2, c.photos_imported).bind(3, c.photos_unchanged).bind(4, batch_id_);
    up.run();
    tx_.commit();
  }

 private:
  void note_submission(std::int64_t student_id, int version, const std::string& sha256) {
    auto& n = newest_[student_id];
    if (version > n.first) n = {version, sha256};
    submitted_.insert({student_id, sha256});
  }
  void flush() {  // the photos first: a submission names its photo's bytes
    db_.insert_rows("blobs", {"sha256", "bytes", "size", "format", "width", "height"}, blob_rows_);
    db_.insert_rows("submissions", {"student_id", "version", "sha256", "file_name", "batch_id", "imported_at"},
                    sub_rows_);
    blob_rows_.clear();
    sub_rows_.clear();
    pending_bytes_ = 0;
  }

  Db& db_;
  Transaction tx_;
  std::string now_;
  std::int64_t batch_id_ = 0;
  std::unordered_map<std::string, std::int64_t> ids_;
  std::unordered_map<std::int64_t, std::pair<int, std::string>> newest_;  // student id -> version, sha256
  std::set<std::pair<std::int64_t, std::string>> submitted_;              // every (student id, sha256)
  std::unordered_set<std::string> blobs_;                                 // photos the audit holds
  std::set<std::pair<std::int64_t, std::string>> bad_files_;              // every (student id, sha256) recorded bad
  std::set<std::int64_t> received_valid_;                                 // students with a valid photo in this batch
  std::vector<sql::Row> blob_rows_, sub_rows_;
  std::size_t pending_bytes_ = 0;
  Stmt upsert_{db_, R"SQL(
    INSERT INTO students (student_no, name, id_number, gender, college, major, class_name, campus,
                          extra, batch_id, roster_line)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
    ON CONFLICT (student_no) DO UPDATE SET
      name = excluded.name, id_number = excluded.id_number, gender = excluded.gender,
      college = excluded.college, major = excluded.major, class_name = excluded.class_name,
      campus = excluded.campus, extra = excluded.extra, batch_id = excluded.batch_id,
      roster_line = excluded.roster_line
    RETURNING id)SQL"};
};

class SqlStore final : public AuditStore {
 public:
  enum class Mode { existing, create, read_only };
  SqlStore(const std::string& where, Mode mode)
      : owned_(sql::is_postgres_url(where) ? open_postgres(where, mode) : open(where, mode)),
        db_(*owned_),
        read_only_(mode == Mode::read_only) {
    if (db_.dialect() == sql::Dialect::postgresql) {
      login_ = static_cast<sql::PgDb&>(db_).login();
      migrate_postgres(mode);
      // A trainer's login reads the teaching material only (a view without names, 学号 or ID
      // numbers): the audit then has no students, and its examples and their photos come from it.
      teaching_only_ = db_.scalar("SELECT CASE WHEN has_table_privilege('students', 'SELECT') THEN 0 "
                                  "WHEN to_regclass('teaching_material') IS NULL THEN 0 "
                                  "WHEN has_table_privilege('teaching_material', 'SELECT') THEN 1 ELSE 0 END") == 1;
      if (teaching_only_) return;
      // Only the audit's owner refreshes the catalog (a newer build's labels); every role reads it.
      if (!read_only_ && db_.scalar("SELECT has_table_privilege('reasons', 'UPDATE')") == 1) seed_reasons();
      return;
    }
    if (read_only_) {
      check_version();
      return;
    }
    migrate();
    seed_reasons();
  }

  std::unique_ptr<ImportSession> begin_import(const BatchInfo& batch) override {
    return std::make_unique<SqlImportSession>(db_, batch);
  }

  std::optional<std::string> account() override {
    if (login_.empty()) return std::nullopt;
    return login_;
  }

  std::vector<Reason> reasons() override {
    std::vector<Reason> out;
    Stmt st(db_, "SELECT code, label_zh, label_en, source, automation, ord FROM reasons ORDER BY ord");
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.i32(5)});
    return out;
  }

  DecisionEvent record_decision(const NewDecision& d, const DecisionBasis& basis) override {
    Transaction tx(db_);
    DecisionEvent e = insert_decision(d, basis);
    tx.commit();
    return e;
  }

  std::optional<DecisionEvent> decision_in_force(std::int64_t submission_id) override {
    const auto id = in_force_id(submission_id);
    return id ? event(*id) : std::nullopt;
  }

  std::optional<DecisionEvent> last_decision_in_force(const std::string& reviewer) override {
    const auto id = last_in_force_id(reviewer);
    return id ? event(*id) : std::nullopt;
  }

  std::optional<DecisionEvent> undo_last(const std::string& reviewer) override {
    Transaction tx(db_);
    const auto target = last_in_force_id(reviewer);
    if (!target) return std::nullopt;
    const DecisionEvent last = *event(*target);
    DecisionEvent u;
    u.submission_id = last.submission_id;
    u.student_no = last.student_no;
    u.version = last.version;
    u.photo_sha256 = last.photo_sha256;
    u.kind = "undo";
    u.undoes = *target;
    DecisionEvent e = append_event(u, reviewer_id(reviewer));
    tx.commit();
    return e;
  }

  AuditVerification verify_audit(const std::optional<std::string>& expect_head) override {
    AuditVerification v;
    if (db_.dialect() == sql::Dialect::sqlite) {
      Stmt st(db_, "PRAGMA integrity_check");
      while (st.step()) v.integrity += (v.integrity.empty() ? "" : "; ") + st.text(0);
    } else {
      v.integrity = "ok";  // the server keeps its files sound (checksums, WAL); its rows are checked below
    }
    std::vector<ChainedEvent> events;
    {
      Stmt st(db_, event_select_ + " ORDER BY d.id");
      while (st.step()) events.push_back(read_chained(st));
    }
    // An event whose submission, student or reviewer row is gone drops out of the join: the ids
    // of the bare table show the gap.
    if (const std::int64_t rows = db_.scalar("SELECT count(*) FROM decisions");
        rows != static_cast<std::int64_t>(events.size()))
      v.chain_break = ChainBreak{0, "事件表有 " + std::to_string(rows) + " 行，可读的只有 " +
                                        std::to_string(events.size()) + " 个 (" + std::to_string(rows) +
                                        " event rows, only " + std::to_string(events.size()) +
                                        " join their submission and reviewer)"};
    const auto [head_id, head_hash] = chain_head();
    if (!v.chain_break) v.chain_break = find_chain_break(events, head_id, head_hash);
    v.events = static_cast<std::int64_t>(events.size());
    v.head_hash = events.empty() ? "" : events.back().hash;

    v.ledger_present = schema_version_ >= schema::kLedgerVersion;
    std::vector<LedgerEntry> entries;
    if (v.ledger_present) {
      entries = ledger_.entries();
      const auto [seq, hash] = ledger_.recorded_head();
      v.ledger_break = find_ledger_break(entries, seq, hash);
      if (!v.ledger_break) v.ledger_break = ledger_mismatch(entries, events);
      v.ledger_head = ledger_.newest();
    }
    if (expect_head) {
      v.expected_head = *expect_head;
      v.expected_head_found = v.ledger_present && ledger_contains_head(entries, *expect_head);
    }

    Stmt photos(db_, R"SQL(
      SELECT DISTINCT d.photo_sha256, b.bytes FROM decisions d
      LEFT JOIN blobs b ON b.sha256 = d.photo_sha256 ORDER BY d.photo_sha256)SQL");
    while (photos.step())
      if (photos.is_null(1) || sha256_hex(photos.blob(1)) != photos.text(0))
        v.photo_mismatches.push_back(photos.text(0));
    return v;
  }

  AuditHead audit_head() override {
    if (schema_version_ < schema::kLedgerVersion) return {};
    return ledger_.newest();
  }

  void record_reveal(const RevealAct& r) override {
    Transaction tx(db_);
    ledger_.append(ledger_kind::reveal, std::nullopt, now_iso_utc(), r.actor, ledger_body(r));
    tx.commit();
  }

  std::vector<StudentState> students(const Scope& scope) override {
    if (teaching_only_) return {};
    return query_students("(CAST(?1 AS TEXT) IS NULL OR st.college = ?1)", scope.college);
  }

  std::optional<StudentState> student(const std::string& student_no) override {
    auto v = query_students("st.student_no = ?1", student_no);
    if (v.empty()) return std::nullopt;
    return v.front();
  }

  std::vector<DecisionEvent> history(const std::string& student_no) override {
    Stmt st(db_, event_select_ + " WHERE st.student_no = ?1 ORDER BY d.id");
    st.bind(1, student_no);
    std::vector<DecisionEvent> out;
    while (st.step()) out.push_back(read_event(st));
    return out;
  }

  std::optional<std::string> photo_bytes(const std::string& sha256) override {
    Stmt st(db_, teaching_only_ ? "SELECT bytes FROM teaching_material WHERE sha256 = ?1 LIMIT 1"
                                : "SELECT bytes FROM blobs WHERE sha256 = ?1");
    st.bind(1, sha256);
    if (!st.step()) return std::nullopt;
    return st.blob(0);
  }

  std::vector<Submission> submissions(const std::string& student_no) override {
    return query_submissions("st.student_no = ?1", student_no);
  }

  void save_analyses(const std::vector<AnalysisRecord>& batch) override {
    if (batch.empty()) return;
    Transaction tx(db_);
    Stmt st(db_, R"SQL(
      INSERT INTO analyses (submission_id, engine_version, ok, result, analysed_at)
      VALUES (?1, ?2, ?3, ?4, ?5)
      ON CONFLICT (submission_id, engine_version) DO UPDATE SET
        ok = excluded.ok, result = excluded.result, analysed_at = excluded.analysed_at)SQL");
    Stmt done(db_, "DELETE FROM analysis_claims WHERE submission_id = ?1 AND engine_version = ?2");
    const std::string now = now_iso_utc();
    for (const auto& a : batch) {
      st.bind(1, a.submission_id).bind(2, a.engine_version).bind(3, a.ok ? 1 : 0);
      st.bind(4, a.result_json).bind(5, a.analyzed_at.empty() ? now : a.analyzed_at);
      st.run();
      done.bind(1, a.submission_id).bind(2, a.engine_version);
      done.run();
    }
    tx.commit();
  }

  std::optional<AnalysisRecord> analysis(std::int64_t submission_id,
                                         const std::string& engine_version) override {
    auto v = query_analyses("submission_id = ?1 AND engine_version = ?2", submission_id, engine_version);
    if (v.empty()) return std::nullopt;
    return v.front();
  }

  std::vector<AnalysisRecord> analyses(const std::string& engine_version) override {
    if (teaching_only_) return {};  // a trainer's login: no students' tables
    return query_analyses("engine_version = ?2", std::int64_t{0}, engine_version);
  }

  std::vector<Submission> submissions_without_analysis(const std::string& engine_version) override {
    if (teaching_only_) return {};
    return query_submissions(
        "NOT EXISTS (SELECT 1 FROM analyses a WHERE a.submission_id = sub.id AND a.engine_version = ?1)",
        engine_version);
  }

  std::vector<Submission> claim_analysis_work(const std::string& engine_version, const std::string& worker,
                                              std::size_t n, int lease_seconds) override {
    Transaction tx(db_);  // the write lock: no other analyzer claims in between
    const std::string now = now_iso_utc();
    Stmt st(db_, R"SQL(
      SELECT sub.id, st.student_no, sub.version, sub.sha256, sub.file_name, sub.imported_at,
             b.width, b.height, b.format
      FROM submissions sub JOIN students st ON st.id = sub.student_id
      JOIN blobs b ON b.sha256 = sub.sha256
      WHERE NOT EXISTS (SELECT 1 FROM analyses a WHERE a.submission_id = sub.id AND a.engine_version = ?1)
        AND NOT EXISTS (SELECT 1 FROM analysis_claims c WHERE c.submission_id = sub.id
                        AND c.engine_version = ?1 AND c.worker != ?2 AND c.expires_at > ?3)
      ORDER BY sub.id LIMIT ?4)SQL");
    st.bind(1, engine_version).bind(2, worker).bind(3, now).bind(4, static_cast<std::int64_t>(n));
    std::vector<Submission> out;
    while (st.step())
      out.push_back({st.i64(0), st.text(1), st.i32(2), st.text(3), st.text(4), st.text(5), st.i32(6),
                     st.i32(7), st.text(8)});
    Stmt claim(db_, R"SQL(
      INSERT INTO analysis_claims (submission_id, engine_version, worker, expires_at)
      VALUES (?1, ?2, ?3, ?4)
      ON CONFLICT (submission_id, engine_version) DO UPDATE SET
        worker = excluded.worker, expires_at = excluded.expires_at)SQL");
    const std::string until = iso_utc_after(lease_seconds);
    for (const auto& sub : out) {
      claim.bind(1, sub.id).bind(2, engine_version).bind(3, worker).bind(4, until);
      claim.run();
    }
    tx.commit();
    return out;
  }

  void release_analysis_claims(const std::string& worker) override {
    Transaction tx(db_);
    Stmt st(db_, "DELETE FROM analysis_claims WHERE worker = ?1");
    st.bind(1, worker);
    st.run();
    tx.commit();
  }

  // ---- several workstations on one audit ----

  bool take_lease(const std::string& student_no, const std::string& holder, int seconds) override {
    Transaction tx(db_);
    const std::string now = now_iso_utc();
    {
      Stmt cur(db_, "SELECT holder FROM review_leases WHERE student_no = ?1 AND expires_at > ?2");
      cur.bind(1, student_no).bind(2, now);
      if (cur.step() && cur.text(0) != holder) return false;  // another workstation's, still live
    }
    Stmt up(db_, R"SQL(INSERT INTO review_leases (student_no, holder, expires_at) VALUES (?1, ?2, ?3)
      ON CONFLICT (student_no) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at)SQL");
    up.bind(1, student_no).bind(2, holder).bind(3, iso_utc_after(seconds));
    up.run();
    tx.commit();
    return true;
  }

  void release_lease(const std::string& student_no, const std::string& holder) override {
    Transaction tx(db_);
    Stmt st(db_, "DELETE FROM review_leases WHERE student_no = ?1 AND holder = ?2");
    st.bind(1, student_no).bind(2, holder);
    st.run();
    tx.commit();
  }

  std::vector<PhotoLease> live_leases() override {
    if (teaching_only_) return {};
    Stmt st(db_, "SELECT student_no, holder, expires_at FROM review_leases WHERE expires_at > ?1 ORDER BY student_no");
    st.bind(1, now_iso_utc());
    std::vector<PhotoLease> out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
    return out;
  }

  ChangeMarks change_marks() override {
    // A trainer follows the teaching material: a new example reads as new material to reload.
    if (teaching_only_) return {0, db_.scalar("SELECT COALESCE(max(id), 0) FROM teaching_material")};
    return {db_.scalar("SELECT COALESCE(max(id), 0) FROM decisions"),
            db_.scalar("SELECT COALESCE(max(id), 0) * 1000000 + COALESCE(max(photos_imported), 0) FROM batches")};
  }

  AuditChanges changes_since(const ChangeMarks& since) override {
    AuditChanges c;
    c.marks = change_marks();
    c.imported = c.marks.batch != since.batch;
    if (c.marks.event == since.event || teaching_only_) return c;
    Stmt st(db_, event_select_ + " WHERE d.id > ?1 ORDER BY d.id");
    st.bind(1, since.event);
    while (st.step()) c.decisions.push_back(read_event(st));
    return c;
  }

  bool others_changed() override { return db_.others_changed(); }

  // ---- coordinators and trainers: the SQL lives in store/coord_tables.cpp ----
  std::vector<DecisionEvent> decision_events(const Scope& scope) override {
    if (teaching_only_) return {};
    Stmt st(db_, event_select_ + " WHERE (CAST(?1 AS TEXT) IS NULL OR st.college = ?1) ORDER BY d.id");
    st.bind(1, scope.college);
    std::vector<DecisionEvent> out;
    while (st.step()) out.push_back(read_event(st));
    return out;
  }
  std::optional<std::string> meta_value(const std::string& key) override { return coord_.meta_value(key); }
  void set_meta_value(const std::string& key, const std::string& value) override { coord_.set_meta_value(key, value); }
  SpotCheckRecord record_spot_check(const NewSpotCheck& c) override {
    return coord_.record_spot_check(c, reviewer_id(c.checker));
  }
  std::vector<SpotCheckRecord> spot_checks(const Scope& scope) override {
    if (teaching_only_) return {};
    return coord_.spot_checks(scope);
  }
  SettlementRecord settle_spot_check(const NewSettlement& s, const std::optional<NewDecision>& decision) override {
    sql::CoordinationTables::DecisionWriter writer;
    if (decision)
      writer = [&](const SpotCheckRecord& check) {
        // The decision replaces the one that was spot-checked, on the photo that was spot-checked.
        DecisionBasis basis;
        basis.seen_decision = check.decision_id;
        basis.seen_submission = event(check.decision_id)->submission_id;
        NewDecision d = *decision;
        d.student_no = check.student_no;
        return insert_decision(d, basis).id;
      };
    return coord_.settle_spot_check(s, reviewer_id(s.settled_by), writer);
  }
  std::vector<SettlementRecord> settlements(const Scope& scope) override {
    if (teaching_only_) return {};
    return coord_.settlements(scope);
  }
  std::vector<TeachingExample> mark_teaching_example(const std::string& student_no,
                                                     const std::vector<std::string>& codes,
                                                     const std::string& marked_by) override {
    return coord_.mark_teaching_example(student_no, codes, reviewer_id(marked_by));
  }
  std::vector<TeachingExample> teaching_examples(const Scope& scope) override {
    if (!teaching_only_) return coord_.teaching_examples(scope);
    // In the catalog's order of the code, as the tables' own query gives them; nobody's identity.
    std::vector<TeachingExample> out;
    // (No submission: its stored analysis is the students' data; the trainer's screens analyse.)
    Stmt st(db_, std::string("SELECT tm.id, tm.decision_id, tm.sha256, tm.decision_kind, "
                             "COALESCE(tm.decision_reasons, ''), tm.code, tm.at FROM teaching_material tm "
                             "JOIN reasons rs ON rs.code = tm.code ORDER BY rs.ord, tm.id"));
    while (st.step()) {
      TeachingExample e;
      e.id = st.i64(0);
      e.decision_id = st.i64(1);
      e.photo_sha256 = st.text(2);
      e.decision_kind = st.text(3);
      e.decision_reasons = split_csv(st.text(4));
      e.code = st.text(5);
      e.at = st.text(6);
      out.push_back(std::move(e));
    }
    (void)scope;  // a trainer's examples are every college's: the view holds no college
    return out;
  }

 private:
  std::vector<Submission> query_submissions(const std::string& where, const std::string& arg) {
    Stmt st(db_, R"SQL(
      SELECT sub.id, st.student_no, sub.version, sub.sha256, sub.file_name, sub.imported_at,
             b.width, b.height, b.format
      FROM submissions sub JOIN students st ON st.id = sub.student_id
      JOIN blobs b ON b.sha256 = sub.sha256
      WHERE )SQL" + where + " ORDER BY sub.id");
    st.bind(1, arg);
    std::vector<Submission> out;
    while (st.step())
      out.push_back({st.i64(0), st.text(1), st.i32(2), st.text(3), st.text(4), st.text(5), st.i32(6),
                     st.i32(7), st.text(8)});
    return out;
  }

  std::vector<AnalysisRecord> query_analyses(const std::string& where, std::int64_t submission_id,
                                             const std::string& engine_version) {
    Stmt st(db_, "SELECT submission_id, engine_version, ok, result, analysed_at FROM analyses WHERE " +
                     where + " ORDER BY submission_id");
    st.bind(1, submission_id).bind(2, engine_version);
    std::vector<AnalysisRecord> out;
    while (st.step()) out.push_back({st.i64(0), st.text(1), st.i32(2) != 0, st.text(3), st.text(4)});
    return out;
  }

  static std::unique_ptr<Db> open(const std::string& path, Mode mode) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    const bool exists = !ec && fs::exists(st);
    if (exists && fs::is_directory(st))
      throw UserError("这是一个文件夹，不是审核数据库 (this is a folder, not an audit database)", path);
    if (mode == Mode::read_only) {
      if (!exists) throw_missing(path);
      return open_read_only(path);
    }
    if (!exists) {
      if (mode != Mode::create) throw_missing(path);
      if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path(), ec);
      create_private_file(path);
    } else if (fs::file_size(path, ec) == 0 && !ec) {
      // An empty file is not an audit: only import and demo may make one of it (owner-only).
      if (mode != Mode::create)
        throw UserError("这是一个空文件，不是审核数据库 (an empty file, not an audit database)", path);
      ::chmod(path.c_str(), 0600);
    }
    sql::repair_side_file_modes(path);
    return std::make_unique<sql::SqliteDb>(
        path, SQLITE_OPEN_READWRITE | (mode == Mode::create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX);
  }

  [[noreturn]] static void throw_missing(const std::string& path) {
    throw UserError("审核数据库不存在 (no such audit database); 新的审核请先用 photoaudit import 导入 "
                    "(a new audit starts with `photoaudit import`)",
                    path);
  }

  // A read-only copy (a read-only file in a read-only folder, an archive disc) cannot get the -shm
  // file a WAL database wants: without a -wal there is nothing else to read, so the file is then
  // opened as immutable. A copy with a non-empty -wal is refused, as its newest events would be
  // invisible.
  static std::unique_ptr<Db> open_read_only(const std::string& path) {
    {
      auto db = std::make_unique<sql::SqliteDb>(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX);
      try {
        db->scalar("SELECT count(*) FROM sqlite_schema");
        return db;
      } catch (const UserError&) {
        const int code = sqlite3_errcode(db->raw()) & 0xff;
        if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_BUSY) throw;
      }
    }
    std::error_code ec;
    const auto wal = std::filesystem::file_size(path + "-wal", ec);
    if (!ec && wal > 0)
      throw UserError("只读副本带有未合并的 -wal 文件，无法只读打开 (a read-only copy with a non-empty -wal "
                      "cannot be opened; copy it to a writable folder first)",
                      path);
    std::string uri = "file:";
    for (unsigned char c : path) {
      if (std::isalnum(c) || std::string_view("/-_.~").find(static_cast<char>(c)) != std::string_view::npos) {
        uri += static_cast<char>(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        uri += buf;
      }
    }
    uri += "?immutable=1";
    auto db = std::make_unique<sql::SqliteDb>(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, path);
    db->scalar("SELECT count(*) FROM sqlite_schema");
    return db;
  }

  // Read-only checks first: a newer or foreign database must not be touched at all.
  std::int64_t check_version() {
    const std::int64_t app_id = db_.scalar("PRAGMA application_id");
    const std::int64_t version = db_.scalar("PRAGMA user_version");
    const std::int64_t tables = db_.scalar("SELECT count(*) FROM sqlite_schema");
    const auto target = static_cast<std::int64_t>(schema::migrations().size());
    if (app_id != schema::kApplicationId && (app_id != 0 || tables > 0))
      throw UserError("不是 photoaudit 审核数据库 (not a photoaudit audit database)", db_.path());
    if (read_only_ && app_id == 0)
      throw UserError("不是 photoaudit 审核数据库 (not a photoaudit audit database)", db_.path());
    if (version > target)
      throw UserError("数据库由更新版本的 photoaudit 写入 (schema version " + std::to_string(version) +
                          "), 本程序只支持到版本 " + std::to_string(target) +
                          " (written by a newer photoaudit; this build supports up to version " +
                          std::to_string(target) + "); 请升级 photoaudit (please upgrade)",
                      db_.path());
    schema_version_ = version;
    event_select_ = event_select(db_.dialect(), version);
    return version;
  }

  void migrate() {
    const std::int64_t version = check_version();
    const auto target = static_cast<std::int64_t>(schema::migrations().size());

    auto& file = static_cast<sql::SqliteDb&>(db_);
    file.exec("PRAGMA journal_mode = WAL");
    // A decision is on disk when the call returns; kept when the connection is reopened.
    file.set_connection_setup("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");

    for (std::int64_t v = version; v < target; ++v) {
      Transaction tx(db_);
      db_.exec(schema::migrations()[static_cast<std::size_t>(v)]);
      if (v + 1 == schema::kChainVersion) seal_events_written_before_the_chain();
      if (v + 1 == schema::kLedgerVersion) {
        schema_version_ = v + 1;
        event_select_ = event_select(db_.dialect(), schema_version_);
        fill_ledger_of_older_records();
      }
      db_.exec("PRAGMA user_version = " + std::to_string(v + 1));
      db_.exec("PRAGMA application_id = " + std::to_string(schema::kApplicationId));
      tx.commit();
    }
    schema_version_ = target;
    event_select_ = event_select(db_.dialect(), target);
  }

  // ---- an audit on a PostgreSQL server ----

  static std::unique_ptr<Db> open_postgres(const std::string& url, Mode mode) {
    auto db = std::make_unique<sql::PgDb>(url);
    // verify reads only: the server refuses any write on this connection.
    if (mode == Mode::read_only) db->exec("SET default_transaction_read_only = on");
    return db;
  }

  // The schema on the server: created on an empty database (Mode::create: `server init`, import,
  // tests), refused on a database that holds something else, migrated when older.
  void migrate_postgres(Mode mode) {
    const auto target = static_cast<std::int64_t>(schema::migrations().size());
    auto has_schema = [&] { return db_.scalar("SELECT to_regclass('photoaudit_schema') IS NOT NULL") == 1; };
    if (!has_schema()) {
      const std::int64_t tables = db_.scalar(
          "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()");
      if (tables > 0)
        throw UserError("服务器上的这个数据库不是 photoaudit 审核 (this database on the server is not a photoaudit "
                        "audit: it holds other tables)",
                        db_.path());
      if (mode != Mode::create)
        throw UserError("服务器上的审核尚未建立：请管理员先运行 photoaudit server init --db " + db_.path() +
                            " (the audit on the server is not set up yet: run `photoaudit server init` first)",
                        db_.path());
      Transaction tx(db_);  // the write lock: two workstations creating it at once make one
      if (!has_schema()) {
        db_.exec(schema::postgres_baseline());
        db_.exec("INSERT INTO photoaudit_schema (version) VALUES (" + std::to_string(schema::kPostgresBaseline) + ")");
      }
      tx.commit();
    }
    std::int64_t version = db_.scalar("SELECT max(version) FROM photoaudit_schema");
    if (version > target)
      throw UserError("服务器上的审核由更新版本的 photoaudit 写入 (schema version " + std::to_string(version) +
                          ")，本程序只支持到版本 " + std::to_string(target) +
                          "；请升级本机的 photoaudit (the audit on the server was written by a newer photoaudit; "
                          "upgrade this workstation)",
                      db_.path());
    for (; version < target; ++version) {
      if (read_only_)
        throw UserError("服务器上的审核版本较旧，须先升级 (the audit on the server is older: run `photoaudit "
                        "server init` to upgrade it)",
                        db_.path());
      Transaction tx(db_);
      db_.exec(schema::postgres_migrations()[static_cast<std::size_t>(version - schema::kPostgresBaseline)]);
      db_.exec("UPDATE photoaudit_schema SET version = " + std::to_string(version + 1));
      tx.commit();
    }
    schema_version_ = target;
    event_select_ = event_select(db_.dialect(), target);
  }

  // The catalog comes from the embedded assets/reasons.json. Codes are a fixed contract; labels
  // may be improved by a newer build, so they are refreshed when the catalog text changes.
  void seed_reasons() {
    const std::string text = asset_text("reasons.json");
    const std::string digest = sha256_hex(text);
    {
      Stmt st(db_, "SELECT value FROM meta WHERE key = 'reasons_sha256'");
      if (st.step() && st.text(0) == digest) return;
    }
    auto doc = nlohmann::json::parse(text);
    Transaction tx(db_);
    Stmt up(db_, R"SQL(
      INSERT INTO reasons (code, label_zh, label_en, source, automation, ord)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6)
      ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh, label_en = excluded.label_en,
        source = excluded.source, automation = excluded.automation, ord = excluded.ord)SQL");
    int ord = 0;
    for (const auto& r : doc.at("reasons")) {
      up.bind(1, r.at("code").get<std::string>()).bind(2, r.at("zh").get<std::string>());
      up.bind(3, r.at("en").get<std::string>()).bind(4, r.value("source", ""));
      up.bind(5, r.at("auto").get<std::string>()).bind(6, ++ord);
      up.run();
    }
    Stmt meta(db_, "INSERT INTO meta (key, value) VALUES ('reasons_sha256', ?1) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    meta.bind(1, digest);
    meta.run();
    tx.commit();
  }

  // A decision on the student's newest submission, inside the caller's transaction: checked
  // against what the reviewer saw, appended, chained and entered in the ledger.
  DecisionEvent insert_decision(const NewDecision& d, const DecisionBasis& basis) {
    Stmt cur(db_, R"SQL(
      SELECT sub.id, sub.sha256, sub.version, sub.imported_at FROM students st
      LEFT JOIN submissions sub ON sub.student_id = st.id
      WHERE st.student_no = ?1 ORDER BY sub.version DESC LIMIT 1)SQL");
    cur.bind(1, d.student_no);
    if (!cur.step()) throw UserError("学号 " + d.student_no + " 不在本次审核中 (no such student)");
    if (cur.is_null(0))
      throw UserError("学号 " + d.student_no + " 尚未提交照片 (the student has no photo to decide on)");
    const std::int64_t submission_id = cur.i64(0);
    const std::string sha = cur.text(1);
    // The write lock is held from here on: no other workstation can decide or import in between.
    if ((basis.seen_submission && *basis.seen_submission != submission_id) ||
        (!basis.seen_photo_sha256.empty() && basis.seen_photo_sha256 != sha))
      throw PhotoSuperseded("学号 " + d.student_no + " 已有更新的照片（第 " + std::to_string(cur.i32(2)) + " 版，" +
                            cur.text(3) + " 导入），您看到的是较早的版本；请先查看新照片再作结论 (a newer photo, version " +
                            std::to_string(cur.i32(2)) + ", arrived after the one you saw: look at it before deciding)");
    // The newest file the student sent is broken (no valid photo since): nothing to decide on,
    // the student must send a photo again (status file_corrupt).
    if (schema_version_ >= schema::kBadFilesVersion) {
      Stmt bad(db_, "SELECT bf.error FROM bad_files bf JOIN students st ON st.id = bf.student_id "
                    "WHERE st.student_no = ?1 AND bf.resolved_batch_id IS NULL ORDER BY bf.id DESC LIMIT 1");
      bad.bind(1, d.student_no);
      if (bad.step())
        throw PhotoSuperseded("学号 " + d.student_no + " 最新提交的照片文件损坏（" + bad.text(0) +
                              "），需重新提交；不能再对第 " + std::to_string(cur.i32(2)) +
                              " 版作结论 (the newest file the student sent is corrupt: they must send a photo "
                              "again, and version " + std::to_string(cur.i32(2)) + " can no longer be decided)");
    }
    check_not_superseded(d.student_no, basis, submission_id);

    DecisionEvent e;
    e.submission_id = submission_id;
    e.student_no = d.student_no;
    e.version = cur.i32(2);
    e.photo_sha256 = sha;
    e.kind = to_string(d.verdict);
    e.note = d.note;
    e.student_note = d.student_note;
    e.batch = d.batch;
    for (const auto& code : d.reasons)
      if (std::find(e.reasons.begin(), e.reasons.end(), code) == e.reasons.end()) e.reasons.push_back(code);
    // Decided: the photo is no longer under review, whoever had it on screen (in the same
    // transaction, so a lease never outlives the decision that ended it).
    Stmt free(db_, "DELETE FROM review_leases WHERE student_no = ?1");
    free.bind(1, d.student_no);
    free.run();
    return append_event(e, reviewer_id(d.reviewer));
  }

  // Appends an event (inside the caller's transaction, which holds the write lock): the next id,
  // the time, the reviewer's name as recorded, its hash chained to the event before it, its
  // reason codes, and its ledger entry. The row is written complete, sealed: no event is ever
  // updated, so the server's privileges can forbid UPDATE on decisions to every login.
  DecisionEvent append_event(DecisionEvent e, std::int64_t reviewer) {
    std::string prev;
    {
      Stmt st(db_, "SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1");
      if (st.step()) {
        e.id = st.i64(0) + 1;
        prev = st.text(1);
      } else {
        e.id = 1;
      }
    }
    {
      Stmt name(db_, "SELECT name FROM reviewers WHERE id = ?1");
      name.bind(1, reviewer);
      if (!name.step()) db_.fail("reviewer");
      e.reviewer = name.text(0);
    }
    e.at = now_iso_utc();
    const std::string hash = event_hash(e, prev);
    Stmt ins(db_, R"SQL(
      INSERT INTO decisions (id, submission_id, reviewer_id, at, kind, note, photo_sha256, undoes,
                             student_note, prev_hash, hash, batch)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12))SQL");
    ins.bind(1, e.id).bind(2, e.submission_id).bind(3, reviewer).bind(4, e.at).bind(5, e.kind);
    ins.bind(6, e.note).bind(7, e.photo_sha256).bind(8, e.undoes).bind(9, e.student_note);
    ins.bind(10, prev).bind(11, hash).bind(12, e.batch);
    ins.run();
    Stmt reason(db_, "INSERT INTO decision_reasons (decision_id, code) VALUES (?1, ?2)");
    for (const auto& code : e.reasons) {
      reason.bind(1, e.id).bind(2, code);
      reason.run();
    }
    // What was stored is what was hashed (reason codes in catalog order as every reader sees them).
    DecisionEvent stored = *event(e.id);
    if (event_hash(stored, prev) != hash) db_.fail("decision event does not read back as written");
    write_chain_head(e.id, hash);
    ledger_.append(ledger_kind::decision, stored.id, stored.at, stored.reviewer, ledger_body(stored));
    return stored;
  }

  void write_chain_head(std::int64_t id, const std::string& hash) {
    Stmt head(db_, "INSERT INTO meta (key, value) VALUES ('chain_head', ?1) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    head.bind(1, std::to_string(id) + ":" + hash);
    head.run();
  }

  // One reviewer whatever the case, width or spacing of the name typed (pa::name_key): the first
  // spelling used is the one shown.
  std::int64_t reviewer_id(const std::string& typed) {
    // On a server the reviewer is the logged-in account, whatever name was typed.
    const std::string name = login_.empty() ? typed : login_;
    const std::string key = name_key(name);
    if (key.empty()) throw UserError("必须填写审核人 (a reviewer name is required)");
    {
      Stmt sel(db_, "SELECT id FROM reviewers WHERE name_key = ?1 ORDER BY id LIMIT 1");
      sel.bind(1, key);
      if (sel.step()) return sel.i64(0);
    }
    Stmt ins(db_, "INSERT INTO reviewers (name, name_key, created_at) VALUES (?1, ?2, ?3) RETURNING id");
    ins.bind(1, trim(name)).bind(2, key).bind(3, now_iso_utc());
    if (!ins.step()) db_.fail("insert reviewer");
    return ins.i64(0);
  }

  // Every record of the audit against its ledger entry: none missing, none edited, none extra.
  std::optional<ChainBreak> ledger_mismatch(const std::vector<LedgerEntry>& entries,
                                            const std::vector<ChainedEvent>& events) {
    std::map<std::pair<std::string, std::int64_t>, std::string> records;  // (kind, id) -> body
    for (const auto& c : events) records[{ledger_kind::decision, c.event.id}] = ledger_body(c.event);
    for (const auto& r : coord_.spot_checks({})) records[{ledger_kind::spot_check, r.id}] = ledger_body(r);
    for (const auto& r : coord_.settlements({})) records[{ledger_kind::settlement, r.id}] = ledger_body(r);
    for (const auto& r : coord_.teaching_examples({}))
      records[{ledger_kind::teaching_example, r.id}] = ledger_body(r);
    auto at = [](const LedgerEntry& e) {
      return "审核记录 #" + std::to_string(e.seq) + " (ledger entry #" + std::to_string(e.seq) + "): ";
    };
    for (const auto& e : entries) {
      if (e.kind == ledger_kind::reveal) continue;  // the entry is the record
      const std::string what = e.kind + " #" + (e.ref ? std::to_string(*e.ref) : std::string("?"));
      auto it = e.ref ? records.find({e.kind, *e.ref}) : records.end();
      if (it == records.end())
        return ChainBreak{e.seq, at(e) + "所记录的 " + what + " 已被删除 (the record it holds, " + what + ", was deleted)"};
      if (it->second != e.body)
        return ChainBreak{e.seq, at(e) + "所记录的 " + what + " 已被修改 (the record it holds, " + what + ", was edited)"};
      records.erase(it);
    }
    if (!records.empty()) {
      const auto& [key, body] = *records.begin();
      const std::string what = key.first + " #" + std::to_string(key.second);
      return ChainBreak{0, what + " 不在审核记录中，是绕过本程序写入的 (" + what +
                               " has no ledger entry: written behind photoaudit's back)"};
    }
    return std::nullopt;
  }

  // The id of the decision in force on a submission (kInForce: the one definition).
  std::optional<std::int64_t> in_force_id(std::int64_t submission_id) {
    Stmt st(db_, "SELECT d.id FROM decisions d WHERE d.submission_id = ?1 AND " + std::string(kInForce) +
                     " ORDER BY d.id DESC LIMIT 1");
    st.bind(1, submission_id);
    if (!st.step()) return std::nullopt;
    return st.i64(0);
  }

  // The id of the reviewer's newest decision in force.
  std::optional<std::int64_t> last_in_force_id(const std::string& typed) {
    const std::string& reviewer = login_.empty() ? typed : login_;
    Stmt st(db_, std::string(R"SQL(
      SELECT d.id FROM decisions d JOIN reviewers r ON r.id = d.reviewer_id
      WHERE r.name_key = ?1 AND )SQL") + std::string(kInForce) + " ORDER BY d.id DESC LIMIT 1");
    st.bind(1, name_key(reviewer));
    if (!st.step()) return std::nullopt;
    return st.i64(0);
  }

  // Refuses a decision that would silently replace one the reviewer has not seen.
  void check_not_superseded(const std::string& student_no, const DecisionBasis& basis,
                            std::int64_t submission_id) {
    const std::optional<std::int64_t> in_force = in_force_id(submission_id);
    if (in_force == basis.seen_decision || basis.override_confirmed) return;
    if (in_force) {
      DecisionEvent cur = *event(*in_force);
      throw DecisionConflict(describe_decision(cur) +
                                 "；如要改判须确认覆盖 (another reviewer decided meanwhile; confirm the "
                                 "override: --override)",
                             cur);
    }
    throw DecisionConflict("学号 " + student_no + " 您看到的结论 #" + std::to_string(*basis.seen_decision) +
                               " 已被撤销 (the decision you saw was undone meanwhile); 请重新查看后确认 "
                               "(look again and confirm: --override)",
                           std::nullopt);
  }

  // Schema v3 (SQLite): chains an event written before the chain existed to the one before it.
  DecisionEvent seal(std::int64_t id) {
    std::string prev;
    {
      Stmt st(db_, "SELECT hash FROM decisions WHERE id < ?1 ORDER BY id DESC LIMIT 1");
      st.bind(1, id);
      if (st.step()) prev = st.text(0);
    }
    DecisionEvent e = *event(id);
    const std::string hash = event_hash(e, prev);
    Stmt up(db_, "UPDATE decisions SET prev_hash = ?1, hash = ?2 WHERE id = ?3");
    up.bind(1, prev).bind(2, hash).bind(3, id);
    up.run();
    write_chain_head(id, hash);
    return e;
  }

  // Schema v5: name keys for the reviewers there are, and the ledger sealed over every record
  // written before it, oldest first.
  void fill_ledger_of_older_records() {
    {
      std::vector<std::pair<std::int64_t, std::string>> names;
      Stmt st(db_, "SELECT id, name FROM reviewers");
      while (st.step()) names.emplace_back(st.i64(0), st.text(1));
      Stmt up(db_, "UPDATE reviewers SET name_key = ?1 WHERE id = ?2");
      for (const auto& [id, name] : names) {
        up.bind(1, name_key(name)).bind(2, id);
        up.run();
      }
    }
    struct Old {
      std::string at;
      int order;
      std::int64_t id;
      std::string kind, actor, body;
    };
    std::vector<Old> old;
    {
      Stmt st(db_, event_select(db_.dialect(), schema::kLedgerVersion) + " ORDER BY d.id");
      while (st.step()) {
        const DecisionEvent e = read_event(st);
        old.push_back({e.at, 0, e.id, ledger_kind::decision, e.reviewer, ledger_body(e)});
      }
    }
    for (const auto& r : coord_.spot_checks({})) old.push_back({r.at, 1, r.id, ledger_kind::spot_check, r.checker, ledger_body(r)});
    for (const auto& r : coord_.settlements({})) old.push_back({r.at, 2, r.id, ledger_kind::settlement, r.settled_by, ledger_body(r)});
    for (const auto& r : coord_.teaching_examples({}))
      old.push_back({r.at, 3, r.id, ledger_kind::teaching_example, r.marked_by, ledger_body(r)});
    std::stable_sort(old.begin(), old.end(), [](const Old& a, const Old& b) {
      return std::tie(a.at, a.order, a.id) < std::tie(b.at, b.order, b.id);
    });
    for (const auto& o : old) ledger_.append(o.kind, o.id, o.at, o.actor, o.body);
  }

  void seal_events_written_before_the_chain() {
    std::vector<std::int64_t> ids;
    Stmt st(db_, "SELECT id FROM decisions WHERE hash IS NULL ORDER BY id");
    while (st.step()) ids.push_back(st.i64(0));
    for (auto id : ids) seal(id);
  }

  // The newest sealed event as recorded apart from the events: (0, "") for an audit without any.
  std::pair<std::int64_t, std::string> chain_head() {
    Stmt st(db_, "SELECT value FROM meta WHERE key = 'chain_head'");
    if (!st.step()) return {0, ""};
    const std::string v = st.text(0);
    const auto colon = v.find(':');
    if (colon == std::string::npos) return {-1, v};
    return {std::stoll(v.substr(0, colon)), v.substr(colon + 1)};
  }

  std::optional<DecisionEvent> event(std::int64_t id) {
    Stmt st(db_, event_select_ + " WHERE d.id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_event(st);
  }

  template <class Arg>
  std::vector<StudentState> query_students(const std::string& where, const Arg& arg) {
    // Decisions in force on newest submissions, by id, loaded in one pass.
    std::unordered_map<std::int64_t, DecisionEvent> in_force;
    {
      // kEventSelect names the students table `st` too, so the same filter applies.
      Stmt st(db_, event_select_ + " WHERE " + std::string(kInForce) + " AND " + where);
      st.bind(1, arg);
      while (st.step()) {
        DecisionEvent e = read_event(st);
        in_force.emplace(e.id, std::move(e));
      }
    }
    // Bad files not settled by a valid photo since (schema v7): the newest one of each student.
    std::unordered_map<std::string, BadFile> bad;
    if (schema_version_ >= schema::kBadFilesVersion) {
      Stmt st(db_, R"SQL(
        SELECT st.student_no, bf.file_name, bf.error, bf.received_at, b.name FROM bad_files bf
        JOIN students st ON st.id = bf.student_id JOIN batches b ON b.id = bf.batch_id
        WHERE bf.resolved_batch_id IS NULL AND )SQL" + where + " ORDER BY bf.batch_id, bf.id");
      st.bind(1, arg);
      while (st.step()) bad[st.text(0)] = BadFile{st.text(1), st.text(2), st.text(3), st.text(4)};
    }
    Stmt st(db_, std::string(R"SQL(
      WITH cur AS (
        SELECT s.student_id, s.id, s.version, s.sha256 FROM submissions s
        WHERE s.version = (SELECT MAX(version) FROM submissions WHERE student_id = s.student_id))
      SELECT st.student_no, st.name, st.id_number, st.gender, st.college, st.major, st.class_name,
             st.campus, st.extra, st.roster_line, cur.id, cur.version, cur.sha256,
             (SELECT d.id FROM decisions d WHERE d.submission_id = cur.id AND )SQL") +
                     std::string(kInForce) + R"SQL( ORDER BY d.id DESC LIMIT 1),
             CASE WHEN EXISTS (SELECT 1 FROM submissions s2 JOIN decisions d ON d.submission_id = s2.id
                               WHERE s2.student_id = st.id AND s2.version < cur.version
                                 AND d.kind IN ('reject', 'reshoot') AND )SQL" +
                     std::string(kInForce) + R"SQL() THEN 1 ELSE 0 END
      FROM students st LEFT JOIN cur ON cur.student_id = st.id
      WHERE )SQL" + where + " ORDER BY st.student_no");
    st.bind(1, arg);
    std::vector<StudentState> out;
    while (st.step()) {
      StudentState s;
      s.student = {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
                   st.text(6), st.text(7), extra_from_json(st.text(8)), st.i32(9)};
      const bool has_photo = !st.is_null(10);
      if (has_photo) {
        s.submission_id = st.i64(10);
        s.versions = st.i32(11);
        s.photo_sha256 = st.text(12);
      }
      if (!st.is_null(13)) {
        auto it = in_force.find(st.i64(13));
        if (it != in_force.end()) s.decision = it->second;
      }
      s.resubmitted = st.i64(14) != 0;
      if (auto b = bad.find(s.student.student_no); b != bad.end()) s.bad_file = std::move(b->second);
      s.status = s.bad_file ? Status::file_corrupt : status_of(s.decision, has_photo);
      out.push_back(std::move(s));
    }
    return out;
  }

  std::unique_ptr<Db> owned_;
  Db& db_;
  std::string login_;  // on a server: the account every record names
  bool teaching_only_ = false;  // a trainer's login on a server (the teaching material only)
  bool read_only_ = false;
  std::int64_t schema_version_ = 0;
  std::string event_select_ = event_select(sql::Dialect::sqlite, 0);
  sql::Ledger ledger_{db_};
  sql::CoordinationTables coord_{db_, ledger_};
};

}  // namespace

std::unique_ptr<AuditStore> open_store(const std::string& path) {
  return std::make_unique<SqlStore>(path, SqlStore::Mode::existing);
}

std::unique_ptr<AuditStore> create_store(const std::string& path) {
  return std::make_unique<SqlStore>(path, SqlStore::Mode::create);
}

std::unique_ptr<AuditStore> open_store_read_only(const std::string& path) {
  return std::make_unique<SqlStore>(path, SqlStore::Mode::read_only);
}

bool is_server_url(const std::string& where) { return sql::is_postgres_url(where); }

void remember_server_password(const std::string& url, const std::string& password) {
  sql::remember_password(url, password);
}

int schema_version() { return static_cast<int>(schema::migrations().size()); }

}  // namespace pa
