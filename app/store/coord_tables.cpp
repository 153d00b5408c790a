#include "store/coord_tables.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/timeutil.h"

namespace pa::sql {

namespace {

std::vector<std::string> codes_from(const std::string& json) {
  auto a = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (a.is_array())
    for (const auto& c : a)
      if (c.is_string()) out.push_back(c.get<std::string>());
  return out;
}

// Only audit settings are writable; the store's own bookkeeping keys are not.
constexpr std::string_view kSettingPrefix = "setting.";

}  // namespace

std::optional<std::string> CoordinationTables::meta_value(const std::string& key) {
  Stmt st(db_, "SELECT value FROM meta WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void CoordinationTables::set_meta_value(const std::string& key, const std::string& value) {
  if (key.rfind(kSettingPrefix, 0) != 0)
    throw UserError("只能修改 setting.* 设置 (only setting.* keys can be written): " + key);
  Stmt st(db_, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind(2, value);
  st.run();
}

std::vector<SpotCheckRecord> CoordinationTables::query_spot_checks(const std::string& where,
                                                                   const Scope& scope, std::int64_t id) {
  Stmt st(db_, R"SQL(
    SELECT sc.id, sc.decision_id, st.student_no, st.college, d.kind, )SQL" +
                   codes_in_catalog_order(db_.dialect(), "decision_reasons", "decision_id", "d.id", true) + R"SQL(,
           rv.name, ck.name, sc.at, sc.agree, )SQL" +
                   codes_in_catalog_order(db_.dialect(), "spot_check_reasons", "spot_check_id", "sc.id", true) + R"SQL(, sc.note, sc.sample
    FROM spot_checks sc JOIN decisions d ON d.id = sc.decision_id
    JOIN submissions sub ON sub.id = d.submission_id
    JOIN students st ON st.id = sub.student_id
    JOIN reviewers rv ON rv.id = d.reviewer_id
    JOIN reviewers ck ON ck.id = sc.checker_id
    WHERE (CAST(?1 AS TEXT) IS NULL OR st.college = ?1) AND )SQL" +
                   where + " ORDER BY sc.id");
  st.bind(1, scope.college).bind(2, id);
  std::vector<SpotCheckRecord> out;
  while (st.step())
    out.push_back({st.i64(0), st.i64(1), st.text(2), st.text(3), st.text(4), codes_from(st.text(5)), st.text(6),
                   st.text(7), st.text(8), st.i64(9) != 0, codes_from(st.text(10)), st.text(11), st.text(12)});
  return out;
}

SpotCheckRecord CoordinationTables::record_spot_check(const NewSpotCheck& c, std::int64_t checker_id) {
  Transaction tx(db_);
  {
    Stmt d(db_, "SELECT kind FROM decisions WHERE id = ?1");
    d.bind(1, c.decision_id);
    if (!d.step() || d.text(0) == "undo")
      throw UserError("没有这条审核结论 (no such decision): #" + std::to_string(c.decision_id));
  }
  Stmt ins(db_, R"SQL(
    INSERT INTO spot_checks (decision_id, checker_id, at, agree, note, sample)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6))SQL");
  ins.bind(1, c.decision_id).bind(2, checker_id).bind(3, now_iso_utc()).bind(4, c.agree ? 1 : 0);
  ins.bind(5, c.note).bind(6, c.sample);
  ins.run();
  const std::int64_t id = db_.last_insert_id();
  Stmt reason(db_, "INSERT INTO spot_check_reasons (spot_check_id, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  for (const auto& code : c.reasons) {
    reason.bind(1, id).bind(2, code);
    reason.run();
  }
  SpotCheckRecord r = query_spot_checks("sc.id = ?2", {}, id).front();
  ledger_.append(ledger_kind::spot_check, id, r.at, r.checker, ledger_body(r));
  tx.commit();
  return r;
}

std::vector<SpotCheckRecord> CoordinationTables::spot_checks(const Scope& scope) {
  return query_spot_checks("?2 = 0", scope);
}

SettlementRecord CoordinationTables::settle_spot_check(const NewSettlement& s, std::int64_t settler_id,
                                                      const DecisionWriter& record_decision) {
  if (s.outcome != "first_review" && s.outcome != "spot_check")
    throw UserError("裁定结果须为 first_review 或 spot_check (outcome must be first_review|spot_check)");
  Transaction tx(db_);
  auto checks = query_spot_checks("sc.id = ?2", {}, s.spot_check_id);
  if (checks.empty()) throw UserError("没有这条抽查记录 (no such spot check): #" + std::to_string(s.spot_check_id));
  if (checks.front().agree) throw UserError("该抽查意见一致，无需裁定 (the spot check agreed: nothing to settle)");
  {
    Stmt done(db_, "SELECT 1 FROM settlements WHERE spot_check_id = ?1");
    done.bind(1, s.spot_check_id);
    if (done.step()) throw UserError("该分歧已裁定 (already settled): #" + std::to_string(s.spot_check_id));
  }
  // Siding with the coordinator changes the decision in force: recorded first, in this transaction.
  std::optional<std::int64_t> decision_id;
  if (record_decision && s.outcome == "spot_check") decision_id = record_decision(checks.front());
  Stmt ins(db_, R"SQL(
    INSERT INTO settlements (spot_check_id, settled_by, at, outcome, note, decision_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6))SQL");
  const std::string now = now_iso_utc();
  ins.bind(1, s.spot_check_id).bind(2, settler_id).bind(3, now).bind(4, s.outcome).bind(5, s.note);
  ins.bind(6, decision_id);
  ins.run();
  const std::int64_t id = db_.last_insert_id();
  Stmt name(db_, "SELECT name FROM reviewers WHERE id = ?1");
  name.bind(1, settler_id);
  name.step();
  SettlementRecord r{id, s.spot_check_id, name.text(0), now, s.outcome, s.note, decision_id};
  ledger_.append(ledger_kind::settlement, id, r.at, r.settled_by, ledger_body(r));
  tx.commit();
  return r;
}

