#include "demo/synth.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <random>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "quality/face_model.h"

namespace pa::synth {

namespace {

namespace q = pa::quality;

// ---- real portraits, segmented ------------------------------------------------------------------

std::vector<cv::Point2f> landmarks_of(const cv::Mat& bgr) {
  const auto& model = q::FaceModel::shared();
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  auto faces = model.detect(grey, 320);
  if (faces.empty()) throw std::runtime_error("corpus: no face in a source portrait");
  return model.landmarks(grey, faces[0].box);
}

// GrabCut seeded from the landmarks (face certain, head and shoulders probable, the top corners
// certain background), kept inside a head-and-shoulders outline, holes filled, edges softened.
cv::Mat segment(const cv::Mat& bgr, const std::vector<cv::Point2f>& p) {
  const double s = 0.5;
  cv::Mat small;
  cv::resize(bgr, small, cv::Size(), s, s, cv::INTER_AREA);
  double fw = cv::norm(p[16] - p[0]) * s, cx = (p[0].x + p[16].x) / 2 * s, chin = p[8].y * s;
  double brow = (p[19].y + p[24].y) / 2 * s, d = chin - brow, crown = brow - 0.8 * d;
  cv::Mat outline = cv::Mat::zeros(small.size(), CV_8U);
  cv::ellipse(outline, cv::Point(cvRound(cx), cvRound((crown + chin) / 2)),
              cv::Size(cvRound(0.72 * fw), cvRound((chin - crown) / 2 + 0.15 * d)), 0, 0, 360,
              cv::Scalar(255), cv::FILLED);
  std::vector<cv::Point> face_pts;
  for (const auto& q : p) face_pts.emplace_back(cvRound(q.x * s), cvRound(q.y * s));
  std::vector<cv::Point> face_hull;
  cv::convexHull(face_pts, face_hull);
  cv::Mat face_area = cv::Mat::zeros(small.size(), CV_8U);
  cv::fillConvexPoly(face_area, face_hull, cv::Scalar(255));
  cv::dilate(face_area, face_area, cv::getStructuringElement(cv::MORPH_ELLIPSE, {cvRound(0.3 * fw) | 1, cvRound(0.3 * fw) | 1}));
  outline |= face_area;
  std::vector<cv::Point> torso = {{cvRound(cx - 0.45 * fw), cvRound(chin - 0.3 * d)},
                                  {cvRound(cx + 0.45 * fw), cvRound(chin - 0.3 * d)},
                                  {cvRound(cx + 1.9 * fw), cvRound(chin + 0.9 * d)},
                                  {cvRound(cx + 1.9 * fw), small.rows},
                                  {cvRound(cx - 1.9 * fw), small.rows},
                                  {cvRound(cx - 1.9 * fw), cvRound(chin + 0.9 * d)}};
  cv::fillConvexPoly(outline, torso, cv::Scalar(255));

  cv::Mat mask(small.size(), CV_8U, cv::Scalar(cv::GC_BGD));
  mask.setTo(cv::GC_PR_FGD, outline);
  std::vector<cv::Point> hull, pts;
  for (const auto& q : p) pts.emplace_back(cvRound(q.x * s), cvRound(q.y * s));
  cv::convexHull(pts, hull);
  cv::fillConvexPoly(mask, hull, cv::Scalar(cv::GC_FGD));
  cv::rectangle(mask, cv::Rect(cvRound(cx - 0.25 * fw), cvRound(chin), cvRound(0.5 * fw), cvRound(0.6 * d)),
                cv::Scalar(cv::GC_FGD), cv::FILLED);
  cv::Mat bgd, fgd;
  cv::grabCut(small, mask, cv::Rect(), bgd, fgd, 4, cv::GC_INIT_WITH_MASK);
  cv::Mat fg = ((mask == cv::GC_FGD) | (mask == cv::GC_PR_FGD)) & outline;
  cv::morphologyEx(fg, fg, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
  cv::morphologyEx(fg, fg, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(fg.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  cv::Mat keep = cv::Mat::zeros(fg.size(), CV_8U);
  cv::Point face(cvRound(cx), cvRound((brow + chin) / 2));
  for (std::size_t i = 0; i < contours.size(); ++i)
    if (cv::pointPolygonTest(contours[i], face, false) >= 0)
      cv::drawContours(keep, contours, int(i), cv::Scalar(255), cv::FILLED);
  cv::Mat alpha;
  keep.convertTo(alpha, CV_32F, 1.0 / 255);
  cv::resize(alpha, alpha, bgr.size(), 0, 0, cv::INTER_LINEAR);
  cv::GaussianBlur(alpha, alpha, cv::Size(), 1.2);
  return alpha;
}

}  // namespace

Portrait make_portrait(const cv::Mat& bgr) {
  if (bgr.empty()) throw std::runtime_error("synth: empty portrait");
  Portrait p;
  p.bgr = bgr;
  p.lms = landmarks_of(p.bgr);
  p.alpha = segment(p.bgr, p.lms);
  return p;
}

// ---- scenes: a portrait placed on a 480x640 canvas ----------------------------------------------

cv::Point2f Scene::eye_mid() const {
  cv::Point2f a(0, 0), b(0, 0);
  for (int i = 36; i < 42; ++i) a += lms[i];
  for (int i = 42; i < 48; ++i) b += lms[i];
  return (a + b) * (1.0f / 12);
}

double Scene::ied() const {
  cv::Point2f a(0, 0), b(0, 0);
  for (int i = 36; i < 42; ++i) a += lms[i];
  for (int i = 42; i < 48; ++i) b += lms[i];
  return cv::norm(a - b) / 6;
}

cv::Mat Scene::render() const {
  cv::Mat out(person.size(), CV_8UC3);
  for (int y = 0; y < out.rows; ++y)
    for (int x = 0; x < out.cols; ++x) {
      float a = alpha.at<float>(y, x);
      const auto& p = person.at<cv::Vec3b>(y, x);
      const auto& b = background.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) out.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(a * p[c] + (1 - a) * b[c]);
    }
  return out;
}

// Places `p` so that its face is `face_width` px wide, its eye line level and its eye midpoint at
// `eye`.
Scene place(const Portrait& p, double face_width, cv::Point2f eye, cv::Size canvas, cv::Scalar bg) {
  double s = face_width / cv::norm(p.lms[16] - p.lms[0]);
  cv::Point2f l(0, 0), r(0, 0);
  for (int i = 36; i < 42; ++i) l += p.lms[i];
  for (int i = 42; i < 48; ++i) r += p.lms[i];
  l *= 1.0f / 6;
  r *= 1.0f / 6;
  cv::Point2f src_eye = (l + r) * 0.5f;
  double tilt = std::atan2(-(r.y - l.y), r.x - l.x) * 180 / CV_PI;
  cv::Mat m = cv::getRotationMatrix2D(src_eye, -tilt, s);
  m.at<double>(0, 2) += eye.x - src_eye.x;
  m.at<double>(1, 2) += eye.y - src_eye.y;
  cv::Mat src;  // a new buffer when blurred: `p` is shared (Studio's cache, the sweeps' threads) and stays as it is
  if (s < 1)
    cv::GaussianBlur(p.bgr, src, cv::Size(), 0.45 / s);  // no aliasing when shrinking
  else
    src = p.bgr;
  Scene sc;
  cv::warpAffine(src, sc.person, m, canvas, s < 1 ? cv::INTER_LINEAR : cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  cv::warpAffine(p.alpha, sc.alpha, m, canvas, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  sc.original = sc.person;
  sc.background = cv::Mat(canvas, CV_8UC3, bg);
  cv::Matx23d mm(m);
  for (const auto& q : p.lms)
    sc.lms.emplace_back(float(mm(0, 0) * q.x + mm(0, 1) * q.y + mm(0, 2)),
                        float(mm(1, 0) * q.x + mm(1, 1) * q.y + mm(1, 2)));
  return sc;
}

namespace {

struct BaseSpec {
  double face_width;
  float eye_y;
};
BaseSpec base_spec(const std::string& base) {
  return base == "grace" ? BaseSpec{230, 270} : BaseSpec{205, 262};
}

// ---- degradations -------------------------------------------------------------------------------

cv::Mat clamp_mul(const cv::Mat& img, double a, double b) {
  cv::Mat out;
  img.convertTo(out, -1, a, b);
  return out;
}

// Soft-edged disc of colour `c` blended onto `img`.
void soft_blob(cv::Mat& img, cv::Point2f c, cv::Size2f axes, cv::Scalar colour, double strength = 1.0) {
  cv::Mat m = cv::Mat::zeros(img.size(), CV_32F);
  cv::ellipse(m, cv::RotatedRect(c, axes * 2.0f, 0), cv::Scalar(1), cv::FILLED, cv::LINE_AA);
  cv::GaussianBlur(m, m, cv::Size(), std::max(1.0, axes.height * 0.25));
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      float a = m.at<float>(y, x) * float(strength);
      if (a <= 0) continue;
      auto& p = img.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) p[k] = cv::saturate_cast<uchar>((1 - a) * p[k] + a * colour[k]);
    }
}

cv::Point2f mean_pt(const std::vector<cv::Point2f>& p, std::initializer_list<int> idx) {
  cv::Point2f s(0, 0);
  for (int i : idx) s += p[i];
  return s * (1.0f / idx.size());
}

// Brightness 1 + strength on the left cheek to 1 - strength on the right.
cv::Mat lighting_ramp(const Scene& sc, double strength) {
  Scene s = sc;
  cv::Mat person;
  s.person.convertTo(person, CV_32FC3);
  double cx = s.eye_mid().x, half = cv::norm(s.lms[16] - s.lms[0]) / 2;
  for (int y = 0; y < person.rows; ++y)
    for (int x = 0; x < person.cols; ++x) {
      double t = std::clamp((x - cx) / half, -1.0, 1.0);  // -1 left cheek .. +1 right cheek
      person.at<cv::Vec3f>(y, x) *= float(1.0 - strength * t);
    }
  person.convertTo(s.person, CV_8UC3);
  return s.render();
}

cv::Mat motion_blur(const cv::Mat& img, int length) {
  cv::Mat k = cv::Mat::zeros(1, length, CV_32F);
  k.setTo(1.0 / length);
  cv::Mat out;
  cv::filter2D(img, out, -1, k, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
  return out;
}

// `count` (up to 5) specular blobs of radius `size` inter-eye distances on the cheeks and forehead.
cv::Mat hot_spots(const Scene& sc, double size, int count) {
  cv::Mat img = sc.render();
  const auto& p = sc.lms;
  float r = float(size * sc.ied());
  if (r <= 0) return img;
  cv::Point2f forehead = mean_pt(p, {19, 24}) + cv::Point2f(0, -0.35f * float(sc.ied()));
  const cv::Point2f at[] = {mean_pt(p, {2, 31, 41}), mean_pt(p, {14, 35, 46}), forehead, mean_pt(p, {3, 48}),
                            mean_pt(p, {13, 54})};  // cheeks first, then the forehead, then lower
  for (int i = 0; i < std::min(count, 5); ++i) soft_blob(img, at[i], {r, r * 0.8f}, cv::Scalar(250, 252, 252));
  return img;
}

cv::Mat glasses_glare(const Scene& sc) {
  cv::Mat img = sc.render();
  const auto& p = sc.lms;
  float ied = float(sc.ied());
  for (int i : {36, 42}) {
    cv::Point2f c = mean_pt(p, {i, i + 1, i + 2, i + 3, i + 4, i + 5});
    soft_blob(img, c + cv::Point2f(0.12f * ied, -0.12f * ied), {0.15f * ied, 0.08f * ied}, cv::Scalar(252, 252, 252));
    soft_blob(img, c + cv::Point2f(-0.16f * ied, 0.13f * ied), {0.10f * ied, 0.06f * ied}, cv::Scalar(250, 250, 250));
  }
  return img;
}

cv::Mat red_eye(const Scene& sc) {
  cv::Mat img = sc.render();
  for (int i : {36, 42}) {
    cv::Point2f c = mean_pt(sc.lms, {i, i + 1, i + 2, i + 3, i + 4, i + 5});
    float h = float(cv::norm(mean_pt(sc.lms, {i + 1, i + 2}) - mean_pt(sc.lms, {i + 4, i + 5})));
    soft_blob(img, c, {0.5f * h, 0.5f * h}, cv::Scalar(30, 30, 200));
  }
  return img;
}

cv::Mat tinted_glasses(const Scene& sc) {
  cv::Mat img = sc.render();
  float ied = float(sc.ied());
  cv::Mat m = cv::Mat::zeros(img.size(), CV_32F);
  for (int i : {36, 42}) {
    cv::Point2f c = mean_pt(sc.lms, {i, i + 1, i + 2, i + 3, i + 4, i + 5});
    cv::ellipse(m, cv::RotatedRect(c + cv::Point2f(0, 0.05f * ied), cv::Size2f(0.85f * ied, 0.6f * ied), 0),
                cv::Scalar(1), cv::FILLED, cv::LINE_AA);
  }
  cv::GaussianBlur(m, m, cv::Size(), 1.5);
  const cv::Vec3f tint(0.35f, 0.42f, 0.5f);  // brownish-grey sunglass tint (BGR)
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      float a = m.at<float>(y, x);
      if (a <= 0) continue;
      auto& p = img.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) p[k] = cv::saturate_cast<uchar>(p[k] * (1 - a + a * tint[k]));
    }
  return img;
}

cv::Mat frame_bars(const Scene& sc) {
  cv::Mat img = sc.render();
  float ied = float(sc.ied());
  for (int i : {36, 42}) {
    cv::Point2f c = mean_pt(sc.lms, {i, i + 1, i + 2, i + 3, i + 4, i + 5});
    cv::Point2f a(c.x - 0.42f * ied, c.y), b(c.x + 0.42f * ied, c.y);
    cv::line(img, a, b, cv::Scalar(25, 20, 20), std::max(2, cvRound(0.06 * ied)), cv::LINE_AA);
  }
  return img;
}

// A dark fringe of hair strands from above the forehead down over the brows.
cv::Mat bangs(const Scene& sc) {
  cv::Mat img = sc.render();
  const auto& p = sc.lms;
  float ied = float(sc.ied());
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1, 1);
  float top = std::min(p[19].y, p[24].y) - 0.9f * ied;
  for (float x = p[17].x - 0.1f * ied; x <= p[26].x + 0.1f * ied; x += 1.5f) {
    float len = std::max(p[19].y, p[24].y) + 0.1f * ied - top + u(rng) * 0.06f * ied;
    cv::Point2f a(x + u(rng) * 2, top), b(x + u(rng) * 4, top + len);
    int shade = 25 + int(15 * (u(rng) + 1));
    cv::line(img, a, b, cv::Scalar(shade, shade + 4, shade + 10), 2, cv::LINE_AA);
  }
  return img;
}

// Overhead light: the top of the hair brightened and warmed, fading towards the forehead.
cv::Mat hair_cast(const Scene& sc) {
  cv::Mat img = sc.render();
  const auto& p = sc.lms;
  float ied = float(sc.ied());
  float brow = std::min(p[19].y, p[24].y), y1 = brow - 0.5f * ied, y0 = y1 - 1.6f * ied;
  for (int y = std::max(0, int(y0)); y < int(y1); ++y)
    for (int x = 0; x < img.cols; ++x) {
      float a = sc.alpha.at<float>(y, x) * (1.0f - (y - y0) / (y1 - y0));
      if (a <= 0) continue;
      auto& px = img.at<cv::Vec3b>(y, x);
      px[0] = cv::saturate_cast<uchar>(px[0] + a * 20);
      px[1] = cv::saturate_cast<uchar>(px[1] + a * 75);
      px[2] = cv::saturate_cast<uchar>(px[2] + a * 120);
    }
  return img;
}

// The body below the neck turned about the neck, the head kept level.
cv::Mat torso_tilt(const Scene& sc, double degrees) {
  Scene s = sc;
  cv::Point2f neck = s.lms[8] + cv::Point2f(0, 0.3f * float(s.ied()));
  cv::Mat rot = cv::getRotationMatrix2D(neck, degrees, 1.0);
  cv::Mat person, alpha;
  cv::warpAffine(s.person, person, rot, s.person.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::warpAffine(s.alpha, alpha, rot, s.alpha.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  // Blend the turned body in below the chin.
  float y0 = s.lms[8].y, y1 = y0 + 0.4f * float(s.ied());
  for (int y = 0; y < person.rows; ++y) {
    float w = std::clamp((y - y0) / (y1 - y0), 0.0f, 1.0f);
    if (w <= 0) continue;
    for (int x = 0; x < person.cols; ++x) {
      auto& d = s.person.at<cv::Vec3b>(y, x);
      const auto& t = person.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) d[k] = cv::saturate_cast<uchar>((1 - w) * d[k] + w * t[k]);
      float& a = s.alpha.at<float>(y, x);
      a = (1 - w) * a + w * alpha.at<float>(y, x);
    }
  }
  return s.render();
}

// Clothing region of a scene: the person below the neck, skin excluded.
cv::Mat clothing_mask(const Scene& sc) {
  const auto& p = sc.lms;
  float d = p[8].y - (p[19].y + p[24].y) / 2;
  cv::Mat m = cv::Mat::zeros(sc.alpha.size(), CV_32F);
  int y0 = cvRound(p[8].y + 0.35f * d);
  for (int y = std::max(0, y0); y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) m.at<float>(y, x) = sc.alpha.at<float>(y, x);
  // Leave the neck alone.
  float fw = float(cv::norm(p[16] - p[0]));
  cv::rectangle(m, cv::Rect2f(p[8].x - 0.2f * fw, p[8].y, 0.4f * fw, 0.3f * d), cv::Scalar(0), cv::FILLED);
  cv::GaussianBlur(m, m, cv::Size(), 1.0);
  return m;
}

// The top recoloured `amount` (0..1) of the way to the background's light blue, keeping its shading.
cv::Mat clothing_blue(const Scene& sc, double amount) {
  Scene s = sc;
  cv::Mat m = clothing_mask(s);
  cv::Mat grey;
  cv::cvtColor(s.person, grey, cv::COLOR_BGR2GRAY);
  double mean = cv::mean(grey, m > 0.5)[0];
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) {
      float a = m.at<float>(y, x) * float(amount);
      if (a <= 0) continue;
      double shade = std::clamp(1.0 + (grey.at<uchar>(y, x) - mean) / 255.0, 0.8, 1.2);
      auto& px = s.person.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) px[k] = cv::saturate_cast<uchar>((1 - a) * px[k] + a * kLightBlue[k] * shade);
    }
  return s.render();
}

cv::Mat stripes(const Scene& sc) {
  Scene s = sc;
  cv::Mat m = clothing_mask(s);
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x) {
      float a = m.at<float>(y, x);
      if (a <= 0) continue;
      bool light = (y / 6) % 2 == 0;
      auto& px = s.person.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k)
        px[k] = cv::saturate_cast<uchar>((1 - a) * px[k] + a * (light ? 235 : px[k] * 0.6));
    }
  return s.render();
}

