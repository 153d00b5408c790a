// Excel workbooks of the exports (libxlsxwriter): header row bold and frozen, columns sized to
// their text (CJK counted double), every cell through neutralise_formula.
#pragma once

#include <string>
#include <vector>

#include "core/output_file.h"
#include "review/export.h"

namespace pa {

struct Sheet {
  std::string name;  // made valid for Excel (31 characters, no []:*?/\, unique) when written
  ExportTable table;
};

// Writes the workbook atomically (core/output_file.h: `guard` and every SQLite database are never
// written over; on any error the target is left as it was); throws pa::UserError when the file
// cannot be written or a cell is refused.
void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets, const OutputGuard& guard = {});

// A cell within Excel's 32,767 characters: longer text is cut and ends with "…[已截断 truncated]".
std::string fit_excel_cell(const std::string& text);

// One sheet per college in the scope (colleges in name order; "(未填学院)" for an empty one).
std::vector<Sheet> export_by_college(AuditStore& store, const ExportOptions& options);

// Excel column width of a cell's text: CJK and other wide characters count two.
double display_width(const std::string& utf8);
// An Excel-valid sheet name, unique among `taken` (which it is added to).
std::string sheet_name(const std::string& wanted, std::vector<std::string>& taken);

}  // namespace pa
