#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "quality/config.h"
#include "quality/frame.h"
#include "quality/geometry.h"

namespace pa::quality {

// ---- helpers ------------------------------------------------------------------------------------

cv::Vec3f lab_real(const cv::Vec3b& v) {
  return {v[0] * 100.0f / 255.0f, float(v[1]) - 128.0f, float(v[2]) - 128.0f};
}

cv::Vec3f lab_of_rgb(int r, int g, int b) {
  cv::Mat px(1, 1, CV_32FC3, cv::Scalar(b / 255.0, g / 255.0, r / 255.0));
  cv::cvtColor(px, px, cv::COLOR_BGR2Lab);
  return px.at<cv::Vec3f>(0, 0);
}

double delta_e(const cv::Vec3f& a, const cv::Vec3f& b) { return cv::norm(a - b); }

namespace {
std::array<int, 256> histogram(const cv::Mat& u8, const cv::Mat& mask, int channel, int* total) {
  std::array<int, 256> h{};
  *total = 0;
  if (u8.empty()) return h;  // an empty mask (its bounding box is empty)
  cv::Mat hist;
  const int channels[] = {channel}, bins[] = {256};
  const float range[] = {0, 256};
  const float* ranges[] = {range};
  cv::calcHist(&u8, 1, channels, mask, hist, 1, bins, ranges);
  int n = 0;
  for (int v = 0; v < 256; ++v) n += h[v] = cvRound(hist.at<float>(v));
  *total = n;
  return h;
}

double quantile_of(const std::array<int, 256>& h, int n, double q) {
  if (n == 0) return -1;
  double target = q * (n - 1);
  int acc = 0;
  for (int v = 0; v < 256; ++v) {
    acc += h[v];
    if (acc > target) return v;
  }
  return 255;
}
}  // namespace

double masked_quantile(const cv::Mat& u8, const cv::Mat& mask, double q) {
  CV_Assert(u8.type() == CV_8UC1 && mask.size() == u8.size());
  const cv::Rect roi = cv::boundingRect(mask);  // the masks are small parts of the photo
  int n = 0;
  auto h = histogram(u8(roi), mask(roi), 0, &n);
  return quantile_of(h, n, q);
}

cv::Vec3f masked_median3(const cv::Mat& u8c3, const cv::Mat& mask) {
  CV_Assert(u8c3.type() == CV_8UC3 && mask.size() == u8c3.size());
  cv::Vec3f out(0, 0, 0);
  const cv::Rect roi = cv::boundingRect(mask);
  for (int c = 0; c < 3; ++c) {
    int n = 0;
    auto h = histogram(u8c3(roi), mask(roi), c, &n);
    out[c] = n ? float(quantile_of(h, n, 0.5)) : 0.f;
  }
  return out;
}

cv::Vec3f masked_lab(const cv::Mat& lab, const cv::Mat& mask) {
  cv::Vec3f m = masked_median3(lab, mask);
  return lab_real(cv::Vec3b(uchar(m[0]), uchar(m[1]), uchar(m[2])));
}

cv::Mat polygon_mask(cv::Size size, const std::vector<cv::Point2f>& pts) {
  cv::Mat m = cv::Mat::zeros(size, CV_8U);
  std::vector<cv::Point> ip;
  for (const auto& p : pts) ip.emplace_back(cvRound(p.x), cvRound(p.y));
  if (ip.size() >= 3) cv::fillPoly(m, std::vector<std::vector<cv::Point>>{ip}, cv::Scalar(255));
  return m;
}

cv::Mat landmark_polygon(cv::Size size, const std::vector<cv::Point2f>& lms, int first, int last) {
  return polygon_mask(size, std::vector<cv::Point2f>(lms.begin() + first, lms.begin() + last + 1));
}

cv::Rect clip_rect(const cv::Rect2f& r, cv::Size size) {
  cv::Rect ir(cvFloor(r.x), cvFloor(r.y), cvCeil(r.width), cvCeil(r.height));
  return ir & cv::Rect(0, 0, size.width, size.height);
}

// ---- regions ------------------------------------------------------------------------------------

namespace {

struct FaceFrame {  // the face's own axes: `up` perpendicular to the eye line
  cv::Point2f up, along;
  double ied;
};

FaceFrame face_frame(const Geometry& g) {
  cv::Point2f v = g.eye_right - g.eye_left;
  float n = std::max(1e-3f, float(cv::norm(v)));
  cv::Point2f along = v * (1.0f / n);
  return {cv::Point2f(along.y, -along.x), along, g.inter_eye};
}

cv::Mat thick_polyline(cv::Size size, const std::vector<cv::Point2f>& lms, LandmarkSpan span, int thickness) {
  cv::Mat m = cv::Mat::zeros(size, CV_8U);
  std::vector<cv::Point> ip;
  for (int i = span.first; i <= span.last; ++i) ip.emplace_back(cvRound(lms[i].x), cvRound(lms[i].y));
  cv::polylines(m, ip, false, cv::Scalar(255), std::max(1, thickness));
  return m;
}

cv::Mat span_polygon(cv::Size size, const std::vector<cv::Point2f>& lms, LandmarkSpan span) {
  return landmark_polygon(size, lms, span.first, span.last);
}

cv::Mat dilated(const cv::Mat& m, int r) {
  if (r <= 0) return m.clone();
  // Only the mask's bounding box grown by r can change, so only it is dilated (the masks are
  // small parts of the photo, and an elliptic kernel costs its area per pixel).
  cv::Rect roi = cv::boundingRect(m);
  cv::Mat out = cv::Mat::zeros(m.size(), m.type());
  if (roi.empty()) return out;
  roi = cv::Rect(roi.x - r, roi.y - r, roi.width + 2 * r, roi.height + 2 * r) & cv::Rect(cv::Point(), m.size());
  cv::dilate(m(roi), out(roi), cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r + 1, 2 * r + 1}));
  return out;
}

