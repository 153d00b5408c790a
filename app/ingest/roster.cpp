// The registrar's roster CSV: bytes -> UTF-8 -> RFC 4180 records -> validated students.
#include "ingest/roster.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/file_read.h"
#include "core/idcard.h"
#include "core/limits.h"

namespace pa {

namespace {

// ---------------------------------------------------------------------------------------------
// CSV reading

struct CsvRecord {
  std::vector<std::string> cells;  // raw cell text, quotes removed, not trimmed
  int line = 0;                    // physical 1-based line where the record starts
};

// Splits UTF-8 text into RFC 4180 records. Lines end with CRLF, LF or a lone CR (old Mac Excel);
// every one of them counts as one physical line, also inside quoted fields, so record line
// numbers match what the registrar sees in a text editor. Lenient where Excel and hand edits are
// sloppy: spaces before an opening quote are ignored and text after a closing quote is kept.
class CsvReader {
 public:
  CsvReader(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  // Reads the next record into `out`; false at the end of the text.
  bool next(CsvRecord& out) {
    if (pos_ >= text_.size()) return false;
    out.cells.clear();
    out.line = line_;
    for (;;) {
      out.cells.push_back(read_field());
      if (at_end()) break;
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      consume_line_break();  // read_field() stops only at ',', a line break or the end
      break;
    }
    return true;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  static bool is_line_break(char c) { return c == '\n' || c == '\r'; }

  // Consumes one CRLF, LF or CR at pos_ and counts the line.
  void consume_line_break() {
    if (peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  std::string read_field() {
    // A field is quoted when its first non-blank character is a quote.
    std::size_t p = pos_;
    while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t')) ++p;
    if (p < text_.size() && text_[p] == '"') {
      pos_ = p;
      return read_quoted();
    }
    return read_unquoted();
  }

  // Up to the next ',' or line break (not consumed).
  std::string read_unquoted() {
    const std::size_t start = pos_;
    while (!at_end() && peek() != ',' && !is_line_break(peek())) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // pos_ is on the opening quote. "" inside is one quote; line breaks inside are kept.
  std::string read_quoted() {
    const int start_line = line_;
    ++pos_;
    std::string value;
    for (;;) {
      if (at_end()) throw_unterminated(start_line);
      const char c = peek();
      if (c == '"') {
        ++pos_;
        if (at_end() || peek() != '"') break;  // closing quote
        value.push_back('"');
        ++pos_;
      } else if (is_line_break(c)) {
        const std::size_t start = pos_;
        consume_line_break();
        value.append(text_.substr(start, pos_ - start));
      } else {
        value.push_back(c);
        ++pos_;
      }
    }
    value += read_unquoted();  // anything between the closing quote and the next separator
    return value;
  }

  [[noreturn]] void throw_unterminated(int start_line) const {
    const std::string n = std::to_string(start_line);
    throw UserError("引号未闭合：第 " + n + " 行开始的带引号字段直到文件末尾都没有结束 " +
                        "(unterminated quoted field starting on line " + n + ")",
                    file_, start_line);
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// ---------------------------------------------------------------------------------------------
// Cells and headers

// Excel writes numbers it must not reformat as ="2021001" or '2021001; keep the text inside.
std::string strip_excel_text_markers(std::string s) {
  if (s.size() >= 3 && s.starts_with("=\"") && s.ends_with('"')) return s.substr(2, s.size() - 3);
  if (s.starts_with('\'')) return s.substr(1);
  return s;
}

std::string clean_cell(std::string_view raw) {
  return trim(strip_excel_text_markers(trim(raw)));
}

bool is_blank_record(const CsvRecord& r) {
  for (const std::string& cell : r.cells)
    if (!trim(cell).empty()) return false;
  return true;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Which Student member a column fills; nullptr for a column kept in Student::extra.
using StudentField = std::string Student::*;

// A known column: where its value goes and the header spellings that name it (lower case).
struct KnownColumn {
  StudentField field;
  std::vector<std::string_view> aliases;
};

const std::vector<KnownColumn>& known_columns() {
  static const std::vector<KnownColumn> columns = {
      {&Student::student_no, {"学号", "student_id", "student_no", "学生编号"}},
      {&Student::name, {"姓名", "name"}},
      {&Student::id_number, {"身份证号", "身份证号码", "证件号码", "id_number", "id"}},
      {&Student::gender, {"性别", "gender"}},
      {&Student::college, {"学院", "college"}},
      {&Student::major, {"专业", "major"}},
      {&Student::class_name, {"班级", "class"}},
      {&Student::campus, {"校区", "campus"}},
  };
  return columns;
}

// The Student field a header names, or nullptr for a column to keep in `extra`.
StudentField field_for_header(const std::string& header) {
  const std::string key = ascii_lower(header);
  for (const KnownColumn& column : known_columns())
    for (std::string_view alias : column.aliases)
      if (key == alias) return column.field;
  return nullptr;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building the roster

class RosterBuilder {
 public:
  explicit RosterBuilder(Roster& roster) : roster_(roster) {}

  void set_header(const CsvRecord& record) {
    header_line_ = record.line;
    for (const std::string& cell : record.cells) roster_.headers.push_back(trim(cell));
    for (std::size_t i = 0; i < roster_.headers.size(); ++i) map_column(i);
    if (!has_field(&Student::student_no)) throw_missing_student_no();
  }

  void add_row(CsvRecord record) {
    check_cell_count(record);
    record.cells.resize(columns_.size());  // pad short rows with empty cells
    Student s = make_student(record);
    check_student_no(s);
    check_id_number(s);
    roster_.students.push_back(std::move(s));
  }

 private:
  // Each known field may come from one column only: two columns that both mean 学号 (say 学号
  // and student_id) would make it ambiguous which one wins.
  void map_column(std::size_t i) {
    const std::string& header = roster_.headers[i];
    const StudentField field = field_for_header(header);
    if (field && has_field(field)) {
      const std::string& first = roster_.headers[column_of(field)];
      throw UserError("表头中“" + first + "”与“" + header + "”表示同一列 (columns \"" + first +
                          "\" and \"" + header + "\" name the same field)",
                      roster_.file, header_line_);
    }
    columns_.push_back(field);
  }

  bool has_field(StudentField field) const { return column_of(field) < columns_.size(); }

  std::size_t column_of(StudentField field) const {
    std::size_t i = 0;
    while (i < columns_.size() && columns_[i] != field) ++i;
    return i;
  }

  [[noreturn]] void throw_missing_student_no() const {
    throw UserError(
        "缺少必需的列“学号” (missing required column 学号/student_id); 找到的列 (headers found): " +
            join(roster_.headers, ", "),
        roster_.file, header_line_);
  }

  void check_cell_count(const CsvRecord& record) const {
    if (record.cells.size() <= columns_.size()) return;
    const std::string n = std::to_string(record.line);
    const std::string got = std::to_string(record.cells.size());
    const std::string want = std::to_string(columns_.size());
    throw UserError("第 " + n + " 行有 " + got + " 个字段，但表头只有 " + want + " 列 (line " + n +
                        " has " + got + " fields but the header has " + want + " columns)",
                    roster_.file, record.line);
  }

  Student make_student(const CsvRecord& record) const {
    Student s;
    s.line = record.line;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      std::string value = clean_cell(record.cells[i]);
      if (columns_[i]) {
        s.*columns_[i] = std::move(value);
      } else {
        s.extra.emplace_back(roster_.headers[i], std::move(value));
      }
    }
    // The same numbers typed with full-width digits, a stray NBSP or zero-width space, or a
    // lower-case x must be the same student (core/idcard.h).
    s.student_no = normalize_student_no(s.student_no);
    s.id_number = normalize_id_number(s.id_number);
    return s;
  }

  void check_student_no(const Student& s) {
    const std::string n = std::to_string(s.line);
    if (s.student_no.empty())
      throw UserError("第 " + n + " 行学号为空 (empty student number on line " + n + ")",
                      roster_.file, s.line);
    const auto [it, inserted] = first_line_of_.emplace(s.student_no, s.line);
    if (inserted) return;
    const std::string a = std::to_string(it->second);
    throw UserError("学号 " + s.student_no + " 重复：第 " + a + " 行与第 " + n +
                        " 行 (duplicate student number " + s.student_no + " on lines " + a +
                        " and " + n + ")",
                    roster_.file, s.line);
  }

  // Warnings and errors never quote the number itself: rosters and logs get shared, ID numbers
  // must not.
  void check_id_number(const Student& s) {
    if (s.id_number.empty()) return;
    const auto [it, inserted] = first_line_with_id_.emplace(s.id_number, s.line);
    if (!inserted) {
      const std::string a = std::to_string(it->second), n = std::to_string(s.line);
      throw UserError("身份证号重复：第 " + a + " 行与第 " + n + " 行的学生身份证号相同 (duplicate ID number on lines " +
                          a + " and " + n + ")",
                      roster_.file, s.line);
    }
    if (!looks_like_id_number(s.id_number)) {
      warn(s.line,
           "身份证号格式不正确，应为 17 位数字加 1 位数字或 X (malformed ID number: expected 17 "
           "digits followed by a digit or X)");
    } else if (!id_check_digit_ok(s.id_number)) {
      warn(s.line, "身份证号校验位错误 (invalid ID number check digit)");
    }
  }

  void warn(int line, std::string message) {
    roster_.warnings.push_back(RosterWarning{line, std::move(message)});
  }

  Roster& roster_;
  int header_line_ = 0;
  std::vector<StudentField> columns_;            // per column: the field, or nullptr for extra
  std::map<std::string, int> first_line_of_;     // 学号 -> line of its first row
  std::map<std::string, int> first_line_with_id_;  // 身份证号 -> line of its first row
};

[[noreturn]] void throw_empty(const std::string& file) {
  throw UserError("花名册为空 (roster is empty)", file);
}

}  // namespace

// -----------------------------------------------------------------------------------------------

Roster parse_roster_file(const std::string& path) {
  // Not a regular file (a FIFO, /dev/zero) or over the limit: refused before anything is read.
  return parse_roster_bytes(read_regular_file(path, kMaxRosterBytes, kRosterFileRole), path);
}

Roster parse_roster_bytes(std::string_view bytes, const std::string& name_for_errors) {
  Roster roster;
  roster.file = name_for_errors;
  if (bytes.empty()) throw_empty(roster.file);
  const std::string text = decode_to_utf8(bytes, roster.file, &roster.encoding);

  CsvReader reader(text, roster.file);
  RosterBuilder builder(roster);
  CsvRecord record;
  bool have_header = false;
  while (reader.next(record)) {
    if (is_blank_record(record)) continue;
    if (!have_header) {
      builder.set_header(record);
      have_header = true;
    } else {
      builder.add_row(std::move(record));
    }
  }
  if (!have_header) throw_empty(roster.file);
  return roster;
}

}  // namespace pa
