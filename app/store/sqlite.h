// A thin RAII layer over the SQLite C API: connections, prepared statements, transactions.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pa::sql {

class Db;

class Stmt {
 public:
  Stmt(Db& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Bind by 1-based position. Strings and blobs are copied by SQLite (SQLITE_TRANSIENT).
  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind_blob(int i, std::string_view bytes);
  Stmt& bind_null(int i);
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bind_null(i); }

  bool step();   // true while a row is available; throws on error
  void run();    // step to completion (statements without rows), then reset
  void reset();  // reset and clear bindings for reuse

  std::int64_t i64(int col) const;
  int i32(int col) const { return static_cast<int>(i64(col)); }
  double f64(int col) const;
  std::string text(int col) const;  // NULL -> ""
  std::string blob(int col) const;
  bool is_null(int col) const;

 private:
  Db& db_;
  sqlite3_stmt* st_ = nullptr;
};

class Db {
 public:
  // flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE ...
  // `display_path`: the path messages name when `path` is a URI ("file:…?immutable=1").
  Db(const std::string& path, int flags, const std::string& display_path = {});
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  // Only before any statement is prepared on it (statements keep a reference to their Db).
  Db(Db&& other) noexcept;

  void exec(std::string_view sql);  // one or more statements, no rows
  std::int64_t scalar(std::string_view sql);  // first column of the first row (0 if none)
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }
  const std::string& path() const { return path_; }
  // Per-connection settings (PRAGMAs) run now and again whenever the connection is reopened.
  void set_connection_setup(std::string sql);
  // A connection opened while the file was read-only stays read-only: when the file is writable
  // again, reopen it (after giving -wal/-shm the file's mode back), so the next write succeeds
  // without anyone cleaning up. Called before every write transaction.
  void reopen_if_now_writable();
  [[noreturn]] void fail(std::string_view what) const;  // throws with the SQLite message

 private:
  void open();
  sqlite3* db_ = nullptr;
  std::string path_;       // for messages
  std::string open_path_;  // what sqlite3_open_v2 was given (a path or a URI)
  int flags_ = 0;
  std::string setup_;
};

// SQLite creates the -wal and -shm files with the database file's mode. After a read-only period
// (chmod 444, then back) they may still be read-only although the database is not, and every
// write would fail: they get the database file's mode again (when they are the caller's).
void repair_side_file_modes(const std::string& db_path);

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace pa::sql
