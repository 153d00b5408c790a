// Hints: heuristics that raise at most a warning for a person to judge (reasons.md `auto: hint`):
// recapture, retouched, hair_color_cast, shoulders_uneven, tinted_glasses, frame_covers_eyes,
// hair_occlusion, head_covering, clothing_pattern.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <opencv2/imgproc.hpp>

#include "quality/checks.h"
#include "quality/geometry.h"

namespace pa::quality {
namespace {

constexpr double kIed = AlignedFace::kInterEye;

// A rectangle in the aligned face, clipped.
cv::Rect aligned_rect(double x0, double y0, double x1, double y1) {
  cv::Rect r(cvRound(x0), cvRound(y0), cvRound(x1 - x0), cvRound(y1 - y0));
  return r & cv::Rect(0, 0, AlignedFace::kWidth, AlignedFace::kHeight);
}

// The person mask comes from the background colour: usable only on a plain background.
bool person_mask_trusted(const Frame& f) {
  return f.regions.bg_clean_share >= f.bg_min_clean_share;
}

double mean_y(const std::vector<cv::Point2f>& p, std::initializer_list<int> idx) {
  double s = 0;
  for (int i : idx) s += p[i].y;
  return s / idx.size();
}

// recapture (1): a screen or print photographed again shows moiré, sharp peaks in the spectrum.
// Value: the peak prominence (log magnitude over its neighbourhood) of a tile around the face.
class Moire : public Check {
 public:
  explicit Moire(const Config& c) : Check(c, "moire") {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    int n = std::min({int(num("tile")), f.grey.cols, f.grey.rows});
    cv::Point c = f.geo.face ? cv::Point(cvRound(f.geo.face_centre_x), cvRound(f.geo.eye_y))
                             : cv::Point(f.grey.cols / 2, f.grey.rows / 2);
    cv::Rect tile(std::clamp(c.x - n / 2, 0, f.grey.cols - n), std::clamp(c.y - n / 2, 0, f.grey.rows - n), n, n);
    double peak = spectral_peak(f.grey(tile), num("min_frequency"), num("max_frequency"), true);
    out.push_back(above(params(), "recapture", peak));
  }
};

// recapture (2): the dark bezel of a screen or a print's edge along the top, left and right.
// Value: the smallest share (%) of dark pixels over the three border strips.
class ScreenBorder : public Check {
 public:
  explicit ScreenBorder(const Config& c) : Check(c, "screen_border") {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    int w = std::max(2, cvRound(num("strip") * std::min(f.grey.cols, f.grey.rows)));
    cv::Mat dark = f.grey < num("max_luma");
    double share = 100;
    for (cv::Rect r : {cv::Rect(0, 0, f.grey.cols, w), cv::Rect(0, 0, w, f.grey.rows),
                       cv::Rect(f.grey.cols - w, 0, w, f.grey.rows)})
      share = std::min(share, 100.0 * cv::countNonZero(dark(r)) / r.area());
    out.push_back(above(params(), "recapture", share));
  }
};

// retouched: skin texture energy relative to the facial features' edges, on the canonical face.
// Beautifying filters flatten the skin and keep the edges. Value: skin / feature detail x 100.
class SkinTexture : public Check {
 public:
  explicit SkinTexture(const Config& c) : Check(c, "skin_texture") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const AlignedFace& a = f.aligned;
    const auto& p = a.landmarks;
    cv::Mat g, smooth, detail;
    a.grey.convertTo(g, CV_32F);
    cv::GaussianBlur(g, smooth, cv::Size(), 1.5);
    detail = cv::abs(g - smooth);
    cv::Size sz = g.size();
    cv::Mat skin = cv::Mat::zeros(sz, CV_8U), features = cv::Mat::zeros(sz, CV_8U);
    // Cheeks: below the eyes, beside the nose; forehead: above the brows.
    auto cheek = [&](int eye, int corner) {
      double y0 = mean_y(p, {eye + 4, eye + 5}) + 0.2 * kIed;
      double y1 = p[33].y;
      double xa = p[corner].x, xb = p[eye == 36 ? 31 : 35].x;
      return aligned_rect(std::min(xa, xb), y0, std::max(xa, xb), y1);
    };
    skin(cheek(36, 36)).setTo(255);
    skin(cheek(42, 45)).setTo(255);
    double by = mean_y(p, {19, 24});
    skin(aligned_rect(p[19].x, by - 0.45 * kIed, p[24].x, by - 0.15 * kIed)).setTo(255);
    for (int i : {36, 42}) {
      cv::Rect e = cv::boundingRect(std::vector<cv::Point2f>(p.begin() + i, p.begin() + i + 6));
      features(aligned_rect(e.x - 2, e.y - 3, e.x + e.width + 2, e.y + e.height + 3)).setTo(255);
    }
    cv::Rect m = cv::boundingRect(std::vector<cv::Point2f>(p.begin() + 48, p.begin() + 60));
    features(aligned_rect(m.x, m.y - 2, m.x + m.width, m.y + m.height + 2)).setTo(255);
    double sd = cv::mean(detail, skin)[0], fd = cv::mean(detail, features)[0];
    if (fd <= 0) return;
    out.push_back(below(params(), "retouched", 100.0 * sd / fd));
  }
};

// hair_color_cast: strong overhead light changes the colour of the top of the hair against the
// hair at the sides. Value: chromatic distance Δab between the two (lightness left out: a hair
// light brightens the top without making the colour abnormal).
class HairCast : public Check {
 public:
  explicit HairCast(const Config& c) : Check(c, "hair_cast") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const Regions& r = f.regions;
    if (!person_mask_trusted(f)) return;
    if (cv::countNonZero(r.hair_top) < num("min_pixels") ||
        cv::countNonZero(r.hair_sides) < num("min_pixels"))
      return;
    cv::Vec3f top = masked_lab(f.lab, r.hair_top), side = masked_lab(f.lab, r.hair_sides);
    double dab = std::hypot(top[1] - side[1], top[2] - side[2]);
    out.push_back(above(params(), "hair_color_cast", dab));
  }
};