// A generous outline of the person (head ellipse + neck and shoulders) at scale `s`.
cv::Mat person_template(const Geometry& g, cv::Size size, double s) {
  cv::Mat t = cv::Mat::zeros(size, CV_8U);
  double fw = g.face_width * s, cx = g.face_centre_x * s, chin = g.chin_y * s;
  double crown = g.crown_y_estimate * s, d = (g.chin_y - g.brow_y) * s;
  cv::ellipse(t, cv::Point(cvRound(cx), cvRound((crown + chin) / 2)),
              cv::Size(cvRound(0.72 * fw), cvRound((chin - crown) / 2 + 0.12 * d)), -g.eye_line_deg,
              0, 360, cv::Scalar(255), cv::FILLED);
  std::vector<cv::Point> torso = {
      {cvRound(cx - 0.5 * fw), cvRound(chin - 0.2 * d)}, {cvRound(cx + 0.5 * fw), cvRound(chin - 0.2 * d)},
      {cvRound(cx + 1.9 * fw), cvRound(chin + 0.9 * d)}, {cvRound(cx + 1.9 * fw), size.height},
      {cvRound(cx - 1.9 * fw), size.height},           {cvRound(cx - 1.9 * fw), cvRound(chin + 0.9 * d)}};
  cv::fillConvexPoly(t, torso, cv::Scalar(255));
  return dilated(t, cvRound(0.06 * fw));
}

