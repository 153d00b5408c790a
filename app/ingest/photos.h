// Where photos come from (a folder tree or a .zip) and whether their bytes are a whole image.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

// Images whose header declares more pixels than this are refused before decoding.
inline constexpr std::uint64_t kMaxImagePixels = 50'000'000;

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

struct ImageInfo {
  std::string format;  // "jpeg" | "png"
  int width = 0;
  int height = 0;
  int channels = 0;    // 1 grey, 3 colour, 4 with alpha
};

// Checks the bytes are one complete image: the whole JPEG entropy-coded stream decodes with no
// libjpeg warning (a truncated file that a decoder would half-render is an error), or every PNG
// chunk is present with a valid CRC up to IEND and the image data inflates. On failure returns
// false and sets `error` to a one-line reason, Chinese first then English, e.g.
// "文件为空 (empty file)", "JPEG 文件不完整 (truncated JPEG: ...)", "不是图片 (not an image)".
bool validate_image(std::string_view bytes, ImageInfo* info, std::string* error);

}  // namespace pa
