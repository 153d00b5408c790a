#include "ui/photos/photo_data.h"

#include <chrono>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "quality/engine.h"

namespace pa::ui {

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// The process-wide engine, or why there is none.
const quality::Engine* engine_or(std::string* why) {
  try {
    return &quality::Engine::instance();
  } catch (const std::exception& e) {
    *why = e.what();
    return nullptr;
  }
}

// The outcome's checks, geometry and record into the PhotoData.
void take_outcome(PhotoData& p, const analysis::Outcome& o) {
  p.analyzed = true;
  p.record = o.record;
  p.analysis_error = o.error;
  if (o.analysis) {
    p.checks = o.analysis->checks;
    p.geometry = o.analysis->geometry;
  }
}

// The engine's raw maps (each 0..1), resized to the display copy and packed for the GPU as bytes,
// rounded and clamped (converted here on the worker rather than by the driver).
void pack_maps(PhotoData& p, const quality::Maps& maps) {
  p.lighting_left = maps.lighting_left_mean;
  p.lighting_right = maps.lighting_right_mean;
  const cv::Size size = p.rgba.size();
  auto fit = [&](const cv::Mat& m) {
    if (m.empty()) return cv::Mat(cv::Mat::zeros(size, CV_32F));
    cv::Mat f;
    if (m.type() != CV_32F) m.convertTo(f, CV_32F); else f = m;
    if (f.size() != size) cv::resize(f, f, size, 0, 0, cv::INTER_AREA);
    return f;
  };
  cv::merge(std::vector<cv::Mat>{fit(maps.lighting), fit(maps.glare_mask), fit(maps.specular_score), fit(maps.sharpness)},
            p.maps_a);
  cv::merge(std::vector<cv::Mat>{fit(maps.clipped_dark), fit(maps.clipped_bright), fit(maps.background_mask),
                                 fit(maps.background_uniformity)},
            p.maps_b);
  p.maps_a.convertTo(p.maps_a, CV_8U, 255.0);
  p.maps_b.convertTo(p.maps_b, CV_8U, 255.0);
}

}  // namespace

std::shared_ptr<PhotoData> decode_photo(const std::string& sha, const std::string& bytes, int max_side,
                                        std::shared_ptr<const analysis::Decoded>* full) {
  auto p = std::make_shared<PhotoData>();
  p->sha256 = sha;
  // No pixel limit for display: photos in the audit passed the import's own limit. The engine's
  // limit applies when the photo is analyzed (analysis::analyze).
  auto d = std::make_shared<analysis::Decoded>(analysis::decode(bytes, std::numeric_limits<std::uint64_t>::max()));
  auto t0 = std::chrono::steady_clock::now();
  if (!d->ok()) {
    p->error = "无法解码 (cannot decode)";
  } else {
    try {
      p->width = d->bgr.cols;
      p->height = d->bgr.rows;
      cv::Mat shown = d->bgr;
      const int side = std::max(shown.cols, shown.rows);
      if (side > max_side) {
        const double s = static_cast<double>(max_side) / side;
        cv::resize(shown, shown, cv::Size(), s, s, cv::INTER_AREA);
      }
      cv::cvtColor(shown, p->rgba, cv::COLOR_BGR2RGBA);
      if (full) *full = d;
    } catch (const std::exception& e) {
      p->error = e.what();
    }
  }
  p->decode_ms = d->ms + ms_since(t0);
  return p;
}

std::string ui_engine_version() {
  std::string why;
  const quality::Engine* engine = engine_or(&why);
  return engine ? engine->version() : std::string();
}

const quality::Config* ui_engine_config() {
  std::string why;
  const quality::Engine* engine = engine_or(&why);
  return engine ? &engine->config() : nullptr;
}

bool warm_up_models(std::string* error) {
  try {
    quality::Engine::instance().load_model();
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

void analyze_for_store(PhotoData& p, const std::string& bytes) {
  std::string why;
  const quality::Engine* engine = engine_or(&why);
  if (!engine) {  // nothing to store without an engine (no version to store it under)
    p.analyzed = true;
    p.analysis_error = why;
    return;
  }
  take_outcome(p, analysis::analyze_bytes(*engine, bytes));
}

void analyze_photo(PhotoData& p, const analysis::Decoded& full, std::string_view bytes, const quality::Engine* engine) {
  if (!p.error.empty() || p.rgba.empty()) return;
  auto t0 = std::chrono::steady_clock::now();
  std::string why;
  if (!engine) engine = engine_or(&why);
  if (!engine) {
    // No engine: said so (findings panel, queue, sheet, overlay pane); no maps.
    p.analyzed = true;
    p.analysis_error = why;
    p.analyze_ms = ms_since(t0);
    return;
  }
  quality::Maps maps;
  const analysis::Outcome o = analysis::analyze(*engine, full, bytes, &maps);
  take_outcome(p, o);
  // Only maps the engine computed from this image are drawn: none when it failed.
  if (!o.failed() && o.judged_pixels) {
    try {
      pack_maps(p, maps);
    } catch (const std::exception&) {
      p.maps_a.release();
      p.maps_b.release();
    }
  }
  p.analyze_ms = ms_since(t0);
}

}  // namespace pa::ui
