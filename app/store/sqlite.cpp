#include "store/sqlite.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"

namespace pa::sql {

namespace {

// Another workstation (or process) holds the write lock: wait and retry with a growing pause,
// telling the user once after a short wait, and give up (SQLITE_BUSY, "database is locked")
// after kBusyGiveUpMs.
constexpr int kBusyNoticeMs = 250;
constexpr int kBusyGiveUpMs = 30000;

int busy_retry(void* db, int attempt) {
  static thread_local int waited_ms = 0;
  if (attempt == 0) waited_ms = 0;
  if (waited_ms >= kBusyGiveUpMs) return 0;
  const int pause = std::min(1 + attempt * 5, 100);
  if (waited_ms < kBusyNoticeMs && waited_ms + pause >= kBusyNoticeMs)
    std::cerr << "photoaudit: 数据库正被另一个工作站使用，正在重试… (the audit database is locked by "
                 "another workstation; retrying) "
              << static_cast<SqliteDb*>(db)->path() << std::endl;
  std::this_thread::sleep_for(std::chrono::milliseconds(pause));
  waited_ms += pause;
  return 1;
}

}  // namespace

// ---- SqliteDb ---------------------------------------------------------------------------------

namespace {

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(SqliteDb& db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db.raw(), sql.data(), static_cast<int>(sql.size()), &st_, nullptr) != SQLITE_OK)
      db.fail("prepare");
  }
  ~SqliteCursor() override { sqlite3_finalize(st_); }
  void bind_i64(int i, std::int64_t v) override { check(sqlite3_bind_int64(st_, i, v)); }
  void bind_f64(int i, double v) override { check(sqlite3_bind_double(st_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_blob(int i, std::string_view b) override {
    check(sqlite3_bind_blob64(st_, i, b.data(), b.size(), SQLITE_TRANSIENT));
  }
  void bind_null(int i) override { check(sqlite3_bind_null(st_, i)); }
  bool step() override {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail("step");
  }
  void reset() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::int64_t i64(int col) const override { return sqlite3_column_int64(st_, col); }
  double f64(int col) const override { return sqlite3_column_double(st_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string text(int col) const override {
    const unsigned char* p = sqlite3_column_text(st_, col);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col)));
  }
  std::string blob(int col) const override {
    const void* p = sqlite3_column_blob(st_, col);
    if (!p) return {};
    return std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col)));
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) db_.fail("bind");
  }
  SqliteDb& db_;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace

SqliteDb::SqliteDb(const std::string& path, int flags, const std::string& display_path)
    : path_(display_path.empty() ? path : display_path), open_path_(path), flags_(flags) {
  open();
}

void SqliteDb::open() {
  int rc = sqlite3_open_v2(open_path_.c_str(), &db_, flags_, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw UserError("无法打开数据库 (cannot open database): " + msg, path_);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another workstation or process may hold the write lock briefly: wait rather than fail.
  sqlite3_busy_handler(db_, busy_retry, this);
}

std::unique_ptr<Cursor> SqliteDb::prepare(std::string_view sql) { return std::make_unique<SqliteCursor>(*this, sql); }

void SqliteDb::set_connection_setup(std::string sql) {
  setup_ = std::move(sql);
  if (!setup_.empty()) exec(setup_);
}

void SqliteDb::reopen_if_now_writable() {
  if (!(flags_ & SQLITE_OPEN_READWRITE) || !db_ || sqlite3_db_readonly(db_, "main") != 1) return;
  if (::access(open_path_.c_str(), W_OK) != 0) return;  // still read-only: the write fails as it should
  repair_side_file_modes(open_path_);
  sqlite3_close_v2(db_);
  db_ = nullptr;
  open();
  if (!setup_.empty()) exec(setup_);
}

bool SqliteDb::others_changed() {
  const std::int64_t v = scalar("PRAGMA data_version");
  const bool changed = data_version_ >= 0 && v != data_version_;
  data_version_ = v;
  return changed;
}

void SqliteDb::begin_write() {
  reopen_if_now_writable();
  exec("BEGIN IMMEDIATE");
}

void repair_side_file_modes(const std::string& path) {
  struct stat db {};
  if (::stat(path.c_str(), &db) != 0 || ::access(path.c_str(), W_OK) != 0) return;
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string side = path + suffix;
    struct stat st {};
    if (::stat(side.c_str(), &st) != 0) continue;
    if ((st.st_mode & 07777) != (db.st_mode & 07777) && st.st_uid == ::geteuid())
      ::chmod(side.c_str(), db.st_mode & 07777);
  }
}

SqliteDb::~SqliteDb() {
  if (db_) sqlite3_close_v2(db_);
}

void SqliteDb::fail(std::string_view what) const {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  int code = sqlite3_errcode(db_);
  if ((code & 0xff) == SQLITE_FULL) msg = "磁盘已满 (disk full): " + msg;
  if ((code & 0xff) == SQLITE_READONLY) msg = "数据库只读 (database is read-only): " + msg;
  if ((code & 0xff) == SQLITE_BUSY)
    msg = "数据库被另一个工作站占用，重试 " + std::to_string(kBusyGiveUpMs / 1000) +
          " 秒后放弃 (database is locked; gave up after retrying): " + msg;
  if ((code & 0xff) == SQLITE_IOERR)
    msg = "写入磁盘失败，磁盘可能已满 (disk write failed: disk full, over quota or I/O error): " + msg;
  if ((code & 0xff) == SQLITE_CANTOPEN)
    msg = "无法打开数据库文件，请检查文件夹权限 (cannot open the database file: check the folder's "
          "permissions): " + msg;
  if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
    msg = "不是有效的审核数据库 (not a valid audit database): " + msg;
  throw UserError(msg, path_);
}

void SqliteDb::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    sqlite3_free(err);
    fail("SQL");
  }
}

}  // namespace pa::sql
