#include "ui/photo_data.h"

#include <chrono>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "quality/engine.h"
#include "quality/face_model.h"
#include "quality/file_facts.h"
#include "quality/geometry.h"
#include "review/analyze.h"

namespace pa::ui {

namespace {
// Maps travel to the GPU as half floats, converted here on the worker rather than by the driver.
void to_half(PhotoData& p) {
  if (!p.maps_a.empty() && p.maps_a.depth() == CV_32F) p.maps_a.convertTo(p.maps_a, CV_16F);
  if (!p.maps_b.empty() && p.maps_b.depth() == CV_32F) p.maps_b.convertTo(p.maps_b, CV_16F);
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

std::shared_ptr<PhotoData> decode_photo(const std::string& sha, const std::string& bytes, int max_side) {
  auto t0 = std::chrono::steady_clock::now();
  auto p = std::make_shared<PhotoData>();
  p->sha256 = sha;
  try {
    quality::FileFacts facts;
    cv::Mat bgr = quality::decode_upright(bytes, &facts);
    if (bgr.empty()) {
      p->error = "无法解码 (cannot decode)";
      return p;
    }
    p->width = bgr.cols;
    p->height = bgr.rows;
    const int side = std::max(bgr.cols, bgr.rows);
    if (side > max_side) {
      const double s = static_cast<double>(max_side) / side;
      cv::resize(bgr, bgr, cv::Size(), s, s, cv::INTER_AREA);
    }
    cv::cvtColor(bgr, p->rgba, cv::COLOR_BGR2RGBA);
  } catch (const std::exception& e) {
    p->error = e.what();
  }
  p->decode_ms = ms_since(t0);
  return p;
}

std::string ui_engine_version() {
  try {
    return quality::Engine::instance().version();
  } catch (const std::exception&) {
    return {};
  }
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

namespace {

// The UI's own preview maps, used until the engine's maps are available: the same measures the
// engine describes (issue 3), computed simply. Marked maps_from_engine = false.
void preview_maps(PhotoData& p, const cv::Mat& bgr_full) {
  cv::Mat bgr;
  cv::cvtColor(p.rgba, bgr, cv::COLOR_RGBA2BGR);
  const double sx = static_cast<double>(bgr.cols) / std::max(1, bgr_full.cols);
  cv::Mat grey, lab, hsv;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
  cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
  const cv::Size size = bgr.size();

  // Face region: the jaw polygon closed over the forehead when landmarks exist, else an ellipse.
  cv::Mat face = cv::Mat::zeros(size, CV_8U);
  const auto& g = p.geometry;
  if (g.face && g.landmarks.size() == static_cast<std::size_t>(quality::lm::count)) {
    namespace lm = quality::lm;
    std::vector<cv::Point> poly;
    for (int i = lm::jaw_first; i <= lm::jaw_last; ++i) poly.emplace_back(cv::Point(g.landmarks[i] * sx));
    const double lift = (g.chin_y - g.brow_y) * 0.35 * sx;
    for (int i = lm::brow_last; i >= lm::brow_first; --i) poly.emplace_back(cv::Point2f(g.landmarks[i].x * sx, g.landmarks[i].y * sx - lift));
    cv::fillPoly(face, std::vector<std::vector<cv::Point>>{poly}, 255);
  } else {
    cv::ellipse(face, cv::Point(size.width / 2, size.height * 2 / 5), cv::Size(size.width / 5, size.height / 4), 0, 0,
                360, 255, -1);
  }
  cv::Mat L;
  cv::extractChannel(lab, L, 0);
  L.convertTo(L, CV_32F, 1.0 / 255);
  cv::Mat smooth;
  cv::GaussianBlur(L, smooth, cv::Size(), std::max(2.0, size.width / 60.0));
  double lo = 0, hi = 1;
  cv::minMaxLoc(smooth, &lo, &hi, nullptr, nullptr, face);
  cv::Mat lighting = (smooth - lo) / std::max(1e-3, hi - lo);
  cv::Mat faceF;
  face.convertTo(faceF, CV_32F, 1.0 / 255);
  lighting = lighting.mul(faceF);
  // Half-face means (image-left / image-right of the face centre).
  const int cx = g.face ? static_cast<int>(g.face_centre_x * sx) : size.width / 2;
  cv::Mat leftMask = face.clone(), rightMask = face.clone();
  leftMask(cv::Rect(cx, 0, size.width - cx, size.height)).setTo(0);
  rightMask(cv::Rect(0, 0, cx, size.height)).setTo(0);
  p.lighting_left = cv::mean(L, leftMask)[0] * 100;
  p.lighting_right = cv::mean(L, rightMask)[0] * 100;

  // Specular: white top-hat of luminance; glare = bright, unsaturated blobs on the face.
  cv::Mat tophat;
  cv::morphologyEx(grey, tophat, cv::MORPH_TOPHAT,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(15, 15)));
  cv::Mat spec;
  tophat.convertTo(spec, CV_32F, 1.0 / 255 * 3.0);
  cv::min(spec, 1.0, spec);
  std::vector<cv::Mat> hsvc;
  cv::split(hsv, hsvc);
  cv::Mat glare = (grey > 235) & (hsvc[1] < 40) & face;
  cv::Mat glareF;
  glare.convertTo(glareF, CV_32F, 1.0 / 255);

  cv::Mat dark = (grey <= 25) & face, bright = (grey >= 247) & face;
  cv::Mat darkF, brightF;
  dark.convertTo(darkF, CV_32F, 1.0 / 255);
  bright.convertTo(brightF, CV_32F, 1.0 / 255);

  // Background: colour distance to the median of the top corners, flood-connected from the border.
  cv::Mat labF;
  lab.convertTo(labF, CV_32FC3);
  const int cw = std::max(4, size.width / 10), ch = std::max(4, size.height / 12);
  cv::Scalar bg = (cv::mean(labF(cv::Rect(0, 0, cw, ch))) + cv::mean(labF(cv::Rect(size.width - cw, 0, cw, ch)))) * 0.5;
  cv::Mat diff = labF - bg;
  std::vector<cv::Mat> dc;
  cv::split(diff, dc);
  cv::Mat dist;
  cv::magnitude(dc[0], dc[1], dist);
  cv::magnitude(dist, dc[2], dist);
  cv::Mat uniformity;
  cv::min(dist / 50.0, 1.0, uniformity);
  cv::Mat bgMask = dist < 18.0;
  bgMask.convertTo(bgMask, CV_8U);
  bgMask = bgMask & ~face;
  cv::Mat bgF;
  bgMask.convertTo(bgF, CV_32F, 1.0 / 255);
  uniformity = uniformity.mul(bgF);

  // Sharpness: local Laplacian energy normalised to the face's 99th percentile.
  cv::Mat lap, energy;
  cv::Laplacian(grey, lap, CV_32F, 3);
  cv::GaussianBlur(lap.mul(lap), energy, cv::Size(), 3.0);
  cv::sqrt(energy, energy);
  std::vector<float> vals;
  for (int y = 0; y < size.height; y += 2)
    for (int x = 0; x < size.width; x += 2)
      if (face.at<uchar>(y, x)) vals.push_back(energy.at<float>(y, x));
  float norm = 1;
  if (!vals.empty()) {
    std::nth_element(vals.begin(), vals.begin() + vals.size() * 99 / 100, vals.end());
    norm = std::max(1e-3f, vals[vals.size() * 99 / 100]);
  }
  cv::Mat sharp;
  cv::min(energy / norm, 1.0, sharp);

  cv::merge(std::vector<cv::Mat>{lighting, glareF, spec, sharp}, p.maps_a);
  cv::merge(std::vector<cv::Mat>{darkF, brightF, bgF, uniformity}, p.maps_b);
}

// The engine's analysis and raw maps, resized to the display copy and packed for the GPU.
bool engine_maps(PhotoData& p, const std::string& bytes) {
  const auto& engine = quality::Engine::instance();
  quality::Maps maps;
  quality::Analysis a = engine.analyze_bytes(bytes, &maps);
  p.checks = a.checks;
  p.geometry = a.geometry.face ? a.geometry : maps.geometry;
  p.engine_version = engine.version();
  p.result_json = quality::to_json(a).dump();
  p.analysis_ok = a.ok();
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
  p.maps_from_engine = true;
  p.analysed = true;
  to_half(p);
  return true;
}

}  // namespace

void analyse_for_store(PhotoData& p, const std::string& bytes) {
  const auto& engine = quality::Engine::instance();
  p.engine_version = engine.version();
  p.analysed = true;
  try {
    quality::Analysis a = engine.analyze_bytes(bytes, nullptr);
    p.checks = a.checks;
    p.result_json = quality::to_json(a).dump();
    p.analysis_ok = a.ok();
  } catch (const std::exception& e) {
    // Stored as a failed analysis: the queue says "automatic checks failed", never "no findings".
    p.analysis_error = e.what();
    p.result_json = failed_analysis_json(p.engine_version, e.what()).dump();
    p.analysis_ok = false;
  }
}

void analyse_photo(PhotoData& p, const std::string& bytes) {
  if (!p.error.empty() || p.rgba.empty()) return;
  auto t0 = std::chrono::steady_clock::now();
  try {
    if (engine_maps(p, bytes)) {
      p.analyse_ms = ms_since(t0);
      return;
    }
  } catch (const std::exception& e) {
    // The engine failed on this photo: said so (findings panel, queue, sheet), with why; the
    // overlay pane falls back to preview maps so the photo can still be looked at.
    p.analysis_error = e.what();
    try {
      p.engine_version = quality::Engine::instance().version();
      p.result_json = failed_analysis_json(p.engine_version, e.what()).dump();
      p.analysis_ok = false;
    } catch (const std::exception&) {
    }
  }
  try {
    quality::FileFacts facts;
    cv::Mat bgr = quality::decode_upright(bytes, &facts);
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    try {
      const auto& model = quality::FaceModel::shared();
      auto faces = model.detect(grey, 320);
      if (!faces.empty()) {
        auto pts = model.landmarks(grey, faces.front().box);
        p.geometry = quality::measure_geometry(pts, bgr.size(), 0.55);
        p.geometry.faces = static_cast<int>(faces.size());
        for (const auto& f : faces) p.geometry.face_boxes.push_back(f.box);
      }
    } catch (const std::exception&) {
      // No landmark model: the maps still render, without landmarks.
    }
    preview_maps(p, bgr);
    to_half(p);
    p.analysed = true;
  } catch (const std::exception& e) {
    p.error = e.what();
  }
  p.analyse_ms = ms_since(t0);
}

}  // namespace pa::ui