// Beautifying filter: the skin smoothed (edge-preserving), the features untouched.
cv::Mat retouch(const Scene& sc) {
  cv::Mat img = sc.render();
  const auto& p = sc.lms;
  cv::Mat face = cv::Mat::zeros(img.size(), CV_8U);
  std::vector<cv::Point> jaw;
  for (int i = 0; i <= 16; ++i) jaw.emplace_back(cvRound(p[i].x), cvRound(p[i].y));
  for (int i = 26; i >= 17; --i) jaw.emplace_back(cvRound(p[i].x), cvRound(p[i].y - 0.45 * sc.ied()));
  cv::fillPoly(face, std::vector<std::vector<cv::Point>>{jaw}, cv::Scalar(255));
  auto cut = [&](int a, int b, int grow) {
    std::vector<cv::Point> poly;
    for (int i = a; i <= b; ++i) poly.emplace_back(cvRound(p[i].x), cvRound(p[i].y));
    cv::Mat f = cv::Mat::zeros(img.size(), CV_8U);
    cv::fillPoly(f, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255));
    cv::dilate(f, f, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * grow + 1, 2 * grow + 1}));
    face &= ~f;
  };
  int g = cvRound(0.12 * sc.ied());
  cut(36, 41, g);
  cut(42, 47, g);
  cut(48, 59, g);
  cut(17, 21, g);
  cut(22, 26, g);
  cv::Mat smooth = img.clone();
  for (int i = 0; i < 3; ++i) {  // a "beauty" filter: strong edge-preserving smoothing
    cv::Mat t;
    cv::bilateralFilter(smooth, t, 15, 90, 12);
    smooth = t;
  }
  cv::Mat m;
  face.convertTo(m, CV_32F, 1.0 / 255);
  cv::GaussianBlur(m, m, cv::Size(), 2);
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      float a = m.at<float>(y, x);
      if (a <= 0) continue;
      auto& d = img.at<cv::Vec3b>(y, x);
      const auto& s = smooth.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) d[k] = cv::saturate_cast<uchar>((1 - a) * d[k] + a * s[k]);
    }
  return img;
}

