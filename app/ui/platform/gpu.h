// GL side of the review UI (main thread only): photo textures, the overlay map textures, the
// compositing shader drawn inside Dear ImGui's draw lists, screenshots. The photos' texture cache
// built on these is ui/photos/texture_cache.h.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <opencv2/core.hpp>

struct ImDrawList;

namespace pa::ui {

unsigned upload_rgba(const cv::Mat& rgba, bool mipmap);  // CV_8UC4 -> GL_RGBA8 (+ mipmaps)
unsigned upload_maps(const cv::Mat& m);                  // CV_8UC4 (four maps, 0..1 as 0..255) -> GL_RGBA8
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
// and the overlays' colours (widgets/legend.h) as COL_* right after its #version line: the shader
// names them, the headers define them.
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

// Reads the back buffer (w x h) and writes a PNG. False on failure.
bool write_screenshot(const std::string& path, int width, int height);

}  // namespace pa::ui
