// Exports for the office: decisions, the reshoot list, students without a photo.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

enum class ExportKind { decisions, reshoot, missing };
std::optional<ExportKind> export_kind_from_string(const std::string& s);

struct ExportTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  // Lines below the table, after a blank row (the audit ledger's head: review/export_files.h).
  std::vector<std::string> footer;
};

struct ExportOptions {
  ExportKind kind = ExportKind::decisions;
  Scope scope;
  bool reveal_ids = false;  // ID numbers are masked unless explicitly revealed
};

// decisions: every student whose newest photo has a decision in force; reshoot: those flagged for
// reshoot; missing: students without a usable photo (none sent, or the newest file sent corrupt:
// the column 情况 says which). Chinese headers, reasons as Chinese labels.
ExportTable build_export(AuditStore& store, const ExportOptions& options);

// A spreadsheet cell made safe: text starting with = + - @ (or tab/CR) gets a leading apostrophe
// so Excel never evaluates it as a formula.
std::string neutralise_formula(const std::string& cell);

// CSV in UTF-8 with BOM (Excel opens Chinese correctly), RFC 4180 quoting, CRLF line ends.
std::string to_csv(const ExportTable& t);

}  // namespace pa
