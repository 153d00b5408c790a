// A coordinator's view of an audit: the store seen through one college.
//
// This is the ONE place where a college scope is enforced. Every read returns only that college's
// students and what belongs to them (photo versions, photo bytes, analyses, decision events, spot
// checks, teaching examples); every write about another college's student is refused, and so are
// the 学籍科's own operations (imports, audit settings, settling disagreements). The CLI's
// `--college`, the GUI's coordinator role and the GUI's photo workers all open the audit through
// open_audit(), so no path can reach another college's students.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace pa {

std::unique_ptr<AuditStore> scoped_store(std::unique_ptr<AuditStore> inner, const std::string& college);

// open_store, scoped to `college` when it is not empty.
std::unique_ptr<AuditStore> open_audit(const std::string& path, const std::string& college = {});

}  // namespace pa