// shoulders_uneven: the slope of the shoulder line, from the top of the person mask at both
// sides of the neck. Only when the background is clean enough for the mask to be trusted.
class ShoulderTilt : public Check {
 public:
  explicit ShoulderTilt(const Config& c) : Check(c, "shoulder_tilt") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const Regions& r = f.regions;
    const Geometry& g = f.geo;
    if (!person_mask_trusted(f)) return;
    double s = r.bg_scale, ystart = (g.chin_y - 0.2 * (g.chin_y - g.brow_y)) * s;
    auto side = [&](int dir, double* x, double* y) {
      std::vector<double> xs, ys;
      for (double k = num("from_face_widths"); k <= num("to_face_widths"); k += 0.05) {
        int cx = cvRound((g.face_centre_x + dir * k * g.face_width) * s);
        if (cx < 1 || cx >= r.person.cols - 1) continue;
        int yy = std::max(0, cvRound(ystart));
        while (yy < r.person.rows && !r.person.at<uchar>(yy, cx)) ++yy;
        if (yy >= r.person.rows - 1) continue;
        xs.push_back(cx);
        ys.push_back(yy);
      }
      if (xs.size() < 3) return false;
      *x = std::accumulate(xs.begin(), xs.end(), 0.0) / xs.size();
      *y = std::accumulate(ys.begin(), ys.end(), 0.0) / ys.size();
      return true;
    };
    double xl, yl, xr, yr;
    if (!side(-1, &xl, &yl) || !side(+1, &xr, &yr)) return;
    double angle = std::atan2(-(yr - yl), xr - xl) * 180.0 / CV_PI;  // counter-clockwise positive
    CheckResult res = above(params(), "shoulders_uneven", std::fabs(angle));
    res.value = angle;
    out.push_back(res);
  }
};

