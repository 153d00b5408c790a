#include "quality/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/image_check.h"
#include "quality/check.h"
#include "quality/codes.h"
#include "quality/face_model.h"
#include "quality/file_facts.h"
#include "quality/frame.h"
#include "quality/geometry.h"
#include "quality/head_pose.h"

namespace pa::quality {

namespace {

double since_ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Finds the faces (a second, full-resolution pass when the downscaled one finds none: a small
// subject) and measures the largest one. The head pose is fitted on the measures' landmarks
// first; when its yaw, pitch or roll (the eye line) exceeds pose_refine_above (set below where
// any verdict other than a pass can start, by more than the quick fit's largest difference from
// the steady one on the people it was set on: quality.json), it is measured again on the steady
// landmarks, ten predictor runs (FaceModel::steady_landmarks), and that value stands. When it is
// the roll that passes it, the roll (eye_line_deg) is the steady landmarks' eye line too; the
// measures' other geometry keeps the single run they were tuned on. On the single run a face
// turned 10-15 degrees in the image plane read up to 3.7 degrees off; on the steady landmarks
// within 1.3 (docs/quality.md, Head pose).
Geometry locate_face(const FaceModel& model, const cv::Mat& grey, const Params& det,
                     const HeadPoseModel& pose) {
  std::vector<DetectedFace> faces = model.detect(grey, int(det.num("long_side")));
  if (faces.empty() && det.num("fallback_long_side") > det.num("long_side"))
    faces = model.detect(grey, int(det.num("fallback_long_side")));
  Geometry g;
  if (!faces.empty()) {
    g = measure_geometry(model.landmarks(grey, faces[0].box), det.num("crown_ratio"));
    const bool open_mouth = g.mouth_opening > det.num("pose_open_mouth");
    g.pose = pose.fit(g.landmarks, open_mouth);
    const double refine_above = det.num("pose_refine_above");
    if (!g.pose.valid || std::max({std::abs(g.pose.yaw), std::abs(g.pose.pitch), std::abs(g.eye_line_deg)}) >
                             refine_above) {
      const std::vector<cv::Point2f> steady = model.steady_landmarks(grey, faces[0].box);
      g.pose = pose.fit(steady, open_mouth);
      g.pose.refined = true;
      if (std::abs(g.eye_line_deg) > refine_above) g.eye_line_deg = eye_line_deg(steady);
    }
  }
  g.faces = int(faces.size());
  for (const auto& f : faces) g.face_boxes.push_back(f.box);
  return g;
}

void add_geometry_metrics(const Geometry& g, std::map<std::string, double>& m) {
  m["faces"] = g.faces;
  if (!g.face) return;
  m["yaw_deg"] = g.pose.yaw;
  m["pitch_deg"] = g.pose.pitch;
  m["yaw_sd_deg"] = g.pose.yaw_sd;
  m["pitch_sd_deg"] = g.pose.pitch_sd;
  m["roll_fit_deg"] = g.pose.roll;
  m["pose_refined"] = g.pose.refined ? 1 : 0;
  m["pose_without_lower_jaw"] = g.pose.without_lower_jaw ? 1 : 0;
  m["mouth_opening"] = g.mouth_opening;
  m["eye_line_deg"] = g.eye_line_deg;
  m["inter_eye_px"] = g.inter_eye;
  m["face_width_px"] = g.face_width;
  m["face_centre_x_px"] = g.face_centre_x;
  m["eye_line_y_px"] = g.eye_y;
  m["chin_y_px"] = g.chin_y;
  m["crown_y_px"] = g.crown_y;
  m["crown_y_estimate_px"] = g.crown_y_estimate;
  m["symmetry_mean"] = g.symmetry_mean;
}

// 100 minus the weighted findings (weights per code in "score"), floored at 0.
double score(const Analysis& a, const Params& p) {
  double penalty = 0;
  for (const auto& info : raisable_codes()) {
    const CheckResult* r = a.finding(std::string(info.code));
    if (!r) continue;
    double w = p.num_or(std::string(info.code), p.num("default_weight"));
    penalty += w * (r->severity == Severity::fail ? 1.0 : p.num("warn_factor"));
  }
  return std::max(0.0, 100.0 - penalty);
}

}  // namespace

bool Analysis::ok() const {
  for (const auto& c : checks)
    if (c.severity == Severity::fail) return false;
  return true;
}

std::vector<const CheckResult*> Analysis::findings() const {
  std::vector<const CheckResult*> out;
  for (const auto& c : checks)
    if (c.severity != Severity::pass) out.push_back(&c);
  return out;
}

const CheckResult* Analysis::finding(const std::string& code) const {
  const CheckResult* best = nullptr;
  for (const auto& c : checks)
    if (c.code == code && c.severity != Severity::pass &&
        (!best || c.severity > best->severity))  // Severity rises: pass < warn < fail
      best = &c;
  return best;
}

const Engine& Engine::instance() {
  static const Engine engine(Config::load_default());
  return engine;
}

Engine::Engine(Config config, std::string model_path)
    : config_(std::move(config)), model_path_(std::move(model_path)) {
  checks_ = make_checks(config_);
  pose_model_ = std::make_unique<HeadPoseModel>(HeadPoseModel::from_json(
      config_.json().value("head_pose_model", nlohmann::json()), config_.source()));
  (void)config_.detector().num("long_side");  // fail early on an incomplete configuration
  (void)config_.check("background_model").num("scale");
  (void)config_.section("score").num("default_weight");
  version_ = "q1-" + fnv1a_hex(std::string(kCodeRevision) + "|" + config_.fingerprint()).substr(0, 12);
}

Engine::~Engine() = default;

double Engine::load_model() const {
  FaceModel::shared(model_path_);
  return FaceModel::shared_load_ms();
}

double Engine::model_load_ms() { return FaceModel::shared_load_ms(); }

Analysis Engine::analyze(const cv::Mat& image, const FileFacts& facts, Maps* maps) const {
  auto t0 = std::chrono::steady_clock::now();
  const FaceModel& model = FaceModel::shared(model_path_);
  Analysis a;
  Frame f;
  CV_Assert(!image.empty() && image.depth() == CV_8U);
  if (image.channels() == 1) cv::cvtColor(image, f.bgr, cv::COLOR_GRAY2BGR);
  else if (image.channels() == 4) cv::cvtColor(image, f.bgr, cv::COLOR_BGRA2BGR);
  else f.bgr = image;
  f.facts = facts;
  Params pixel = config_.check("pixel_size");
  f.ref_width = pixel.num("width");
  f.ref_height = pixel.num("height");
  cv::cvtColor(f.bgr, f.grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(f.bgr, f.lab, cv::COLOR_BGR2Lab);
  Params bg = config_.check("background_model");
  cv::resize(f.lab, f.small_lab, cv::Size(), bg.num("scale"), bg.num("scale"), cv::INTER_AREA);

  f.geo = locate_face(model, f.grey, config_.detector(), *pose_model_);
  if (f.geo.face) build_regions(f, bg);

  for (const auto& check : checks_)
    if (f.geo.face || !check->needs_face()) check->run(f, a.checks, maps);

  for (const auto& c : a.checks) a.metrics[c.check] = c.value;
  add_geometry_metrics(f.geo, a.metrics);
  a.metrics["score"] = score(a, config_.section("score"));
  a.geometry = std::move(f.geo);
  a.version = version_;
  if (maps) maps->geometry = a.geometry;
  a.ms = since_ms(t0);
  return a;
}

Analysis Engine::analyze_bytes(std::string_view bytes, Maps* maps, std::uint64_t max_pixels) const {
  auto t0 = std::chrono::steady_clock::now();
  auto refuse = [&](const std::string& message) {
    Analysis a;
    a.version = version_;
    Params p = config_.check("file_type");
    a.checks.push_back({"format", p.name(), 1, 1, Severity::fail, message});
    a.metrics[p.name()] = 1;
    a.ms = since_ms(t0);
    return a;
  };
  // Judged from the header before anything is decoded: no decoder sees a hostile size.
  const FileFacts header = sniff_file(bytes);
  if (header.container == "other" || header.width <= 0 || header.height <= 0)
    return refuse("不是可读的 JPEG 或 PNG 图像 (not a readable JPEG or PNG image)");
  if (std::uint64_t(header.width) * std::uint64_t(header.height) > max_pixels)
    return refuse("图片尺寸过大 " + std::to_string(header.width) + "×" + std::to_string(header.height) +
                  "，上限 " + std::to_string(max_pixels) + " 像素 (image too large: " +
                  std::to_string(header.width) + "x" + std::to_string(header.height) + ", limit " +
                  std::to_string(max_pixels) + " pixels)");
  // OpenCV decodes a truncated or corrupt JPEG with a grey lower half and says nothing, and that
  // half photo would then be judged as if whole. The strict check the import uses (every bit of
  // the entropy-coded data, no libjpeg warning; PNG CRCs to IEND) refuses it here too.
  if (std::string why; !validate_image(bytes, nullptr, &why, max_pixels)) return refuse(why);
  FileFacts facts;
  cv::Mat img = decode_upright(bytes, &facts);
  if (img.empty()) return refuse("无法解码图像文件 (the file does not decode as an image)");
  Analysis a = analyze(img, facts, maps);
  a.ms = since_ms(t0);
  return a;
}

nlohmann::json to_json(const Analysis& a) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& info : raisable_codes()) {
    const CheckResult* r = a.finding(std::string(info.code));
    if (!r) continue;
    findings.push_back({{"code", r->code},
                        {"check", r->check},
                        {"severity", to_string(r->severity)},
                        {"value", r->value},
                        {"threshold", r->threshold},
                        {"message", r->message}});
  }
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [k, v] : a.metrics) metrics[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
  return {{"ok", a.ok()}, {"findings", findings}, {"metrics", metrics}};
}

}  // namespace pa::quality