// A screen photographed: the image modulated by two fine interference gratings.
cv::Mat moire(const cv::Mat& img) {
  cv::Mat f;
  img.convertTo(f, CV_32FC3);
  const double a1 = 2 * CV_PI / 5.3, a2 = 2 * CV_PI / 7.9;
  for (int y = 0; y < f.rows; ++y)
    for (int x = 0; x < f.cols; ++x) {
      double m = 1.0 + 0.09 * std::cos(a1 * (x * std::cos(0.35) + y * std::sin(0.35))) +
                 0.07 * std::cos(a2 * (x * std::cos(1.2) + y * std::sin(1.2)));
      f.at<cv::Vec3f>(y, x) *= float(m);
    }
  cv::Mat out;
  f.convertTo(out, CV_8UC3);
  return out;
}

// The photo shown on a screen and photographed: a dark bezel around a slightly smaller picture.
cv::Mat screen_border(const cv::Mat& img) {
  cv::Mat out(img.size(), CV_8UC3, cv::Scalar(22, 20, 20));
  int b = cvRound(0.06 * img.cols);
  cv::Mat inner;
  cv::resize(img, inner, cv::Size(img.cols - 2 * b, img.rows - 2 * b), 0, 0, cv::INTER_AREA);
  inner.copyTo(out(cv::Rect(b, b, inner.cols, inner.rows)));
  return out;
}

