#include "core/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/error.h"

namespace pa {

namespace fs = std::filesystem;

namespace {
constexpr const char* kJournals[] = {"-wal", "-shm", "-journal"};
}  // namespace

std::string write_error_reason(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return "磁盘已满或超出配额 (disk full, over quota or file too large)";
    case EACCES:
    case EPERM:
      return "没有写入权限 (permission denied)";
    case EROFS:
      return "只读文件系统 (read-only file system)";
    case ENOENT:
    case ENOTDIR:
      return "文件夹不存在 (no such folder)";
    case EIO:
      return "磁盘读写错误 (disk I/O error)";
    case ENAMETOOLONG:
      return "文件名过长 (file name too long)";
    default:
      return std::strerror(err);
  }
}

namespace {

// The path with its folders made canonical (symlinks, "." and ".." resolved); the last
// component is kept as it is (it need not exist).
fs::path with_canonical_folder(const fs::path& p) {
  std::error_code ec;
  fs::path folder = fs::weakly_canonical(p.parent_path(), ec);
  if (ec) folder = p.parent_path().lexically_normal();
  return folder / p.filename();
}

[[noreturn]] void refuse(const std::string& shown, const std::string& what) {
  throw UserError("不能写入输出文件：" + what, shown);
}

// Absolute, folders canonical, a symlink in the last component followed to what it names.
fs::path resolve(const std::string& shown) {
  if (shown.empty()) throw UserError("须指定输出文件 (an output file is required)");
  std::error_code ec;
  fs::path p = fs::absolute(shown, ec);
  if (ec) throw UserError("无效的路径 (invalid path)", shown);
  for (int hops = 0;; ++hops) {
    const fs::path name = p.filename();
    if (name.empty() || name == "." || name == "..")
      refuse(shown, "这是一个文件夹 (refusing to write: this is a folder)");
    p = with_canonical_folder(p);
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
    if (hops == 40) refuse(shown, "符号链接层数过多 (too many levels of symbolic links)");
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) refuse(shown, "无法读取符号链接 (cannot read the symbolic link)");
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
}

enum class Sqlite { no, yes, unreadable };

// Whether the existing file starts with SQLite's 16-byte header. Opening and closing a file this
// process has open in SQLite would drop SQLite's POSIX locks on it, so the audit in use is
// recognised (by path and inode, no open) before any file is read.
Sqlite sqlite_header(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Sqlite::unreadable;
  char head[16] = {};
  std::size_t got = 0;
  while (got < sizeof head) {
    const ssize_t n = ::read(fd, head + got, sizeof head - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return got == sizeof head && std::memcmp(head, "SQLite format 3", 16) == 0 ? Sqlite::yes : Sqlite::no;
}

bool same_file(const fs::path& a, const fs::path& b) {
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void check_resolved(const std::string& shown, const fs::path& target, const OutputGuard& guard) {
  if (!guard.audit_db.empty()) {
    std::error_code ec;
    const fs::path given = fs::absolute(guard.audit_db, ec).lexically_normal();
    fs::path real = fs::weakly_canonical(given, ec);
    if (ec) real = given;
    for (const fs::path& db : {real, given}) {
      if (target == db || same_file(target, db))
        refuse(shown, "这是审核数据库本身 (refusing to write: this is the audit database itself)");
      for (const char* j : kJournals) {
        const fs::path journal = db.string() + j;
        if (target == journal || same_file(target, journal))
          refuse(shown, std::string("这是审核数据库的 ") + j + " 文件 (refusing to write: this is the audit database's " +
                            j + " file)");
      }
    }
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) refuse(shown, "这是一个文件夹 (refusing to write: this is a folder)");
    if (!S_ISREG(st.st_mode)) refuse(shown, "这不是普通文件 (refusing to write: not a regular file)");
    switch (sqlite_header(target)) {
      case Sqlite::yes:
        refuse(shown, "这是一个 SQLite 数据库，可能是另一份审核 (refusing to write: this is an SQLite database, "
                      "perhaps another audit)");
      case Sqlite::unreadable:
        refuse(shown, "无法读取已有文件以确认它不是审核数据库 (refusing to write: cannot read the existing file to "
                      "check that it is not an audit)");
      case Sqlite::no:
        break;
    }
  } else if (errno != ENOENT) {
    refuse(shown, write_error_reason(errno));
  }
  for (const char* j : kJournals) {
    const std::string t = target.string();
    if (!ends_with(t, j)) continue;
    const fs::path db = t.substr(0, t.size() - std::strlen(j));
    struct stat dst {};
    if (::stat(db.c_str(), &dst) != 0 || !S_ISREG(dst.st_mode)) continue;
    if (sqlite_header(db) != Sqlite::no)
      refuse(shown, std::string("这是 SQLite 数据库 ") + db.filename().string() + " 的 " + j +
                        " 文件 (refusing to write: this is the " + j + " file of an SQLite database)");
  }
}

}  // namespace

std::string check_output_path(const std::string& path, const OutputGuard& guard) {
  const fs::path target = resolve(path);
  check_resolved(path, target, guard);
  return target.string();
}

OutputFile::OutputFile(const std::string& path, OutputGuard guard) : shown_(path), guard_(std::move(guard)) {
  target_ = check_output_path(path, guard_);
  const fs::path t(target_);
  const std::string name = t.filename().string();
  const std::string pattern =
      (t.parent_path() / ("." + (name.size() <= 200 ? name : std::string("photoaudit-output")) + ".tmp-XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  fd_ = ::mkostemp(buf.data(), O_CLOEXEC);  // mode 0600 whatever the umask
  if (fd_ < 0) fail("无法创建文件 (cannot create the file)", errno);
  temp_ = buf.data();
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::fail(const char* what, int err) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  throw UserError(std::string(what) + (err ? ": " + write_error_reason(err) : std::string()) +
                      "；原有文件未改动 (any existing file is unchanged)",
                  shown_);
}

void OutputFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("无法写入 (cannot write)", errno);
    if (n == 0) fail("无法写入 (cannot write)", EIO);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void OutputFile::commit() {
  if (::fsync(fd_) != 0) fail("无法写入 (cannot write)", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("无法写入 (cannot write)", errno);
  // The target may have changed since the constructor looked at it.
  if (check_output_path(shown_, guard_) != target_)
    fail("输出路径在写入期间改变 (the output path changed while writing)", 0);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("无法替换 (cannot replace the file)", errno);
  temp_.clear();
  committed_ = true;
  const std::string folder = fs::path(target_).parent_path().string();
  const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  const int rc = ::fsync(dfd);
  const int err = errno;
  ::close(dfd);
  if (rc != 0 && err != EINVAL)  // EINVAL: a file system that cannot sync folders
    throw UserError("文件已写入，但无法同步文件夹到磁盘 (the file was written but its folder could not be synced): " +
                        write_error_reason(err),
                    shown_);
}

void write_file_atomically(const std::string& path, std::string_view bytes, const OutputGuard& guard) {
  OutputFile f(path, guard);
  f.write(bytes);
  f.commit();
}

}  // namespace pa
