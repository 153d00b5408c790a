// TextureCache (photos/texture_cache.h).
#include "ui/photos/texture_cache.h"
#include <algorithm>

#include "ui/photos/photo_data.h"
#include "ui/platform/gpu.h"

namespace pa::ui {

TextureCache::~TextureCache() { clear(); }

void TextureCache::release(GpuPhoto& g) {
  if (gl_) {
    delete_texture(g.photo);
    delete_texture(g.maps_a);
    delete_texture(g.maps_b);
  }
  bytes_ -= g.bytes;
  g = {};
}

void TextureCache::clear() {
  for (auto& [k, v] : map_) release(v.first);
  map_.clear();
  lru_.clear();
  bytes_ = 0;
}

GpuPhoto* TextureCache::get(const std::string& key) {
  auto it = map_.find(key);
  if (it == map_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.second);
  return &it->second.first;
}

std::size_t TextureCache::bytes_of(const PhotoData& p) const {
  const std::size_t px = static_cast<std::size_t>(p.rgba.cols) * p.rgba.rows;
  const bool mip = std::max(p.rgba.cols, p.rgba.rows) > mipmap_above_;
  std::size_t b = mip ? px * 4 * 4 / 3 : px * 4;
  if (!p.maps_a.empty() && !p.maps_b.empty()) b += static_cast<std::size_t>(p.maps_a.cols) * p.maps_a.rows * 4 * 2;
  return b;
}

void TextureCache::evict(const std::string& added, const std::set<std::string>& keep) {
  // Least recently used first; never the entry just added nor one the screen needs.
  for (auto it = lru_.end(); bytes_ > max_bytes_ && it != lru_.begin();) {
    --it;
    if (*it == added || keep.count(*it)) continue;
    auto vit = map_.find(*it);
    release(vit->second.first);
    map_.erase(vit);
    it = lru_.erase(it);
  }
}

GpuPhoto* TextureCache::put(const std::string& key, const PhotoData& p, const std::set<std::string>& keep) {
  if (auto it = map_.find(key); it != map_.end()) {
    release(it->second.first);
    lru_.erase(it->second.second);
    map_.erase(it);
  }
  GpuPhoto g;
  g.width = p.rgba.cols;
  g.height = p.rgba.rows;
  g.full_width = p.width;
  g.full_height = p.height;
  g.bytes = bytes_of(p);
  if (gl_) g.photo = upload_rgba(p.rgba, std::max(g.width, g.height) > mipmap_above_);
  if (!p.maps_a.empty() && !p.maps_b.empty()) {
    g.has_maps = true;
    if (gl_) {
      g.maps_a = upload_maps(p.maps_a);
      g.maps_b = upload_maps(p.maps_b);
    }
  }
  bytes_ += g.bytes;
  lru_.push_front(key);
  map_[key] = {g, lru_.begin()};
  evict(key, keep);
  return &map_[key].first;
}

GpuPhoto* TextureCache::add_maps(const std::string& key, const PhotoData& p, const std::set<std::string>& keep) {
  GpuPhoto* g = get(key);
  if (!g) return put(key, p, keep);
  if (p.maps_a.empty() || p.maps_b.empty()) return g;
  if (gl_) {
    delete_texture(g->maps_a);
    delete_texture(g->maps_b);
    g->maps_a = upload_maps(p.maps_a);
    g->maps_b = upload_maps(p.maps_b);
  }
  const std::size_t add = g->has_maps ? 0 : static_cast<std::size_t>(p.maps_a.cols) * p.maps_a.rows * 4 * 2;
  g->has_maps = true;
  g->bytes += add;
  bytes_ += add;
  evict(key, keep);
  return get(key);
}

}  // namespace pa::ui
