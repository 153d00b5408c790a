// face_hot_spots, glasses_glare (specular blobs) and red_eye.
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "quality/checks.h"
#include "quality/geometry.h"

namespace pa::quality {
namespace {

// Specular highlights: small, bright, colourless blobs. Found with a white top-hat of the luma on
// the face scaled to a canonical inter-eye distance; the share of the skin (outside the lenses)
// and of the lens areas (outside the eye openings) they cover, and the largest one on the skin
// (one clearly visible spot is enough for the notice's 明显可见的光斑, however little skin it covers).
class SpecularHighlights : public Check {
 public:
  explicit SpecularHighlights(const Config& c)
      : Check(c, "hot_spots"), largest_(c.check("hot_spot_size")), count_(c.check("hot_spot_count")),
        glasses_(c.check("glasses_glare")) {}

  void run(const Frame& f, std::vector<CheckResult>& out, Maps* maps) const override {
    const Geometry& g = f.geo;
    const Regions& r = f.regions;
    double ied = g.inter_eye;
    cv::Rect2f lmbox = cv::boundingRect(g.landmarks);
    float pad = float(0.45 * ied);
    cv::Rect roi = clip_rect({lmbox.x - pad, lmbox.y - pad, lmbox.width + 2 * pad,
                              lmbox.height + 2 * pad}, f.bgr.size());
    if (roi.area() < 16) return;
    double k = std::min(1.0, num("canonical_inter_eye") / std::max(1.0, ied));
    cv::Mat y, lab, skin, lenses, eyes;
    cv::resize(f.grey(roi), y, cv::Size(), k, k, cv::INTER_AREA);
    cv::resize(f.lab(roi), lab, y.size(), 0, 0, cv::INTER_AREA);
    auto small = [&](const cv::Mat& m) {
      cv::Mat s;
      cv::resize(m(roi), s, y.size(), 0, 0, cv::INTER_NEAREST);
      return s;
    };
    lenses = small(r.lenses);
    skin = small(r.skin) & ~lenses;
    cv::Mat eyes_full = r.eye_left | r.eye_right;
    cv::dilate(small(eyes_full), eyes, cv::Mat(), cv::Point(-1, -1), 2);
    cv::Mat lens_area = lenses & ~eyes;

    int el = std::max(3, cvRound(num("element_inter_eye") * ied * k)) | 1;
    cv::Mat tophat;
    cv::morphologyEx(y, tophat, cv::MORPH_TOPHAT, cv::getStructuringElement(cv::MORPH_RECT, {el, el}));
    cv::Mat ch[3], chroma;
    cv::split(lab, ch);
    cv::Mat a, b;
    ch[1].convertTo(a, CV_32F, 1, -128);
    ch[2].convertTo(b, CV_32F, 1, -128);
    cv::magnitude(a, b, chroma);
    // Brighter than the skin by a margin, and whiter than it.
    double skin_luma = masked_quantile(f.grey, r.skin, 0.5);
    double min_luma = std::max(num("min_luma"), skin_luma + num("min_over_skin"));
    cv::Mat spec = (tophat >= num("min_tophat")) & (y >= min_luma) & (chroma <= num("max_chroma"));

    double skin_n = std::max(1, cv::countNonZero(skin));
    double lens_n = std::max(1, cv::countNonZero(lens_area));
    double hot = 100.0 * cv::countNonZero(spec & skin) / skin_n;
    double glare = 100.0 * cv::countNonZero(spec & lens_area) / lens_n;
    out.push_back(above(params(), "face_hot_spots", hot));
    // The largest highlight on the skin as the radius of a disc of its area, % of the inter-eye
    // distance. A blob reaching the face outline is left out: where the jaw landmarks run over a
    // white collar (or a bright background), that is not a highlight on the face.
    cv::Mat blobs, stats, centroids, inner;
    const int n = cv::connectedComponentsWithStats(spec & skin, blobs, stats, centroids, 8);
    const cv::Mat face = small(r.face);
    cv::erode(face, inner, cv::Mat(), cv::Point(-1, -1), 2);
    std::vector<char> at_outline(std::size_t(std::max(n, 1)), 0);
    for (int yy = 0; yy < blobs.rows; ++yy)
      for (int xx = 0; xx < blobs.cols; ++xx)
        if (int l = blobs.at<int>(yy, xx); l > 0 && !inner.at<uchar>(yy, xx)) at_outline[std::size_t(l)] = 1;
    std::vector<double> radii;  // % of the inter-eye distance, largest first
    for (int i = 1; i < n; ++i)
      if (!at_outline[std::size_t(i)])
        radii.push_back(100.0 * std::sqrt(stats.at<int>(i, cv::CC_STAT_AREA) / CV_PI) / std::max(1.0, ied * k));
    std::sort(radii.begin(), radii.end(), std::greater<>());
    out.push_back(above(largest_, "face_hot_spots", radii.empty() ? 0.0 : radii[0]));
    // Several clearly visible spots, each smaller than one that fails on its own size: how many
    // have a radius of at least min_radius.
    const double spots = double(std::count_if(radii.begin(), radii.end(),
                                              [&](double r) { return r >= count_.num("min_radius"); }));
    out.push_back(above(count_, "face_hot_spots", spots));
    out.push_back(above(glasses_, "glasses_glare", glare));
    if (maps) {
      auto full = [&](const cv::Mat& m, double scale) {
        cv::Mat big = cv::Mat::zeros(f.bgr.size(), CV_32F), up;
        m.convertTo(up, CV_32F, scale);
        cv::resize(up, up, roi.size(), 0, 0, cv::INTER_LINEAR);
        up.copyTo(big(roi));
        return big;
      };
      maps->glare_mask = full(spec & (skin | lens_area), 1.0 / 255);
      maps->specular_score = full(tophat, 1.0 / 255);
    }
  }

 private:
  Params largest_, count_, glasses_;
};

// Red pupils: the share of the iris/pupil area (a disc at each eye's centre, inside the eye
// opening) whose colour is a saturated red (reddish eyelid skin is far less red: a* about 25).
class RedEye : public Check {
 public:
  explicit RedEye(const Config& c) : Check(c, "red_eye") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const Regions& r = f.regions;
    const auto& p = f.geo.landmarks;
    cv::Mat iris = cv::Mat::zeros(f.bgr.size(), CV_8U);
    for (auto [first, centre] : {std::pair{lm::eye_l_first, f.geo.eye_left}, std::pair{lm::eye_r_first, f.geo.eye_right}}) {
      double width = cv::norm(p[first + 3] - p[first]);
      cv::circle(iris, centre, std::max(1, cvRound(num("iris_radius") * width)), cv::Scalar(255), cv::FILLED);
    }
    iris &= (r.eye_left | r.eye_right);
    cv::Rect box = cv::boundingRect(iris);
    if (box.area() == 0) return;
    cv::Mat ch[3], a;
    cv::split(f.bgr(box), ch);
    cv::extractChannel(f.lab(box), a, 1);
    double ratio = num("min_red_ratio");
    cv::Mat red = (ch[2] >= num("min_red")) & (ch[2] > ch[1] * ratio) & (ch[2] > ch[0] * ratio) &
                  (a >= 128 + num("min_a_star"));
    cv::Mat m = iris(box);
    double share = 100.0 * cv::countNonZero(red & m) / std::max(1, cv::countNonZero(m));
    out.push_back(above(params(), "red_eye", share));
  }
};

}  // namespace

void add_glare_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<SpecularHighlights>(c));
  out.push_back(std::make_unique<RedEye>(c));
}

}  // namespace pa::quality