cv::Mat rotate_about_eyes(const Scene& sc, const cv::Mat& img, double degrees) {
  cv::Mat rot = cv::getRotationMatrix2D(sc.eye_mid(), degrees, 1.0), out;
  cv::warpAffine(img, out, rot, img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

// A mottled backdrop: the plain background plus smooth noise (blobs of about 6 px at 480x640) of
// standard deviation `grey_levels`.
cv::Mat textured_background(const Scene& sc, double grey_levels) {
  Scene s = sc;
  cv::Mat noise(s.background.size(), CV_32F);
  cv::RNG rng(2024);
  rng.fill(noise, cv::RNG::NORMAL, 0, 1);
  cv::GaussianBlur(noise, noise, cv::Size(), 3.0);
  cv::Scalar mean, sd;
  cv::meanStdDev(noise, mean, sd);
  noise *= grey_levels / std::max(1e-6, sd[0]);
  for (int y = 0; y < s.background.rows; ++y)
    for (int x = 0; x < s.background.cols; ++x) {
      auto& px = s.background.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) px[c] = cv::saturate_cast<uchar>(px[c] + noise.at<float>(y, x));
    }
  return s.render();
}

cv::Mat gradient_background(const Scene& sc) {
  Scene s = sc;
  for (int y = 0; y < s.background.rows; ++y)
    for (int x = 0; x < s.background.cols; ++x) {
      double k = 1.0 - 0.45 * x / s.background.cols - 0.15 * y / s.background.rows;
      auto& px = s.background.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) px[c] = cv::saturate_cast<uchar>(kLightBlue[c] * k);
    }
  return s.render();
}

}  // namespace

