// Batch import: a roster plus a folder or .zip of photos into an audit, as one transaction.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/limits.h"
#include "ingest/roster.h"
#include "store/store.h"

namespace pa {

struct ImportOptions {
  std::string roster;      // CSV path
  std::string photos;      // folder or .zip
  std::string batch_name;  // defaults to the photo source's file name
  unsigned jobs = 0;       // worker threads for reading, validating and hashing (0 = all cores)
  std::function<void(std::size_t done, std::size_t total)> progress;
  std::uint64_t max_pixels = kMaxImagePixels;  // larger photos are bad photos, refused before decoding
};

struct BadPhoto {
  std::string file;
  std::string student;  // 学号
  std::string error;
};

// A file or sub-folder in the photo source that could not be listed (an unreadable folder, a
// symbolic link loop, a broken link, a FIFO ...): reported, never dropped silently.
struct UnreadableFile {
  std::string file;   // relative to the photo folder
  std::string error;
};

struct ImportReport {
  std::string batch;
  std::string roster_encoding;
  int students = 0;
  int photos_imported = 0;
  int photos_unchanged = 0;
  std::vector<std::string> students_without_photo;  // 学号, roster order
  std::vector<BadPhoto> bad_photos;
  std::vector<std::string> unmatched_files;
  std::vector<UnreadableFile> unreadable_files;
  std::vector<RosterWarning> warnings;
};

// Parses and checks everything, then writes in one transaction: a fatal error (pa::UserError
// naming the file and line) leaves the audit exactly as it was. Bad photos, unmatched files and
// unreadable files are reported, never skipped silently, and do not stop the import. A file's
// stem is matched to a student after normalize_student_no / normalize_id_number (core/idcard.h).
// The report keeps file names as they are; its error messages name other files masked.
ImportReport import_batch(AuditStore& store, const ImportOptions& options);

// The object `photoaudit import --json` prints. File names that are 身份证号 are masked
// (pa::mask_file_name) in unmatched_files, bad_photos and unreadable_files.
nlohmann::json to_json(const ImportReport& r);
// The same as a readable, Chinese-first report: file names masked as in to_json, and everything
// that came from the files (names, 学号, messages) through pa::terminal_safe.
std::string to_text(const ImportReport& r, const std::string& roster_file);

}  // namespace pa
