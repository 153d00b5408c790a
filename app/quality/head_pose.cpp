#include "quality/head_pose.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "quality/geometry.h"

namespace pa::quality {

namespace {
constexpr double kDeg = 180.0 / CV_PI;
constexpr double kInterEyeMm = 63.0;  // adult distance between the eye centres (depths -> units)
constexpr int kPoseParams = 6;        // yaw, pitch, roll, log scale, x, y

// The face in the model's frame: origin between the eye centres, eye line along +x, the distance
// between the eye centres 1. Only the used points, as x0 y0 x1 y1 ...
std::vector<double> normalised(const std::vector<cv::Point2f>& p, bool mirror) {
  cv::Point2d el(0, 0), er(0, 0);
  for (int i = 0; i < 6; ++i) {
    el += cv::Point2d(p[lm::eye_l_first + i]) / 6.0;
    er += cv::Point2d(p[lm::eye_r_first + i]) / 6.0;
  }
  cv::Point2d mid = (el + er) * 0.5, d = er - el;
  double ie = std::hypot(d.x, d.y), c = d.x / ie, s = d.y / ie;
  std::vector<double> out;
  for (int idx : HeadPoseModel::points()) {
    cv::Point2d q = cv::Point2d(p[mirror ? mirror_landmark(idx) : idx]) - mid;
    double x = (c * q.x + s * q.y) / ie, y = (-s * q.x + c * q.y) / ie;
    out.push_back(mirror ? -x : x);
    out.push_back(y);
  }
  return out;
}

std::vector<double> numbers(const nlohmann::json& j, const char* key, std::size_t n,
                            const std::string& source) {
  if (!j.contains(key) || !j[key].is_array() || (n && j[key].size() != n))
    throw UserError("head_pose_model." + std::string(key) + ": expected an array of " +
                        std::to_string(n) + " numbers",
                    source);
  std::vector<double> v;
  for (const auto& x : j[key]) {
    if (!x.is_number()) throw UserError("head_pose_model." + std::string(key) + ": not a number", source);
    v.push_back(x.get<double>());
  }
  return v;
}
}  // namespace

const std::vector<int>& HeadPoseModel::points() {
  static const std::vector<int> p = [] {
    std::vector<int> v;
    for (int i = lm::jaw_first; i <= lm::eye_r_last; ++i) v.push_back(i);
    return v;
  }();
  return p;
}

HeadPoseModel HeadPoseModel::learn(const std::vector<std::vector<cv::Point2f>>& frontal,
                                   const std::vector<double>& depth_mm, int modes) {
  const int n = int(points().size());
  if (int(depth_mm.size()) != n) throw std::invalid_argument("learn: one depth per point");
  if (frontal.size() < 2 || modes < 0 || modes >= int(2 * frontal.size()))
    throw std::invalid_argument("learn: too few faces for the modes");
  cv::Mat data(0, 2 * n, CV_64F);
  for (const auto& face : frontal) {
    if (face.size() != lm::count) throw std::invalid_argument("learn: 68 landmarks per face");
    for (bool mirror : {false, true}) data.push_back(cv::Mat(normalised(face, mirror)).t());
  }
  HeadPoseModel m;
  cv::PCA pca(data, cv::noArray(), cv::PCA::DATA_AS_ROW, modes);
  for (int i = 0; i < n; ++i)
    m.mean_.emplace_back(pca.mean.at<double>(2 * i), pca.mean.at<double>(2 * i + 1),
                         depth_mm[i] / kInterEyeMm);
  for (int k = 0; k < modes; ++k) {
    m.modes_.emplace_back(pca.eigenvectors.ptr<double>(k), pca.eigenvectors.ptr<double>(k) + 2 * n);
    m.mode_sd_.push_back(std::sqrt(std::max(pca.eigenvalues.at<double>(k), 1e-12)));
  }
  cv::Mat left = data - cv::repeat(pca.mean, data.rows, 1);
  if (modes > 0) left -= pca.project(data) * pca.eigenvectors;
  m.point_sd_.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    double ss = 0;
    for (int r = 0; r < left.rows; ++r)
      ss += std::pow(left.at<double>(r, 2 * i), 2) + std::pow(left.at<double>(r, 2 * i + 1), 2);
    // A floor: the landmarks themselves are not placed more finely than this (0.5% of the
    // distance between the eyes, about a pixel in a 480 x 640 photo).
    m.point_sd_[i] = std::max(std::sqrt(ss / (2.0 * left.rows)), 0.005);
  }
  return m;
}

