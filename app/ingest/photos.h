// Where photos come from (a folder tree or a .zip) and whether their bytes are a whole image.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/image_check.h"
#include "core/limits.h"

namespace pa {

struct SourceEntry {
  std::string name;       // path relative to the folder ('/' separators), or the zip entry name
  std::string stem;       // file name without folders and without the last extension
  std::string ext_lower;  // "jpg", "jpeg", "png", "" ... lower-cased, without the dot
  std::uint64_t size = 0;
  bool is_photo() const { return ext_lower == "jpg" || ext_lower == "jpeg" || ext_lower == "png"; }
};

// Builds an entry from its name: stem and ext_lower come from the last path component, after the
// last '/' or '\' (Windows zip tools write "2021\21001.jpg"). A leading dot does not start an
// extension (".DS_Store" has stem ".DS_Store" and no extension), and a trailing dot gives an
// empty extension ("a." -> stem "a", ext "").
SourceEntry make_source_entry(std::string name, std::uint64_t size);

// Something in the photo folder that is not listed as an entry, and why: a sub-folder that cannot
// be opened, a symbolic link loop, a broken link, a link to a folder (not followed), a FIFO,
// socket or device, a file whose size cannot be read.
struct SourceProblem {
  std::string name;   // path relative to the folder, as SourceEntry::name
  std::string error;  // one line, Chinese first: "符号链接循环 (symbolic link loop: ...)"
};

// A folder tree (recursive; hidden files and folders such as .DS_Store and __MACOSX are still
// listed: nothing is skipped silently) or a .zip archive (by extension, any case). Entries are
// sorted by name; what could not be listed is in problems(), also sorted, so the two together
// account for everything in the folder. read() is safe to call from several threads at once and
// refuses files larger than kMaxSourceEntryBytes (core/limits.h).
class PhotoSource {
 public:
  virtual ~PhotoSource() = default;
  static std::unique_ptr<PhotoSource> open(const std::string& path);  // throws pa::UserError
  virtual const std::vector<SourceEntry>& entries() const = 0;
  virtual const std::vector<SourceProblem>& problems() const = 0;
  virtual std::string read(std::size_t index) const = 0;  // throws pa::UserError
  virtual std::string describe() const = 0;               // the path, for messages
};

// ImageInfo and validate_image() (is this one complete JPEG or PNG?) live in core/image_check.h.

}  // namespace pa
