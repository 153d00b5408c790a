// The SQLite side of the coordinators' and trainers' records (issue 5): spot checks, settlements,
// teaching examples, meta settings. Internal to app/store; SqliteStore forwards to it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.h"
#include "store/store.h"

namespace pa::sql {

class CoordinationTables {
 public:
  explicit CoordinationTables(Db& db) : db_(db) {}

  std::optional<std::string> meta_value(const std::string& key);
  void set_meta_value(const std::string& key, const std::string& value);
  SpotCheckRecord record_spot_check(const NewSpotCheck& c, std::int64_t checker_id);
  std::vector<SpotCheckRecord> spot_checks(const Scope& scope);
  SettlementRecord settle_spot_check(const NewSettlement& s, std::int64_t settler_id);
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
};

}  // namespace pa::sql