std::vector<SettlementRecord> CoordinationTables::settlements(const Scope& scope) {
  Stmt st(db_, R"SQL(
    SELECT se.id, se.spot_check_id, rv.name, se.at, se.outcome, se.note, se.decision_id
    FROM settlements se JOIN reviewers rv ON rv.id = se.settled_by
    JOIN spot_checks sc ON sc.id = se.spot_check_id
    JOIN decisions d ON d.id = sc.decision_id
    JOIN submissions sub ON sub.id = d.submission_id
    JOIN students st ON st.id = sub.student_id
    WHERE (CAST(?1 AS TEXT) IS NULL OR st.college = ?1) ORDER BY se.id)SQL");
  st.bind(1, scope.college);
  std::vector<SettlementRecord> out;
  while (st.step())
    out.push_back({st.i64(0), st.i64(1), st.text(2), st.text(3), st.text(4), st.text(5),
                   st.is_null(6) ? std::nullopt : std::optional<std::int64_t>(st.i64(6))});
  return out;
}

std::vector<TeachingExample> CoordinationTables::query_examples(const std::string& where, const Scope& scope,
                                                                std::int64_t id) {
  Stmt st(db_, R"SQL(
    SELECT te.id, te.decision_id, d.submission_id, st.student_no, st.college, sub.sha256, d.kind, )SQL" +
                   codes_in_catalog_order(db_.dialect(), "decision_reasons", "decision_id", "d.id", true) + R"SQL(,
           te.code, rv.name, te.at
    FROM teaching_examples te JOIN decisions d ON d.id = te.decision_id
    JOIN submissions sub ON sub.id = d.submission_id
    JOIN students st ON st.id = sub.student_id
    JOIN reviewers rv ON rv.id = te.marked_by
    JOIN reasons rs ON rs.code = te.code
    WHERE (CAST(?1 AS TEXT) IS NULL OR st.college = ?1) AND )SQL" +
                   where + " ORDER BY rs.ord, te.id");
  st.bind(1, scope.college).bind(2, id);
  std::vector<TeachingExample> out;
  while (st.step())
    out.push_back({st.i64(0), st.i64(1), st.i64(2), st.text(3), st.text(4), st.text(5), st.text(6),
                   codes_from(st.text(7)), st.text(8), st.text(9), st.text(10)});
  return out;
}

std::vector<TeachingExample> CoordinationTables::mark_teaching_example(const std::string& student_no,
                                                                       const std::vector<std::string>& codes,
                                                                       std::int64_t marker_id) {
  if (codes.empty()) throw UserError("须至少指定一个原因代码 (at least one reason code is required)");
  Transaction tx(db_);
  // The decision in force on the newest submission.
  Stmt cur(db_, std::string(R"SQL(
    SELECT d.id FROM students st
    JOIN submissions sub ON sub.student_id = st.id
    JOIN decisions d ON d.submission_id = sub.id
    WHERE st.student_no = ?1
      AND sub.version = (SELECT MAX(version) FROM submissions WHERE student_id = st.id)
      AND )SQL") + std::string(kInForce) + " ORDER BY d.id DESC LIMIT 1");
  cur.bind(1, student_no);
  if (!cur.step())
    throw UserError("学号 " + student_no + " 的最新照片尚无审核结论 (the newest photo has no decision in force)");
  const std::int64_t decision_id = cur.i64(0);
  Stmt ins(db_, R"SQL(
    INSERT INTO teaching_examples (decision_id, code, marked_by, at) VALUES (?1, ?2, ?3, ?4)
    ON CONFLICT DO NOTHING)SQL");
  const std::string now = now_iso_utc();
  for (const auto& code : codes) {
    Stmt known(db_, "SELECT 1 FROM reasons WHERE code = ?1");
    known.bind(1, code);
    if (!known.step()) throw UserError("未知的原因代码 “" + code + "” (unknown reason code)");
    ins.bind(1, decision_id).bind(2, code).bind(3, marker_id).bind(4, now);
    ins.run();
    if (db_.changes() == 1) {  // a new example (marking twice is harmless and records nothing)
      const std::int64_t id = db_.last_insert_id();
      const TeachingExample t = query_examples("te.id = ?2", {}, id).front();
      ledger_.append(ledger_kind::teaching_example, id, t.at, t.marked_by, ledger_body(t));
    }
  }
  tx.commit();
  return query_examples("te.decision_id = ?2", {}, decision_id);
}

std::vector<TeachingExample> CoordinationTables::teaching_examples(const Scope& scope) {
  return query_examples("?2 = 0", scope);
}

}  // namespace pa::sql
