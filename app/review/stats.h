// Audit progress, derived from the students' states.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace pa {

struct StatusCounts {
  int students = 0;
  int submissions = 0;  // students with a usable photo (not those whose newest file was corrupt)
  int pending = 0, approved = 0, rejected = 0, reshoot = 0, without_photo = 0;
  int file_corrupt = 0;  // the newest file sent could not be used: must resubmit
  void add(Status s);
};

struct AuditStats {
  StatusCounts total;
  std::map<std::string, StatusCounts> by_college;
  std::map<std::string, StatusCounts> by_campus;
  std::map<std::string, int> by_reason;  // codes of the decisions in force (rejected / reshoot)
  AuditHead head;                        // the audit ledger's head when the figures were taken
};

AuditStats compute_stats(AuditStore& store, const Scope& scope);
nlohmann::json to_json(const AuditStats& s);
std::string to_text(const AuditStats& s, const std::vector<Reason>& catalog);

}  // namespace pa
