// uneven_lighting, underexposed, overexposed, blurry: luminance and sharpness of the face.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "quality/checks.h"

namespace pa::quality {
namespace {

double lstar(const cv::Mat& lab, const cv::Mat& mask) {
  cv::Mat l;
  cv::extractChannel(lab, l, 0);
  return masked_quantile(l, mask, 0.5) * 100.0 / 255.0;
}

// Where exposure is judged: the skin, or, when no face was found (a face washed out or lost in
// the dark is often not found), the central ellipse of the image.
cv::Mat exposure_region(const Frame& f) {
  if (f.geo.face) return f.regions.skin;
  cv::Mat m = cv::Mat::zeros(f.grey.size(), CV_8U);
  cv::ellipse(m, cv::Point(f.grey.cols / 2, f.grey.rows * 2 / 5), cv::Size(f.grey.cols / 4, f.grey.rows / 5), 0, 0,
              360, cv::Scalar(255), cv::FILLED);
  return m;
}

// Left vs right cheek luminance (OFIQ IlluminationUniformity): |ΔL*| of the cheek medians.
class IlluminationUniformity : public Check {
 public:
  explicit IlluminationUniformity(const Config& c) : Check(c, "lighting_balance") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps* maps) const override {
    const Regions& r = f.regions;
    if (!cv::countNonZero(r.cheek_left) || !cv::countNonZero(r.cheek_right)) return;
    double left = lstar(f.lab, r.cheek_left), right = lstar(f.lab, r.cheek_right);
    CheckResult res = above(params(), "uneven_lighting", std::fabs(left - right));
    out.push_back(res);
    if (maps) {
      maps->lighting_left_mean = left;
      maps->lighting_right_mean = right;
      cv::Mat smooth;
      double sigma = std::max(1.0, f.geo.inter_eye * 0.08);
      cv::GaussianBlur(f.grey, smooth, cv::Size(), sigma);
      double lo = masked_quantile(smooth, r.face, 0.01), hi = masked_quantile(smooth, r.face, 0.99);
      cv::Mat m;
      smooth.convertTo(m, CV_32F, 1.0 / std::max(1.0, hi - lo), -lo / std::max(1.0, hi - lo));
      cv::min(cv::max(m, 0.0), 1.0, m);
      maps->lighting = cv::Mat::zeros(f.bgr.size(), CV_32F);
      m.copyTo(maps->lighting, r.face);
    }
  }
};

// Mean luma of the skin (of the image centre when no face was found): too low is underexposed,
// too high overexposed.
class FaceLuminance : public Check {
 public:
  explicit FaceLuminance(const Config& c)
      : Check(c, "luminance_dark"), bright_(c.check("luminance_bright")) {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    double mean = cv::mean(f.grey, exposure_region(f))[0];
    out.push_back(below(params(), "underexposed", mean));
    out.push_back(above(bright_, "overexposed", mean));
  }

 private:
  Params bright_;
};

// Share of skin pixels clipped dark ([0,25]) or bright ([247,255]), in percent
// (OFIQ UnderExposurePrevention / OverExposurePrevention).
class Clipping : public Check {
 public:
  explicit Clipping(const Config& c) : Check(c, "clipped_dark"), bright_(c.check("clipped_bright")) {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps* maps) const override {
    const cv::Mat& skin = f.regions.skin;
    double n = std::max(1, cv::countNonZero(skin));
    cv::Mat dark = (f.grey <= 25) & skin, bright = (f.grey >= 247) & skin;
    out.push_back(above(params(), "underexposed", 100.0 * cv::countNonZero(dark) / n));
    out.push_back(above(bright_, "overexposed", 100.0 * cv::countNonZero(bright) / n));
    if (maps) {
      maps->clipped_dark = map_of(dark, f.bgr.size());
      maps->clipped_bright = map_of(bright, f.bgr.size());
    }
  }

 private:
  Params bright_;
};

// Blur of the face (Crete et al. 2007 no-reference blur metric: how little the face changes when
// blurred again), measured on the face scaled to a canonical inter-eye distance so that the value
// does not depend on the face's size. 0 = sharp, 1 = fully blurred; the worse of the horizontal
// and vertical directions, so motion blur counts.
class Sharpness : public Check {
 public:
  explicit Sharpness(const Config& c) : Check(c, "sharpness") {}

  static double crete(const cv::Mat& g, const cv::Mat& mask, bool vertical) {
    cv::Mat b;
    cv::Size k = vertical ? cv::Size(1, 9) : cv::Size(9, 1);
    cv::blur(g, b, k, cv::Point(-1, -1), cv::BORDER_REFLECT);
    int dx = vertical ? 0 : 1, dy = vertical ? 1 : 0;
    double sf = 0, sv = 0;
    for (int y = dy; y < g.rows; ++y) {
      const float* gp = g.ptr<float>(y);
      const float* gq = g.ptr<float>(y - dy);
      const float* bp = b.ptr<float>(y);
      const float* bq = b.ptr<float>(y - dy);
      const uchar* m = mask.ptr<uchar>(y);
      for (int x = dx; x < g.cols; ++x) {
        if (!m[x]) continue;
        float df = std::fabs(gp[x] - gq[x - dx]), db = std::fabs(bp[x] - bq[x - dx]);
        sf += df;
        sv += std::max(0.0f, df - db);
      }
    }
    return sf > 0 ? (sf - sv) / sf : 1.0;
  }

  void run(const Frame& f, std::vector<CheckResult>& out, Maps* maps) const override {
    const Geometry& g = f.geo;
    cv::Rect box = clip_rect(cv::boundingRect(std::vector<cv::Point2f>(g.landmarks.begin(),
                                                                       g.landmarks.begin() + 27)),
                             f.bgr.size());
    if (box.area() < 16) return;
    double k = std::min(1.0, num("canonical_inter_eye") / std::max(1.0, g.inter_eye));
    cv::Mat crop, mask;
    cv::resize(f.grey(box), crop, cv::Size(), k, k, cv::INTER_AREA);
    cv::resize(f.regions.face(box), mask, crop.size(), 0, 0, cv::INTER_NEAREST);
    crop.convertTo(crop, CV_32F);
    double blur = std::max(crete(crop, mask, true), crete(crop, mask, false));
    out.push_back(above(params(), "blurry", blur));
    if (maps) {
      cv::Mat lap, energy;
      cv::Laplacian(f.grey, lap, CV_32F, 3);
      energy = cv::abs(lap);
      cv::GaussianBlur(energy, energy, cv::Size(), std::max(1.0, g.inter_eye * 0.05));
      cv::Mat e8;
      energy.convertTo(e8, CV_8U);
      double hi = std::max(1.0, masked_quantile(e8, f.regions.face, 0.99));
      cv::Mat m = energy / hi;
      cv::min(m, 1.0, maps->sharpness);
    }
  }
};

}  // namespace

void add_exposure_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<IlluminationUniformity>(c));
  out.push_back(std::make_unique<FaceLuminance>(c));
  out.push_back(std::make_unique<Clipping>(c));
  out.push_back(std::make_unique<Sharpness>(c));
}

}  // namespace pa::quality
