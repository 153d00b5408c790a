#include "store/postgres.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace pa::sql {

namespace {

// libpq's parameter types: 0 lets the server infer one from the statement.
constexpr Oid kInt8 = 20, kFloat8 = 701, kBytea = 17;

// ?1, ?2… (the store's spelling for both engines) become $1, $2…; literals are left alone.
std::string to_dollar_params(std::string_view sql, int& max_index) {
  std::string out;
  out.reserve(sql.size());
  max_index = 0;
  bool in_literal = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') in_literal = !in_literal;
    if (!in_literal && c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      int n = 0;
      std::size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
      max_index = std::max(max_index, n);
      out += '$';
      out += std::to_string(n);
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string field(const char* s) { return s ? s : ""; }

// What a failed statement's message may say: the server's primary message only. Its DETAIL and
// CONTEXT can quote the row ("Key (student_no)=(2021001) already exists"), which is personal data
// that must not reach a message, a log or the screen.
std::string primary_message(const PGresult* r, PGconn* conn) {
  if (!r) return field(PQerrorMessage(conn));
  const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  return primary ? std::string(primary) : field(PQresultErrorMessage(r));
}
std::string sqlstate_of(const PGresult* r) { return r ? field(PQresultErrorField(r, PG_DIAG_SQLSTATE)) : ""; }

class PgCursor final : public Cursor {
 public:
  PgCursor(PgDb& db, std::string_view sql) : db_(db), sql_(to_dollar_params(sql, params_)) {
    values_.resize(static_cast<std::size_t>(params_));
    types_.assign(static_cast<std::size_t>(params_), 0);
    formats_.assign(static_cast<std::size_t>(params_), 0);
  }
  void bind_i64(int i, std::int64_t v) override { set(i, std::to_string(v), kInt8, 0); }
  void bind_f64(int i, double v) override { set(i, std::to_string(v), kFloat8, 0); }
  void bind_text(int i, std::string_view v) override { set(i, std::string(v), 0, 0); }
  void bind_blob(int i, std::string_view b) override { set(i, std::string(b), kBytea, 1); }
  void bind_null(int i) override {
    if (slot(i)) values_[static_cast<std::size_t>(i - 1)].reset();
  }
  bool step() override {
    if (!res_) {
      execute();
      row_ = 0;
    } else {
      ++row_;
    }
    return row_ < PQntuples(res_.get());
  }
  void reset() override {
    res_.reset();
    row_ = -1;
    for (auto& v : values_) v.reset();
    types_.assign(types_.size(), 0);
    formats_.assign(formats_.size(), 0);
  }
  std::int64_t i64(int col) const override {
    const char* v = PQgetvalue(res_.get(), row_, col);
    if (v[0] == 't' && v[1] == 0) return 1;  // booleans
    if (v[0] == 'f' && v[1] == 0) return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double f64(int col) const override { return std::strtod(PQgetvalue(res_.get(), row_, col), nullptr); }
  std::string text(int col) const override {
    return std::string(PQgetvalue(res_.get(), row_, col), static_cast<std::size_t>(PQgetlength(res_.get(), row_, col)));
  }
  std::string blob(int col) const override {
    if (is_null(col)) return {};
    std::size_t n = 0;
    unsigned char* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_.get(), row_, col)), &n);
    if (!p) db_.fail("bytea");
    std::string out(reinterpret_cast<const char*>(p), n);
    PQfreemem(p);
    return out;
  }
  bool is_null(int col) const override { return PQgetisnull(res_.get(), row_, col) == 1; }

 private:
  // A parameter the statement does not use is ignored (SQLite's binding of a lower unused index).
  bool slot(int i) const { return i >= 1 && i <= params_; }
  void set(int i, std::string v, Oid type, int format) {
    if (!slot(i)) return;
    const auto k = static_cast<std::size_t>(i - 1);
    values_[k] = std::move(v);
    types_[k] = type;
    formats_[k] = format;
  }
  void execute() {
    std::vector<const char*> vals(values_.size());
    std::vector<int> lens(values_.size());
    for (std::size_t k = 0; k < values_.size(); ++k) {
      vals[k] = values_[k] ? values_[k]->data() : nullptr;
      lens[k] = values_[k] ? static_cast<int>(values_[k]->size()) : 0;
    }
    res_.reset(db_.exec_params(sql_.c_str(), params_, types_.data(), vals.data(), lens.data(), formats_.data()));
    const ExecStatusType s = res_ ? PQresultStatus(res_.get()) : PGRES_FATAL_ERROR;
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
      const std::string msg = primary_message(res_.get(), db_.raw());
      const std::string state = sqlstate_of(res_.get());
      res_.reset();
      db_.fail_with("SQL", msg, state);
    }
  }

