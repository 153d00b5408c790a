#include "review/xlsx_export.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>

#include "core/error.h"
#include "core/output_file.h"

namespace pa {

namespace {

// Code points of UTF-8 text with their byte spans (invalid bytes count as one character).
template <class F>
void for_each_char(const std::string& s, F f) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    n = std::min(n, s.size() - i);
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    f(cp, i, n);
    i += n;
  }
}

constexpr double kMinWidth = 6, kMaxWidth = 60;
constexpr std::size_t kExcelCellMax = 32767;  // Excel's limit, in UTF-16 code units (libxlsxwriter: characters)
const std::string kCutMarker = "…[已截断 truncated]";

}  // namespace

double display_width(const std::string& utf8) {
  double w = 0;
  for_each_char(utf8, [&](char32_t cp, std::size_t, std::size_t) { w += cp >= 0x1100 ? 2 : 1; });
  return w;
}

std::string sheet_name(const std::string& wanted, std::vector<std::string>& taken) {
  std::string clean;
  int chars = 0;
  for_each_char(wanted.empty() ? std::string("(未填学院)") : wanted, [&](char32_t cp, std::size_t i, std::size_t n) {
    if (chars >= 28) return;  // room for a "_2" suffix within Excel's 31 characters
    ++chars;
    if (cp < 0x20 || (cp < 0x80 && std::string_view("[]:*?/\\").find(static_cast<char>(cp)) != std::string_view::npos))
      clean += '_';
    else
      clean += (wanted.empty() ? std::string("(未填学院)") : wanted).substr(i, n);
  });
  if (!clean.empty() && clean.front() == '\'') clean.front() = '_';
  std::string name = clean;
  for (int k = 2; std::find(taken.begin(), taken.end(), name) != taken.end(); ++k) name = clean + "_" + std::to_string(k);
  taken.push_back(name);
  return name;
}

std::string fit_excel_cell(const std::string& text) {
  auto units = [](char32_t cp) -> std::size_t { return cp >= 0x10000 ? 2 : 1; };  // UTF-16 code units
  std::size_t total = 0;
  for_each_char(text, [&](char32_t cp, std::size_t, std::size_t) { total += units(cp); });
  if (total <= kExcelCellMax) return text;
  std::size_t marker = 0;
  for_each_char(kCutMarker, [&](char32_t cp, std::size_t, std::size_t) { marker += units(cp); });
  std::string out;
  std::size_t used = 0;
  bool full = false;
  for_each_char(text, [&](char32_t cp, std::size_t i, std::size_t n) {
    if (full || used + units(cp) + marker > kExcelCellMax) {
      full = true;
      return;
    }
    out.append(text, i, n);
    used += units(cp);
  });
  return out + kCutMarker;
}

void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets, const OutputGuard& guard) {
  // libxlsxwriter writes the temporary file beside the target; it replaces the target only once
  // the workbook is complete and checked.
  OutputFile out(path, guard);
  std::unique_ptr<lxw_workbook, void (*)(lxw_workbook*)> wb(workbook_new(out.temp_path().c_str()), lxw_workbook_free);
  if (!wb) throw UserError("无法创建工作簿 (cannot create the workbook)", path);
  auto check = [&](lxw_error err, const std::string& where) {
    if (err != LXW_NO_ERROR)
      throw UserError("无法写入工作簿 (cannot write the workbook): " + where + ": " + lxw_strerror(err), path);
  };
  lxw_format* header = workbook_add_format(wb.get());
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_border(header, LXW_BORDER_THIN);
  std::vector<std::string> taken;
  for (const auto& sheet : sheets.empty() ? std::vector<Sheet>{{"Sheet1", {}}} : sheets) {
    const std::string name = sheet_name(sheet.name, taken);
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), name.c_str());
    if (!ws) throw UserError("无效的工作表名 (invalid sheet name): " + name, path);
    const auto& t = sheet.table;
    std::vector<double> width(t.headers.size(), kMinWidth);
    auto put = [&](lxw_row_t r, const std::vector<std::string>& cells, lxw_format* f) {
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string v = fit_excel_cell(neutralise_formula(cells[c]));
        check(worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), v.c_str(), f),
              "工作表 (sheet) " + name + " 第 " + std::to_string(r + 1) + " 行 第 " + std::to_string(c + 1) +
                  " 列 (row, column)");
        if (c < width.size()) width[c] = std::max(width[c], display_width(v) + 2);
      }
    };
    put(0, t.headers, header);
    for (std::size_t r = 0; r < t.rows.size(); ++r) put(static_cast<lxw_row_t>(r + 1), t.rows[r], nullptr);
    for (std::size_t k = 0; k < t.footer.size(); ++k) {  // below the table, after a blank row
      const auto row = static_cast<lxw_row_t>(t.rows.size() + 2 + k);
      check(worksheet_write_string(ws, row, 0, fit_excel_cell(t.footer[k]).c_str(), nullptr),
            "工作表 (sheet) " + name + " 第 " + std::to_string(row + 1) + " 行 (row)");
    }
    for (std::size_t c = 0; c < width.size(); ++c)
      check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(width[c], kMaxWidth),
                                 nullptr),
            "工作表 (sheet) " + name + " 列宽 (column width)");
    worksheet_freeze_panes(ws, 1, 0);
    if (!t.headers.empty())
      check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                                 static_cast<lxw_col_t>(t.headers.size() - 1)),
            "工作表 (sheet) " + name + " 筛选 (autofilter)");
  }
  errno = 0;
  const lxw_error err = workbook_close(wb.release());  // writes the file and frees the workbook
  // libxlsxwriter says which step failed; errno says why, when it is a write error.
  const int sys = errno;
  const bool write_errno = sys == ENOSPC || sys == EDQUOT || sys == EFBIG || sys == EIO || sys == EACCES ||
                           sys == EPERM || sys == EROFS;
  if (err != LXW_NO_ERROR) {
    std::string why = lxw_strerror(err);
    if (!why.empty() && why.back() == '.') why.pop_back();
    throw UserError("无法写入工作簿 (cannot write the workbook): " + why +
                        (write_errno ? "; " + write_error_reason(sys) : std::string()) + "；原有文件未改动 (any existing file is unchanged)",
                    path);
  }
  // What libxlsxwriter left must be a zip archive before it replaces anything.
  std::ifstream f(out.temp_path(), std::ios::binary);
  char magic[4] = {};
  if (!f.read(magic, sizeof magic) || std::memcmp(magic, "PK\x03\x04", 4) != 0)
    throw UserError("工作簿写入不完整 (the workbook was not written completely)；原有文件未改动 (any existing file is unchanged)",
                    path);
  out.commit();
}

std::vector<Sheet> export_by_college(AuditStore& store, const ExportOptions& options) {
  std::set<std::string> colleges;
  for (const auto& s : store.students(options.scope)) colleges.insert(s.student.college);
  std::vector<Sheet> out;
  for (const auto& college : colleges) {
    ExportOptions o = options;
    o.scope.college = college;
    out.push_back({college, build_export(store, o)});
  }
  return out;
}

}  // namespace pa
