// The audit ledger's SQLite table (store/audit_chain.h has the chain itself). Internal to
// app/store: every write of a record of the audit appends its entry here, inside the writer's
// transaction, so a record and its entry are committed together or not at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/audit_chain.h"
#include "store/sql.h"

namespace pa::sql {

class Ledger {
 public:
  explicit Ledger(Db& db) : db_(db) {}
  // Appends an entry chained to the newest one (inside the caller's transaction).
  LedgerEntry append(const std::string& kind, std::optional<std::int64_t> ref, const std::string& at,
                     const std::string& actor, const std::string& body);
  std::vector<LedgerEntry> entries();
  // The newest entry as stored in the table, and the head recorded apart from it (meta).
  AuditHead newest();
  std::pair<std::int64_t, std::string> recorded_head();

 private:
  std::string head_query() const;
  Db& db_;
};

}  // namespace pa::sql
