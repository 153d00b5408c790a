// The photos on the GPU (main thread only): one photo's textures, and a least-recently-used cache
// of them bounded in bytes, uploaded with ui/platform/gpu.h.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace pa::ui {

struct PhotoData;

// The GPU copy of one photo.
struct GpuPhoto {
  unsigned photo = 0, maps_a = 0, maps_b = 0;
  int width = 0, height = 0;           // texture size
  int full_width = 0, full_height = 0; // original image size
  bool has_maps = false;
  std::size_t bytes = 0;
};

// Least-recently-used cache of GPU photos bounded in bytes. `gl` false: bookkeeping only
// (headless tests), no GL calls.
class TextureCache {
 public:
  TextureCache(std::size_t max_bytes, bool gl) : max_bytes_(max_bytes), gl_(gl) {}
  ~TextureCache();
  GpuPhoto* get(const std::string& key);          // marks as most recently used
  bool contains(const std::string& key) const { return map_.count(key) != 0; }
  // Uploads (replacing an entry of the same key) and evicts the least recently used entries.
  GpuPhoto* put(const std::string& key, const PhotoData& p);
  // Adds the overlay maps to an entry already holding the photo (no photo re-upload).
  GpuPhoto* add_maps(const std::string& key, const PhotoData& p);
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return map_.size(); }
  std::size_t max_bytes() const { return max_bytes_; }
  void clear();

 private:
  void release(GpuPhoto& g);
  std::size_t max_bytes_;
  bool gl_;
  std::size_t bytes_ = 0;
  std::list<std::string> lru_;  // front = most recent
  std::unordered_map<std::string, std::pair<GpuPhoto, std::list<std::string>::iterator>> map_;
};

}  // namespace pa::ui
