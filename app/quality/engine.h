// The quality engine: photo in, checks, metrics, geometry and (on request) overlay maps out.
// No UI and no database here; the CLI and the GUI call it.
//
//   const auto& engine = pa::quality::Engine::instance();   // default config, model loaded lazily
//   pa::quality::Analysis a = engine.analyze_bytes(file_bytes);
//   if (!a.ok()) for (const auto* f : a.findings()) puts(f->message.c_str());
//   nlohmann::json j = pa::quality::to_json(a);              // what `photoaudit check --json` prints
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "core/limits.h"
#include "quality/config.h"
#include "quality/types.h"

namespace pa::quality {

class Check;
class HeadPoseModel;

class Engine {
 public:
  // Bumped whenever a code change alters results; part of version().
  static constexpr const char* kCodeRevision = "1";

  // The process-wide engine with the default configuration (Config::load_default()). Built on
  // first use (thread-safe); the landmark model loads on the first analysis.
  static const Engine& instance();
  explicit Engine(Config config, std::string model_path = PHOTOAUDIT_DLIB_MODEL);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Judges a decoded image (8-bit BGR; grey or BGRA are converted; an empty image throws
  // cv::Exception). `facts` describes the file it came from (FileFacts{} when unknown: then only
  // the pixel size and the colour content are judged for `format`).
  // Thread-safe: may be called from several threads at once.
  Analysis analyze(const cv::Mat& bgr, const FileFacts& facts, Maps* maps = nullptr) const;
  // Decodes the file bytes (cv::imdecode, upright per EXIF orientation), fills FileFacts and
  // judges. Bytes that are not a JPEG or PNG, whose header declares more than `max_pixels`
  // pixels (refused before decoding: decompression bombs), or that are not one complete image
  // (pa::validate_image: a truncated JPEG OpenCV would half-decode) give a failed `format` check
  // and nothing else.
  Analysis analyze_bytes(std::string_view file_bytes, Maps* maps = nullptr,
                         std::uint64_t max_pixels = kMaxImagePixels) const;

  // "q1-" + a hash of the code revision and the configuration: changes whenever results could.
  const std::string& version() const { return version_; }
  const Config& config() const { return config_; }
  const HeadPoseModel& pose_model() const { return *pose_model_; }

  // Loads the landmark model now (otherwise the first analysis does), returns its load time.
  double load_model() const;
  // Milliseconds the process-wide landmark model took to load (0 before it is loaded).
  static double model_load_ms();

 private:
  Config config_;
  std::string model_path_, version_;
  std::vector<std::unique_ptr<Check>> checks_;
  std::unique_ptr<HeadPoseModel> pose_model_;  // quality.json's "head_pose_model"
};

// {"ok": bool, "findings": [{"code", "check", "severity": "fail|warn", "value", "threshold",
// "message"}], "metrics": {...}}: one finding per code (its worst check), in catalogue order.
nlohmann::json to_json(const Analysis& a);

}  // namespace pa::quality
