// PhotoSource: the list of files in a photo folder tree or a .zip archive, and their bytes.
//
// Two implementations live here, both private to this file:
//   - DirSource walks a folder tree once at open() and reads files on demand with
//     read_regular_file (naturally thread-safe: every read opens its own file descriptor);
//   - ZipSource lists a zip archive with libzip once at open() and reads entries through a pool
//     of libzip handles, one per concurrently reading thread (a zip_t is not thread-safe, and a
//     single mutex around it would serialise decompression across all import threads).
#include "ingest/photos.h"

#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "core/error.h"
#include "core/file_read.h"
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
  return file_too_large_message(kPhotoFileRole, size, kMaxSourceEntryBytes);
}

bool is_separator(char c) { return c == '/' || c == '\\'; }

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

std::string walk_error(const std::error_code& ec) {
  return "无法读取文件夹 (cannot list folder: " + ec.message() + ")";
}

// Why a directory entry that is not a folder could not be listed as a file.
std::string status_error(bool is_link, const std::error_code& ec) {
  if (is_link && ec == std::errc::too_many_symbolic_link_levels)
    return "符号链接循环 (symbolic link loop: " + ec.message() + ")";
  if (is_link && (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory))
    return "符号链接指向的文件不存在 (broken symbolic link: " + ec.message() + ")";
  return "无法访问 (cannot access: " + ec.message() + ")";
}

std::string not_a_file_message(fs::file_type type) {
  const char* zh = "特殊文件";
  const char* en = "a special file";
  switch (type) {
    case fs::file_type::fifo: zh = "管道 (FIFO)"; en = "a FIFO (named pipe)"; break;
    case fs::file_type::socket: zh = "套接字"; en = "a socket"; break;
    case fs::file_type::block:
    case fs::file_type::character: zh = "设备"; en = "a device"; break;
    default: break;
  }
  return std::string("不是普通文件，而是") + zh + "，未读取 (not a regular file but " + en + "; not read)";
}

class DirSource final : public PhotoSource {
 public:
  explicit DirSource(std::string path) : path_(std::move(path)) {
    // Entry names are the part of each file's path after the root. Listing from a root that ends
    // in '/' makes every listed path exactly root_ + name, whatever the caller passed.
    root_ = path_;
    if (root_.empty() || root_.back() != '/') root_ += '/';

    // Folder by folder rather than with recursive_directory_iterator, which ends the whole walk
    // at the first sub-folder it cannot open: here that folder is a problem and the walk goes on.
    // Symlinked folders are not followed (no cycles); they are reported, like everything else
    // that is not listed.
    std::vector<std::string> pending{""};  // folders still to list: "" (the root) or "a/b/"
    while (!pending.empty()) {
      const std::string folder = std::move(pending.back());
      pending.pop_back();
      list_folder(folder, pending);
    }
    std::vector<char> unused(entries_.size());  // sort_by_name wants a payload; a folder needs none
    sort_by_name(entries_, unused);
    std::sort(problems_.begin(), problems_.end(),
              [](const SourceProblem& a, const SourceProblem& b) { return a.name < b.name; });
  }

  const std::vector<SourceEntry>& entries() const override { return entries_; }
  const std::vector<SourceProblem>& problems() const override { return problems_; }
  std::string describe() const override { return path_; }

  std::string read(std::size_t index) const override {
    if (index >= entries_.size()) throw std::out_of_range("PhotoSource::read: index out of range");
    // Replaced by a FIFO or a device since the listing, or grown past the limit: refused, unread.
    return read_regular_file(root_ + entries_[index].name, kMaxSourceEntryBytes, kPhotoFileRole);
  }

 private:
  // Lists one folder (`folder` is "" or ends in '/'): files become entries, sub-folders are
  // queued in `pending`, anything else becomes a problem.
  void list_folder(const std::string& folder, std::vector<std::string>& pending) {
    std::error_code ec;
    fs::directory_iterator it(fs::path(root_ + folder), ec), end;
    if (ec) {
      if (folder.empty()) throw UserError(walk_error(ec), path_);  // the photo folder itself
      problems_.push_back({folder.substr(0, folder.size() - 1), walk_error(ec)});
      return;
    }
    for (; it != end; it.increment(ec)) add(folder + it->path().filename().string(), it->path(), pending);
    if (ec)  // reading the folder failed part-way: what was listed stays, the rest is reported
      problems_.push_back({folder.empty() ? std::string(".") : folder.substr(0, folder.size() - 1), walk_error(ec)});
  }

  void add(const std::string& name, const fs::path& full, std::vector<std::string>& pending) {
    std::error_code ec;
    const fs::file_status link = fs::symlink_status(full, ec);
    if (ec) {
      problems_.push_back({name, status_error(false, ec)});
      return;
    }
    if (fs::is_directory(link)) {
      pending.push_back(name + "/");
      return;
    }
    const bool is_link = fs::is_symlink(link);
    const fs::file_status target = fs::status(full, ec);  // follows symlinks: a link to a photo is a photo
    if (ec || target.type() == fs::file_type::not_found) {
      problems_.push_back({name, status_error(is_link, ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory))});
      return;
    }
    if (fs::is_directory(target)) {
      problems_.push_back({name, "指向文件夹的符号链接，未跟随 (symbolic link to a folder: not followed)"});
      return;
    }
    if (!fs::is_regular_file(target)) {
      problems_.push_back({name, not_a_file_message(target.type())});
      return;
    }
    const std::uint64_t size = fs::file_size(full, ec);
    if (ec) {
      problems_.push_back({name, status_error(is_link, ec)});
      return;
    }
    entries_.push_back(make_source_entry(name, size));
  }

  std::string path_;  // as given, for messages
  std::string root_;  // path_ with a trailing '/'
  std::vector<SourceEntry> entries_;
  std::vector<SourceProblem> problems_;
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
      if (!name.empty() && is_separator(name.back())) continue;  // a directory entry: "2021/", or "2021\" from Windows tools
      std::uint64_t size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
      entries_.push_back(make_source_entry(std::move(name), size));
      zip_index_.push_back(i);
    }
    sort_by_name(entries_, zip_index_);
    pool_.push_back(std::move(z));
  }

  const std::vector<SourceEntry>& entries() const override { return entries_; }
  // Every entry of the central directory is listed; damage shows when an entry is read.
  const std::vector<SourceProblem>& problems() const override { return problems_; }
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
  std::vector<SourceProblem> problems_;  // always empty
  zip_uint64_t archive_entries_ = 0;     // all entries, directories included

  mutable std::mutex pool_mutex_;
  mutable std::vector<ZipPtr> pool_;  // idle handles
};

}  // namespace

SourceEntry make_source_entry(std::string name, std::uint64_t size) {
  SourceEntry e;
  std::size_t slash = name.find_last_of("/\\");
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