std::string portrait_file(const std::string& base) {
  if (base == "grace") return "grace_hopper.jpg";
  if (base == "astronaut") return "astronaut.png";
  throw std::invalid_argument("synth: no portrait " + base);
}

namespace {

using Make = cv::Mat (*)(const Studio&, const std::string& base);

// Each degradation from the standard portrait; the order is that of the test corpus.
const std::vector<std::pair<std::string, Make>>& table() {
  static const std::vector<std::pair<std::string, Make>> t = {
      {"clean", [](const Studio& st, const std::string& b) { return st.standard_portrait(b); }},
      {"clean_white", [](const Studio& st, const std::string& b) { return st.standard_portrait(b, kWhite); }},
      {"lighting_ramp", [](const Studio& st, const std::string& b) { return lighting_ramp(st.standard_scene(b), 0.38); }},
      {"dark", [](const Studio& st, const std::string& b) { return clamp_mul(st.standard_portrait(b), 0.33, 0); }},
      {"overexposed",
       [](const Studio& st, const std::string& b) { return clamp_mul(st.standard_portrait(b), 1.6, 25); }},
      {"blur_gaussian",
       [](const Studio& st, const std::string& b) {
         cv::Mat m;
         cv::GaussianBlur(st.standard_portrait(b), m, cv::Size(), 3.0);
         return m;
       }},
      {"blur_motion", [](const Studio& st, const std::string& b) { return motion_blur(st.standard_portrait(b), 15); }},
      {"hot_spots", [](const Studio& st, const std::string& b) { return hot_spots(st.standard_scene(b), 0.12, 5); }},
      {"glasses_glare", [](const Studio& st, const std::string& b) { return glasses_glare(st.standard_scene(b)); }},
      {"red_eye", [](const Studio& st, const std::string& b) { return red_eye(st.standard_scene(b)); }},
      {"shrunk",
       [](const Studio& st, const std::string& b) {
         BaseSpec s = base_spec(b);
         return place(st.portrait(b), s.face_width * 0.6, {240, s.eye_y + 60}).render();
       }},
      {"rotated",
       [](const Studio& st, const std::string& b) {
         Scene s = st.standard_scene(b);
         return rotate_about_eyes(s, s.render(), 12);
       }},
      {"off_centre",
       [](const Studio& st, const std::string& b) {
         BaseSpec s = base_spec(b);
         return place(st.portrait(b), s.face_width, {300, s.eye_y}).render();
       }},
      {"too_large",
       [](const Studio& st, const std::string& b) {
         BaseSpec s = base_spec(b);
         return place(st.portrait(b), 345, {240, s.eye_y + 40}).render();
       }},
      {"crown_cut",
       [](const Studio& st, const std::string& b) {
         BaseSpec s = base_spec(b);
         return place(st.portrait(b), s.face_width, {240, s.eye_y - 110}).render();
       }},
      {"moire", [](const Studio& st, const std::string& b) { return moire(st.standard_portrait(b)); }},
      {"screen_border", [](const Studio& st, const std::string& b) { return screen_border(st.standard_portrait(b)); }},
      {"busy_background",
       [](const Studio& st, const std::string& b) {
         Scene s = st.standard_scene(b);
         s.background = s.original;
         return s.render();
       }},
      {"background_gradient",
       [](const Studio& st, const std::string& b) { return gradient_background(st.standard_scene(b)); }},
      {"background_colour",
       [](const Studio& st, const std::string& b) { return st.standard_portrait(b, cv::Scalar(150, 185, 230)); }},
      {"clothing_blue", [](const Studio& st, const std::string& b) { return clothing_blue(st.standard_scene(b), 1.0); }},
      {"stripes", [](const Studio& st, const std::string& b) { return stripes(st.standard_scene(b)); }},
      {"retouched", [](const Studio& st, const std::string& b) { return retouch(st.standard_scene(b)); }},
      {"tinted_glasses", [](const Studio& st, const std::string& b) { return tinted_glasses(st.standard_scene(b)); }},
      {"frame_bars", [](const Studio& st, const std::string& b) { return frame_bars(st.standard_scene(b)); }},
      {"bangs", [](const Studio& st, const std::string& b) { return bangs(st.standard_scene(b)); }},
      {"hair_cast", [](const Studio& st, const std::string& b) { return hair_cast(st.standard_scene(b)); }},
      {"torso_tilt", [](const Studio& st, const std::string& b) { return torso_tilt(st.standard_scene(b), -10); }},
      {"wrong_size",
       [](const Studio& st, const std::string& b) {
         cv::Mat m;
         cv::resize(st.standard_portrait(b), m, cv::Size(390, 567), 0, 0, cv::INTER_AREA);
         return m;
       }},
      {"greyscale",
       [](const Studio& st, const std::string& b) {
         cv::Mat g;
         cv::cvtColor(st.standard_portrait(b), g, cv::COLOR_BGR2GRAY);
         return g;
       }},
  };
  return t;
}

}  // namespace

