// PhotoSource: the list of files in a photo folder tree or a .zip archive, and their bytes.
//
// Two implementations live here, both private to this file:
//   - DirSource walks a folder tree once at open() and reads files with POSIX I/O on demand
//     (naturally thread-safe: every read opens its own file descriptor);
//   - ZipSource lists a zip archive with libzip once at open() and reads entries through a pool
//     of libzip handles, one per concurrently reading thread (a zip_t is not thread-safe, and a
//     single mutex around it would serialise decompression across all import threads).
#include "ingest/photos.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "core/error.h"
#include "core/text.h"

namespace pa {

namespace fs = std::filesystem;

namespace {

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool ends_with_zip(const std::string& path) {
  return path.size() >= 4 && ascii_lower(path.substr(path.size() - 4)) == ".zip";
}

std::string too_large_message(std::uint64_t size) {
  return "文件过大 (file too large: " + std::to_string(size) + " bytes)";
}

// Sorts entries by name (byte order, which for UTF-8 is code point order) and applies the same
// permutation to `payload` (one item per entry), so both stay index-aligned.
template <typename T>
void sort_by_name(std::vector<SourceEntry>& entries, std::vector<T>& payload) {
  std::vector<std::size_t> order(entries.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return entries[a].name < entries[b].name;
  });
  std::vector<SourceEntry> sorted_entries;
  std::vector<T> sorted_payload;
  sorted_entries.reserve(entries.size());
  sorted_payload.reserve(payload.size());
  for (std::size_t i : order) {
    sorted_entries.push_back(std::move(entries[i]));
    sorted_payload.push_back(std::move(payload[i]));
  }
  entries = std::move(sorted_entries);
  payload = std::move(sorted_payload);
}

// ---------------------------------------------------------------------------------------------
// Folder tree
// ---------------------------------------------------------------------------------------------

class DirSource final : public PhotoSource {
 public:
  explicit DirSource(std::string path) : path_(std::move(path)) {
    // Entry names are the part of each file's path after the root. Iterating from a root that
    // ends in '/' makes every yielded path exactly root_ + name, whatever the caller passed.
    root_ = path_;
    if (root_.empty() || root_.back() != '/') root_ += '/';

    std::vector<char> unused;  // sort_by_name wants a payload; a folder needs none
    std::error_code ec;
    // Default options: symlinked folders are not followed (no cycles), and an unreadable
    // sub-folder is an error rather than a silently missing part of the tree.
    fs::recursive_directory_iterator it(fs::path(root_), ec), end;
    if (ec) throw UserError(walk_error(ec), path_);
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      // is_regular_file() follows symlinks, so a link to a photo is listed; folders, broken
      // links, sockets and FIFOs are not files with bytes and are left out.
      std::error_code fec;
      if (!it->is_regular_file(fec)) continue;
      const std::string& full = it->path().native();
      std::uint64_t size = it->file_size(fec);
      if (fec) throw UserError(walk_error(fec), full);
      entries_.push_back(make_source_entry(full.substr(root_.size()), size));
      unused.push_back(0);
    }
    if (ec) throw UserError(walk_error(ec), path_);
    sort_by_name(entries_, unused);
  }

  const std::vector<SourceEntry>& entries() const override { return entries_; }
  std::string describe() const override { return path_; }

  std::string read(std::size_t index) const override {
    if (index >= entries_.size()) throw std::out_of_range("PhotoSource::read: index out of range");
    const std::string full = root_ + entries_[index].name;

    int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw UserError(io_error("无法打开文件 (cannot open file", errno), full);
    struct FdCloser {
      int fd;
      ~FdCloser() { ::close(fd); }
    } closer{fd};

    struct stat st {};
    if (::fstat(fd, &st) != 0) throw UserError(io_error("无法读取文件 (cannot read file", errno), full);
    if (static_cast<std::uint64_t>(st.st_size) > kMaxSourceEntryBytes)
      throw UserError(too_large_message(static_cast<std::uint64_t>(st.st_size)), full);

    // Read to end of file rather than trusting st_size: a file still being copied may grow.
    std::string bytes;
    bytes.resize(static_cast<std::size_t>(st.st_size) + 1);
    std::size_t got = 0;
    for (;;) {
      if (got == bytes.size()) {
        if (bytes.size() > kMaxSourceEntryBytes) throw UserError(too_large_message(got), full);
        bytes.resize(bytes.size() * 2);
      }
      ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw UserError(io_error("无法读取文件 (cannot read file", errno), full);
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got > kMaxSourceEntryBytes) throw UserError(too_large_message(got), full);
    bytes.resize(got);
    return bytes;
  }