  PgDb& db_;
  int params_ = 0;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;
  Result res_;
  int row_ = -1;
};

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

bool is_postgres_url(std::string_view s) {
  return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

std::string postgres_display_name(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    if (err) PQfreemem(err);
    return "postgresql://(地址无效 invalid URL)";
  }
  std::string user, host, port, db;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string k = o->keyword;
    if (k == "user") user = o->val;
    if (k == "host") host = o->val;
    if (k == "port") port = o->val;
    if (k == "dbname") db = o->val;
  }
  PQconninfoFree(opts);
  return "postgresql://" + (user.empty() ? "" : user + "@") + (host.empty() ? "localhost" : host) +
         (port.empty() ? "" : ":" + port) + "/" + db;
}

bool url_has_password(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    if (err) PQfreemem(err);
    return false;
  }
  bool has = false;
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (std::string_view(o->keyword) == "password" && o->val && *o->val) has = true;
  PQconninfoFree(opts);
  return has;
}

namespace {

// Passwords typed into the workstation's prompt, by server and login (postgres_display_name).
struct Passwords {
  std::mutex mu;
  std::map<std::string, std::string> by_server;
};
Passwords& passwords() {
  static Passwords* p = new Passwords();  // never destroyed: photo workers may connect at exit
  return *p;
}
std::optional<std::string> remembered_password(const std::string& display) {
  auto& p = passwords();
  std::lock_guard lock(p.mu);
  auto it = p.by_server.find(display);
  if (it == p.by_server.end()) return std::nullopt;
  return it->second;
}

}  // namespace

void remember_password(const std::string& url, const std::string& password) {
  auto& p = passwords();
  std::lock_guard lock(p.mu);
  if (password.empty()) p.by_server.erase(postgres_display_name(url));
  else p.by_server[postgres_display_name(url)] = password;
}

PgDb::PgDb(const std::string& url) : display_(postgres_display_name(url)) {
  // A password in the URL is on the command line, where `ps` shows it to every user of the PC.
  if (url_has_password(url))
    throw UserError("请不要把密码写在服务器地址里：保存在 ~/.pgpass 中，或设置 PGPASSWORD (don't put the password in "
                    "the URL, where other users can see it: keep it in ~/.pgpass or set PGPASSWORD)",
                    display_);
  // The URL's own settings win over the defaults before it (libpq expands dbname in place); a
  // typed password comes after it (the URL cannot hold one).
  const std::optional<std::string> typed = remembered_password(display_);
  const char* keys[] = {"connect_timeout", "application_name", "dbname", typed ? "password" : nullptr, nullptr};
  const char* vals[] = {"5", "photoaudit", url.c_str(), typed ? typed->c_str() : nullptr, nullptr};
  conn_ = PQconnectdbParams(keys, vals, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string msg = conn_ ? trimmed(field(PQerrorMessage(conn_))) : "out of memory";
    const bool needs_password = conn_ && PQconnectionNeedsPassword(conn_);
    const bool auth = msg.find("password authentication failed") != std::string::npos;
    const bool no_db = msg.find("does not exist") != std::string::npos;
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    if (needs_password)
      throw ServerLoginError("审核服务器要求密码：请在 ~/.pgpass 中保存，或设置 PGPASSWORD 后重试 (the audit server asks "
                      "for a password: keep it in ~/.pgpass or set PGPASSWORD, then try again)",
                      display_);
    if (auth)
      throw ServerLoginError("审核服务器拒绝了登录：用户名或密码错误 (the audit server refused the login: wrong user "
                      "name or password; ask the office's administrator)",
                      display_);
    if (no_db)
      throw UserError("审核服务器上没有这个数据库或账号 (no such database or login on the audit server): " + msg +
                          "；请核对地址，或先运行 photoaudit server init (check the URL, or run `photoaudit "
                          "server init` first)",
                      display_);
    throw UserError("无法连接审核服务器：请检查服务器是否已启动、地址和端口是否正确，或改用本机审核文件 (cannot "
                    "reach the audit server: check that it is running and the URL, or open a local audit "
                    "instead): " + msg,
                    display_);
  }
  login_ = field(PQuser(conn_));
  // The server's notices (NOTICE: … skipping) are not for the user's terminal.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  PQsetClientEncoding(conn_, "UTF8");
  // Wait for another workstation's write as SQLite's busy handler does, then give up clearly.
  exec(session_setup_);
}