const std::vector<std::string>& degradations() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [name, make] : table()) v.push_back(name);
    return v;
  }();
  return names;
}

Studio::Studio(Locate locate) : locate_(std::move(locate)) {}

const Portrait& Studio::portrait(const std::string& base) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(base);
  if (it != cache_.end()) return *it->second;
  const std::string file = portrait_file(base);
  cv::Mat bgr = cv::imread(locate_(file), cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::runtime_error("synth: cannot read " + file);
  auto p = std::make_unique<Portrait>(make_portrait(bgr));
  return *cache_.emplace(base, std::move(p)).first->second;
}

Scene Studio::standard_scene(const std::string& base, cv::Scalar bg) const {
  BaseSpec b = base_spec(base);
  return place(portrait(base), b.face_width, {240, b.eye_y}, kCanvas, bg);
}

cv::Mat Studio::standard_portrait(const std::string& base, cv::Scalar bg) const {
  return standard_scene(base, bg).render();
}

cv::Mat Studio::degrade(const std::string& base, const std::string& degradation) const {
  for (const auto& [name, make] : table())
    if (name == degradation) return make(*this, base);
  throw std::invalid_argument("synth: no degradation " + degradation);
}

cv::Mat Studio::two_people() const {
  Scene a = place(portrait("grace"), 165, {135, 250});
  Scene b = place(portrait("astronaut"), 150, {355, 240});
  Scene s = b;
  s.background = a.render();
  return s.render();
}