 private:
  static std::string walk_error(const std::error_code& ec) {
    return "无法读取文件夹 (cannot list folder: " + ec.message() + ")";
  }
  static std::string io_error(const char* what, int err) {
    return std::string(what) + ": " + std::strerror(err) + ")";
  }

  std::string path_;  // as given, for messages
  std::string root_;  // path_ with a trailing '/'
  std::vector<SourceEntry> entries_;
};

// ---------------------------------------------------------------------------------------------
// Zip archive
// ---------------------------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: discard, never write back
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

std::string zip_code_message(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string msg = zip_error_strerror(&e);
  zip_error_fini(&e);
  return msg;
}

// Zip tools on Chinese Windows store names in GBK/GB18030 without the UTF-8 flag; libzip would
// read those as CP437 and garble them. Raw names that are valid UTF-8 are kept; raw names that
// decode as GB18030 are converted; anything else keeps libzip's guess (`guessed`).
std::string decode_entry_name(zip_t* z, zip_uint64_t index, const char* guessed) {
  const char* raw = zip_get_name(z, index, ZIP_FL_ENC_RAW);
  if (!raw) return guessed;
  if (is_valid_utf8(raw)) return raw;
  try {
    return gb18030_to_utf8(raw);
  } catch (const std::exception&) {
    return guessed;
  }
}