HeadPoseModel HeadPoseModel::from_json(const nlohmann::json& j, const std::string& source) {
  const std::size_t n = points().size();
  if (!j.is_object()) throw UserError("missing section \"head_pose_model\"", source);
  auto x = numbers(j, "x", n, source), y = numbers(j, "y", n, source),
       z = numbers(j, "z", n, source), sd = numbers(j, "point_sd", n, source),
       msd = numbers(j, "mode_sd", 0, source);
  if (!j.contains("modes") || !j["modes"].is_array() || j["modes"].size() != msd.size())
    throw UserError("head_pose_model.modes: one mode per mode_sd", source);
  HeadPoseModel m;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(sd[i] > 0)) throw UserError("head_pose_model.point_sd: must be positive", source);
    m.mean_.emplace_back(x[i], y[i], z[i]);
  }
  m.point_sd_ = sd;
  m.mode_sd_ = msd;
  for (const char* key : {"person_yaw_sd", "person_pitch_sd"})
    if (!j.contains(key) || !j[key].is_number() || j[key].get<double>() < 0)
      throw UserError("head_pose_model." + std::string(key) + ": expected a number >= 0", source);
  m.person_yaw_sd_ = j["person_yaw_sd"].get<double>();
  m.person_pitch_sd_ = j["person_pitch_sd"].get<double>();
  for (const auto& mode : j["modes"]) m.modes_.push_back(numbers({{"mode", mode}}, "mode", 2 * n, source));
  return m;
}

nlohmann::json HeadPoseModel::to_json() const {
  auto round = [](double v) { return std::round(v * 1e5) / 1e5; };
  nlohmann::json j;
  for (const auto& p : mean_) {
    j["x"].push_back(round(p.x));
    j["y"].push_back(round(p.y));
    j["z"].push_back(round(p.z));
  }
  for (double v : point_sd_) j["point_sd"].push_back(round(v));
  j["person_yaw_sd"] = round(person_yaw_sd_);
  j["person_pitch_sd"] = round(person_pitch_sd_);
  j["mode_sd"] = nlohmann::json::array();
  for (double v : mode_sd_) j["mode_sd"].push_back(round(v));
  j["modes"] = nlohmann::json::array();
  for (const auto& mode : modes_) {
    nlohmann::json row = nlohmann::json::array();
    for (double v : mode) row.push_back(round(v));
    j["modes"].push_back(row);
  }
  return j;
}

void HeadPoseModel::project(const double* t, cv::Point2d mid, double ie,
                            std::vector<cv::Point2d>& out) const {
  const int n = int(mean_.size()), k = modes();
  double cy = std::cos(t[0]), sy = std::sin(t[0]), cp = std::cos(t[1]), sp = std::sin(t[1]),
         cr = std::cos(t[2]), sr = std::sin(t[2]), s = ie * std::exp(t[3]);
  out.resize(n);
  for (int i = 0; i < n; ++i) {
    double x = mean_[i].x, y = mean_[i].y, z = mean_[i].z;
    for (int m = 0; m < k; ++m) {
      x += t[kPoseParams + m] * modes_[m][2 * i];
      y += t[kPoseParams + m] * modes_[m][2 * i + 1];
    }
    // Pitch (about x; > 0 lifts the front of the face), then yaw (about y; > 0 turns it to the
    // image's right), then roll (in the image plane; > 0 counter-clockwise on screen); seen from
    // afar (scaled orthographic: a portrait is taken from a metre or more).
    double y1 = cp * y + sp * z, z1 = -sp * y + cp * z;
    double x2 = cy * x - sy * z1;
    double x3 = cr * x2 + sr * y1, y3 = -sr * x2 + cr * y1;
    out[i] = {s * x3 + mid.x + ie * t[4], s * y3 + mid.y + ie * t[5]};
  }
}

std::vector<cv::Point2f> HeadPoseModel::render(const Pose& pose, double inter_eye_px,
                                               cv::Point2f centre,
                                               const std::vector<double>& weights) const {
  std::vector<double> t(kPoseParams + modes(), 0.0);
  t[0] = pose.yaw / kDeg;
  t[1] = pose.pitch / kDeg;
  t[2] = pose.roll / kDeg;
  for (std::size_t m = 0; m < weights.size() && int(m) < modes(); ++m)
    t[kPoseParams + m] = weights[m] * mode_sd_[m];
  std::vector<cv::Point2d> at;
  project(t.data(), cv::Point2d(centre), inter_eye_px, at);
  std::vector<cv::Point2f> out(lm::count, centre);
  for (std::size_t i = 0; i < at.size(); ++i) out[points()[i]] = cv::Point2f(at[i]);
  return out;
}

Pose HeadPoseModel::fit(const std::vector<cv::Point2f>& p, bool open_mouth) const {
  Pose whole = fit_points(p, false);
  if (!open_mouth || !whole.valid) return whole;
  Pose upper = fit_points(p, true);
  if (!upper.valid) return whole;
  whole.yaw = upper.yaw;
  whole.yaw_sd = upper.yaw_sd;
  whole.without_lower_jaw = true;
  return whole;
}

