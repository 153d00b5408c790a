// The photos on the GPU (main thread only): one photo's textures, and a least-recently-used cache
// of them bounded in bytes, uploaded with ui/platform/gpu.h.
#pragma once

#include <cstddef>
#include <list>
#include <set>
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
// (headless tests), no GL calls. A photo gets mipmaps only when it is larger than `mipmap_above`
// pixels on its long side (shown smaller than it is; a standard 480x640 photo is shown at or above
// its size and needs none).
class TextureCache {
 public:
  TextureCache(std::size_t max_bytes, bool gl, int mipmap_above = 1024)
      : max_bytes_(max_bytes), gl_(gl), mipmap_above_(mipmap_above) {}
  ~TextureCache();
  GpuPhoto* get(const std::string& key);          // marks as most recently used
  bool contains(const std::string& key) const { return map_.count(key) != 0; }
  // Uploads (replacing an entry of the same key) and evicts the least recently used entries, never
  // the one just added nor one of `keep` (the photos the screen shows or is about to: the bound
  // may be exceeded rather than a photo on screen dropped).
  GpuPhoto* put(const std::string& key, const PhotoData& p, const std::set<std::string>& keep = {});
  // Adds the overlay maps to an entry already holding the photo (no photo re-upload).
  GpuPhoto* add_maps(const std::string& key, const PhotoData& p, const std::set<std::string>& keep = {});
  // What an entry of `p` costs (the photo, its mipmaps when it gets them, the maps).
  std::size_t bytes_of(const PhotoData& p) const;
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return map_.size(); }
  std::size_t max_bytes() const { return max_bytes_; }
  void clear();

 private:
  void release(GpuPhoto& g);
  void evict(const std::string& added, const std::set<std::string>& keep);
  std::size_t max_bytes_;
  bool gl_;
  int mipmap_above_;
  std::size_t bytes_ = 0;
  std::list<std::string> lru_;  // front = most recent
  std::unordered_map<std::string, std::pair<GpuPhoto, std::list<std::string>::iterator>> map_;
};

}  // namespace pa::ui