// tinted_glasses: the skin seen through the lenses (just below the eyes) is darker or differently
// coloured than the cheek below. Value: ΔE between the two, in the canonical face.
class TintedLenses : public Check {
 public:
  explicit TintedLenses(const Config& c) : Check(c, "tinted_lenses") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const AlignedFace& a = f.aligned;
    const auto& p = a.landmarks;
    cv::Mat under = cv::Mat::zeros(a.grey.size(), CV_8U), cheek = under.clone();
    for (int i : {36, 42}) {
      double x0 = p[i].x, x1 = p[i + 3].x, y = mean_y(p, {i + 4, i + 5});
      under(aligned_rect(x0, y + 0.08 * kIed, x1, y + 0.22 * kIed)).setTo(255);
      cheek(aligned_rect(x0, y + 0.55 * kIed, x1, y + 0.75 * kIed)).setTo(255);
    }
    double d = delta_e(masked_lab(a.lab, under), masked_lab(a.lab, cheek));
    out.push_back(above(params(), "tinted_glasses", d));
  }
};

// frame_covers_eyes: a dark bar (a spectacle rim) across the eye. A rim runs on past the eye
// corners, where an open eye has skin: for each row of the eye opening, the least dark share of
// three spans (outer flank, the eye, inner flank); value: the mean over the two eyes of their
// best row (%).
class FrameOverEyes : public Check {
 public:
  explicit FrameOverEyes(const Config& c) : Check(c, "frame_over_eyes") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const AlignedFace& a = f.aligned;
    const auto& p = a.landmarks;
    cv::Mat cheeks = cv::Mat::zeros(a.grey.size(), CV_8U);
    cheeks(aligned_rect(p[36].x, p[29].y, p[45].x, p[33].y)).setTo(255);
    const double dark = masked_quantile(a.grey, cheeks, 0.5) * num("dark_ratio");
    const double flank = num("flank_inter_eye") * kIed;
    auto dark_share = [&](int y, double x0, double x1) {
      int n = 0, k = 0;
      for (int x = std::max(0, cvRound(x0)); x <= std::min(a.grey.cols - 1, cvRound(x1)); ++x, ++n)
        if (a.grey.at<uchar>(y, x) < dark) ++k;
      return n ? 100.0 * k / n : 0.0;
    };
    double total = 0;
    for (int i : {36, 42}) {
      double top = mean_y(p, {i + 1, i + 2}), bottom = mean_y(p, {i + 4, i + 5});
      double xa = std::min(p[i].x, p[i + 3].x), xb = std::max(p[i].x, p[i + 3].x);
      double eye_best = 0;
      for (int y = std::max(0, cvRound(top)); y <= std::min(a.grey.rows - 1, cvRound(bottom)); ++y)
        eye_best = std::max(eye_best, std::min({dark_share(y, xa - flank, xa - 0.02 * kIed),
                                                dark_share(y, xa, xb),
                                                dark_share(y, xb + 0.02 * kIed, xb + flank)}));
      total += eye_best / 2;
    }
    out.push_back(above(params(), "frame_covers_eyes", total));
  }
};

// hair_occlusion: hair over the brows: the share of the band just above and over the brows that
// is far from the skin colour and darker than it.
class HairOverBrows : public Check {
 public:
  explicit HairOverBrows(const Config& c) : Check(c, "hair_over_brows") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const AlignedFace& a = f.aligned;
    const auto& p = a.landmarks;
    cv::Mat band = cv::Mat::zeros(a.grey.size(), CV_8U);
    for (int i : {17, 22}) {
      double y = std::min({p[i].y, p[i + 1].y, p[i + 2].y, p[i + 3].y, p[i + 4].y});
      band(aligned_rect(p[i].x, y - num("above_inter_eye") * kIed, p[i + 4].x, y - 0.05 * kIed)).setTo(255);
    }
    int n = cv::countNonZero(band);
    if (!n) return;
    const cv::Vec3f skin = f.regions.skin_lab;
    int hair = 0;
    for (int y = 0; y < band.rows; ++y)
      for (int x = 0; x < band.cols; ++x) {
        if (!band.at<uchar>(y, x)) continue;
        cv::Vec3f v = lab_real(a.lab.at<cv::Vec3b>(y, x));
        if (skin[0] - v[0] >= num("min_darker") && delta_e(v, skin) >= num("min_delta_e")) ++hair;
      }
    out.push_back(above(params(), "hair_occlusion", 100.0 * hair / n));
  }
};

