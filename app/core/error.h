#pragma once

#include <stdexcept>
#include <string>

namespace pa {

// An error the user must see, with where it happened. `file` and `line` are optional (line 0 =
// no line). what() gives "file:line: message" so every CLI path prints a complete sentence.
class UserError : public std::runtime_error {
 public:
  explicit UserError(std::string message, std::string file = {}, int line = 0)
      : std::runtime_error(format(message, file, line)),
        message_(std::move(message)), file_(std::move(file)), line_(line) {}
  const std::string& message() const { return message_; }
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  static std::string format(const std::string& m, const std::string& f, int l) {
    if (f.empty()) return m;
    if (l <= 0) return f + ": " + m;
    return f + ":" + std::to_string(l) + ": " + m;
  }
  std::string message_, file_;
  int line_;
};

}  // namespace pa