Pose HeadPoseModel::fit_points(const std::vector<cv::Point2f>& p, bool without_lower_jaw) const {
  Pose pose;
  if (p.size() != lm::count || empty()) return pose;
  const int n = int(mean_.size()), k = modes(), np = kPoseParams + k, nr = 2 * n + k;
  cv::Point2d el(0, 0), er(0, 0);
  for (int i = 0; i < 6; ++i) {
    el += cv::Point2d(p[lm::eye_l_first + i]) / 6.0;
    er += cv::Point2d(p[lm::eye_r_first + i]) / 6.0;
  }
  const cv::Point2d mid = (el + er) * 0.5, d = er - el;
  const double ie = std::hypot(d.x, d.y);
  if (!(ie > 1)) return pose;

  // Residuals, each in standard deviations: the points (px / (distance between the eyes x the
  // point's spread)) and the modes' weights (the prior that keeps the face a plausible one).
  std::vector<cv::Point2d> at;
  std::vector<char> used(n, 1);  // a point left out contributes nothing
  int n_used = n;
  if (without_lower_jaw)
    for (int i = 0; i < n; ++i)
      if (points()[i] >= 3 && points()[i] <= 13) used[i] = 0, --n_used;
  auto residuals = [&](const cv::Mat& th, cv::Mat& r) {
    const double* t = th.ptr<double>();
    project(t, mid, ie, at);
    r.create(nr, 1, CV_64F);
    for (int i = 0; i < n; ++i) {
      const cv::Point2f& o = p[points()[i]];
      r.at<double>(2 * i) = used[i] ? (at[i].x - o.x) / (ie * point_sd_[i]) : 0;
      r.at<double>(2 * i + 1) = used[i] ? (at[i].y - o.y) / (ie * point_sd_[i]) : 0;
    }
    for (int m = 0; m < k; ++m) r.at<double>(2 * n + m) = t[kPoseParams + m] / mode_sd_[m];
  };
  auto jacobian = [&](const cv::Mat& th, cv::Mat& J) {
    J.create(nr, np, CV_64F);
    cv::Mat a, b;
    for (int c = 0; c < np; ++c) {
      cv::Mat t1 = th.clone(), t2 = th.clone();
      const double h = 1e-6;
      t1.at<double>(c) += h;
      t2.at<double>(c) -= h;
      residuals(t1, a);
      residuals(t2, b);
      cv::Mat col = (a - b) / (2 * h);
      col.copyTo(J.col(c));
    }
  };

  cv::Mat th = cv::Mat::zeros(np, 1, CV_64F), r, J;
  th.at<double>(2) = std::atan2(-d.y, d.x);
  residuals(th, r);
  double cost = r.dot(r), lambda = 1e-3;
  for (int it = 0; it < 50; ++it) {
    jacobian(th, J);
    cv::Mat A = J.t() * J, g = J.t() * r, step;
    cv::Mat Ad = A.clone();
    for (int c = 0; c < np; ++c) Ad.at<double>(c, c) += lambda * std::max(A.at<double>(c, c), 1e-9);
    if (!cv::solve(Ad, -g, step, cv::DECOMP_CHOLESKY)) break;
    cv::Mat next = th + step, rn;
    residuals(next, rn);
    double c2 = rn.dot(rn);
    if (c2 < cost) {
      th = next;
      r = rn;
      bool done = cost - c2 < 1e-10 * (1 + cost);
      cost = c2;
      lambda = std::max(lambda / 10, 1e-9);
      if (done) break;
    } else {
      lambda *= 10;
      if (lambda > 1e8) break;
    }
  }
  jacobian(th, J);
  cv::Mat cov;
  cv::invert(J.t() * J, cov, cv::DECOMP_SVD);
  // A face the model explains worse than its people (a landmark off, an expression) widens the
  // uncertainty by the misfit.
  double misfit = std::max(1.0, cost / std::max(1, 2 * n_used - kPoseParams));
  pose.yaw = th.at<double>(0) * kDeg;
  pose.pitch = th.at<double>(1) * kDeg;
  pose.roll = th.at<double>(2) * kDeg;
  pose.yaw_sd = std::hypot(std::sqrt(std::max(0.0, cov.at<double>(0, 0)) * misfit) * kDeg, person_yaw_sd_);
  pose.pitch_sd =
      std::hypot(std::sqrt(std::max(0.0, cov.at<double>(1, 1)) * misfit) * kDeg, person_pitch_sd_);
  pose.valid = std::isfinite(pose.yaw) && std::isfinite(pose.pitch) && std::isfinite(pose.roll) &&
               std::isfinite(pose.yaw_sd) && std::isfinite(pose.pitch_sd) &&
               std::fabs(pose.yaw) < 90 && std::fabs(pose.pitch) < 90;
  return pose;
}

}  // namespace pa::quality