// head_covering: a hat has a straight brim or band across the head; hair does not. In the region
// above the forehead, the largest share of the head's width crossed by one straight horizontal
// edge (within three rows) in the canonical face.
class HeadCover : public Check {
 public:
  explicit HeadCover(const Config& c) : Check(c, "head_cover") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const AlignedFace& a = f.aligned;
    const auto& p = a.landmarks;
    double by = mean_y(p, {19, 24});
    int y0 = std::max(1, cvRound(by - num("above_inter_eye") * kIed)), y1 = cvRound(by - 0.2 * kIed);
    int x0 = cvRound(p[17].x), x1 = cvRound(p[26].x);
    if (y1 <= y0 + 3 || x1 <= x0 + 3) return;
    cv::Mat gy;
    cv::Sobel(a.grey, gy, CV_32F, 0, 1, 3, 0.25);
    double t = num("min_gradient"), best = 0;
    for (int y = y0 + 1; y < y1 - 1; ++y) {
      int pos = 0, neg = 0, n = 0;
      for (int x = std::max(0, x0); x <= std::min(a.grey.cols - 1, x1); ++x, ++n) {
        float m = std::max({gy.at<float>(y - 1, x), gy.at<float>(y, x), gy.at<float>(y + 1, x)});
        float mn = std::min({gy.at<float>(y - 1, x), gy.at<float>(y, x), gy.at<float>(y + 1, x)});
        pos += m >= t;
        neg += mn <= -t;
      }
      if (n) best = std::max(best, 100.0 * std::max(pos, neg) / n);
    }
    out.push_back(above(params(), "head_covering", best));
  }
};

// clothing_pattern: stripes or a regular pattern on the top: spectral peak of the clothing area.
class ClothingPattern : public Check {
 public:
  explicit ClothingPattern(const Config& c) : Check(c, "clothing_pattern") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    cv::Rect box = cv::boundingRect(f.regions.clothing) & cv::Rect(0, 0, f.grey.cols, f.grey.rows);
    int n = std::min({int(num("tile")), box.width / 2, box.height});
    if (n < 32) return;
    // Two tiles, left and right of the buttons/tie line; stripes are often horizontal or
    // vertical, so the axes count here.
    double peak = 0;
    for (int cx : {box.x + box.width / 4, box.x + 3 * box.width / 4}) {
      cv::Rect tile(std::clamp(cx - n / 2, 0, f.grey.cols - n), box.y, n, n);
      peak = std::max(peak, spectral_peak(f.grey(tile), num("min_frequency"), num("max_frequency"), false));
    }
    out.push_back(above(params(), "clothing_pattern", peak));
  }
};

}  // namespace

void add_hint_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<Moire>(c));
  out.push_back(std::make_unique<ScreenBorder>(c));
  out.push_back(std::make_unique<SkinTexture>(c));
  out.push_back(std::make_unique<HairCast>(c));
  out.push_back(std::make_unique<ShoulderTilt>(c));
  out.push_back(std::make_unique<TintedLenses>(c));
  out.push_back(std::make_unique<FrameOverEyes>(c));
  out.push_back(std::make_unique<HairOverBrows>(c));
  out.push_back(std::make_unique<HeadCover>(c));
  out.push_back(std::make_unique<ClothingPattern>(c));
}

}  // namespace pa::quality
