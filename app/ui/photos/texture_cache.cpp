// TextureCache (photos/texture_cache.h).
#include "ui/photos/texture_cache.h"

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

GpuPhoto* TextureCache::put(const std::string& key, const PhotoData& p) {
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
  g.bytes = static_cast<std::size_t>(g.width) * g.height * 4 * 4 / 3;  // with mipmaps
  if (gl_) g.photo = upload_rgba(p.rgba, true);
  if (!p.maps_a.empty() && !p.maps_b.empty()) {
    g.has_maps = true;
    g.bytes += static_cast<std::size_t>(p.maps_a.cols) * p.maps_a.rows * 8 * 2;
    if (gl_) {
      g.maps_a = upload_float4(p.maps_a);
      g.maps_b = upload_float4(p.maps_b);
    }
  }
  bytes_ += g.bytes;
  lru_.push_front(key);
  auto& slot = map_[key];
  slot = {g, lru_.begin()};
  // Evict the least recently used, never the entry just added.
  while (bytes_ > max_bytes_ && lru_.size() > 1) {
    const std::string victim = lru_.back();
    auto vit = map_.find(victim);
    release(vit->second.first);
    map_.erase(vit);
    lru_.pop_back();
  }
  return &map_[key].first;
}

GpuPhoto* TextureCache::add_maps(const std::string& key, const PhotoData& p) {
  GpuPhoto* g = get(key);
  if (!g) return put(key, p);
  if (p.maps_a.empty() || p.maps_b.empty()) return g;
  if (gl_) {
    delete_texture(g->maps_a);
    delete_texture(g->maps_b);
    g->maps_a = upload_float4(p.maps_a);
    g->maps_b = upload_float4(p.maps_b);
  }
  const std::size_t add = g->has_maps ? 0 : static_cast<std::size_t>(p.maps_a.cols) * p.maps_a.rows * 8 * 2;
  g->has_maps = true;
  g->bytes += add;
  bytes_ += add;
  while (bytes_ > max_bytes_ && lru_.size() > 1) {
    const std::string victim = lru_.back();
    auto vit = map_.find(victim);
    release(vit->second.first);
    map_.erase(vit);
    lru_.pop_back();
  }
  return get(key);
}

}  // namespace pa::ui
