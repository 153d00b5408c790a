// The registrar's roster CSV: encoding detection, Chinese/English header aliases, validation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/text.h"

namespace pa {

struct RosterWarning {
  int line = 0;
  std::string message;  // e.g. "身份证号校验位错误 (invalid ID check digit)"
};

struct Roster {
  std::string file;                  // as given, for messages
  Encoding encoding = Encoding::utf8;
  std::vector<std::string> headers;  // header row as found (UTF-8, trimmed)
  std::vector<Student> students;     // in file order
  std::vector<RosterWarning> warnings;
};

// Parses an RFC 4180 CSV (comma separated; quoted fields may hold commas, quotes and newlines;
// CRLF or LF). Header aliases (case-insensitive, whitespace-trimmed):
//   学号|student_id|student_no|学生编号 ; 姓名|name ; 身份证号|身份证号码|证件号码|id_number|id ;
//   性别|gender ; 学院|college ; 专业|major ; 班级|class ; 校区|campus
// Only 学号 is required. Blank lines are skipped. 学号 and 身份证号 are normalised
// (normalize_student_no / normalize_id_number, core/idcard.h: full-width digits, stray spaces and
// invisible characters, a lower-case x). Fatal errors throw pa::UserError naming the file and
// line: missing 学号 column (listing the headers found), duplicate 学号 (both lines, also when
// they differ only before normalisation), duplicate 身份证号 (both lines, never the number), empty
// 学号, unreadable file, a file that is not a regular file or is larger than kMaxRosterBytes
// (core/limits.h), undecodable bytes. An 身份证号 with a bad check digit or shape is a warning on
// that line. Rows with fewer cells are padded, rows with more cells than headers are a fatal
// error naming the line.
Roster parse_roster_file(const std::string& path);
Roster parse_roster_bytes(std::string_view bytes, const std::string& name_for_errors);

}  // namespace pa
