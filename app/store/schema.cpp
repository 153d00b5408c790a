#include "store/schema.h"

namespace pa::schema {

namespace {

// Version 1: the audit spine.
constexpr std::string_view kV1 = R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The standard reason catalog (codes are a fixed contract), seeded from assets/reasons.json.
CREATE TABLE reasons (
  code       TEXT PRIMARY KEY,
  label_zh   TEXT NOT NULL,
  label_en   TEXT NOT NULL,
  source     TEXT NOT NULL DEFAULT '',
  automation TEXT NOT NULL CHECK (automation IN ('yes', 'hint', 'manual')),
  ord        INTEGER NOT NULL
);

CREATE TABLE batches (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  roster_file   TEXT NOT NULL,
  photos_source TEXT NOT NULL,
  imported_at   TEXT NOT NULL,
  students         INTEGER NOT NULL DEFAULT 0,
  photos_imported  INTEGER NOT NULL DEFAULT 0,
  photos_unchanged INTEGER NOT NULL DEFAULT 0
);

-- Roster rows. `extra` keeps every column the registrar sent that has no field of its own, as a
-- JSON array of [header, value] pairs in column order.
CREATE TABLE students (
  id         INTEGER PRIMARY KEY,
  student_no TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL DEFAULT '',
  id_number  TEXT NOT NULL DEFAULT '',
  gender     TEXT NOT NULL DEFAULT '',
  college    TEXT NOT NULL DEFAULT '',
  major      TEXT NOT NULL DEFAULT '',
  class_name TEXT NOT NULL DEFAULT '',
  campus     TEXT NOT NULL DEFAULT '',
  extra      TEXT NOT NULL DEFAULT '[]',
  batch_id   INTEGER NOT NULL REFERENCES batches(id),
  roster_line INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX students_college ON students(college);
CREATE INDEX students_id_number ON students(id_number);

-- Photo bytes, content-addressed: identical photos are stored once.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  bytes  BLOB NOT NULL,
  size   INTEGER NOT NULL,
  format TEXT NOT NULL,
  width  INTEGER NOT NULL,
  height INTEGER NOT NULL
) WITHOUT ROWID;

-- Photo versions: version 1 is the first capture, later versions are reshoots.
CREATE TABLE submissions (
  id          INTEGER PRIMARY KEY,
  student_id  INTEGER NOT NULL REFERENCES students(id),
  version     INTEGER NOT NULL,
  sha256      TEXT NOT NULL REFERENCES blobs(sha256),
  file_name   TEXT NOT NULL,
  batch_id    INTEGER NOT NULL REFERENCES batches(id),
  imported_at TEXT NOT NULL,
  UNIQUE (student_id, version)
);

-- Results of the quality engine, one row per submission and engine version.
CREATE TABLE analyses (
  submission_id  INTEGER NOT NULL REFERENCES submissions(id),
  engine_version TEXT NOT NULL,
  ok             INTEGER NOT NULL,
  result         TEXT NOT NULL,
  analysed_at    TEXT NOT NULL,
  PRIMARY KEY (submission_id, engine_version)
);

CREATE TABLE reviewers (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- Append-only decision events. The state of a submission is derived: its newest event of kind
-- approve/reject/reshoot that no undo event cancels. Nothing here is ever updated or deleted.
CREATE TABLE decisions (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  reviewer_id   INTEGER NOT NULL REFERENCES reviewers(id),
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('approve', 'reject', 'reshoot', 'undo')),
  note          TEXT NOT NULL DEFAULT '',
  photo_sha256  TEXT NOT NULL,
  undoes        INTEGER UNIQUE REFERENCES decisions(id),
  CHECK ((kind = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX decisions_submission ON decisions(submission_id);
CREATE INDEX decisions_reviewer ON decisions(reviewer_id);

CREATE TABLE decision_reasons (
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  code        TEXT NOT NULL REFERENCES reasons(code),
  PRIMARY KEY (decision_id, code)
) WITHOUT ROWID;

CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;
CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;
)SQL";

// Version 2: the reason codes of a decision are part of the event, append-only like it.
constexpr std::string_view kV2 = R"SQL(
CREATE TRIGGER decision_reasons_append_only_update BEFORE UPDATE ON decision_reasons
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;
CREATE TRIGGER decision_reasons_append_only_delete BEFORE DELETE ON decision_reasons
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;
)SQL";

// Version 3: tamper evidence (the audit trail). Every decision event carries the SHA-256 of its content
// chained to the event before it (store/audit_chain.h); events written before this version are
// sealed when the migration runs (kChainVersion). The one update ever allowed on an event is that
// sealing: setting the hash of an event that has none, nothing else changed.
constexpr std::string_view kV3 = R"SQL(
ALTER TABLE decisions ADD COLUMN prev_hash TEXT;
ALTER TABLE decisions ADD COLUMN hash TEXT;
DROP TRIGGER decisions_append_only_update;
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS NOT OLD.id
  OR NEW.submission_id IS NOT OLD.submission_id OR NEW.reviewer_id IS NOT OLD.reviewer_id
  OR NEW.at IS NOT OLD.at OR NEW.kind IS NOT OLD.kind OR NEW.note IS NOT OLD.note
  OR NEW.photo_sha256 IS NOT OLD.photo_sha256 OR NEW.undoes IS NOT OLD.undoes
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;
)SQL";

// Version 4: coordinators' spot checks and the 学籍科's settlements (append-only), teaching examples.
constexpr std::string_view kV4 = R"SQL(
CREATE TABLE spot_checks (
  id          INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  checker_id  INTEGER NOT NULL REFERENCES reviewers(id),
  at          TEXT NOT NULL,
  agree       INTEGER NOT NULL CHECK (agree IN (0, 1)),
  note        TEXT NOT NULL DEFAULT '',
  sample      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX spot_checks_decision ON spot_checks(decision_id);

CREATE TABLE spot_check_reasons (
  spot_check_id INTEGER NOT NULL REFERENCES spot_checks(id),
  code          TEXT NOT NULL REFERENCES reasons(code),
  PRIMARY KEY (spot_check_id, code)
) WITHOUT ROWID;

CREATE TABLE settlements (
  id            INTEGER PRIMARY KEY,
  spot_check_id INTEGER NOT NULL UNIQUE REFERENCES spot_checks(id),
  settled_by    INTEGER NOT NULL REFERENCES reviewers(id),
  at            TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('first_review', 'spot_check')),
  note          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE teaching_examples (
  id          INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  code        TEXT NOT NULL REFERENCES reasons(code),
  marked_by   INTEGER NOT NULL REFERENCES reviewers(id),
  at          TEXT NOT NULL,
  UNIQUE (decision_id, code)
);

CREATE TRIGGER spot_checks_append_only_update BEFORE UPDATE ON spot_checks
BEGIN SELECT RAISE(ABORT, 'spot checks are append-only'); END;
CREATE TRIGGER spot_checks_append_only_delete BEFORE DELETE ON spot_checks
BEGIN SELECT RAISE(ABORT, 'spot checks are append-only'); END;
CREATE TRIGGER spot_check_reasons_append_only_update BEFORE UPDATE ON spot_check_reasons
BEGIN SELECT RAISE(ABORT, 'spot checks are append-only'); END;
CREATE TRIGGER spot_check_reasons_append_only_delete BEFORE DELETE ON spot_check_reasons
BEGIN SELECT RAISE(ABORT, 'spot checks are append-only'); END;
CREATE TRIGGER settlements_append_only_update BEFORE UPDATE ON settlements
BEGIN SELECT RAISE(ABORT, 'settlements are append-only'); END;
CREATE TRIGGER settlements_append_only_delete BEFORE DELETE ON settlements
BEGIN SELECT RAISE(ABORT, 'settlements are append-only'); END;
)SQL";

// Version 5 (the data-safety pass):
//  - reviewers are one person whatever the case, width or spacing of the name typed (name_key,
//    filled by the migration: pa::name_key);
//  - a decision may carry a note written for the student (给学生的说明), apart from the
//    reviewer's internal note; notices copy only that one;
//  - a settlement on the coordinator's side records a decision, and names it;
//  - the audit ledger: one hash-chained entry per act of record (decisions, spot checks,
//    settlements, teaching examples, reveals of ID numbers), existing records sealed into it by
//    the migration (kLedgerVersion);
//  - claims that let several analyzers share the remaining work.
constexpr std::string_view kV5 = R"SQL(
ALTER TABLE reviewers ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX reviewers_name_key ON reviewers(name_key);

ALTER TABLE decisions ADD COLUMN student_note TEXT NOT NULL DEFAULT '';
DROP TRIGGER decisions_append_only_update;
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS NOT OLD.id
  OR NEW.submission_id IS NOT OLD.submission_id OR NEW.reviewer_id IS NOT OLD.reviewer_id
  OR NEW.at IS NOT OLD.at OR NEW.kind IS NOT OLD.kind OR NEW.note IS NOT OLD.note
  OR NEW.photo_sha256 IS NOT OLD.photo_sha256 OR NEW.undoes IS NOT OLD.undoes
  OR NEW.student_note IS NOT OLD.student_note
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;

ALTER TABLE settlements ADD COLUMN decision_id INTEGER REFERENCES decisions(id);

CREATE TABLE ledger (
  seq       INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('decision', 'spot_check', 'settlement', 'teaching_example', 'reveal')),
  ref       INTEGER,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  body      TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  UNIQUE (kind, ref)
);
CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the audit ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the audit ledger is append-only'); END;

CREATE TABLE analysis_claims (
  submission_id  INTEGER NOT NULL REFERENCES submissions(id),
  engine_version TEXT NOT NULL,
  worker         TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  PRIMARY KEY (submission_id, engine_version)
);
CREATE INDEX analysis_claims_worker ON analysis_claims(worker);
)SQL";