PgDb::~PgDb() {
  if (conn_) PQfinish(conn_);
}

std::unique_ptr<Cursor> PgDb::prepare(std::string_view sql) { return std::make_unique<PgCursor>(*this, sql); }

PGresult* PgDb::exec_params(const char* sql, int n, const Oid* types, const char* const* values, const int* lengths,
                            const int* formats) {
  std::lock_guard lock(mu_);
  PGresult* r = retrying([&] { return PQexecParams(conn_, sql, n, types, values, lengths, formats, 0); });
  if (r) changes_ = std::atoi(PQcmdTuples(r));
  return r;
}

void PgDb::exec(std::string_view sql) {
  Result r;
  {
    std::lock_guard lock(mu_);
    const std::string text(sql);
    r.reset(retrying([&] { return PQexec(conn_, text.c_str()); }));
  }
  const ExecStatusType s = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
    fail_with("SQL", primary_message(r.get(), conn_), sqlstate_of(r.get()));
  changes_ = std::atoi(PQcmdTuples(r.get()));
}

namespace {

// COPY's text format: a tab between values, a newline after each row, \N for NULL, and
// backslash escapes for the characters that would end a value; bytea in its hex form.
void append_copy_text(std::string& out, std::string_view v) {
  for (const char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

void append_copy_cell(std::string& out, const Cell& c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c.kind) {
    case Cell::Kind::null: out += "\\N"; break;
    case Cell::Kind::i64: out += std::to_string(c.i); break;
    case Cell::Kind::text: append_copy_text(out, c.s); break;
    case Cell::Kind::blob:
      out += "\\\\x";  // the backslash of bytea's \x, escaped for COPY
      out.reserve(out.size() + 2 * c.s.size() + 1);
      for (const char b : c.s) {
        const auto u = static_cast<unsigned char>(b);
        out += kHex[u >> 4];
        out += kHex[u & 15];
      }
      break;
  }
}

}  // namespace

void PgDb::insert_rows(std::string_view table, const std::vector<std::string>& columns, const std::vector<Row>& rows) {
  if (rows.empty()) return;
  std::string sql = "COPY " + std::string(table) + " (";
  for (std::size_t k = 0; k < columns.size(); ++k) sql += (k ? ", " : "") + columns[k];
  sql += ") FROM STDIN";
  std::lock_guard lock(mu_);
  Result r(PQexec(conn_, sql.c_str()));
  if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN)
    fail_with("COPY " + std::string(table), primary_message(r.get(), conn_), sqlstate_of(r.get()));
  // Sent in pieces of about a megabyte, so a batch of photos is never held twice in memory.
  std::string chunk;
  bool sent = true;
  auto flush = [&] {
    if (sent && !chunk.empty()) sent = PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) == 1;
    chunk.clear();
  };
  for (const Row& row : rows) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k) chunk += '\t';
      append_copy_cell(chunk, row[k]);
    }
    chunk += '\n';
    if (chunk.size() >= (1u << 20)) flush();
  }
  flush();
  sent = PQputCopyEnd(conn_, sent ? nullptr : "the client could not send the rows") == 1 && sent;
  // The COPY's outcome, then the end of its results.
  std::string msg, state;
  bool ok = sent;
  while (PGresult* res = PQgetResult(conn_)) {
    Result owned(res);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && msg.empty()) {
      ok = false;
      msg = primary_message(res, conn_);
      state = sqlstate_of(res);
    } else if (PQresultStatus(res) == PGRES_COMMAND_OK) {
      changes_ = std::atoi(PQcmdTuples(res));
    }
  }
  if (!ok) fail_with("COPY " + std::string(table), msg.empty() ? field(PQerrorMessage(conn_)) : msg, state);
}

