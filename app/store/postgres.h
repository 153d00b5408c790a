// The PostgreSQL engine of the store's SQL layer (store/sql.h): an audit an office shares on a
// server. Built on libpq; the URL follows libpq's conventions (postgresql://user@host:port/db),
// and so do passwords (~/.pgpass, PGPASSWORD): none is ever put in a message, a log or a file.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "store/sql.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

namespace pa::sql {

// True for the URLs the PostgreSQL backend takes (postgresql://…, postgres://…).
bool is_postgres_url(std::string_view s);
// True when the URL carries a password (refused: the command line is visible to `ps`).
bool url_has_password(const std::string& url);
// The URL as messages may show it: user, host, port and database, never a password.
std::string postgres_display_name(const std::string& url);
// Keeps a typed password for the server and login of `url` (store.h's remember_server_password).
void remember_password(const std::string& url, const std::string& password);

class PgDb final : public Db {
 public:
  // Connects; a wrong URL, a server that is down, a wrong password or a missing database is one
  // UserError sentence naming the server and what to do.
  explicit PgDb(const std::string& url);
  ~PgDb() override;
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  Dialect dialect() const override { return Dialect::postgresql; }
  std::unique_ptr<Cursor> prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() override;
  int changes() override { return changes_; }
  const std::string& path() const override { return display_; }
  [[noreturn]] void fail(std::string_view what) const override;
  // One COPY … FROM STDIN (text format) for all the rows.
  void insert_rows(std::string_view table, const std::vector<std::string>& columns,
                   const std::vector<Row>& rows) override;
  std::size_t bulk_bytes() const override { return 32u << 20; }  // a round trip per 32 MB, not per row
  bool others_changed() override;  // a notification on photoaudit_changes arrived
  void begin_write() override;
  void commit() override;
  void rollback() noexcept override;

  PGconn* raw() { return conn_; }
  // The login the server authenticated (the reviewer of every decision made on this connection).
  const std::string& login() const { return login_; }
  // Internal to the cursor: one statement, serialised with every other use of the connection
  // (threads share it, as SQLite's serialised mode allows).
  PGresult* exec_params(const char* sql, int n, const Oid* types, const char* const* values, const int* lengths,
                        const int* formats);
  [[noreturn]] void fail_with(std::string_view what, const std::string& server_message,
                              const std::string& sqlstate) const;

 private:
  void reconnect_if_lost();
  PGresult* retrying(const std::function<PGresult*()>& send);
  PGconn* conn_ = nullptr;
  // Every session's settings (made again after a reconnect): wait for another workstation's
  // write as SQLite's busy handler does, then give up clearly; times in UTC.
  std::string session_setup_ = "SET lock_timeout = '30s'; SET TIME ZONE 'UTC'; LISTEN photoaudit_changes";
  std::mutex mu_;
  std::string display_;
  std::string login_;
  int changes_ = 0;
  bool in_tx_ = false;
};

// The advisory lock every write transaction takes (one per audit database).
constexpr std::int64_t kWriteLockKey = 0x50684175;

}  // namespace pa::sql
