// The name under which files that belong to one audit (the workstation's view state, the journal
// of unsaved decisions) are kept in the user's data folder: the same audit path always gives the
// same key, and the key holds no personal data.
#pragma once

#include <string>

namespace pa {

// FNV-1a (64-bit, hex) of the audit's absolute, canonical path.
std::string audit_key(const std::string& audit_path);

}  // namespace pa
