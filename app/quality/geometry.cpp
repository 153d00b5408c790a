#include "quality/geometry.h"

#include <cmath>
#include <numeric>


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

int mirror_landmark(int i) {
  for (const auto& [a, b] : mirrored_pairs()) {
    if (i == a) return b;
    if (i == b) return a;
  }
  return i;  // on the midline: the jaw's centre, the nose ridge, the mouth's centre
}

double eye_line_deg(const std::vector<cv::Point2f>& p) {
  const cv::Point2f v = mean_of(p, lm::eye_r_first, lm::eye_r_last) - mean_of(p, lm::eye_l_first, lm::eye_l_last);
  return std::atan2(-v.y, v.x) * kDeg;
}

Geometry measure_geometry(const std::vector<cv::Point2f>& p, double crown_ratio) {
  Geometry g;
  if (p.size() != 68) return g;
  g.face = true;
  g.landmarks = p;
  g.eye_left = mean_of(p, lm::eye_l_first, lm::eye_l_last);
  g.eye_right = mean_of(p, lm::eye_r_first, lm::eye_r_last);
  cv::Point2f eye_vec = g.eye_right - g.eye_left;
  g.inter_eye = cv::norm(eye_vec);
  g.eye_line_deg = eye_line_deg(p);
  double gap = 0;
  for (auto [a, b] : {std::pair{61, 67}, std::pair{62, 66}, std::pair{63, 65}})
    gap = std::max(gap, double(cv::norm(p[a] - p[b])));
  const double eyes_to_chin = cv::norm(p[lm::chin] - (g.eye_left + g.eye_right) * 0.5f);
  g.mouth_opening = eyes_to_chin > 0 ? gap / eyes_to_chin : 0;

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
  return g;
}

}  // namespace pa::quality
