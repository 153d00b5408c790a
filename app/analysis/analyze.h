// The owner of analyzing one photo, for the CLI (`check`, `analyze`) and the GUI alike: the bytes
// are decoded once (upright per EXIF), that one image goes to the engine (with its overlay maps
// on request) and is handed back to the caller for display, and the result becomes the one
// record the audit stores (analysis/record.h). No UI, no GL, no SQL here.
//
//   pa::analysis::configure_threads();                  // once, before the workers start
//   auto photo = pa::analysis::decode(bytes);           // display it: photo.bgr
//   quality::Maps maps;
//   auto out = pa::analysis::analyze(engine, photo, bytes, &maps);
//   store.save_analysis(out.record);                     // record.submission_id set by the caller
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "core/limits.h"
#include "quality/engine.h"
#include "quality/types.h"
#include "store/store.h"

namespace pa::analysis {

// The thread policy of every analysis, in the CLI and the GUI: one photo per worker thread, and
// OpenCV's own thread pool off (it would fight the workers for the cores). Call it before the
// workers start; `check`, `analyze` and the GUI's photo loader do.
void configure_threads();

// A photo decoded once: for the engine and for display.
struct Decoded {
  cv::Mat bgr;               // 8-bit BGR, upright per EXIF orientation; empty when not decoded
  quality::FileFacts facts;  // what the file's header says (container, stored size, depth, EXIF)
  std::string error;         // why it was not decoded ("" when it was)
  double ms = 0;             // decoding time
  bool ok() const { return !bgr.empty(); }
};

// Decodes `bytes` once. The header is read first: a file that is not a JPEG or PNG, or whose
// header declares more than `max_pixels` pixels, is refused before any decoder sees it. No strict
// validation (pa::validate_image) here: photos in an audit were validated at import, and
// `photoaudit check` validates the files it reads itself. Never throws.
Decoded decode(std::string_view bytes, std::uint64_t max_pixels = kMaxImagePixels);

// One photo analyzed: the record to store or print, and the engine's own result for display.
struct Outcome {
  AnalysisRecord record;                      // engine_version, ok, result_json, analyzed_at
  std::optional<quality::Analysis> analysis;  // the engine's result; empty when it failed
  std::string error;                          // the engine could not analyze it: why ("" otherwise)
  bool judged_pixels = false;                 // the engine judged the decoded image (maps filled when asked)
  bool failed() const { return !error.empty(); }
};

// Judges the decoded photo with `engine` (filling `maps` when given). A photo that was not
// decoded or whose stored size exceeds `max_pixels` gets the engine's `format` finding, judged
// from `bytes` (the file it was decoded from). Never throws for a bad photo: an exception in the
// engine gives the failed record (failed_analysis_json: "自动检查失败 / automatic checks failed"
// with the reason). The record's `ms` includes the decoding.
Outcome analyze(const quality::Engine& engine, const Decoded& photo, std::string_view bytes,
                quality::Maps* maps = nullptr, std::uint64_t max_pixels = kMaxImagePixels,
                std::int64_t submission_id = 0);

// decode + analyze.
Outcome analyze_bytes(const quality::Engine& engine, std::string_view bytes, quality::Maps* maps = nullptr,
                      std::uint64_t max_pixels = kMaxImagePixels, std::int64_t submission_id = 0);

// The failed record of `error` for `engine` (an engine that could not analyze the photo).
Outcome failed(const quality::Engine& engine, const std::string& error, std::int64_t submission_id = 0);

}  // namespace pa::analysis
