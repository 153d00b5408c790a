// background (uniformity, colour) and clothing_color (contrast with the background, blue top).
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "quality/checks.h"

namespace pa::quality {
namespace {

cv::Mat small_mask(const Frame& f, const cv::Mat& full) {
  cv::Mat s;
  cv::resize(full, s, f.small_lab.size(), 0, 0, cv::INTER_NEAREST);
  return s;
}

// Texture of the background (OFIQ BackgroundUniformity): mean luminance gradient (L* per pixel at
// the background model's scale) over the sampled background, away from the person's outline.
class BackgroundTexture : public Check {
 public:
  explicit BackgroundTexture(const Config& c) : Check(c, "background_texture") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps* maps) const override {
    const Regions& r = f.regions;
    cv::Mat sample;
    cv::erode(r.bg_sample, sample, cv::Mat(), cv::Point(-1, -1), 2);
    if (!cv::countNonZero(sample)) return;
    cv::Mat l, gx, gy, mag;
    cv::extractChannel(f.small_lab, l, 0);
    l.convertTo(l, CV_32F, 100.0 / 255.0);
    cv::GaussianBlur(l, l, cv::Size(3, 3), 0);
    cv::Sobel(l, gx, CV_32F, 1, 0, 3, 1.0 / 8);
    cv::Sobel(l, gy, CV_32F, 0, 1, 3, 1.0 / 8);
    cv::magnitude(gx, gy, mag);
    double texture = cv::mean(mag, sample)[0];
    out.push_back(above(params(), "background", texture));
    if (maps) {
      maps->background_mask = map_of(r.background, f.bgr.size());
      cv::Mat u = r.bg_distance / 50.0;
      cv::min(u, 1.0, u);
      maps->background_uniformity = map_of(u, f.bgr.size(), 1.0);
    }
  }
};

// Share of the sampled background that differs from the background colour by more than the
// background model's ΔE: shadows, gradients, objects.
class BackgroundSpread : public Check {
 public:
  explicit BackgroundSpread(const Config& c) : Check(c, "background_spread") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const Regions& r = f.regions;
    int n = cv::countNonZero(r.bg_sample);
    if (!n) return;
    cv::Mat off = (r.bg_distance > num("delta_e")) & r.bg_sample;
    out.push_back(above(params(), "background", 100.0 * cv::countNonZero(off) / n));
  }
};

// Distance of the background colour to the nearest standard colour (light blue, white, light grey,
// #00A3E6), CIE76 ΔE.
class BackgroundColour : public Check {
 public:
  explicit BackgroundColour(const Config& c) : Check(c, "background_colour") {
    for (const auto& rgb : c.json()["checks"]["background_colour"]["colours"])
      standards_.push_back(lab_of_rgb(rgb[0].get<int>(), rgb[1].get<int>(), rgb[2].get<int>()));
    if (standards_.empty()) throw std::invalid_argument("background_colour.colours is empty");
  }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    double best = 1e9;
    for (const auto& s : standards_) best = std::min(best, delta_e(f.regions.bg_lab, s));
    out.push_back(above(params(), "background", best));
  }

 private:
  std::vector<cv::Vec3f> standards_;
};

// Share of the top (the clothing below the neck) whose colour is close to the background's.
class ClothingContrast : public Check {
 public:
  explicit ClothingContrast(const Config& c) : Check(c, "clothing_contrast") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    cv::Mat cloth = small_mask(f, f.regions.clothing);
    int n = cv::countNonZero(cloth);
    if (n < num("min_pixels")) return;
    cv::Mat near = (f.regions.bg_distance < num("delta_e")) & cloth;
    out.push_back(above(params(), "clothing_color", 100.0 * cv::countNonZero(near) / n));
  }
};

// Share of the top that is blue (CIE hue angle in the blue range, enough chroma and lightness),
// not counting pixels of the background colour.
class BlueTop : public Check {
 public:
  explicit BlueTop(const Config& c) : Check(c, "blue_top") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    cv::Mat cloth = small_mask(f, f.regions.clothing) & (f.regions.bg_distance >= num("bg_delta_e"));
    int n = cv::countNonZero(cloth);
    if (n < num("min_pixels")) return;
    const double h0 = num("hue_min"), h1 = num("hue_max"), cmin = num("min_chroma"), lmin = num("min_lightness");
    int blue = 0;
    for (int y = 0; y < cloth.rows; ++y) {
      const cv::Vec3b* p = f.small_lab.ptr<cv::Vec3b>(y);
      const uchar* m = cloth.ptr<uchar>(y);
      for (int x = 0; x < cloth.cols; ++x) {
        if (!m[x]) continue;
        cv::Vec3f v = lab_real(p[x]);
        double h = std::atan2(v[2], v[1]) * 180.0 / CV_PI;
        if (h < 0) h += 360;
        if (v[0] >= lmin && std::hypot(v[1], v[2]) >= cmin && h >= h0 && h <= h1) ++blue;
      }
    }
    out.push_back(above(params(), "clothing_color", 100.0 * blue / n));
  }
};

}  // namespace

void add_background_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<BackgroundTexture>(c));
  out.push_back(std::make_unique<BackgroundSpread>(c));
  out.push_back(std::make_unique<BackgroundColour>(c));
  out.push_back(std::make_unique<ClothingContrast>(c));
  out.push_back(std::make_unique<BlueTop>(c));
}

}  // namespace pa::quality
