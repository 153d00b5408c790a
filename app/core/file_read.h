// read_regular_file(): the whole content of a file the user named (a roster, a photo, a calendar),
// refusing what is not a regular file (a folder, a FIFO that would block, /dev/zero that never
// ends) and what is larger than a limit, with a pa::UserError naming the file.
#pragma once

#include <cstdint>
#include <string>

namespace pa {

// What the file is for, as messages name it: Chinese, then English.
struct FileRole {
  const char* zh;  // "花名册"
  const char* en;  // "roster"
};
inline constexpr FileRole kRosterFileRole{"花名册", "roster"};
inline constexpr FileRole kPhotoFileRole{"文件", "file"};
inline constexpr FileRole kCalendarFileRole{"日历文件", "calendar file"};
inline constexpr FileRole kPolicyFileRole{"审核规则文件", "review policy file"};

// Reads the file at `path` to its end. Throws pa::UserError(message, path) when it cannot be
// opened or read ("无法读取花名册 (cannot read roster): No such file or directory"), is not a
// regular file ("... 不是普通文件，而是管道 (not a regular file but a FIFO)"), or holds more than
// `max_bytes` bytes (file_too_large_message). Opening never blocks (a FIFO is opened
// non-blocking and refused), and no more than `max_bytes` + 1 bytes are ever read, so a file
// that grows while it is read is refused too.
std::string read_regular_file(const std::string& path, std::uint64_t max_bytes, FileRole role);

// "花名册过大：N 字节，上限 M 字节 (roster too large: N bytes, limit M bytes)"; also for zip entries.
std::string file_too_large_message(FileRole role, std::uint64_t size, std::uint64_t max_bytes);

}  // namespace pa
