// Tamper evidence: every decision event is hash-chained; `verify` names the first broken event
// after an edit, a deletion or a reordering, done behind the store's back with the append-only
// triggers dropped (what someone with the file and the sqlite3 shell could do).
#include <gtest/gtest.h>

#include "audit_test_util.h"
#include "review/decisions.h"
#include "store/audit_chain.h"
#include "core/sha256.h"
#include "store/schema.h"

namespace pa::test {
namespace {

// SmallAudit with six events: alice approves 2021001, rejects 2021002, bob marks 2021003 for
// reshoot, alice undoes her reject, bob approves 2021004 and overrides 2021001 with a reject.
struct DecidedAudit : SmallAudit {
  DecidedAudit() {
    decide(*store, {"2021001", Verdict::approve, {}, "", "alice"});
    decide(*store, {"2021002", Verdict::reject, {"blurry", "background"}, "光线", "alice"});
    decide(*store, {"2021003", Verdict::reshoot, {"head_pose"}, "", "bob"});
    store->undo_last("alice");
    decide(*store, {"2021004", Verdict::approve, {}, "", "bob"});
    decide(*store, {"2021001", Verdict::reject, {"blurry"}, "看错了", "bob"}, {std::nullopt, true});
  }
  // Drops the append-only triggers, runs `sql`, and reopens the store as a new process would.
  void tamper(const std::string& sql) {
    store.reset();
    RawDb raw(db);
    raw.exec("DROP TRIGGER decisions_append_only_update; DROP TRIGGER decisions_append_only_delete;"
             "DROP TRIGGER decision_reasons_append_only_update; DROP TRIGGER decision_reasons_append_only_delete;");
    raw.exec(sql);
  }
  AuditVerification verify() { return create_store(db.string())->verify_audit(); }
};

TEST(ChainVerify, IntactAuditVerifiesFromTheStoreAndTheCommandLine) {
  DecidedAudit a;
  AuditVerification v = a.store->verify_audit();
  EXPECT_TRUE(v.ok()) << (v.chain_break ? v.chain_break->reason : v.integrity);
  EXPECT_EQ(v.integrity, "ok");
  EXPECT_EQ(v.events, 6);
  RawDb raw(a.db);
  EXPECT_EQ(v.head_hash, raw.text("SELECT hash FROM decisions ORDER BY id DESC LIMIT 1"));
  EXPECT_EQ(raw.num("SELECT count(*) FROM decisions WHERE hash IS NULL OR length(hash) != 64"), 0);
  a.store.reset();
  RunResult r = run_cli({"verify", "--db", a.db.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, v.head_hash)) << r.out;
}

TEST(ChainVerify, HashCoversEveryFieldOfTheEvent) {
  DecidedAudit a;
  const DecisionEvent e = a.store->history("2021002").front();
  const std::string h = event_hash(e, "prev");
  auto changed = [&](auto mutate) {
    DecisionEvent m = e;
    mutate(m);
    return event_hash(m, "prev") != h;
  };
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.reviewer = "mallory"; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.at = "2020-01-01T00:00:00.000Z"; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.kind = "approve"; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.reasons.pop_back(); }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.note += "x"; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.photo_sha256[0] ^= 1; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.submission_id += 1; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.undoes = 1; }));
  EXPECT_TRUE(changed([](DecisionEvent& m) { m.id += 1; }));
  EXPECT_NE(event_hash(e, "other"), h);
  // Reason order is not content: a reordered catalog must not break the chain.
  DecisionEvent reordered = e;
  std::reverse(reordered.reasons.begin(), reordered.reasons.end());
  EXPECT_EQ(event_hash(reordered, "prev"), h);
}

struct Tampering {
  const char* what;
  const char* sql;
  std::int64_t first_broken;
};

TEST(ChainVerify, EveryKindOfTamperingIsNamedAtTheFirstBrokenEvent) {
  const std::vector<Tampering> cases = {
      {"note edited", "UPDATE decisions SET note = 'ok' WHERE id = 2", 2},
      {"verdict edited", "UPDATE decisions SET kind = 'approve' WHERE id = 3", 3},
      {"time edited", "UPDATE decisions SET at = '2020-01-01T00:00:00.000Z' WHERE id = 5", 5},
      {"photo hash edited", "UPDATE decisions SET photo_sha256 = 'x' WHERE id = 1", 1},
      {"reason removed", "DELETE FROM decision_reasons WHERE decision_id = 2 AND code = 'blurry'", 2},
      {"reviewer renamed", "UPDATE reviewers SET name = 'carol' WHERE name = 'bob'", 3},
      {"middle event deleted", "DELETE FROM decisions WHERE id = 4", 5},
      {"newest event deleted", "DELETE FROM decision_reasons WHERE decision_id = 6; DELETE FROM decisions WHERE id = 6", 6},
      {"events reordered",
       "UPDATE decisions SET id = -2 WHERE id = 2; UPDATE decisions SET id = 2 WHERE id = 3;"
       "UPDATE decisions SET id = 3 WHERE id = -2; UPDATE decision_reasons SET decision_id = -1 WHERE decision_id = 2;"
       "UPDATE decision_reasons SET decision_id = 2 WHERE decision_id = 3;"
       "UPDATE decision_reasons SET decision_id = 3 WHERE decision_id = -1",
       2},
      {"edited and its hash removed",
       "UPDATE decisions SET note = 'ok', hash = NULL WHERE id = 2", 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    DecidedAudit a;
    a.tamper(c.sql);
    AuditVerification v = a.verify();
    ASSERT_TRUE(v.chain_break.has_value());
    EXPECT_EQ(v.chain_break->event_id, c.first_broken) << v.chain_break->reason;
    RunResult r = run_cli({"verify", "--db", a.db.string()});
    EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "#" + std::to_string(c.first_broken))) << r.out;
  }
}

