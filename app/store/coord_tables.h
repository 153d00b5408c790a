// The SQLite side of the coordinators' and trainers' records: spot checks, settlements,
// teaching examples, meta settings. Internal to app/store; SqliteStore forwards to it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql.h"
#include "store/ledger.h"
#include "store/store.h"

namespace pa::sql {

class CoordinationTables {
 public:
  // Every record written here gets its ledger entry in the same transaction.
  CoordinationTables(Db& db, Ledger& ledger) : db_(db), ledger_(ledger) {}

  std::optional<std::string> meta_value(const std::string& key);
  void set_meta_value(const std::string& key, const std::string& value);
  SpotCheckRecord record_spot_check(const NewSpotCheck& c, std::int64_t checker_id);
  std::vector<SpotCheckRecord> spot_checks(const Scope& scope);
  // `record_decision` (optional) records the decision the settlement makes, inside the same
  // transaction, and returns its id.
  using DecisionWriter = std::function<std::int64_t(const SpotCheckRecord&)>;
  SettlementRecord settle_spot_check(const NewSettlement& s, std::int64_t settler_id,
                                     const DecisionWriter& record_decision = {});
  std::vector<SettlementRecord> settlements(const Scope& scope);
  std::vector<TeachingExample> mark_teaching_example(const std::string& student_no,
                                                     const std::vector<std::string>& codes,
                                                     std::int64_t marker_id);
  std::vector<TeachingExample> teaching_examples(const Scope& scope);

 private:
  std::vector<SpotCheckRecord> query_spot_checks(const std::string& where, const Scope& scope,
                                                 std::int64_t id = 0);
  std::vector<TeachingExample> query_examples(const std::string& where, const Scope& scope,
                                              std::int64_t id = 0);
  Db& db_;
  Ledger& ledger_;
};

}  // namespace pa::sql
