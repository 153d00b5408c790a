// A photo prepared off the UI thread: decoded pixels, the engine's overlay maps packed for the
// GPU, the face geometry and the live checks. Worker threads fill it; the main thread uploads it.
// Decoding and analyzing go through the analysis owner (analysis/analyze.h): one decode per photo,
// the display copy and the engine see the same image, and the record is the one the audit stores.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "analysis/analyze.h"
#include "quality/engine.h"
#include "quality/overlays.h"
#include "quality/types.h"
#include "store/store.h"

namespace pa::ui {

// The overlay bits are the engine's (quality/overlays.h: one definition, also the shader's).
using quality::Overlay;
using quality::ov_lighting, quality::ov_landmarks, quality::ov_glare, quality::ov_clipped, quality::ov_background,
    quality::ov_sharpness;

struct PhotoData {
  std::string sha256;
  int width = 0, height = 0;       // full-resolution size
  cv::Mat rgba;                    // CV_8UC4, display copy (long side <= 2048)
  // The engine's overlay maps at rgba's size, packed for two RGBA8 textures (each map 0..1 as 0..255):
  //   maps_a = (lighting, glare mask, specular score, sharpness)
  //   maps_b = (clipped dark, clipped bright, background mask, background uniformity)
  // CV_8UC4; empty until analyzed, and when the engine is unavailable or failed
  // (the UI never computes maps of its own).
  cv::Mat maps_a, maps_b;
  bool analyzed = false;           // the analysis is done (or failed: analysis_error)
  quality::Geometry geometry;      // the engine's
  double lighting_left = 0, lighting_right = 0;
  std::vector<quality::CheckResult> checks;  // live checks (empty when the engine is unavailable)
  // The analysis owner's record, as the audit stores it (submission_id 0: the caller's to set);
  // none when no engine is available.
  std::optional<AnalysisRecord> record;
  std::string analysis_error;      // the engine could not analyze it (shown as "自动检查失败"), with why
  std::string error;
  double decode_ms = 0, analyze_ms = 0;
};

// Decodes `bytes` once (EXIF upright) into a PhotoData without maps, its display copy at most
// `max_side` pixels long. `full`, when given, receives the decoded full-resolution image for the
// analysis stage (analyze_photo). Never throws (error is set).
std::shared_ptr<PhotoData> decode_photo(const std::string& sha256, const std::string& bytes, int max_side = 2048,
                                        std::shared_ptr<const analysis::Decoded>* full = nullptr);
// Analyses the photo decode_photo decoded (the same image, not decoded again) with the engine's
// maps; fills maps, geometry, checks and the record. `bytes` is the file it came from. `engine`:
// the process-wide one when null.
void analyze_photo(PhotoData& p, const analysis::Decoded& full, std::string_view bytes,
                   const quality::Engine* engine = nullptr);
// The record only (no maps, no pixels kept), for saving in the audit.
void analyze_for_store(PhotoData& p, const std::string& bytes);
// The engine version the UI analyses with ("" when no engine is built in).
std::string ui_engine_version();
// The thresholds it judges by (null when no engine is built in).
const quality::Config* ui_engine_config();
// Loads the landmark model (slow: call on a worker thread). Returns false when unavailable.
bool warm_up_models(std::string* error);

}  // namespace pa::ui
