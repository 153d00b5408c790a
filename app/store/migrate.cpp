#include "store/migrate.h"

#include <sqlite3.h>

#include <filesystem>
#include <vector>

#include "core/error.h"
#include "store/postgres.h"
#include "store/sqlite.h"

namespace pa {

namespace {

namespace fs = std::filesystem;
using sql::Db;
using sql::Stmt;

// Tables in the order their references allow; analysis claims are transient and not copied.
constexpr const char* kTables[] = {"batches",     "students",          "blobs",       "submissions",
                                   "analyses",    "reviewers",         "decisions",   "decision_reasons",
                                   "spot_checks", "spot_check_reasons", "settlements", "teaching_examples",
                                   "ledger",      "bad_files"};

enum class Kind { integer, text, blob };
struct Column {
  std::string name;
  Kind kind;
};

// A table's columns as the source engine declares them (the same names on both engines).
std::vector<Column> columns(Db& db, const std::string& table) {
  std::vector<Column> out;
  if (db.dialect() == sql::Dialect::sqlite) {
    Stmt st(db, "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    while (st.step())
      out.push_back({st.text(0), st.text(1) == "INTEGER" ? Kind::integer : st.text(1) == "BLOB" ? Kind::blob : Kind::text});
  } else {
    Stmt st(db, "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position");
    st.bind(1, table);
    while (st.step()) {
      const std::string t = st.text(1);
      out.push_back({st.text(0), t == "bigint" || t == "integer" ? Kind::integer : t == "bytea" ? Kind::blob : Kind::text});
    }
  }
  if (out.empty()) throw UserError("审核缺少数据表 " + table + " (the audit has no table " + table + ")", db.path());
  return out;
}

std::unique_ptr<Db> open_raw(const std::string& where, bool read_only) {
  if (sql::is_postgres_url(where)) {
    auto db = std::make_unique<sql::PgDb>(where);
    if (read_only) db->exec("SET default_transaction_read_only = on");
    return db;
  }
  auto db = std::make_unique<sql::SqliteDb>(where, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  if (!read_only) db->exec("PRAGMA foreign_keys = ON");
  return db;
}

std::int64_t count(Db& db, const std::string& table) { return db.scalar("SELECT count(*) FROM " + table); }

// Whether the table exists: a source written before schema v7 has no bad_files (none to copy).
bool has_table(Db& db, const std::string& table) {
  Stmt st(db, db.dialect() == sql::Dialect::sqlite
                  ? "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1"
                  : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?1");
  st.bind(1, table);
  return st.step() && st.i64(0) > 0;
}

void copy_table(Db& from, Db& to, const std::string& table) {
  const auto cols = columns(from, table);
  std::string list, params;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    list += (i ? ", " : "") + cols[i].name;
    params += (i ? ", ?" : "?") + std::to_string(i + 1);
  }
  Stmt src(from, "SELECT " + list + " FROM " + table + " ORDER BY 1");
  Stmt dst(to, "INSERT INTO " + table + " (" + list + ") VALUES (" + params + ")");
  while (src.step()) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      const int c = static_cast<int>(i);
      if (src.is_null(c)) dst.bind_null(c + 1);
      else if (cols[i].kind == Kind::integer) dst.bind(c + 1, src.i64(c));
      else if (cols[i].kind == Kind::blob) dst.bind_blob(c + 1, src.blob(c));
      else dst.bind(c + 1, src.text(c));
    }
    dst.run();
  }
}

}  // namespace

MigrationReport migrate_audit(const std::string& from, const std::string& to) {
  if (from == to) throw UserError("来源和目标是同一个审核 (the source and the destination are the same audit)", to);
  // The source: an audit of this build's schema, opened for reading only (never migrated here).
  const AuditVerification before = open_store_read_only(from)->verify_audit();
  if (!before.ok())
    throw UserError("来源审核未通过校验，未迁移 (the source does not verify; nothing was moved): 请先运行 photoaudit "
                    "verify (run `photoaudit verify`)",
                    from);
  const bool to_server = sql::is_postgres_url(to);
  if (!to_server && (fs::exists(to) || fs::is_symlink(to)))
    throw UserError("目标文件已存在，迁移只写入新文件 (the destination exists: migrate only writes a new file)", to);
  bool created_file = false;
  MigrationReport r;
  try {
    {
      auto dest = create_store(to);  // the schema, on a new file or an empty server database
      created_file = !to_server;
      if (dest->students({}).size() > 0 || dest->audit_head().entries > 0 || !dest->decision_events({}).empty())
        throw UserError("目标已有审核数据，迁移只写入空的审核 (the destination already holds an audit: migrate only "
                        "writes into an empty one)",
                        to);
    }
    auto src = open_raw(from, true);
    auto dst = open_raw(to, false);
    sql::Transaction tx(*dst);
    if (count(*dst, "reviewers") > 0)
      throw UserError("目标已有账号，请先迁移，再运行 server init 和 add-user (the destination already has accounts: "
                      "migrate first, then run `server init` and `server add-user`)",
                      to);
    for (const char* t : kTables)
      if (has_table(*src, t)) copy_table(*src, *dst, t);
    // The catalog and the audit's own bookkeeping (heads, settings) as the source has them.
    {
      Stmt s(*src, "SELECT code, label_zh, label_en, source, automation, ord FROM reasons ORDER BY ord");
      Stmt d(*dst, R"SQL(INSERT INTO reasons (code, label_zh, label_en, source, automation, ord)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO UPDATE SET label_zh = excluded.label_zh,
        label_en = excluded.label_en, source = excluded.source, automation = excluded.automation, ord = excluded.ord)SQL");
      while (s.step()) {
        d.bind(1, s.text(0)).bind(2, s.text(1)).bind(3, s.text(2)).bind(4, s.text(3)).bind(5, s.text(4)).bind(6, s.i64(5));
        d.run();
      }
      Stmt m(*src, "SELECT key, value FROM meta ORDER BY key");
      Stmt w(*dst, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
      while (m.step()) {
        w.bind(1, m.text(0)).bind(2, m.text(1));
        w.run();
      }
    }
    if (to_server)  // new rows on the server continue after the copied ids
      for (const char* t : {"batches", "students", "submissions", "reviewers", "spot_checks", "settlements", "teaching_examples",
                            "bad_files"})
        dst->exec(std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), COALESCE((SELECT max(id) FROM " +
                  t + "), 0) + 1, false)");
    for (const char* t : kTables)
      if (has_table(*src, t) && count(*src, t) != count(*dst, t))
        throw UserError(std::string("迁移后行数不符 (row counts differ after the copy): ") + t, to);
    r.students = count(*dst, "students");
    r.photos = count(*dst, "submissions");
    r.decisions = count(*dst, "decisions");
    r.ledger_entries = count(*dst, "ledger");
    tx.commit();
  } catch (...) {
    if (created_file)
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix);
    throw;
  }
  // Verified on the destination: the same chains, the same ledger head, every photo's bytes.
  const AuditVerification after = open_store_read_only(to)->verify_audit();
  if (!after.ok() || after.ledger_head.hash != before.ledger_head.hash || after.head_hash != before.head_hash)
    throw UserError("迁移后的审核未通过校验 (the copy does not verify): " +
                        (after.chain_break ? after.chain_break->reason
                                           : after.ledger_break ? after.ledger_break->reason : std::string("heads differ")),
                    to);
  r.head = after.ledger_head;
  return r;
}

}  // namespace pa
