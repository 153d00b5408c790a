// Records of the coordinators' and trainers' work, kept by the audit store next to the
// decision events: spot-check reviews and their settlements (append-only), teaching examples,
// and the audit's meta settings (e.g. a per-audit calendar).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pa {

// A coordinator's second review of a decision (the decision in force when the sample was drawn).
struct NewSpotCheck {
  std::int64_t decision_id = 0;
  std::string checker;
  bool agree = true;
  std::vector<std::string> reasons;  // the checker's own reason codes (when disagreeing)
  std::string note;
  std::string sample;                // which sample it came from ("seed=…;percent=…"), free text
};

struct SpotCheckRecord {
  std::int64_t id = 0;
  std::int64_t decision_id = 0;
  std::string student_no;
  std::string college;
  std::string decision_kind;          // approve | reject | reshoot: what the first review said
  std::vector<std::string> decision_reasons;
  std::string decision_reviewer;
  std::string checker;
  std::string at;
  bool agree = true;
  std::vector<std::string> reasons;
  std::string note;
  std::string sample;
};

// How the 学籍科 settled a disagreement: `first_review` keeps the original decision,
// `spot_check` sides with the coordinator (a new decision is then recorded the ordinary way).
struct NewSettlement {
  std::int64_t spot_check_id = 0;
  std::string settled_by;
  std::string outcome;  // first_review | spot_check
  std::string note;
};

struct SettlementRecord {
  std::int64_t id = 0;
  std::int64_t spot_check_id = 0;
  std::string settled_by;
  std::string at;
  std::string outcome;
  std::string note;
  std::optional<std::int64_t> decision_id;  // the decision event the settlement recorded (spot_check)
};

// A decided submission marked as a teaching example for a reason code. Its polarity follows the
// decision it was marked on: approve = a good example of the rule, reject/reshoot = a bad one.
struct TeachingExample {
  std::int64_t id = 0;
  std::int64_t decision_id = 0;
  std::int64_t submission_id = 0;
  std::string student_no;   // for scoping only: trainer views never receive it (review/trainer.h)
  std::string college;
  std::string photo_sha256;
  std::string decision_kind;
  std::vector<std::string> decision_reasons;
  std::string code;
  std::string marked_by;
  std::string at;
};

}  // namespace pa
