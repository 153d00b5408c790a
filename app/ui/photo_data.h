// A photo prepared off the UI thread: decoded pixels, the overlay maps packed for the GPU, the
// face geometry and the live checks. Worker threads fill it; the main thread uploads it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "quality/overlays.h"
#include "quality/types.h"

namespace pa::ui {

// The overlay bits are the engine's (quality/overlays.h: one definition, also the shader's).
using quality::Overlay;
using quality::ov_lighting, quality::ov_landmarks, quality::ov_glare, quality::ov_clipped, quality::ov_background,
    quality::ov_sharpness;

struct PhotoData {
  std::string sha256;
  int width = 0, height = 0;       // full-resolution size
  cv::Mat rgba;                    // CV_8UC4, display copy (long side <= 2048)
  // Overlay maps at rgba's size, packed for two RGBA float textures:
  //   maps_a = (lighting, glare mask, specular score, sharpness)
  //   maps_b = (clipped dark, clipped bright, background mask, background uniformity)
  cv::Mat maps_a, maps_b;          // CV_16FC4 (half float), empty until analysed
  bool analysed = false;
  bool maps_from_engine = false;   // false: the UI's own preview maps (engine maps unavailable)
  quality::Geometry geometry;
  double lighting_left = 0, lighting_right = 0;
  std::vector<quality::CheckResult> checks;  // live checks (empty when the engine is unavailable)
  std::string engine_version;
  std::string result_json;         // the engine's result as the analyses table stores it
  bool analysis_ok = true;
  std::string analysis_error;      // the engine could not analyse it (shown as "自动检查失败"), with why
  std::string error;
  double decode_ms = 0, analyse_ms = 0;
};

// Decodes `bytes` (EXIF upright) into a PhotoData without maps. Never throws (error is set).
std::shared_ptr<PhotoData> decode_photo(const std::string& sha256, const std::string& bytes, int max_side = 2048);
// Fills maps, geometry and checks of a decoded photo (engine when available, else preview maps).
void analyse_photo(PhotoData& p, const std::string& bytes);
// The engine's checks only (no maps, no pixels kept), for saving in the audit.
void analyse_for_store(PhotoData& p, const std::string& bytes);
// The engine version the UI analyses with ("" when no engine is built in).
std::string ui_engine_version();
// Loads the landmark model (slow: call on a worker thread). Returns false when unavailable.
bool warm_up_models(std::string* error);

}  // namespace pa::ui
