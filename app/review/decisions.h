// Decision rules shared by the CLI and the GUI: what a valid decision is, then the store records it.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

// Checks the rules of reasons.md against the catalog: reject and reshoot carry at least one code,
// every code is in the catalog (an unknown code is refused with the list of valid ones), `other`
// needs a note, approve carries no codes, the reviewer is named. Throws pa::UserError.
void validate_decision(const NewDecision& d, const std::vector<Reason>& catalog);

// validate_decision, then store.record_decision: durable when it returns. Throws
// DecisionConflict when the decision in force is not the one basis says the reviewer saw.
DecisionEvent decide(AuditStore& store, const NewDecision& d, const DecisionBasis& basis = {});

// Who acts, as the store will record it: on a server the logged-in account (a different name
// typed is refused, not silently replaced), on a file the name typed (required).
std::string acting_reviewer(AuditStore& store, const std::string& typed);

// "脸部光线不均匀（一边亮一边暗）；图像模糊" for the codes, in the catalog's labels.
std::string reason_labels_zh(const std::vector<std::string>& codes, const std::vector<Reason>& catalog,
                             const char* separator = "；");

}  // namespace pa
