// The audit's review policy: which warnings keep a photo out of the contact sheet's batch
// approve, and which reasons the review screen's quick keys (Shift+1…9) reject for. The default is assets/review.json; an audit may carry its own in the meta table (key
// setting.review). GUI-independent: the CLI, the tests and the GUI share it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "review/queue.h"
#include "store/store.h"

namespace pa {

struct ReviewPolicy {
  // Codes whose warning alone keeps a photo out of a batch approve (a failing check always does).
  std::set<std::string> batch_warnings_hold;
  // Shift+1…9 on the review screen reject at once with quick_reject[0…8] (the most common
  // reasons; at most 9, no `other`, which needs a note). An audit's own policy without the key
  // keeps the default's list.
  std::vector<std::string> quick_reject;
  bool has_quick_reject = false;  // the JSON named the list (empty included)
};
constexpr std::size_t kMaxQuickReject = 9;

// Parses and checks the JSON against the catalog (every code known); throws pa::UserError naming
// the offending entry.
ReviewPolicy parse_review_policy(const std::string& json, const std::vector<Reason>& catalog);
constexpr const char* kReviewPolicyMetaKey = "setting.review";
// The audit's own policy when it has one, else the embedded assets/review.json.
ReviewPolicy load_review_policy(AuditStore& store);
// Checks the JSON and stores it as the audit's policy.
void set_review_policy(AuditStore& store, const std::string& json);

// Why a photo is not clean enough for a batch approve (empty: it is). The one place that says so:
// the contact sheet's count, its preview and the approval itself all ask here.
std::string batch_hold_reason(const QueueRow& row, const ReviewPolicy& policy);
inline bool clean_for_batch(const QueueRow& row, const ReviewPolicy& policy) { return batch_hold_reason(row, policy).empty(); }

}  // namespace pa
