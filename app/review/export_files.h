// Writing an export to a file, shared by the CLI (`export`, `notify`) and the GUI's export
// dialog: CSV (UTF-8 with BOM) or XLSX, optionally one sheet per college. Exporting full ID
// numbers is logged (what, where, how many rows; never the numbers).
#pragma once

#include <cstddef>
#include <string>

#include "store/store.h"

namespace pa {

struct ExportRequest {
  std::string what = "decisions";  // decisions | reshoot | missing | notify
  std::string format = "csv";      // csv | xlsx (notify also: text)
  std::string out;
  bool by_college = false;         // one sheet per college (xlsx)
  bool reveal_ids = false;
  std::string audit_db;            // the audit exported from: never written over (core/output_file.h)
  std::string actor;               // who exports (recorded in the ledger with --reveal-ids)
};

struct ExportResult {
  std::size_t rows = 0, sheets = 0;
  AuditHead head;  // the audit ledger's head the export states (after its reveal, if any)
};

// Exports what the store shows (a college-scoped store exports only its college). The file is
// written atomically and 0600 (core/output_file.h): never over `audit_db`, its journals, another
// SQLite database or a folder; on any error the target is left as it was. Throws pa::UserError
// for an unknown kind or format, a refused path, or a file that cannot be written.
ExportResult write_export(AuditStore& store, const ExportRequest& r);

}  // namespace pa
