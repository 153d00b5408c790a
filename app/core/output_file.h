// Every file photoaudit writes (exports, notify lists, the GUI's view state, last_audit) goes
// through here, so that no output can destroy or overwrite an audit, and no error leaves a
// half-written or empty file:
//  - check_output_path refuses the audit database itself, its -wal / -shm / -journal (through
//    any path: relative, "./", "..", symlinks to the file or to a folder on the way, hard links),
//    any existing SQLite database (another audit) or a journal beside one, a folder, and any
//    other non-regular file (a device, a FIFO: never replaced);
//  - write_file_atomically / OutputFile write a temporary file (mkstemp: 0600) in the target's
//    folder, check every write, fsync it, rename it over the target and fsync the folder. On any
//    error the temporary file is removed and the target is left as it was.
// Errors are pa::UserError naming the file, Chinese first, English in parentheses.
#pragma once

#include <string>
#include <string_view>

namespace pa {

// What an output must never be, besides any SQLite database.
struct OutputGuard {
  std::string audit_db;  // the audit in use (empty: none); its journals are protected too
};

// Throws pa::UserError (naming `path` and what it is) when `path` must not be written.
// Returns the path to write: absolute, with a symlink in the last component followed (writing
// "through" a symlink replaces the file it points to, not the link).
std::string check_output_path(const std::string& path, const OutputGuard& guard = {});

// A file written in full or not at all. The constructor checks the path and creates the
// temporary file; write() appends to it; commit() makes it the target. Destroyed without
// commit() (an error, an exception), the temporary file is removed and the target untouched.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path, OutputGuard guard = {});
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // The temporary file, for writers that need a path (libxlsxwriter): they must write it in
  // place (open for writing and truncate), which keeps it 0600.
  const std::string& temp_path() const { return temp_; }
  // The file that commit() replaces (absolute, symlinks followed).
  const std::string& target() const { return target_; }
  void write(std::string_view bytes);
  // fsyncs the temporary file, checks the target again, renames, fsyncs the folder.
  void commit();

 private:
  [[noreturn]] void fail(const char* what, int err);  // removes the temporary file; err 0: no errno
  std::string shown_;  // the path as the user gave it, for messages
  std::string target_, temp_;
  OutputGuard guard_;
  int fd_ = -1;
  bool committed_ = false;
};

// Why a write failed (errno), Chinese first: "磁盘已满或超出配额 (disk full, over quota or file too large)".
std::string write_error_reason(int err);

// The whole of `bytes` into `path`, atomically, 0600.
void write_file_atomically(const std::string& path, std::string_view bytes, const OutputGuard& guard = {});

}  // namespace pa