// Version 6 (several workstations on one audit): leases on the photos under review, who has which
// student on screen until when, so that two reviewers never work on the same photo by accident.
// A lease lapses by itself when its workstation dies (expires_at passes).
constexpr std::string_view kV6 = R"SQL(
CREATE TABLE review_leases (
  student_no TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
)SQL";

// Version 7: the files of a batch that were a student's but could not be used (corrupt,
// truncated, empty, unreadable), so that the workstation says the file was broken rather than
// that nothing came. No bytes are kept: the name (an ID number in it masked), the error, the hash
// and size of what arrived. The same bytes from the same student are recorded once (imports are
// idempotent). A valid photo of the student received by a later import (or the same one) settles
// the file (resolved_batch_id, set once); a student with an unsettled bad file must resubmit.
// Rows are never deleted, and nothing but that one setting ever changes.
constexpr std::string_view kV7 = R"SQL(
CREATE TABLE bad_files (
  id          INTEGER PRIMARY KEY,
  student_id  INTEGER NOT NULL REFERENCES students(id),
  file_name   TEXT NOT NULL,
  error       TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  batch_id    INTEGER NOT NULL REFERENCES batches(id),
  received_at TEXT NOT NULL,
  resolved_batch_id INTEGER REFERENCES batches(id),
  UNIQUE (student_id, sha256)
);
CREATE TRIGGER bad_files_settled_once BEFORE UPDATE ON bad_files
WHEN OLD.resolved_batch_id IS NOT NULL OR NEW.resolved_batch_id IS NULL OR NEW.id IS NOT OLD.id
  OR NEW.student_id IS NOT OLD.student_id OR NEW.file_name IS NOT OLD.file_name OR NEW.error IS NOT OLD.error
  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.size IS NOT OLD.size OR NEW.batch_id IS NOT OLD.batch_id
  OR NEW.received_at IS NOT OLD.received_at
