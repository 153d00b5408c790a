// Excel workbooks of the exports (libxlsxwriter): header row bold and frozen, columns sized to
// their text (CJK counted double), every cell through neutralise_formula.
#pragma once

#include <string>
#include <vector>

#include "review/export.h"

namespace pa {

struct Sheet {
  std::string name;  // made valid for Excel (31 characters, no []:*?/\, unique) when written
  ExportTable table;
};

// Writes the workbook; throws pa::UserError when the file cannot be written.
void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets);

// One sheet per college in the scope (colleges in name order; "(未填学院)" for an empty one).
std::vector<Sheet> export_by_college(AuditStore& store, const ExportOptions& options);

// Excel column width of a cell's text: CJK and other wide characters count two.
double display_width(const std::string& utf8);
// An Excel-valid sheet name, unique among `taken` (which it is added to).
std::string sheet_name(const std::string& wanted, std::vector<std::string>& taken);

}  // namespace pa
