#include "quality/geometry.h"

#include <cmath>
#include <numeric>

#include <opencv2/calib3d.hpp>

namespace pa::quality {

namespace {
constexpr double kDeg = 180.0 / CV_PI;

cv::Point2f mean_of(const std::vector<cv::Point2f>& p, int first, int last) {
  cv::Point2f s(0, 0);
  for (int i = first; i <= last; ++i) s += p[i];
  return s * (1.0f / float(last - first + 1));
}

// Reflection of `p` about the line through `a` with unit direction `d`.
cv::Point2f reflect(cv::Point2f p, cv::Point2f a, cv::Point2f d) {
  cv::Point2f v = p - a;
  float t = v.dot(d);
  cv::Point2f foot = a + d * t;
  return foot * 2.0f - p;
}
}  // namespace

const std::vector<std::pair<int, cv::Point3f>>& generic_face_model() {
  // Millimetres, origin at the nose tip, inter-eye distance 62 mm. The frontal (x, y) layout is
  // where dlib puts these landmarks on frontal faces (measured on the two frontal portraits of the
  // test corpus: nose tip 0.555, nose base 0.73 and chin 1.70 inter-eye distances below the eye
  // line; inner eye corners 0.04 below it). Depths behind the nose tip from anthropometric tables
  // (Farkas). The mouth corners are left out: a smile moves them.
  static const std::vector<std::pair<int, cv::Point3f>> model = {
      {36, {-42.5f, -34.1f, 32.f}},  // outer corner, image-left eye
      {39, {-18.5f, -31.9f, 24.f}},  // inner corner, image-left eye
      {42, {18.5f, -31.9f, 24.f}},   // inner corner, image-right eye
      {45, {42.5f, -34.1f, 32.f}},   // outer corner, image-right eye
      {lm::nose_bridge, {0.f, -36.3f, 18.f}},
      {lm::nose_tip, {0.f, 0.f, 0.f}},
      {33, {0.f, 10.9f, 13.f}},      // nose base
      {lm::chin, {0.f, 71.f, 25.f}},
  };
  return model;
}

cv::Matx33d assumed_camera(cv::Size size) {
  double f = 2.0 * std::max(size.width, size.height);  // a portrait lens, not a wide angle
  return {f, 0, size.width / 2.0, 0, f, size.height / 2.0, 0, 0, 1};
}

Pose estimate_pose(const std::vector<cv::Point2f>& landmarks, cv::Size image) {
  Pose pose;
  if (landmarks.size() != 68) return pose;
  std::vector<cv::Point3f> obj;
  std::vector<cv::Point2f> img;
  for (const auto& [idx, p] : generic_face_model()) {
    obj.push_back(p);
    img.push_back(landmarks[idx]);
  }
  cv::Mat K(assumed_camera(image)), rvec, tvec;
  // Start frontal, in front of the camera, at the distance the face's apparent size implies.
  double f = K.at<double>(0, 0);
  double span = cv::norm(landmarks[45] - landmarks[36]);
  double z = span > 1 ? f * 85.0 / span : f;
  rvec = cv::Mat::zeros(3, 1, CV_64F);
  tvec = (cv::Mat_<double>(3, 1) << (landmarks[lm::nose_tip].x - image.width / 2.0) * z / f,
          (landmarks[lm::nose_tip].y - image.height / 2.0) * z / f, z);
  if (!cv::solvePnP(obj, img, K, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE))
    return pose;
  cv::Matx33d R;
  cv::Rodrigues(rvec, R);
  // R = Rz(g) * Ry(b) * Rx(a) in camera axes (y down, z forward).
  double b = -std::asin(std::clamp(R(2, 0), -1.0, 1.0));
  double a = std::atan2(R(2, 1), R(2, 2));
  double g = std::atan2(R(1, 0), R(0, 0));
  // Ry(b > 0) turns the face normal (0,0,-1) towards -x (image left); Rx(a > 0) tips it down;
  // Rz(g > 0) turns clockwise on screen. Report with the signs documented in types.h.
  pose.yaw = -b * kDeg;
  pose.pitch = -a * kDeg;
  pose.roll = -g * kDeg;
  pose.valid = std::isfinite(pose.yaw) && std::isfinite(pose.pitch) && std::isfinite(pose.roll);
  return pose;
}

const std::vector<std::array<int, 2>>& mirrored_pairs() {
  static const std::vector<std::array<int, 2>> pairs = [] {
    std::vector<std::array<int, 2>> v;
    for (int i = 0; i < 8; ++i) v.push_back({i, 16 - i});          // jaw
    for (int i = 0; i < 5; ++i) v.push_back({17 + i, 26 - i});     // brows
    v.insert(v.end(), {{36, 45}, {37, 44}, {38, 43}, {39, 42}, {41, 46}, {40, 47},  // eyes
                       {31, 35}, {32, 34},                                          // nostrils
                       {48, 54}, {49, 53}, {50, 52}, {59, 55}, {58, 56},            // outer lips
                       {60, 64}, {61, 63}, {67, 65}});                              // inner lips
    return v;
  }();
  return pairs;
}

Geometry measure_geometry(const std::vector<cv::Point2f>& p, cv::Size image, double crown_ratio) {
  Geometry g;
  if (p.size() != 68) return g;
  g.face = true;
  g.landmarks = p;
  g.eye_left = mean_of(p, lm::eye_l_first, lm::eye_l_last);
  g.eye_right = mean_of(p, lm::eye_r_first, lm::eye_r_last);
  cv::Point2f eye_vec = g.eye_right - g.eye_left;
  g.inter_eye = cv::norm(eye_vec);
  g.eye_line_deg = std::atan2(-eye_vec.y, eye_vec.x) * kDeg;

  // Midline: perpendicular bisector of the eye centres, drawn from the brows to the chin.
  cv::Point2f mid = (g.eye_left + g.eye_right) * 0.5f;
  cv::Point2f along = g.inter_eye > 0 ? eye_vec * (1.0f / float(g.inter_eye)) : cv::Point2f(1, 0);
  cv::Point2f down(-along.y, along.x);  // perpendicular, pointing down the face
  cv::Point2f brow = mean_of(p, lm::brow_first, lm::brow_last);
  g.midline_top = mid + down * (brow - mid).dot(down);
  g.midline_bottom = mid + down * (p[lm::chin] - mid).dot(down);

  g.symmetry.clear();
  for (const auto& [a, b] : mirrored_pairs()) {
    cv::Point2f r = reflect(p[a], mid, down);
    g.symmetry.push_back(g.inter_eye > 0 ? cv::norm(r - p[b]) / g.inter_eye : 0.0);
  }
  g.symmetry_mean = std::accumulate(g.symmetry.begin(), g.symmetry.end(), 0.0) /
                    double(g.symmetry.size());

  g.face_width = cv::norm(p[lm::jaw_last] - p[lm::jaw_first]);
  g.face_centre_x = (p[lm::jaw_first].x + p[lm::jaw_last].x) / 2.0;
  g.brow_y = brow.y;
  g.eye_y = mid.y;
  g.chin_y = p[lm::chin].y;
  g.crown_y_estimate = g.brow_y - crown_ratio * (g.chin_y - g.brow_y);
  g.crown_y = g.crown_y_estimate;
  g.pose = estimate_pose(p, image);
  return g;
}

}  // namespace pa::quality