class ZipSource final : public PhotoSource {
 public:
  explicit ZipSource(std::string path) : path_(std::move(path)) {
    ZipPtr z = open_handle();
    zip_int64_t n = zip_get_num_entries(z.get(), 0);
    archive_entries_ = n < 0 ? 0 : static_cast<zip_uint64_t>(n);
    for (zip_uint64_t i = 0; i < archive_entries_; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      // Flags 0 = ZIP_FL_ENC_GUESS: names flagged UTF-8, or that are valid UTF-8, come back as
      // stored; only legacy names that are not valid UTF-8 are converted from CP437.
      if (zip_stat_index(z.get(), i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
        throw UserError("zip 无法打开 (cannot open zip: " +
                        std::string(zip_strerror(z.get())) + ")", path_);
      std::string name = decode_entry_name(z.get(), i, st.name);
      if (!name.empty() && name.back() == '/') continue;  // a directory entry
      std::uint64_t size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
      entries_.push_back(make_source_entry(std::move(name), size));
      zip_index_.push_back(i);
    }
    sort_by_name(entries_, zip_index_);
    pool_.push_back(std::move(z));
  }

  const std::vector<SourceEntry>& entries() const override { return entries_; }
  std::string describe() const override { return path_; }

  std::string read(std::size_t index) const override {
    if (index >= entries_.size()) throw std::out_of_range("PhotoSource::read: index out of range");
    const SourceEntry& entry = entries_[index];
    const std::string where = path_ + "/" + entry.name;  // "photos.zip/2021/123.jpg"
    Lease lease(*this);
    zip_t* z = lease.get();

    // The handle may have been opened after the listing; make sure it sees the same archive.
    const char* now = zip_get_name(z, zip_index_[index], 0);
    if (!now || entry.name != decode_entry_name(z, zip_index_[index], now))
      throw UserError("zip 在读取期间被修改 (zip changed while reading)", where);
    if (entry.size > kMaxSourceEntryBytes) throw UserError(too_large_message(entry.size), where);

    zip_file_t* f = zip_fopen_index(z, zip_index_[index], 0);
    if (!f)
      throw UserError("zip 条目无法读取 (cannot read zip entry: " +
                      std::string(zip_strerror(z)) + ")", where);
    struct FileCloser {
      zip_file_t* f;
      ~FileCloser() { zip_fclose(f); }
    } closer{f};

    // Read until libzip reports end of data (0), not just `size` bytes: the CRC-32 of the entry
    // is only checked when the end is reached, and a damaged entry must be an error.
    std::string bytes;
    bytes.resize(static_cast<std::size_t>(entry.size) + 1);
    std::size_t got = 0;
    for (;;) {
      if (got == bytes.size()) {
        if (bytes.size() > kMaxSourceEntryBytes) throw UserError(too_large_message(got), where);
        bytes.resize(bytes.size() * 2);
      }
      zip_int64_t n = zip_fread(f, bytes.data() + got, bytes.size() - got);
      if (n < 0)
        throw UserError("zip 条目已损坏 (corrupt zip entry: " +
                        std::string(zip_file_strerror(f)) + ")", where);
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != entry.size)
      throw UserError("zip 条目已损坏 (corrupt zip entry: size " + std::to_string(got) +
                      " != " + std::to_string(entry.size) + ")", where);
    bytes.resize(got);
    return bytes;
  }

 private:
  // Borrows an idle libzip handle for one read() and gives it back afterwards (also when the
  // read throws). When every handle is busy a new one is opened, so the pool grows to the number
  // of threads that read at the same time and each thread decompresses in parallel.
  class Lease {
   public:
    explicit Lease(const ZipSource& src) : src_(src) {
      {
        std::lock_guard lock(src_.pool_mutex_);
        if (!src_.pool_.empty()) {
          z_ = std::move(src_.pool_.back());
          src_.pool_.pop_back();
        }
      }
      if (!z_) {
        z_ = src_.open_handle();  // outside the lock: reads the central directory
        zip_int64_t n = zip_get_num_entries(z_.get(), 0);
        if (n < 0 || static_cast<zip_uint64_t>(n) != src_.archive_entries_)
          throw UserError("zip 在读取期间被修改 (zip changed while reading)", src_.path_);
      }
    }
    ~Lease() {
      std::lock_guard lock(src_.pool_mutex_);
      src_.pool_.push_back(std::move(z_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    zip_t* get() const { return z_.get(); }

   private:
    const ZipSource& src_;
    ZipPtr z_;
  };

  ZipPtr open_handle() const {
    int code = 0;
    zip_t* z = zip_open(path_.c_str(), ZIP_RDONLY, &code);
    if (!z) throw UserError("zip 无法打开 (cannot open zip: " + zip_code_message(code) + ")", path_);
    return ZipPtr(z);
  }

  std::string path_;
  std::vector<SourceEntry> entries_;
  std::vector<zip_uint64_t> zip_index_;  // libzip index of entries_[i]
  zip_uint64_t archive_entries_ = 0;     // all entries, directories included

  mutable std::mutex pool_mutex_;
  mutable std::vector<ZipPtr> pool_;  // idle handles
};

}  // namespace

SourceEntry make_source_entry(std::string name, std::uint64_t size) {
  SourceEntry e;
  std::size_t slash = name.rfind('/');
  std::string file = slash == std::string::npos ? name : name.substr(slash + 1);
  std::size_t dot = file.rfind('.');
  if (dot == std::string::npos || dot == 0) {  // no extension, or a hidden file like .DS_Store
    e.stem = std::move(file);
  } else {
    e.stem = file.substr(0, dot);
    e.ext_lower = ascii_lower(file.substr(dot + 1));
  }
  e.name = std::move(name);
  e.size = size;
  return e;
}

std::unique_ptr<PhotoSource> PhotoSource::open(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);  // follows symlinks
  if (path.empty() || st.type() == fs::file_type::not_found)
    throw UserError("照片来源不存在 (photo source not found)", path);
  if (ec)  // e.g. a parent folder without permission
    throw UserError("照片来源无法访问 (cannot access photo source: " + ec.message() + ")", path);
  if (fs::is_directory(st)) return std::make_unique<DirSource>(path);
  if (fs::is_regular_file(st) && ends_with_zip(path)) return std::make_unique<ZipSource>(path);
  throw UserError("不是文件夹或 zip (not a folder or a .zip)", path);
}

}  // namespace pa
