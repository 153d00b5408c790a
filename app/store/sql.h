// The SQL connection the audit store is written against, whichever engine serves it: the store's
// logic (what a decision is, the conflict checks, the chains, the ledger) is written once over
// this layer, and each engine (store/sqlite.h, store/postgres.h) implements it. Internal to
// app/store: no SQL leaves the store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pa::sql {

enum class Dialect { sqlite, postgresql };

// One value of a row written in bulk (Db::insert_rows).
struct Cell {
  enum class Kind { null, i64, text, blob };
  Kind kind = Kind::null;
  std::int64_t i = 0;
  std::string s;  // text or bytes
  static Cell of(std::int64_t v) { return {Kind::i64, v, {}}; }
  static Cell text(std::string v) { return {Kind::text, 0, std::move(v)}; }
  static Cell blob(std::string v) { return {Kind::blob, 0, std::move(v)}; }
};
using Row = std::vector<Cell>;

// One prepared statement of an engine. Parameters are written ?1, ?2… in the SQL for both engines.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_i64(int i, std::int64_t v) = 0;
  virtual void bind_f64(int i, double v) = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_blob(int i, std::string_view bytes) = 0;
  virtual void bind_null(int i) = 0;
  virtual bool step() = 0;   // true while a row is available; throws on error
  virtual void reset() = 0;  // reset and clear bindings for reuse
  virtual std::int64_t i64(int col) const = 0;
  virtual double f64(int col) const = 0;
  virtual std::string text(int col) const = 0;  // NULL -> ""
  virtual std::string blob(int col) const = 0;
  virtual bool is_null(int col) const = 0;
};

class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;
  virtual std::unique_ptr<Cursor> prepare(std::string_view sql) = 0;
  virtual void exec(std::string_view sql) = 0;  // one or more statements, no rows
  std::int64_t scalar(std::string_view sql);    // first column of the first row (0 if none)
  // The id the last INSERT on this connection gave its row.
  virtual std::int64_t last_insert_id() = 0;
  // Rows the last INSERT/UPDATE/DELETE changed.
  virtual int changes() = 0;
  // What messages name: the file, or the server and database (never a password).
  virtual const std::string& path() const = 0;
  [[noreturn]] virtual void fail(std::string_view what) const = 0;  // throws with the engine's message
  // Appends rows to `table` (`columns` in the rows' order), inside the caller's transaction. Here
  // one prepared INSERT a row (SQLite's are cheap); PostgreSQL sends them in one COPY.
  virtual void insert_rows(std::string_view table, const std::vector<std::string>& columns,
                           const std::vector<Row>& rows);
  // How many bytes of rows a bulk writer should gather before calling insert_rows: 0 = write each
  // at once (a file: nothing to gain, and writing as it goes overlaps the import's decoding).
  virtual std::size_t bulk_bytes() const { return 0; }

  // A write transaction holds the audit's write lock until it ends: no other workstation decides,
  // imports or claims in between (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped
  // advisory lock), so every check the store makes before writing still holds when it writes.
  // Whether another connection may have committed since the last call (cheap, non-blocking).
  virtual bool others_changed() = 0;

  virtual void begin_write() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

class Stmt {
 public:
  Stmt(Db& db, std::string_view sql) : db_(db), c_(db.prepare(sql)) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Bind by 1-based position; strings and blobs are copied.
  Stmt& bind(int i, std::int64_t v) { c_->bind_i64(i, v); return *this; }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, double v) { c_->bind_f64(i, v); return *this; }
  Stmt& bind(int i, std::string_view v) { c_->bind_text(i, v); return *this; }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind_blob(int i, std::string_view bytes) { c_->bind_blob(i, bytes); return *this; }
  Stmt& bind_null(int i) { c_->bind_null(i); return *this; }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bind_null(i); }

  bool step() { return c_->step(); }
  void run() {  // step to completion (statements without rows), then reset
    while (step()) {
    }
    reset();
  }
  void reset() { c_->reset(); }

  std::int64_t i64(int col) const { return c_->i64(col); }
  int i32(int col) const { return static_cast<int>(i64(col)); }
  double f64(int col) const { return c_->f64(col); }
  std::string text(int col) const { return c_->text(col); }
  std::string blob(int col) const { return c_->blob(col); }
  bool is_null(int col) const { return c_->is_null(col); }
  Db& db() { return db_; }

 private:
  Db& db_;
  std::unique_ptr<Cursor> c_;
};

// A write transaction; rolls back in the destructor unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) { db_.begin_write(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

// A decision is in force when it is not an undo and no undo event cancels it: the one definition,
// for a decision event `d` (every query that asks which decision holds uses it).
constexpr std::string_view kInForce =
    "d.kind != 'undo' AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id)";

// The reason codes linked to one row, in catalog order, as one column: comma-separated, or a
// JSON array with `json`. `table` links `owner_column` to a code; `owner` is the row's id in the
// outer query. Each engine spells ordered aggregation its own way; this is the one place.
std::string codes_in_catalog_order(Dialect d, std::string_view table, std::string_view owner_column,
                                   std::string_view owner, bool json);

}  // namespace pa::sql