BEGIN SELECT RAISE(ABORT, 'bad files are append-only (settled once)'); END;
CREATE TRIGGER bad_files_append_only_delete BEFORE DELETE ON bad_files
BEGIN SELECT RAISE(ABORT, 'bad files are append-only'); END;
)SQL";

// Version 8 (kBatchVersion): a decision made in a batch (the contact sheet's approve-the-clean-ones)
// carries the batch's key, so the dashboard tells batch approvals from single decisions. Sealed
// like every other column of an event: part of its hash when set (store/audit_chain.h).
constexpr std::string_view kV8 = R"SQL(
ALTER TABLE decisions ADD COLUMN batch TEXT NOT NULL DEFAULT '';
DROP TRIGGER decisions_append_only_update;
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS NOT OLD.id
  OR NEW.submission_id IS NOT OLD.submission_id OR NEW.reviewer_id IS NOT OLD.reviewer_id
  OR NEW.at IS NOT OLD.at OR NEW.kind IS NOT OLD.kind OR NEW.note IS NOT OLD.note
  OR NEW.photo_sha256 IS NOT OLD.photo_sha256 OR NEW.undoes IS NOT OLD.undoes
  OR NEW.student_note IS NOT OLD.student_note OR NEW.batch IS NOT OLD.batch
BEGIN SELECT RAISE(ABORT, 'decision events are append-only'); END;
)SQL";

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> m = {kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8};
  return m;
}

}  // namespace pa::schema