// Keeps the connected parts of `person` that touch the face and fills their holes.
cv::Mat person_component(const cv::Mat& person, cv::Point face) {
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(person.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  cv::Mat out = cv::Mat::zeros(person.size(), CV_8U);
  for (std::size_t i = 0; i < contours.size(); ++i)
    if (cv::pointPolygonTest(contours[i], face, false) >= 0)
      cv::drawContours(out, contours, int(i), cv::Scalar(255), cv::FILLED);
  return out;
}

void build_background(Frame& f, const Params& bgp) {
  Regions& r = f.regions;
  const Geometry& g = f.geo;
  double s = r.bg_scale;
  cv::Size sz = f.small_lab.size();
  cv::Mat tmpl = person_template(g, sz, s);
  r.bg_sample = ~tmpl;
  int border = 2;
  r.bg_sample(cv::Rect(0, 0, sz.width, border)).setTo(0);
  r.bg_sample(cv::Rect(0, 0, border, sz.height)).setTo(0);
  r.bg_sample(cv::Rect(sz.width - border, 0, border, sz.height)).setTo(0);
  if (cv::countNonZero(r.bg_sample) < 0.02 * sz.area()) {  // face fills the frame: top strip
    r.bg_sample.setTo(0);
    r.bg_sample(cv::Rect(border, 0, sz.width - 2 * border, std::max(2, sz.height / 30))).setTo(255);
  }
  r.bg_lab = masked_lab(f.small_lab, r.bg_sample);

  // ΔE of every pixel to the background colour.
  cv::Mat labf;
  f.small_lab.convertTo(labf, CV_32FC3);
  r.bg_distance.create(sz, CV_32F);
  const float L = r.bg_lab[0] * 255.0f / 100.0f, A = r.bg_lab[1] + 128.0f, B = r.bg_lab[2] + 128.0f;
  for (int y = 0; y < sz.height; ++y) {
    const cv::Vec3f* p = labf.ptr<cv::Vec3f>(y);
    float* d = r.bg_distance.ptr<float>(y);
    for (int x = 0; x < sz.width; ++x) {
      float dl = (p[x][0] - L) * (100.0f / 255.0f), da = p[x][1] - A, db = p[x][2] - B;
      d[x] = std::sqrt(dl * dl + da * da + db * db);
    }
  }
  cv::Mat near = r.bg_distance < bgp.num("max_delta_e");
  r.bg_clean_share = double(cv::countNonZero(near & r.bg_sample)) / std::max(1, cv::countNonZero(r.bg_sample));
  cv::Mat person = ~near;
  cv::morphologyEx(person, person, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
  cv::Point face(cvRound(g.face_centre_x * s), cvRound((g.eye_y + g.chin_y) / 2 * s));
  face.x = std::clamp(face.x, 0, sz.width - 1);
  face.y = std::clamp(face.y, 0, sz.height - 1);
  person.at<uchar>(face) = 255;
  r.person = person_component(person, face);
  r.background = ~r.person;
}

// Top of the head: the person mask's top edge in the columns around the midline, when the
// background is clean enough to trust, kept within a plausible band around the estimate.
void refine_crown(Frame& f, const Params& bgp) {
  Geometry& g = f.geo;
  Regions& r = f.regions;
  if (r.bg_clean_share < bgp.num("min_clean_share")) return;
  double s = r.bg_scale, d = g.chin_y - g.brow_y;
  int x0 = std::max(0, cvRound((g.face_centre_x - 0.2 * g.face_width) * s));
  int x1 = std::min(r.person.cols - 1, cvRound((g.face_centre_x + 0.2 * g.face_width) * s));
  int ystop = std::clamp(cvRound(g.brow_y * s), 0, r.person.rows);
  std::vector<int> tops;
  for (int x = x0; x <= x1; ++x) {
    int y = 0;
    while (y < ystop && !r.person.at<uchar>(y, x)) ++y;
    tops.push_back(y);
  }
  if (tops.empty()) return;
  std::nth_element(tops.begin(), tops.begin() + tops.size() / 2, tops.end());
  double crown = tops[tops.size() / 2] / s;
  if (crown <= 1.0 / s) crown = std::min(0.0, g.crown_y_estimate);  // hair reaches the top edge
  if (crown < g.crown_y_estimate - 0.6 * d || crown > g.crown_y_estimate + 0.5 * d) return;
  g.crown_y = crown;
  g.crown_refined = true;
}

}  // namespace

void build_regions(Frame& f, const Params& bgp) {
  Regions& r = f.regions;
  Geometry& g = f.geo;
  if (!g.face) return;
  const auto& p = g.landmarks;
  cv::Size size = f.bgr.size();
  FaceFrame ff = face_frame(g);
  const double ied = ff.ied;
  auto lift = [&](cv::Point2f q, double k) { return q + ff.up * float(k * ied); };

  // Face: the jaw closed over a forehead lifted above the brows.
  std::vector<cv::Point2f> face(p.begin() + lm::jaw_first, p.begin() + lm::jaw_last + 1);
  for (int i = lm::brow_last; i >= lm::brow_first; --i) face.push_back(lift(p[i], 0.3));
  r.face = polygon_mask(size, face);

  cv::Mat features = cv::Mat::zeros(size, CV_8U);
  int grow = std::max(1, cvRound(0.07 * ied));
  features |= dilated(span_polygon(size, p, lm::eye_l), grow);
  features |= dilated(span_polygon(size, p, lm::eye_r), grow);
  features |= thick_polyline(size, p, lm::brow_l, cvRound(0.2 * ied));
  features |= thick_polyline(size, p, lm::brow_r, cvRound(0.2 * ied));
  features |= dilated(span_polygon(size, p, lm::outer_lip), grow);
  features |= dilated(span_polygon(size, p, lm::nostrils), grow);
  r.skin = r.face & ~features;

  auto inset = [&](int i) { return p[i] + (p[lm::nose_tip] - p[i]) * 0.12f; };
  auto below = [&](int i) { return lift(p[i], -0.3); };
  // A cheek: in from the jaw beside it, the mouth corner, the nostril, under the lower lid.
  std::vector<cv::Point2f> cheek_l, cheek_r;
  for (int i = lm::cheek_l_jaw_first; i <= lm::cheek_l_jaw_last; ++i) cheek_l.push_back(inset(i));
  for (int i = lm::cheek_r_jaw_last; i >= lm::cheek_r_jaw_first; --i) cheek_r.push_back(inset(i));
  cheek_l.insert(cheek_l.end(), {p[lm::mouth_l], p[lm::nostril_first], below(lm::eye_l_lower_inner),
                                 below(lm::eye_l_lower_outer), below(lm::eye_l_outer)});
  cheek_r.insert(cheek_r.end(), {p[lm::mouth_r], p[lm::nostril_last], below(lm::eye_r_lower_inner),
                                 below(lm::eye_r_lower_outer), below(lm::eye_r_outer)});
  r.cheek_left = polygon_mask(size, cheek_l) & r.skin;
  r.cheek_right = polygon_mask(size, cheek_r) & r.skin;
  r.eye_left = span_polygon(size, p, lm::eye_l);
  r.eye_right = span_polygon(size, p, lm::eye_r);

  r.lenses = cv::Mat::zeros(size, CV_8U);
  for (cv::Point2f c : {g.eye_left, g.eye_right}) {
    cv::Point2f centre = lift(c, 0.04);
    cv::ellipse(r.lenses, cv::RotatedRect(centre, cv::Size2f(float(0.84 * ied), float(0.56 * ied)),
                                          float(-g.eye_line_deg)),
                cv::Scalar(255), cv::FILLED);
  }

  std::vector<cv::Point2f> band;
  for (int i = lm::brow_first; i <= lm::brow_last; ++i) band.push_back(lift(p[i], 0.12));
  for (int i = lm::brow_last; i >= lm::brow_first; --i) band.push_back(lift(p[i], 0.45));
  r.forehead = polygon_mask(size, band);

  // Background model (half resolution), person mask and the crown.
  r.bg_scale = double(f.small_lab.cols) / f.lab.cols;  // small_lab is made by the engine
  f.bg_min_clean_share = bgp.num("min_clean_share");
  build_background(f, bgp);
  refine_crown(f, bgp);
  cv::Mat person;
  cv::resize(r.person, person, size, 0, 0, cv::INTER_NEAREST);

  double fw = g.face_width, cx = g.face_centre_x, d = g.chin_y - g.brow_y;
  cv::Mat top = cv::Mat::zeros(size, CV_8U);
  double y_hairline = g.brow_y - 0.55 * ied;
  if (y_hairline > g.crown_y)
    cv::rectangle(top, cv::Rect2d(cx - 0.4 * fw, g.crown_y, 0.8 * fw, y_hairline - g.crown_y),
                  cv::Scalar(255), cv::FILLED);
  r.hair_top = top & person & ~r.face;

  cv::Mat sides = cv::Mat::zeros(size, CV_8U);
  double sy0 = g.brow_y - 0.6 * ied, sh = g.eye_y - sy0;
  cv::rectangle(sides, cv::Rect2d(p[lm::jaw_first].x - 0.35 * ied, sy0, 0.35 * ied, sh), cv::Scalar(255), cv::FILLED);
  cv::rectangle(sides, cv::Rect2d(p[lm::jaw_last].x, sy0, 0.35 * ied, sh), cv::Scalar(255), cv::FILLED);
  r.hair_sides = sides & person & ~r.face;

  // The top: a trapezoid below the neck that widens towards the shoulders. Not cut by the person
  // mask, so that a top of the background's colour still counts as the top.
  double cy0 = g.chin_y + 0.3 * d, cy1 = std::min<double>(size.height, g.chin_y + 2.0 * d);
  if (cy0 < size.height)
    r.clothing = polygon_mask(size, {{float(cx - 0.7 * fw), float(cy0)}, {float(cx + 0.7 * fw), float(cy0)},
                                     {float(cx + 1.2 * fw), float(cy1)}, {float(cx - 1.2 * fw), float(cy1)}});
  else
    r.clothing = cv::Mat::zeros(size, CV_8U);

  r.skin_lab = masked_lab(f.lab, r.cheek_left | r.cheek_right);

  // Upright canonical face.
  AlignedFace& a = f.aligned;
  double k = AlignedFace::kInterEye / std::max(1.0, ied);
  cv::Point2f mid = (g.eye_left + g.eye_right) * 0.5f;
  cv::Mat rot = cv::getRotationMatrix2D(mid, -g.eye_line_deg, k);
  rot.at<double>(0, 2) += AlignedFace::kWidth / 2.0 - mid.x;
  rot.at<double>(1, 2) += AlignedFace::kEyeY - mid.y;
  a.to_aligned = cv::Matx23d(rot);
  cv::Size asz(AlignedFace::kWidth, AlignedFace::kHeight);
  cv::Mat src = f.bgr;
  if (k < 0.75) {  // pre-shrink so that the warp does not alias
    const double s = k * 1.25;
    rot.at<double>(0, 0) /= s; rot.at<double>(0, 1) /= s;
    rot.at<double>(1, 0) /= s; rot.at<double>(1, 1) /= s;
    src = shrink_for_warp(f.bgr, s, rot, asz);
  }
  cv::warpAffine(src, a.bgr, rot, asz, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::cvtColor(a.bgr, a.grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(a.bgr, a.lab, cv::COLOR_BGR2Lab);
  a.landmarks.clear();
  for (const auto& q : p) a.landmarks.push_back(a.map(q));
}

cv::Mat shrink_for_warp(const cv::Mat& image, double s, const cv::Mat& to_dst, cv::Size dst) {
  // The warp reads the shrunk image only where `dst` maps to (bilinear: one pixel more). INTER_AREA
  // gives a shrunk pixel from the source pixels under it, counted from the image's top-left
  // corner, so a copy cut on the right and at the bottom gives the same pixels as the whole image
  // except in its last two columns and rows: the source is cut two shrunk pixels past the last one
  // the warp can read (the whole image when the warp reads to its edge, where BORDER_REPLICATE
  // repeats the last pixels).
  cv::Mat from_dst;
  cv::invertAffineTransform(to_dst, from_dst);
  double max_x = 0, max_y = 0;
  for (cv::Point2d c : {cv::Point2d(0, 0), cv::Point2d(dst.width, 0), cv::Point2d(0, dst.height),
                        cv::Point2d(dst.width, dst.height)}) {
    max_x = std::max(max_x, from_dst.at<double>(0, 0) * c.x + from_dst.at<double>(0, 1) * c.y + from_dst.at<double>(0, 2));
    max_y = std::max(max_y, from_dst.at<double>(1, 0) * c.x + from_dst.at<double>(1, 1) * c.y + from_dst.at<double>(1, 2));
  }
  auto source_extent = [s](double last_read, int whole) {
    const double keep = std::max(4.0, std::ceil(last_read) + 4);  // shrunk pixels to keep exact
    if (!(keep < whole * s - 2)) return whole;     // also NaN
    return std::min(whole, int(std::ceil((keep + 1) / s)) + 2);
  };
  const cv::Rect cut(0, 0, source_extent(max_x, image.cols), source_extent(max_y, image.rows));
  cv::Mat out;
  cv::resize(image(cut), out, cv::Size(), s, s, cv::INTER_AREA);
  return out;
}

double spectral_peak(const cv::Mat& grey_tile, double rmin, double rmax, bool skip_axes) {
  CV_Assert(grey_tile.type() == CV_8UC1);
  cv::Mat t;
  grey_tile.convertTo(t, CV_32F);
  t -= cv::mean(t)[0];
  cv::Mat win;
  cv::createHanningWindow(win, t.size(), CV_32F);
  t = t.mul(win);
  cv::Mat spec;
  cv::dft(t, spec, cv::DFT_COMPLEX_OUTPUT);
  cv::Mat planes[2], mag;
  cv::split(spec, planes);
  cv::magnitude(planes[0], planes[1], mag);
  mag += 1.0f;
  cv::log(mag, mag);
  cv::Mat local;
  cv::blur(mag, local, cv::Size(9, 9), cv::Point(-1, -1), cv::BORDER_REFLECT);
  cv::Mat excess = mag - local;
  const int W = t.cols, H = t.rows;
  double best = 0;
  for (int v = 0; v < H; ++v) {
    int fy = v <= H / 2 ? v : v - H;
    for (int u = 0; u <= W / 2; ++u) {
      int fx = u;
      if (skip_axes && (std::abs(fx) <= 1 || std::abs(fy) <= 1)) continue;
      double ffx = double(fx) / W, ffy = double(fy) / H, rr = std::hypot(ffx, ffy);
      if (rr < rmin || rr > rmax) continue;
      auto near_block = [](double fr, int n) {  // multiples of 1/8 cycle/px (JPEG blocks)
        double m = fr * 8.0;
        return std::fabs(m - std::round(m)) * n / 8.0 <= 1.0;
      };
      if (near_block(ffx, W) || near_block(ffy, H)) continue;
      best = std::max(best, double(excess.at<float>(v, u)));
    }
  }
  return best;
}

}  // namespace pa::quality
