#include "analysis/analyze.h"

#include <chrono>

#include <opencv2/core/utility.hpp>

#include "analysis/record.h"
#include "core/timeutil.h"
#include "quality/file_facts.h"

namespace pa::analysis {

namespace {
double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

bool within(const quality::FileFacts& f, std::uint64_t max_pixels) {
  return f.width > 0 && f.height > 0 && std::uint64_t(f.width) * std::uint64_t(f.height) <= max_pixels;
}
}  // namespace

void configure_threads() { cv::setNumThreads(1); }

Decoded decode(std::string_view bytes, std::uint64_t max_pixels) {
  const auto t0 = std::chrono::steady_clock::now();
  Decoded d;
  try {
    d.facts = quality::sniff_file(bytes);
    if (d.facts.container == "other" || d.facts.width <= 0 || d.facts.height <= 0)
      d.error = "不是可读的 JPEG 或 PNG 图像 (not a readable JPEG or PNG image)";
    else if (!within(d.facts, max_pixels))
      d.error = "图片尺寸过大 (image too large): " + std::to_string(d.facts.width) + "x" + std::to_string(d.facts.height);
    else if (d.bgr = quality::decode_upright(bytes, &d.facts); d.bgr.empty())
      d.error = "无法解码图像文件 (the file does not decode as an image)";
  } catch (const std::exception& e) {
    d.bgr.release();
    d.error = e.what();
  }
  d.ms = ms_since(t0);
  return d;
}

Outcome failed(const quality::Engine& engine, const std::string& error, std::int64_t submission_id) {
  Outcome o;
  o.error = error.empty() ? std::string("未知错误 (unknown error)") : error;
  o.record = {submission_id, engine.version(), false, failed_analysis_json(engine.version(), o.error).dump(),
              now_iso_utc()};
  return o;
}

Outcome analyze(const quality::Engine& engine, const Decoded& photo, std::string_view bytes, quality::Maps* maps,
                std::uint64_t max_pixels, std::int64_t submission_id) {
  try {
    quality::Analysis a;
    const bool judged_pixels = photo.ok() && within(photo.facts, max_pixels);
    if (judged_pixels) {
      a = engine.analyze(photo.bgr, photo.facts, maps);
      a.ms += photo.ms;  // as for a file: decoding included
    } else {
      // Not decoded (or too large for this limit): the engine's own `format` finding, which it
      // gives from the header, before decoding anything.
      a = engine.analyze_bytes(bytes, nullptr, max_pixels);
    }
    Outcome o;
    o.record = {submission_id, engine.version(), a.ok(), analysis_json(a).dump(), now_iso_utc()};
    o.analysis = std::move(a);
    o.judged_pixels = judged_pixels;
    return o;
  } catch (const std::exception& e) {
    return failed(engine, e.what(), submission_id);
  } catch (...) {
    return failed(engine, "未知错误 (unknown error)", submission_id);
  }
}

Outcome analyze_bytes(const quality::Engine& engine, std::string_view bytes, quality::Maps* maps,
                      std::uint64_t max_pixels, std::int64_t submission_id) {
  return analyze(engine, decode(bytes, max_pixels), bytes, maps, max_pixels, submission_id);
}

}  // namespace pa::analysis