cv::Mat Studio::no_face() const {
  const cv::Mat& src = portrait("astronaut").bgr;
  cv::Mat crop = src(cv::Rect(300, 0, 212, 283)), out;
  cv::resize(crop, out, kCanvas, 0, 0, cv::INTER_CUBIC);
  return out;
}

// ---- severity sweeps ----------------------------------------------------------------------------

namespace {

// The gain that brings the face (inside the jaw and brows) to a mean grey of 150, the median of the
// 25 people of tests/data/people.tsv: the exposure sweeps start from a normally exposed face, so
// that their level is the exposure error a reviewer sees, not the source photo's own exposure.
double normal_exposure_gain(const Scene& sc) {
  std::vector<cv::Point> outline;
  for (int i = 0; i <= 16; ++i) outline.emplace_back(cvRound(sc.lms[i].x), cvRound(sc.lms[i].y));
  for (int i = 26; i >= 17; --i) outline.emplace_back(cvRound(sc.lms[i].x), cvRound(sc.lms[i].y));
  cv::Mat img = sc.render(), grey, mask = cv::Mat::zeros(img.size(), CV_8U);
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{outline}, cv::Scalar(255));
  cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
  return 150.0 / std::max(1.0, cv::mean(grey, mask)[0]);
}

}  // namespace

