#include "store/server_admin.h"

#include <libpq-fe.h>

#include <memory>

#include "core/error.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/postgres.h"
#include "store/store.h"

namespace pa {

namespace {

using sql::Stmt;

// The audit's group roles are named after its database, so two audits on one server never share
// a login's rights: "<database>_reviewer", "<database>_coordinator", "<database>_trainer".
std::string group(const std::string& db, ServerRole r) { return db + "_" + to_string(r); }

std::string ident(sql::PgDb& db, const std::string& name) {
  char* q = PQescapeIdentifier(db.raw(), name.data(), name.size());
  if (!q) db.fail("identifier");
  std::string out(q);
  PQfreemem(q);
  return out;
}

std::string literal(sql::PgDb& db, const std::string& s) {
  char* q = PQescapeLiteral(db.raw(), s.data(), s.size());
  if (!q) db.fail("literal");
  std::string out(q);
  PQfreemem(q);
  return out;
}

std::string database_of(sql::PgDb& db) { return PQdb(db.raw()); }

// Tables every role reads in full (the catalog, the reviewers' names, settings).
constexpr const char* kShared[] = {"reasons", "reviewers", "meta", "photoaudit_schema"};
// Tables that hold students' data: under row-level security.
constexpr const char* kPerStudent[] = {"students",     "submissions",       "blobs",       "analyses",
                                       "decisions",    "decision_reasons",  "spot_checks", "spot_check_reasons",
                                       "settlements",  "teaching_examples", "ledger",      "batches",
                                       "analysis_claims", "review_leases", "bad_files"};

// What a coordinator of the login's college may see of each table (a row of another college
// is invisible): each table's rows follow the students they belong to.
struct CollegeRule {
  const char* table;
  const char* using_;
};
constexpr CollegeRule kCollegeRules[] = {
    {"students", "college = photoaudit_college()"},
    {"submissions", "student_id IN (SELECT id FROM students)"},
    {"blobs", "sha256 IN (SELECT sha256 FROM submissions)"},
    {"analyses", "submission_id IN (SELECT id FROM submissions)"},
    {"decisions", "submission_id IN (SELECT id FROM submissions)"},
    {"decision_reasons", "decision_id IN (SELECT id FROM decisions)"},
    {"spot_checks", "decision_id IN (SELECT id FROM decisions)"},
    {"spot_check_reasons", "spot_check_id IN (SELECT id FROM spot_checks)"},
    {"settlements", "spot_check_id IN (SELECT id FROM spot_checks)"},
    {"teaching_examples", "decision_id IN (SELECT id FROM decisions)"},
    {"bad_files", "student_id IN (SELECT id FROM students)"},
};

void create_group(sql::PgDb& db, const std::string& name) {
  Stmt st(db, "SELECT 1 FROM pg_roles WHERE rolname = ?1");
  st.bind(1, name);
  if (!st.step()) db.exec("CREATE ROLE " + ident(db, name) + " NOLOGIN");
}

}  // namespace

const char* to_string(ServerRole r) {
  switch (r) {
    case ServerRole::reviewer: return "reviewer";
    case ServerRole::coordinator: return "coordinator";
    case ServerRole::trainer: return "trainer";
  }
  return "reviewer";
}

ServerRole server_role_from(const std::string& s) {
  if (s == "reviewer") return ServerRole::reviewer;
  if (s == "coordinator") return ServerRole::coordinator;
  if (s == "trainer") return ServerRole::trainer;
  throw UserError("角色须为 reviewer、coordinator 或 trainer (the role must be reviewer, coordinator or trainer): " + s);
}

void server_init(const std::string& url) {
  if (!sql::is_postgres_url(url))
    throw UserError("server init 需要服务器地址 postgresql://… (server init takes a server URL, postgresql://…)", url);
  create_store(url);  // the schema (created on an empty database, upgraded when older)
  sql::PgDb db(url);
  const std::string name = database_of(db);
  const std::string rv = group(name, ServerRole::reviewer), co = group(name, ServerRole::coordinator),
                    tr = group(name, ServerRole::trainer);
  sql::Transaction tx(db);
  for (const auto& g : {rv, co, tr}) create_group(db, g);
  const std::string R = ident(db, rv), C = ident(db, co), T = ident(db, tr);
  db.exec(R"SQL(
    CREATE TABLE IF NOT EXISTS accounts (
      login      pa_text PRIMARY KEY,
      role       pa_text NOT NULL CHECK (role IN ('reviewer', 'coordinator', 'trainer')),
      college    pa_text,
      created_at pa_text NOT NULL,
      CHECK ((role = 'coordinator') = (college IS NOT NULL))
    );
    -- The college of the login on this connection (NULL: not a coordinator).
    CREATE OR REPLACE FUNCTION photoaudit_college() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = public AS $$ SELECT college FROM accounts WHERE login = session_user $$;
    -- What trainers see: the examples with their photos and reasons, never who the student is.
    -- Made anew each time (its columns may change between versions; the grants follow below).
    DROP VIEW IF EXISTS teaching_material;
    CREATE VIEW teaching_material AS
      SELECT te.id, te.code, rs.label_zh, rs.label_en, d.kind AS decision_kind,
             (SELECT string_agg(x.code, ',' ORDER BY r2.ord) FROM decision_reasons x
                JOIN reasons r2 ON r2.code = x.code WHERE x.decision_id = d.id) AS decision_reasons,
             sub.sha256, b.format, b.width, b.height, b.bytes, te.at, d.id AS decision_id
      FROM teaching_examples te JOIN decisions d ON d.id = te.decision_id
      JOIN submissions sub ON sub.id = d.submission_id JOIN blobs b ON b.sha256 = sub.sha256
      JOIN reasons rs ON rs.code = te.code;
  )SQL");
  db.exec("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC");
  db.exec("REVOKE ALL ON DATABASE " + ident(db, name) + " FROM PUBLIC");
  db.exec("GRANT CONNECT ON DATABASE " + ident(db, name) + " TO " + R + ", " + C + ", " + T);
  db.exec("GRANT USAGE ON SCHEMA public TO " + R + ", " + C + ", " + T);
  db.exec("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + R + ", " + C + ", " + T);
  db.exec("REVOKE ALL ON FUNCTION photoaudit_college(), photoaudit_ledger_head() FROM PUBLIC");
  db.exec("GRANT EXECUTE ON FUNCTION photoaudit_college(), photoaudit_ledger_head() TO " + R + ", " + C + ", " + T);
  for (const char* t : kShared) db.exec(std::string("GRANT SELECT ON ") + t + " TO " + R + ", " + C + ", " + T);

  // Reviewers: everything read; records appended, never changed. What an import, an analysis
  // or a setting legitimately rewrites (roster fields, batch counts, results, claims, meta) may be.
  db.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + R);
  db.exec("GRANT INSERT ON batches, students, blobs, submissions, analyses, analysis_claims, decisions, "
          "decision_reasons, settlements, teaching_examples, ledger, meta, bad_files TO " + R);
  // bad_files: a later valid photo settles a bad file (once; the table's trigger allows no other change).
  db.exec("GRANT UPDATE ON batches, students, analyses, analysis_claims, meta, bad_files TO " + R);
  db.exec("GRANT DELETE ON analysis_claims TO " + R);
  db.exec("GRANT INSERT, UPDATE, DELETE ON review_leases TO " + R);  // who has which photo on screen
  db.exec("REVOKE ALL ON accounts FROM " + R + ", " + C + ", " + T);

  // Coordinators: their college's rows; spot checks appended; the ledger written, not read.
  db.exec("GRANT SELECT ON students, submissions, blobs, analyses, decisions, decision_reasons, spot_checks, "
          "spot_check_reasons, settlements, teaching_examples, bad_files TO " + C);
  db.exec("GRANT INSERT ON spot_checks, spot_check_reasons, ledger TO " + C);
  db.exec("GRANT INSERT ON reviewers TO " + R + ", " + C + ", " + T);  // a login's own name row
  db.exec("GRANT INSERT, UPDATE ON meta TO " + C + ", " + T);
  db.exec("GRANT INSERT ON ledger TO " + T);
  db.exec("GRANT SELECT ON teaching_material TO " + T + ", " + R);

  for (const char* t : kPerStudent) {
    db.exec(std::string("ALTER TABLE ") + t + " ENABLE ROW LEVEL SECURITY");
    db.exec(std::string("DROP POLICY IF EXISTS reviewer_rows ON ") + t);
    db.exec(std::string("CREATE POLICY reviewer_rows ON ") + t + " TO " + R + " USING (true) WITH CHECK (true)");
  }
  for (const auto& rule : kCollegeRules) {
    db.exec(std::string("DROP POLICY IF EXISTS college_rows ON ") + rule.table);
    db.exec(std::string("CREATE POLICY college_rows ON ") + rule.table + " FOR SELECT TO " + C + " USING (" +
            rule.using_ + ")");
  }
  // Import batches hold no student's data (names of files, counts): a coordinator's queue follows
  // new imports through them.
  db.exec("GRANT SELECT ON batches TO " + C);
  db.exec("DROP POLICY IF EXISTS coordinator_batches ON batches");
  db.exec("CREATE POLICY coordinator_batches ON batches FOR SELECT TO " + C + " USING (true)");
  db.exec("DROP POLICY IF EXISTS college_checks ON spot_checks");
  db.exec("CREATE POLICY college_checks ON spot_checks FOR INSERT TO " + C +
          " WITH CHECK (decision_id IN (SELECT id FROM decisions))");
  db.exec("DROP POLICY IF EXISTS college_check_reasons ON spot_check_reasons");
  db.exec("CREATE POLICY college_check_reasons ON spot_check_reasons FOR INSERT TO " + C +
          " WITH CHECK (spot_check_id IN (SELECT id FROM spot_checks))");
  db.exec("DROP POLICY IF EXISTS own_entries ON ledger");
  db.exec("CREATE POLICY own_entries ON ledger FOR INSERT TO " + C + ", " + T +
          " WITH CHECK (kind IN ('spot_check', 'teaching_example'))");
  // Of the settings, coordinators and trainers only move the ledger's recorded head.
  db.exec("ALTER TABLE meta ENABLE ROW LEVEL SECURITY");
  db.exec("DROP POLICY IF EXISTS everyone_reads ON meta");
  db.exec("CREATE POLICY everyone_reads ON meta FOR SELECT USING (true)");
  db.exec("DROP POLICY IF EXISTS reviewer_writes ON meta");
  db.exec("CREATE POLICY reviewer_writes ON meta TO " + R + " USING (true) WITH CHECK (true)");
  db.exec("DROP POLICY IF EXISTS head_only ON meta");
  db.exec("CREATE POLICY head_only ON meta FOR UPDATE TO " + C + ", " + T +
          " USING (key = 'ledger_head') WITH CHECK (key = 'ledger_head')");
  db.exec("DROP POLICY IF EXISTS head_insert ON meta");
  db.exec("CREATE POLICY head_insert ON meta FOR INSERT TO " + C + ", " + T + " WITH CHECK (key = 'ledger_head')");
  tx.commit();
}

void server_add_user(const std::string& url, const ServerAccount& a, const std::string& password) {
  if (a.login.empty()) throw UserError("须填写登录名 (a login name is required)");
  if (a.role == ServerRole::coordinator && a.college.empty())
    throw UserError("学院协调人须指定学院 --college (a coordinator needs --college)");
  if (a.role != ServerRole::coordinator && !a.college.empty())
    throw UserError("只有学院协调人有学院 (only coordinators have a college)");
  if (password.size() < 8) throw UserError("密码至少 8 个字符 (the password needs at least 8 characters)");
  sql::PgDb db(url);
  {
    Stmt st(db, "SELECT to_regclass('accounts') IS NOT NULL");
    if (!st.step() || st.i64(0) != 1)
      throw UserError("请先运行 photoaudit server init (run `photoaudit server init` first)", db.path());
  }
  const std::string name = database_of(db);
  sql::Transaction tx(db);
  {
    Stmt st(db, "SELECT 1 FROM pg_roles WHERE rolname = ?1");
    st.bind(1, a.login);
    if (st.step()) throw UserError("服务器上已有账号 " + a.login + " (the server already has the login " + a.login + ")", db.path());
  }
  char* secret = PQencryptPasswordConn(db.raw(), password.c_str(), a.login.c_str(), "scram-sha-256");
  if (!secret) db.fail("encrypt password");
  const std::string enc = secret;
  PQfreemem(secret);
  db.exec("CREATE ROLE " + ident(db, a.login) + " LOGIN PASSWORD " + literal(db, enc) + " IN ROLE " +
          ident(db, group(name, a.role)));
  Stmt acc(db, "INSERT INTO accounts (login, role, college, created_at) VALUES (?1, ?2, ?3, ?4)");
  acc.bind(1, a.login).bind(2, to_string(a.role)).bind(4, now_iso_utc());
  if (a.college.empty()) acc.bind_null(3); else acc.bind(3, a.college);
  acc.run();
  // The login is the reviewer of what it records (the store finds it by this name).
  Stmt rv(db, "INSERT INTO reviewers (name, name_key, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING");
  rv.bind(1, a.login).bind(2, name_key(a.login)).bind(3, now_iso_utc());
  rv.run();
  tx.commit();
}

std::vector<ServerAccount> server_users(const std::string& url) {
  sql::PgDb db(url);
  Stmt st(db, "SELECT login, role, COALESCE(college, '') FROM accounts ORDER BY login");
  std::vector<ServerAccount> out;
  while (st.step()) out.push_back({st.text(0), server_role_from(st.text(1)), st.text(2)});
  return out;
}

}  // namespace pa
