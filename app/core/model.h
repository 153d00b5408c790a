// Domain types shared by the core libraries, the CLI and (later) the GUI. No I/O here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pa {

// One roster row. Known columns have fields; every other column is kept in `extra`
// (header -> value, original header spelling) so nothing the registrar sent is dropped.
struct Student {
  std::string student_no;  // 学号 (required, unique in a roster)
  std::string name;        // 姓名
  std::string id_number;   // 身份证号 (may be empty)
  std::string gender;      // 性别
  std::string college;     // 学院
  std::string major;       // 专业
  std::string class_name;  // 班级
  std::string campus;      // 校区
  std::vector<std::pair<std::string, std::string>> extra;  // unknown columns, in file order
  int line = 0;            // 1-based line in the roster file where the record starts
};

enum class Verdict { approve, reject, reshoot };
const char* to_string(Verdict v);
std::optional<Verdict> verdict_from_string(const std::string& s);

// The state of a student's current (latest) submission, derived from decision events.
// file_corrupt: the newest file the student sent could not be used (corrupt, truncated, empty) and
// no valid photo came after it: the student must send one again.
enum class Status { pending, approved, rejected, reshoot, without_photo, file_corrupt };
const char* to_string(Status s);
const char* status_label_zh(Status s);
// The status a decision of that verdict gives the photo it is on.
Status status_of(Verdict v);

struct Reason {
  std::string code;
  std::string label_zh;
  std::string label_en;
  std::string source;
  std::string automation;  // yes | hint | manual
  int order = 0;
};

}  // namespace pa
