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
  std::string name;       // path relative to the folder, or the zip entry name ('/' separators)
  std::string stem;       // file name without folders and without the last extension
  std::string ext_lower;  // "jpg", "jpeg", "png", "" ... lower-cased, without the dot
  std::uint64_t size = 0;
  bool is_photo() const { return ext_lower == "jpg" || ext_lower == "jpeg" || ext_lower == "png"; }
};

// Builds an entry from its name ('/' separators): stem and ext_lower come from the last path
// component. A leading dot does not start an extension (".DS_Store" has stem ".DS_Store" and no
// extension), and a trailing dot gives an empty extension ("a." -> stem "a", ext "").
SourceEntry make_source_entry(std::string name, std::uint64_t size);

// Largest file or zip entry PhotoSource::read() will load (a guard against zip bombs and stray
// disk images in the photo folder); larger entries throw pa::UserError.
inline constexpr std::uint64_t kMaxSourceEntryBytes = 256ull << 20;


// A folder tree (recursive; hidden files and folders such as .DS_Store and __MACOSX are still
// listed: nothing is skipped silently) or a .zip archive (by extension, any case). Entries are
// sorted by name. read() is safe to call from several threads at once.
class PhotoSource {
 public:
  virtual ~PhotoSource() = default;
  static std::unique_ptr<PhotoSource> open(const std::string& path);  // throws pa::UserError
  virtual const std::vector<SourceEntry>& entries() const = 0;
  virtual std::string read(std::size_t index) const = 0;  // throws pa::UserError
  virtual std::string describe() const = 0;               // the path, for messages
};

// ImageInfo and validate_image() (is this one complete JPEG or PNG?) live in core/image_check.h.

}  // namespace pa