std::int64_t PgDb::last_insert_id() { return scalar("SELECT lastval()"); }

// A server that went away and came back (restarted, the network back): outside a transaction the
// connection is made again, so the workstation carries on (and its journal is sent); inside one,
// the transaction is lost and the statement fails, as it must.
void PgDb::reconnect_if_lost() {
  if (in_tx_ || PQstatus(conn_) != CONNECTION_BAD) return;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return;  // still down: the statement reports it
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(conn_, session_setup_.c_str());
  PQclear(r);
}

// A statement outside a transaction that found the connection gone (the server restarted since
// the last one) is sent once more on a new connection: nothing of it had happened.
PGresult* PgDb::retrying(const std::function<PGresult*()>& send) {
  reconnect_if_lost();
  PGresult* r = send();
  if (!in_tx_ && PQstatus(conn_) == CONNECTION_BAD) {
    PQclear(r);
    reconnect_if_lost();
    r = send();
  }
  return r;
}

bool PgDb::others_changed() {
  std::lock_guard lock(mu_);
  if (PQstatus(conn_) != CONNECTION_OK) return true;  // lost: the caller's next read reconnects and sees
  PQconsumeInput(conn_);
  bool any = false;
  while (PGnotify* n = PQnotifies(conn_)) {
    // This connection's own writes notify it too; only another backend's are news.
    if (n->be_pid != PQbackendPID(conn_)) any = true;
    PQfreemem(n);
  }
  return any;
}

void PgDb::begin_write() {
  exec("BEGIN");
  in_tx_ = true;
  exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
}

void PgDb::commit() {
  exec("COMMIT");
  in_tx_ = false;
}

void PgDb::rollback() noexcept {
  if (!in_tx_) return;
  std::lock_guard lock(mu_);
  PGresult* r = PQexec(conn_, "ROLLBACK");
  PQclear(r);
  in_tx_ = false;
}

void PgDb::fail(std::string_view what) const { fail_with(what, field(PQerrorMessage(conn_)), ""); }

void PgDb::fail_with(std::string_view what, const std::string& server_message, const std::string& sqlstate) const {
  std::string msg = trimmed(server_message);
  const bool lost = PQstatus(conn_) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 ||
                    sqlstate.rfind("57P0", 0) == 0 || msg.find("server closed the connection") != std::string::npos ||
                    msg.find("no connection to the server") != std::string::npos;
  if (lost)
    throw UserError("与审核服务器的连接已断开，本次操作未完成 (lost the connection to the audit server; the "
                    "change was not made): " + msg,
                    display_);
  if (sqlstate == "42501")
    throw UserError("账号 " + login_ + " 没有此操作的权限 (the login " + login_ +
                        " has no right to do this; ask the office's administrator): " + msg,
                    display_);
  if (sqlstate == "55P03")
    throw UserError("审核数据正被另一个工作站写入，等待 30 秒后放弃 (another workstation held the audit for 30 s; "
                    "gave up, try again): " + msg,
                    display_);
  if (sqlstate == "53100")
    throw UserError("审核服务器磁盘已满 (the audit server's disk is full): " + msg, display_);
  throw UserError(std::string(what) + ": " + msg, display_);
}

}  // namespace pa::sql
