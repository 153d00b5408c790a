// The SQLite engine of the store's SQL layer (store/sql.h): one audit file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "store/sql.h"

namespace pa::sql {

class SqliteDb final : public Db {
 public:
  // flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE ...
  // `display_path`: the path messages name when `path` is a URI ("file:…?immutable=1").
  SqliteDb(const std::string& path, int flags, const std::string& display_path = {});
  ~SqliteDb() override;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }
  std::unique_ptr<Cursor> prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  int changes() override { return sqlite3_changes(db_); }
  const std::string& path() const override { return path_; }
  [[noreturn]] void fail(std::string_view what) const override;
  bool others_changed() override;  // PRAGMA data_version moved
  void begin_write() override;
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  sqlite3* raw() { return db_; }
  // Per-connection settings (PRAGMAs) run now and again whenever the connection is reopened.
  void set_connection_setup(std::string sql);
  // A connection opened while the file was read-only stays read-only: when the file is writable
  // again, reopen it (after giving -wal/-shm the file's mode back), so the next write succeeds
  // without anyone cleaning up. Called before every write transaction.
  void reopen_if_now_writable();

 private:
  void open();
  sqlite3* db_ = nullptr;
  std::string path_;       // for messages
  std::string open_path_;  // what sqlite3_open_v2 was given (a path or a URI)
  int flags_ = 0;
  std::string setup_;
  std::int64_t data_version_ = -1;
};

// SQLite creates the -wal and -shm files with the database file's mode. After a read-only period
// (chmod 444, then back) they may still be read-only although the database is not, and every
// write would fail: they get the database file's mode again (when they are the caller's).
void repair_side_file_modes(const std::string& db_path);

}  // namespace pa::sql