namespace {

using SweepMake = cv::Mat (*)(const Portrait& p, double level);
Scene framed(const Portrait& p) { return place(p, kStandardFaceWidth, kStandardEye); }
cv::Mat standard(const Portrait& p) { return framed(p).render(); }

// Every sweep kind and what its level does (synth.h lists the units), in the order of sweeps.tsv.
const std::vector<std::pair<std::string, SweepMake>>& sweep_table() {
  static const std::vector<std::pair<std::string, SweepMake>> t = {
      {"blur_gaussian",
       [](const Portrait& p, double l) {
         cv::Mat out = standard(p);
         if (l > 0) cv::GaussianBlur(out, out, cv::Size(), l);
         return out;
       }},
      {"blur_motion", [](const Portrait& p, double l) { return l > 1 ? motion_blur(standard(p), cvRound(l)) : standard(p); }},
      {"lighting_ramp", [](const Portrait& p, double l) { return lighting_ramp(framed(p), l); }},
      {"underexposed",
       [](const Portrait& p, double l) {
         const Scene sc = framed(p);
         return clamp_mul(sc.render(), normal_exposure_gain(sc) * std::pow(2.0, -l), 0);
       }},
      {"overexposed",
       [](const Portrait& p, double l) {
         const Scene sc = framed(p);
         return clamp_mul(sc.render(), normal_exposure_gain(sc) * std::pow(2.0, l), 0);
       }},
      {"hot_spot_size", [](const Portrait& p, double l) { return hot_spots(framed(p), l / 100, 5); }},
      {"hot_spot_count",
       [](const Portrait& p, double l) { return hot_spots(framed(p), 0.06, cvRound(l)); }},
      {"roll",
       [](const Portrait& p, double l) {
         const Scene sc = framed(p);
         return rotate_about_eyes(sc, sc.render(), l);
       }},
      {"face_width", [](const Portrait& p, double l) { return place(p, l, kStandardEye).render(); }},
      {"clothing_blue", [](const Portrait& p, double l) { return clothing_blue(framed(p), l); }},
      {"background_texture",
       [](const Portrait& p, double l) { return textured_background(framed(p), l); }},
  };
  return t;
}

}  // namespace

const std::vector<std::string>& sweep_kinds() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v;
    for (const auto& [name, make] : sweep_table()) v.push_back(name);
    return v;
  }();
  return k;
}

cv::Mat sweep_photo(const Portrait& p, const std::string& kind, double level) {
  for (const auto& [name, make] : sweep_table())
    if (name == kind) return make(p, level);
  throw std::invalid_argument("synth: no sweep " + kind);
}

cv::Mat read_region(const std::string& spec, const std::string& root, int flags) {
  const auto at = spec.rfind('@');
  std::string file = spec.substr(0, at);
  if (!root.empty() && !file.empty() && file[0] != '/') file = root + "/" + file;
  cv::Mat img = cv::imread(file, flags);
  if (img.empty() || at == std::string::npos) return img;
  int x, y, w, h;
  char tail;
  if (std::sscanf(spec.c_str() + at + 1, "%d,%d,%d,%d%c", &x, &y, &w, &h, &tail) != 4) return cv::Mat();
  cv::Rect r = cv::Rect(x, y, w, h) & cv::Rect(0, 0, img.cols, img.rows);
  return r.area() > 0 ? img(r).clone() : cv::Mat();
}

std::vector<ListRow> read_list(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + " is missing: run scripts/fetch-people.sh");
  std::vector<ListRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream l(line);
    ListRow r;
    std::getline(l, r.id, '\t');
    std::getline(l, r.fifth, '\t');
    std::getline(l, r.spec, '\t');
    rows.push_back(r);
  }
  return rows;
}

}  // namespace pa::synth