TEST(ChainVerify, ReplacedPhotoBytesOfADecidedPhotoAreReported) {
  DecidedAudit a;
  const std::string sha = a.store->history("2021004").front().photo_sha256;
  a.store.reset();
  RawDb(a.db).exec("UPDATE blobs SET bytes = x'FFD8FF00' WHERE sha256 = '" + sha + "'");
  AuditVerification v = a.verify();
  EXPECT_FALSE(v.ok());
  EXPECT_FALSE(v.chain_break.has_value());
  EXPECT_EQ(v.photo_mismatches, std::vector<std::string>{sha});
  EXPECT_EQ(run_cli({"verify", "--db", a.db.string()}).exit_code, 6);
}

TEST(ChainVerify, TheStoreStillRefusesEditsOfSealedEvents) {
  DecidedAudit a;
  a.store.reset();
  RawDb raw(a.db);
  EXPECT_NE(raw.try_exec("UPDATE decisions SET note = 'x' WHERE id = 1"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("UPDATE decisions SET hash = 'x' WHERE id = 1"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("DELETE FROM decisions WHERE id = 1"), SQLITE_OK);
  EXPECT_TRUE(contains(raw.last_error(), "append-only"));
}

// An audit written before version 3 (no hashes) gets its events sealed by the migration.
TEST(ChainVerify, EventsWrittenBeforeTheChainAreSealedByTheMigration) {
  TempDir dir;
  const fs::path db = dir / "v2.db";
  const std::string sha = sha256_hex(std::string("photo"));
  {
    RawDb raw(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec(std::string(schema::migrations()[0]) + std::string(schema::migrations()[1]));
    raw.exec("PRAGMA user_version = 2; PRAGMA application_id = " + std::to_string(schema::kApplicationId));
    std::string rows = R"SQL(
      INSERT INTO reasons VALUES ('blurry', '图像模糊', 'blurry', '', 'yes', 1);
      INSERT INTO batches (id, name, roster_file, photos_source, imported_at) VALUES (1, 'b', 'r.csv', 'p', 't');
      INSERT INTO students (id, student_no, batch_id) VALUES (1, '2021001', 1);
      INSERT INTO blobs VALUES ('SHA', CAST('photo' AS BLOB), 5, 'jpeg', 1, 1);
      INSERT INTO submissions VALUES (1, 1, 1, 'SHA', '2021001.jpg', 1, 't');
      INSERT INTO reviewers VALUES (1, 'alice', 't');
      INSERT INTO decisions (id, submission_id, reviewer_id, at, kind, photo_sha256) VALUES (1, 1, 1, 't1', 'reject', 'SHA');
      INSERT INTO decision_reasons VALUES (1, 'blurry');
      INSERT INTO decisions (id, submission_id, reviewer_id, at, kind, photo_sha256, undoes) VALUES (2, 1, 1, 't2', 'undo', 'SHA', 1);
    )SQL";
    for (auto at = rows.find("SHA"); at != std::string::npos; at = rows.find("SHA")) rows.replace(at, 3, sha);
    raw.exec(rows);
  }
  auto store = create_store(db.string());
  AuditVerification v = store->verify_audit();
  EXPECT_TRUE(v.ok()) << (v.chain_break ? v.chain_break->reason : v.integrity);
  EXPECT_EQ(v.events, 2);
  RawDb raw(db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM decisions WHERE length(hash) = 64"), 2);
  EXPECT_EQ(raw.text("SELECT prev_hash FROM decisions WHERE id = 2"),
            raw.text("SELECT hash FROM decisions WHERE id = 1"));
  // Sealed now: the migration's one allowed update cannot be repeated.
  EXPECT_NE(raw.try_exec("UPDATE decisions SET hash = 'x' WHERE id = 1"), SQLITE_OK);
}

}  // namespace
}  // namespace pa::test
