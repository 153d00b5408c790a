// read_regular_file(): POSIX open + fstat + read, so the file type is judged on the descriptor
// that is read (no window between a check and the open) and a FIFO never blocks the open.
#include "core/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace pa {

namespace {

std::string cannot_read(FileRole role, const std::string& why) {
  return std::string("无法读取") + role.zh + " (cannot read " + role.en + "): " + why;
}

// The kind of a file that is not regular, as "中文 (English)" parts.
std::string not_regular_message(FileRole role, mode_t mode) {
  const char* zh = "特殊文件";
  const char* en = "a special file";
  if (S_ISDIR(mode)) {
    zh = "文件夹";
    en = "a folder";
  } else if (S_ISFIFO(mode)) {
    zh = "管道 (FIFO)";
    en = "a FIFO (named pipe)";
  } else if (S_ISCHR(mode) || S_ISBLK(mode)) {
    zh = "设备";
    en = "a device";
  } else if (S_ISSOCK(mode)) {
    zh = "套接字";
    en = "a socket";
  }
  return cannot_read(role, std::string("不是普通文件，而是") + zh + " (not a regular file but " + en + ")");
}

}  // namespace

std::string file_too_large_message(FileRole role, std::uint64_t size, std::uint64_t max_bytes) {
  const std::string n = std::to_string(size), m = std::to_string(max_bytes);
  return std::string(role.zh) + "过大：" + n + " 字节，上限 " + m + " 字节 (" + role.en + " too large: " + n +
         " bytes, limit " + m + " bytes)";
}

std::string read_regular_file(const std::string& path, std::uint64_t max_bytes, FileRole role) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It changes nothing
  // for a regular file. O_NOCTTY: a terminal device named by mistake does not become ours.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) throw UserError(cannot_read(role, std::strerror(errno)), path);
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) throw UserError(cannot_read(role, std::strerror(errno)), path);
  if (!S_ISREG(st.st_mode)) throw UserError(not_regular_message(role, st.st_mode), path);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) throw UserError(file_too_large_message(role, size, max_bytes), path);

  // Read to the end rather than trusting st_size (a file still being copied may grow), but never
  // past max_bytes + 1: one byte more than allowed is enough to refuse it.
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size) + 1);
  std::size_t got = 0;
  for (;;) {
    if (got == bytes.size()) {
      if (got > max_bytes) throw UserError(file_too_large_message(role, got, max_bytes), path);
      const std::uint64_t grown = std::min<std::uint64_t>(std::uint64_t{bytes.size()} * 2, max_bytes + 1);
      bytes.resize(static_cast<std::size_t>(grown));
    }
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw UserError(cannot_read(role, std::strerror(errno)), path);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) throw UserError(file_too_large_message(role, got, max_bytes), path);
  bytes.resize(got);
  return bytes;
}

}  // namespace pa
