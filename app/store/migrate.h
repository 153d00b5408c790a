// Moving an audit between engines: a workstation's SQLite file onto the office's server, or a
// finished audit on the server back into one self-contained file for the archive. Every row is
// copied as it is (ids, times, hashes, photo bytes), so the chains and the ledger verify the same
// on both sides; the copy is one transaction, and is verified before it is reported done.
#pragma once

#include <cstdint>
#include <string>

#include "store/store.h"

namespace pa {

struct MigrationReport {
  std::int64_t students = 0, photos = 0, decisions = 0, ledger_entries = 0;
  AuditHead head;  // the ledger's head, the same on both sides
};

// The source is read only. The destination must be new: a file that does not exist yet, or a
// database on a server with no audit in it (or one `server init` just set up, still empty).
// Throws pa::UserError naming the side at fault; on failure no row is copied (one transaction): a
// file this call created is removed, a server database keeps the empty audit schema (which a
// second migrate accepts).
MigrationReport migrate_audit(const std::string& from, const std::string& to);

}  // namespace pa
