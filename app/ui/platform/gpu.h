// GL side of the review UI (main thread only): mipmapped photo textures, float map textures, the
// compositing shader drawn inside Dear ImGui's draw lists, an LRU texture cache, screenshots.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>

#include <opencv2/core.hpp>

struct ImDrawList;

namespace pa::ui {

struct PhotoData;

unsigned upload_rgba(const cv::Mat& rgba, bool mipmap);  // CV_8UC4 -> GL_RGBA8 (+ mipmaps)
unsigned upload_float4(const cv::Mat& m);                // CV_32FC4 / CV_16FC4 -> GL_RGBA16F
void delete_texture(unsigned id);

// Uniforms of one composite draw.
struct CompositeParams {
  unsigned maps_a = 0, maps_b = 0;
  bool has_maps = false;
  unsigned overlays = 0;
  float opacity = 0.6f;
  float split = 1.0f;
  float glare_threshold = 0.5f;
  float lighting_low = 0, lighting_high = 1;
  float highlight[4] = {0, 0, 0, 0};
};

// The compositing shader's source with the overlay bits (quality/overlays.h) #defined as OV_*
// right after its #version line: the shader names the bits, the header defines them.
std::string with_overlay_defines(const std::string& glsl);

class Compositor {
 public:
  // Compiles shaders/composite.*.glsl (embedded). False with `error` when GL refuses.
  bool init(std::string* error);
  bool ready() const { return program_ != 0; }
  // Queues the composite program for the next image drawn into `dl`; `p` must live until render.
  void begin(ImDrawList* dl, const CompositeParams* p);
  void end(ImDrawList* dl);

 private:
  static void callback(const ImDrawList* dl, const void* cmd);
  unsigned program_ = 0;
  int loc_proj_ = -1, loc_photo_ = -1, loc_a_ = -1, loc_b_ = -1, loc_has_ = -1, loc_ov_ = -1, loc_op_ = -1,
      loc_split_ = -1, loc_glare_ = -1, loc_light_ = -1, loc_hl_ = -1;
};

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

// Reads the back buffer (w x h) and writes a PNG. False on failure.
bool write_screenshot(const std::string& path, int width, int height);

}  // namespace pa::ui
