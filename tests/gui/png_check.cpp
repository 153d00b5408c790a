// Pixel assertions for the GUI screenshot tests (screenshot_test.sh, coord_screenshot_test.sh).
// One screenshot and the checks it must pass; every check prints what it measured.
//
//   photoaudit_png_check SHOT.png --size 1600x1000 [check...]
//
// Always: SHOT exists, is a PNG (signature), decodes, has the window size, and is not blank or a
// uniform background. The checks locate the audit's own photos in the screenshot: a photo is
// looked for where its background colour (its top corners) forms a region of the screenshot; the
// region's width and the photo's aspect ratio give the rectangle it must have been drawn into, and
// the photo, resized to it, is compared pixel by pixel (a drawing that is stretched, cropped,
// shifted, of another photo or not there at all does not match).
//
//   --among DIR              (first) the audit's photos: a drawing is FILE's only if none of them
//                            matches it better
//   --photo FILE             FILE is drawn unaltered at least once
//   --photo-count FILE N     ... exactly N times
//   --one-of F1,F2,...       at least one of the files is drawn unaltered
//   --framed FILE red|green  every unaltered drawing of FILE has a frame of that colour beside it
//   --unframed F1,F2,...     at least one of the files is drawn unaltered, and no side of any drawing
//                            of them has a red or a green line beside it (a quiz photo before its answer)
//   --overlaid FILE GEO      FILE is drawn with an overlay on its face (GEO: `photoaudit check --json
//                            FILE`, the engine's face geometry) and unaltered elsewhere
//   --same-as OTHER.png FILE the unaltered drawings of FILE are at the same place, unchanged, in OTHER
//   --heatmap-vs PLAIN.png FILE GEO
//                            SHOT has the lighting heatmap on, PLAIN the same screen with overlays
//                            off: both show FILE in the original pane unchanged; the overlay pane of
//                            SHOT differs from PLAIN where the face is, in the heatmap's saturated
//                            colours, and not around it
//   --overlay-contrast PLAIN.png FILE DE
//                            SHOT has an overlay on, PLAIN the same screen with overlays off (FILE
//                            drawn unaltered twice): the original pane is unchanged, and the pixels the
//                            overlay changed in the overlay pane differ from the photo's background
//                            colour and from white by a CIEDE2000 of at least DE (nine in ten of them)
//   --split REF.png FILE F   the overlay pane (located in REF, where FILE is drawn unaltered twice)
//                            shows overlays left of the split at fraction F of the photo, the photo
//                            right of it
//   --thumbnails N FILE...   (last) at least N of the files are drawn as thumbnails, each in its own
//                            cell of one grid
//   --text-rows X0,Y0,X1,Y1 N   at least N lines of text in the region (fractions of the window)
//   --bars X0,Y0,X1,Y1 N        at least N solid horizontal coloured bars in the region
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../unit/colour_difference.h"

namespace {

bool g_ok = true;
void fail(const std::string& what) {
  std::printf("FAIL: %s\n", what.c_str());
  g_ok = false;
}

// A pixel differs when one channel is off by more than this (JPEG decoding, mipmapped GPU
// filtering and resizing stay well below it; an overlay or another photo does not).
constexpr int kPixelTolerance = 48;
// An unaltered drawing: at most this share of its pixels differ.
constexpr double kUnaltered = 0.05;

// The file's name with its folder's ("photos/2110010101.jpg"): the reshoot round's new photo has
// the same name as the first one.
std::string base(const std::string& path) {
  const auto s = path.find_last_of('/');
  if (s == std::string::npos || s == 0) return path;
  const auto d = path.find_last_of('/', s - 1);
  return d == std::string::npos ? path : path.substr(d + 1);
}

cv::Mat load_photo(const std::string& path) {
  cv::Mat m = cv::imread(path, cv::IMREAD_COLOR);  // EXIF upright, as the workstation shows it
  if (m.empty()) fail("cannot read the photo " + path);
  return m;
}

// The photo's background colour: the median of its two top corners.
cv::Vec3b background_colour(const cv::Mat& photo) {
  const int b = std::max(4, photo.cols / 40);
  std::vector<uchar> ch[3];
  for (const cv::Rect r : {cv::Rect(0, 0, b, b), cv::Rect(photo.cols - b, 0, b, b)})
    for (int y = r.y; y < r.y + r.height; ++y)
      for (int x = r.x; x < r.x + r.width; ++x)
        for (int c = 0; c < 3; ++c) ch[c].push_back(photo.at<cv::Vec3b>(y, x)[c]);
  cv::Vec3b out;
  for (int c = 0; c < 3; ++c) {
    std::nth_element(ch[c].begin(), ch[c].begin() + ch[c].size() / 2, ch[c].end());
    out[c] = ch[c][ch[c].size() / 2];
  }
  return out;
}

// Per-pixel difference (largest channel) between the screenshot region and the photo resized to it.
cv::Mat difference(const cv::Mat& shot, const cv::Rect& r, const cv::Mat& photo) {
  cv::Mat p, d;
  cv::resize(photo, p, r.size(), 0, 0, cv::INTER_AREA);
  cv::absdiff(shot(r), p, d);
  std::vector<cv::Mat> ch;
  cv::split(d, ch);
  cv::Mat m = cv::max(cv::max(ch[0], ch[1]), ch[2]);
  return m;
}
double share_over(const cv::Mat& diff, const cv::Mat& mask = {}) {
  cv::Mat over = diff > kPixelTolerance;
  if (mask.empty()) return cv::countNonZero(over) / static_cast<double>(diff.total());
  const int n = cv::countNonZero(mask);
  return n ? cv::countNonZero(over & mask) / static_cast<double>(n) : 1.0;
}

// Where the photo could have been drawn: regions of the screenshot in its background colour, each
// giving a rectangle (its left, top and width; the height from the photo's aspect ratio). A frame
// drawn over the photo's edges (the trainer screens) hides a few pixels of it: the rectangle that
// best matches the photo, up to kEdge px wider on each side and higher, is the one returned, and
// only the pixels at least kEdge px inside it are compared.
constexpr int kEdge = 5;
cv::Mat inner_mask(cv::Size size) {
  cv::Mat m = cv::Mat::zeros(size, CV_8U);
  if (size.width > 4 * kEdge && size.height > 4 * kEdge)
    m(cv::Rect(kEdge, kEdge, size.width - 2 * kEdge, size.height - 2 * kEdge)).setTo(255);
  return m;
}
double mismatch(const cv::Mat& shot, const cv::Rect& r, const cv::Mat& photo) {
  return share_over(difference(shot, r, photo), inner_mask(r.size()));
}
std::vector<cv::Rect> candidates(const cv::Mat& shot, const cv::Mat& photo) {
  const cv::Vec3b bg = background_colour(photo);
  cv::Mat mask;
  cv::inRange(shot, cv::Scalar(std::max(0, bg[0] - 28), std::max(0, bg[1] - 28), std::max(0, bg[2] - 28)),
              cv::Scalar(std::min(255, bg[0] + 28), std::min(255, bg[1] + 28), std::min(255, bg[2] + 28)), mask);
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8);
  const cv::Rect screen(0, 0, shot.cols, shot.rows);
  std::vector<cv::Rect> out;
  for (int i = 1; i < n; ++i) {
    const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
    const int w = stats.at<int>(i, cv::CC_STAT_WIDTH);
    if (w < 40 || stats.at<int>(i, cv::CC_STAT_AREA) < 400) continue;
    cv::Rect best;
    double best_m = 2;
    for (int dx = 0; dx <= kEdge; ++dx)
      for (int dy = 0; dy <= kEdge; ++dy) {
        const int rw = w + 2 * dx;
        const cv::Rect r(x - dx, y - dy, rw, static_cast<int>(std::lround(rw * static_cast<double>(photo.rows) / photo.cols)));
        if ((r & screen) != r) continue;
        const double m = mismatch(shot, r, photo);
        if (m < best_m) best_m = m, best = r;
      }
    if (best.area() == 0) continue;
    // Regions of one drawing (split by the head or an overlay) give the same rectangle once.
    const bool seen = std::any_of(out.begin(), out.end(), [&](const cv::Rect& o) {
      return std::abs(o.x - best.x) <= 2 && std::abs(o.y - best.y) <= 2 && std::abs(o.width - best.width) <= 2;
    });
    if (!seen) out.push_back(best);
  }
  return out;
}

struct Drawing {
  cv::Rect rect;
  double mismatch;
};
// --among: every photo of the audit. A drawing is of FILE only when no other photo of the audit
// matches it better (the demo has photos that differ from each other in a few small blobs only).
std::vector<std::pair<std::string, cv::Mat>> g_among;

// The unaltered drawings of the photo, left to right.
std::vector<Drawing> find_unaltered(const cv::Mat& shot, const cv::Mat& photo, const std::string& name) {
  std::vector<Drawing> found;
  for (const auto& r : candidates(shot, photo)) {
    const double m = mismatch(shot, r, photo);
    if (m > kUnaltered) continue;
    std::string better;
    for (const auto& [f, other] : g_among)
      if (other.size() == photo.size() && mismatch(shot, r, other) < m) better = base(f);
    if (!better.empty()) {
      std::printf("  (%dx%d+%d+%d is closer to %s than to %s)\n", r.width, r.height, r.x, r.y, better.c_str(), name.c_str());
      continue;
    }
    found.push_back({r, m});
  }
  std::sort(found.begin(), found.end(), [](const Drawing& a, const Drawing& b) { return a.rect.x < b.rect.x; });
  for (const auto& d : found)
    std::printf("  %s drawn at %dx%d+%d+%d (%.1f %% of its pixels differ)\n", name.c_str(), d.rect.width,
                d.rect.height, d.rect.x, d.rect.y, 100 * d.mismatch);
  return found;
}

// The engine's face geometry of a photo, from `photoaudit check --json`.
struct Face {
  double cx = 0, width = 0, eye_y = 0, chin_y = 0, crown_y = 0;
  bool ok = false;
};
Face read_face(const std::string& path) {
  Face f;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) {
    fail("cannot read the geometry " + path);
    return f;
  }
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.contains("metrics")) {
    fail("no metrics in " + path);
    return f;
  }
  const auto& m = j["metrics"];
  for (const char* k : {"face_centre_x_px", "face_width_px", "eye_line_y_px", "chin_y_px", "crown_y_px"})
    if (!m.contains(k)) {
      fail(std::string("no ") + k + " in " + path + " (no face found?)");
      return f;
    }
  f.cx = m["face_centre_x_px"];
  f.width = m["face_width_px"];
  f.eye_y = m["eye_line_y_px"];
  f.chin_y = m["chin_y_px"];
  f.crown_y = m["crown_y_px"];
  f.ok = f.width > 0 && f.chin_y > f.eye_y;
  if (!f.ok) fail("implausible face geometry in " + path);
  return f;
}
// Masks at the size of a drawing `r` of the photo: the face's core (cheeks, nose, mouth: between
// the eyes and the chin, the middle 60 % of the face width) and what is clearly not face (beside
// the face by more than half its width, or above the crown).
void face_masks(const Face& f, const cv::Mat& photo, const cv::Rect& r, cv::Mat* core, cv::Mat* outside) {
  const double s = r.width / static_cast<double>(photo.cols);
  *core = cv::Mat::zeros(r.size(), CV_8U);
  cv::rectangle(*core, cv::Point(static_cast<int>((f.cx - 0.3 * f.width) * s), static_cast<int>(f.eye_y * s)),
                cv::Point(static_cast<int>((f.cx + 0.3 * f.width) * s), static_cast<int>((f.chin_y - 0.1 * (f.chin_y - f.eye_y)) * s)),
                255, cv::FILLED);
  *outside = cv::Mat(r.size(), CV_8U, cv::Scalar(255));
  cv::rectangle(*outside, cv::Point(static_cast<int>((f.cx - f.width) * s), static_cast<int>((f.crown_y - 0.05 * photo.rows) * s)),
                cv::Point(static_cast<int>((f.cx + f.width) * s), r.height), 0, cv::FILLED);
}

// Drawings of the photo with an overlay on the face: unaltered outside the face, altered in its core.
std::vector<Drawing> find_overlaid(const cv::Mat& shot, const cv::Mat& photo, const Face& f, const std::string& name) {
  std::vector<Drawing> found;
  for (const auto& r : candidates(shot, photo)) {
    cv::Mat core, outside;
    face_masks(f, photo, r, &core, &outside);
    outside &= inner_mask(r.size());
    const cv::Mat d = difference(shot, r, photo);
    const double in_face = share_over(d, core), around = share_over(d, outside);
    if (std::getenv("PNG_CHECK_DEBUG"))
      std::printf("  (candidate %dx%d+%d+%d: face core %.1f %%, around %.1f %%)\n", r.width, r.height, r.x, r.y, 100 * in_face, 100 * around);
    if (around <= kUnaltered && in_face >= 0.4) {
      std::printf("  %s drawn with an overlay at %dx%d+%d+%d (face core %.1f %% changed, around the face %.1f %%)\n",
                  name.c_str(), r.width, r.height, r.x, r.y, 100 * in_face, 100 * around);
      found.push_back({r, around});
    }
  }
  return found;
}

enum class Hue { red, green, other };
Hue hue_of(const cv::Vec3b& bgr) {
  cv::Mat px(1, 1, CV_8UC3, cv::Scalar(bgr[0], bgr[1], bgr[2])), hsv;
  cv::cvtColor(px, hsv, cv::COLOR_BGR2HSV);
  const auto v = hsv.at<cv::Vec3b>(0, 0);
  if (v[1] < 90 || v[2] < 90) return Hue::other;
  if (v[0] <= 10 || v[0] >= 170) return Hue::red;
  if (v[0] >= 40 && v[0] <= 85) return Hue::green;
  return Hue::other;
}
// The frame around a drawing: on each side, rays from kEdge px inside the drawing outwards (up to
// 80 px: a frame around a letterboxed pane is further away); the first red or green pixel a ray
// meets is the frame's colour there. Framed: on at least three sides most rays meet `want`.
// How many sides of the drawing at `r` have a line of that hue beside them (within 80 pixels).
int framed_sides(const cv::Mat& shot, const cv::Rect& r, Hue want) {
  int sides = 0;
  for (int side = 0; side < 4; ++side) {
    int hits = 0;
    for (int k = 1; k <= 9; ++k) {
      const int along_x = r.x + r.width * k / 10, along_y = r.y + r.height * k / 10;
      int x, y, dx = 0, dy = 0;
      switch (side) {
        case 0: x = r.x + kEdge, y = along_y, dx = -1; break;
        case 1: x = r.x + r.width - 1 - kEdge, y = along_y, dx = 1; break;
        case 2: x = along_x, y = r.y + kEdge, dy = -1; break;
        default: x = along_x, y = r.y + r.height - 1 - kEdge, dy = 1; break;
      }
      for (int step = 0; step < kEdge + 80; ++step, x += dx, y += dy) {
        if (x < 0 || y < 0 || x >= shot.cols || y >= shot.rows) break;
        const Hue h = hue_of(shot.at<cv::Vec3b>(y, x));
        if (h != Hue::other) {
          hits += h == want;
          break;
        }
      }
    }
    sides += hits >= 5;
  }
  return sides;
}

bool framed(const cv::Mat& shot, const cv::Rect& r, Hue want) { return framed_sides(shot, r, want) >= 3; }

cv::Rect region(const cv::Mat& shot, const std::string& spec) {
  double f[4];
  if (std::sscanf(spec.c_str(), "%lf,%lf,%lf,%lf", &f[0], &f[1], &f[2], &f[3]) != 4) {
    fail("bad region " + spec);
    return {0, 0, 1, 1};
  }
  const cv::Rect r(static_cast<int>(f[0] * shot.cols), static_cast<int>(f[1] * shot.rows),
                   static_cast<int>((f[2] - f[0]) * shot.cols), static_cast<int>((f[3] - f[1]) * shot.rows));
  return r & cv::Rect(0, 0, shot.cols, shot.rows);
}

// Lines of text: runs of rows holding pixels much brighter than the region's background (columns
// bright over most of the region's height are lines or frames, not text, and are left out).
int text_rows(const cv::Mat& shot, const cv::Rect& r) {
  cv::Mat grey;
  cv::cvtColor(shot(r), grey, cv::COLOR_BGR2GRAY);
  cv::Mat sorted = grey.reshape(1, 1).clone();
  cv::sort(sorted, sorted, cv::SORT_ASCENDING);
  const int bg = sorted.at<uchar>(0, sorted.cols / 2);
  cv::Mat ink = grey > std::min(250, bg + 60);
  for (int x = 0; x < ink.cols; ++x)
    if (cv::countNonZero(ink.col(x)) > ink.rows / 2) ink.col(x).setTo(0);
  int lines = 0, run = 0;
  for (int y = 0; y <= ink.rows; ++y) {
    const bool on = y < ink.rows && cv::countNonZero(ink.row(y)) >= 2;
    if (on) {
      ++run;
    } else {
      if (run >= 5 && run <= 48) ++lines;
      run = 0;
    }
  }
  return lines;
}

// Solid horizontal bars: runs of at least 8 rows each holding 24 or more consecutive saturated,
// bright pixels (text strokes are neither that long nor that tall).
int bars(const cv::Mat& shot, const cv::Rect& r) {
  cv::Mat hsv;
  cv::cvtColor(shot(r), hsv, cv::COLOR_BGR2HSV);
  int count = 0, run = 0;
  for (int y = 0; y <= hsv.rows; ++y) {
    bool on = false;
    if (y < hsv.rows) {
      int len = 0;
      for (int x = 0; x < hsv.cols && !on; ++x) {
        const auto v = hsv.at<cv::Vec3b>(y, x);
        len = v[1] >= 90 && v[2] >= 90 ? len + 1 : 0;
        on = len >= 24;
      }
    }
    if (on) {
      ++run;
    } else {
      if (run >= 8) ++count;
      run = 0;
    }
  }
  return count;
}

cv::Mat load_shot(const std::string& path, cv::Size want) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail(path + " was not written");
    return {};
  }
  char sig[8] = {};
  in.read(sig, 8);
  if (std::string(sig, 8) != std::string("\x89PNG\r\n\x1a\n", 8)) {
    fail(path + " is not a PNG");
    return {};
  }
  cv::Mat m = cv::imread(path, cv::IMREAD_COLOR);
  if (m.empty()) {
    fail(path + " does not decode");
    return {};
  }
  std::printf("%s: %dx%d\n", base(path).c_str(), m.cols, m.rows);
  if (want.width && m.size() != want) fail("the window is " + std::to_string(m.cols) + "x" + std::to_string(m.rows) +
                                            ", expected " + std::to_string(want.width) + "x" + std::to_string(want.height));
  // Not blank, not a uniform background: grey spread, and no single colour covering nearly all.
  cv::Scalar mean, sd;
  cv::Mat grey;
  cv::cvtColor(m, grey, cv::COLOR_BGR2GRAY);
  cv::meanStdDev(grey, mean, sd);
  std::map<int, int> colours;
  for (int y = 0; y < m.rows; y += 2)
    for (int x = 0; x < m.cols; x += 2) {
      const auto p = m.at<cv::Vec3b>(y, x);
      ++colours[(p[0] << 16) | (p[1] << 8) | p[2]];
    }
  int top = 0;
  for (const auto& [c, n] : colours) top = std::max(top, n);
  const double top_share = top / static_cast<double>((m.rows / 2) * (m.cols / 2));
  std::printf("  grey stddev %.1f, %zu colours, the commonest covers %.1f %%\n", sd[0], colours.size(), 100 * top_share);
  if (sd[0] < 8) fail("blank screenshot");
  // A sparse form (the export screen: a few lines on one background, since child windows draw no
  // background of their own) leaves the background 91-93 % of the window; a window with nothing
  // drawn on it, 99 %.
  if (colours.size() < 64 || top_share > 0.96) fail("a uniform background, nothing drawn on it");
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SHOT.png --size WxH [check...] (see the source)\n", argv[0]);
    return 2;
  }
  std::vector<std::string> a(argv + 1, argv + argc);
  cv::Size want;
  std::size_t i = 1;
  if (a.size() > 2 && a[1] == "--size") {
    if (std::sscanf(a[2].c_str(), "%dx%d", &want.width, &want.height) != 2) return 2;
    i = 3;
  }
  const cv::Mat shot = load_shot(a[0], want);
  if (shot.empty()) {
    std::puts("FAIL");
    return 1;
  }
  auto need = [&](std::size_t n) {
    if (i + n >= a.size()) {
      std::fprintf(stderr, "%s needs %zu arguments\n", a[i].c_str(), n);
      std::exit(2);
    }
  };
  for (; i < a.size(); ++i) {
    const std::string& opt = a[i];
    if (opt == "--among") {
      need(1);
      const std::string dir = a[++i];
      std::vector<cv::String> files;
      cv::glob(dir + "/*", files, false);
      for (const auto& f : files) {
        cv::Mat m = cv::imread(f, cv::IMREAD_COLOR);
        if (!m.empty()) g_among.emplace_back(f, m);
      }
      std::printf("  %zu photos in %s\n", g_among.size(), dir.c_str());
    } else if (opt == "--photo" || opt == "--photo-count") {
      const bool exact = opt == "--photo-count";
      need(exact ? 2 : 1);
      const std::string file = a[++i];
      const int n = exact ? std::atoi(a[++i].c_str()) : 1;
      const cv::Mat photo = load_photo(file);
      if (photo.empty()) continue;
      const auto found = find_unaltered(shot, photo, base(file));
      if (exact ? static_cast<int>(found.size()) != n : found.empty())
        fail(base(file) + " drawn unaltered " + std::to_string(found.size()) + " times, expected " +
             (exact ? "" : "at least ") + std::to_string(n));
    } else if (opt == "--one-of") {
      need(1);
      std::string list = a[++i], shown;
      for (std::size_t p = 0; p <= list.size();) {
        std::size_t q = list.find(',', p);
        if (q == std::string::npos) q = list.size();
        const std::string file = list.substr(p, q - p);
        p = q + 1;
        const cv::Mat photo = load_photo(file);
        if (!photo.empty() && !find_unaltered(shot, photo, base(file)).empty()) shown += base(file) + " ";
      }
      if (shown.empty()) fail("none of " + list + " is drawn");
    } else if (opt == "--framed") {
      need(2);
      const std::string file = a[++i], colour = a[++i];
      const Hue want_hue = colour == "red" ? Hue::red : Hue::green;
      const cv::Mat photo = load_photo(file);
      if (photo.empty()) continue;
      const auto found = find_unaltered(shot, photo, base(file));
      if (found.empty()) fail(base(file) + " is not drawn, so not framed");
      for (const auto& d : found)
        if (!framed(shot, d.rect, want_hue)) fail(base(file) + " at x=" + std::to_string(d.rect.x) + " has no " + colour + " frame");
        else std::printf("  %s framed in %s\n", base(file).c_str(), colour.c_str());
    } else if (opt == "--unframed") {
      need(1);
      const std::string list = a[++i];
      int drawn = 0;
      for (std::size_t p = 0; p <= list.size();) {
        std::size_t q = list.find(',', p);
        if (q == std::string::npos) q = list.size();
        const std::string file = list.substr(p, q - p);
        p = q + 1;
        const cv::Mat photo = load_photo(file);
        if (photo.empty()) continue;
        for (const auto& d : find_unaltered(shot, photo, base(file))) {
          ++drawn;
          if (framed_sides(shot, d.rect, Hue::red) > 0 || framed_sides(shot, d.rect, Hue::green) > 0)
            fail(base(file) + " at x=" + std::to_string(d.rect.x) + " has a red or green frame: it gives the answer away");
          else
            std::printf("  %s drawn without a red or green frame\n", base(file).c_str());
        }
      }
      if (!drawn) fail("none of " + list + " is drawn");
    } else if (opt == "--overlaid") {
      need(2);
      const std::string file = a[++i];
      const Face f = read_face(a[++i]);
      const cv::Mat photo = load_photo(file);
      if (photo.empty() || !f.ok) continue;
      if (find_overlaid(shot, photo, f, base(file)).empty())
        fail(base(file) + " is not drawn with an overlay on its face (and unaltered elsewhere)");
    } else if (opt == "--same-as") {
      need(2);
      const std::string other_path = a[++i], file = a[++i];
      const cv::Mat other = cv::imread(other_path, cv::IMREAD_COLOR), photo = load_photo(file);
      if (other.size() != shot.size()) {
        fail(other_path + " is missing or of another size");
        continue;
      }
      if (photo.empty()) continue;
      const auto found = find_unaltered(shot, photo, base(file));
      if (found.empty()) fail(base(file) + " is not drawn");
      for (const auto& d : found) {
        cv::Mat diff;
        cv::absdiff(shot(d.rect), other(d.rect), diff);
        cv::Mat g;
        cv::cvtColor(diff, g, cv::COLOR_BGR2GRAY);
        const double changed = cv::countNonZero(g > 24) / static_cast<double>(d.rect.area());
        std::printf("  %s at x=%d: %.2f %% changed in %s\n", base(file).c_str(), d.rect.x, 100 * changed, base(other_path).c_str());
        if (changed > 0.01) fail(base(file) + " at x=" + std::to_string(d.rect.x) + " differs in " + base(other_path));
      }
    } else if (opt == "--heatmap-vs") {
      need(3);
      const std::string plain_path = a[++i], file = a[++i];
      const Face f = read_face(a[++i]);
      const cv::Mat plain = cv::imread(plain_path, cv::IMREAD_COLOR), photo = load_photo(file);
      if (plain.size() != shot.size()) {
        fail(plain_path + " is missing or of another size");
        continue;
      }
      if (photo.empty() || !f.ok) continue;
      // PLAIN (overlays off) shows the photo unaltered in both panes: original left, overlay right.
      const auto panes = find_unaltered(plain, photo, base(file) + " (overlays off)");
      if (panes.size() != 2) {
        fail(base(file) + " drawn " + std::to_string(panes.size()) + " times with overlays off, expected 2 (original and overlay pane)");
        continue;
      }
      const cv::Rect original = panes[0].rect, overlay = panes[1].rect;
      cv::Mat dl, dr;
      cv::absdiff(shot(original), plain(original), dl);
      cv::absdiff(shot(overlay), plain(overlay), dr);
      cv::cvtColor(dl, dl, cv::COLOR_BGR2GRAY);
      cv::cvtColor(dr, dr, cv::COLOR_BGR2GRAY);
      cv::Mat core, outside;
      face_masks(f, photo, overlay, &core, &outside);
      const cv::Mat changed = dr > 24;
      cv::Mat hsv;
      cv::cvtColor(shot(overlay), hsv, cv::COLOR_BGR2HSV);
      std::vector<cv::Mat> ch;
      cv::split(hsv, ch);
      const double orig_changed = cv::countNonZero(dl > 24) / static_cast<double>(original.area());
      const double face_changed = cv::countNonZero(changed & core) / static_cast<double>(cv::countNonZero(core));
      const double face_saturated = cv::countNonZero(changed & core & (ch[1] > 120)) / static_cast<double>(cv::countNonZero(core));
      const double around_changed = cv::countNonZero(changed & outside) / static_cast<double>(cv::countNonZero(outside));
      std::printf("  heatmap vs plain: original pane %.2f %% changed; overlay pane: face core %.1f %% changed "
                  "(%.1f %% in saturated colours), around the face %.2f %%\n",
                  100 * orig_changed, 100 * face_changed, 100 * face_saturated, 100 * around_changed);
      if (orig_changed > 0.01) fail("the original pane changed with the overlay");
      if (face_changed < 0.5) fail("the heatmap did not change the face in the overlay pane");
      if (face_saturated < 0.3) fail("no heatmap colours on the face");
      if (around_changed > 0.02) fail("the overlay pane changed away from the face");
    } else if (opt == "--overlay-contrast") {
      need(3);
      const std::string plain_path = a[++i], file = a[++i];
      const double min_de = std::atof(a[++i].c_str());
      const cv::Mat plain = cv::imread(plain_path, cv::IMREAD_COLOR), photo = load_photo(file);
      if (plain.size() != shot.size()) {
        fail(plain_path + " is missing or of another size");
        continue;
      }
      if (photo.empty()) continue;
      const auto panes = find_unaltered(plain, photo, base(file) + " (overlays off)");
      if (panes.size() != 2) {
        fail(base(file) + " drawn " + std::to_string(panes.size()) + " times with overlays off, expected 2");
        continue;
      }
      const cv::Rect original = panes[0].rect, overlay = panes[1].rect;
      const double orig_mismatch = mismatch(shot, original, photo);
      // The overlay's pixels: where the overlay pane differs from the plain one.
      cv::Mat d;
      cv::absdiff(shot(overlay), plain(overlay), d);
      std::vector<cv::Mat> ch;
      cv::split(d, ch);
      const cv::Mat changed = (cv::max(cv::max(ch[0], ch[1]), ch[2]) > kPixelTolerance) & inner_mask(overlay.size());
      const cv::Vec3b bg = background_colour(photo);  // BGR
      const pa::test::Lab bg_lab = pa::test::lab_of(bg[2], bg[1], bg[0]), white = pa::test::lab_of(255, 255, 255);
      std::vector<double> des;
      for (int y = 0; y < changed.rows; ++y)
        for (int x = 0; x < changed.cols; ++x) {
          if (!changed.at<uchar>(y, x)) continue;
          const cv::Vec3b p = shot(overlay).at<cv::Vec3b>(y, x);
          const pa::test::Lab l = pa::test::lab_of(p[2], p[1], p[0]);
          des.push_back(std::min(pa::test::delta_e_2000(l, bg_lab), pa::test::delta_e_2000(l, white)));
        }
      std::sort(des.begin(), des.end());
      const double q10 = des.empty() ? 0 : des[des.size() / 10], median = des.empty() ? 0 : des[des.size() / 2];
      std::printf("  original pane %.1f %% differs; overlay pane: %zu pixels changed by the overlay, their CIEDE2000 to "
                  "the background (RGB %d,%d,%d) or white, whichever is nearer: median %.1f, nine in ten at least %.1f\n",
                  100 * orig_mismatch, des.size(), bg[2], bg[1], bg[0], median, q10);
      if (orig_mismatch > kUnaltered) fail("the original pane does not show the photo unaltered");
      if (des.size() < 30) fail("the overlay changed next to nothing in the overlay pane");
      if (q10 < min_de) fail("the overlay's colours are too close to the background or to white");
    } else if (opt == "--split") {
      need(3);
      const std::string ref_path = a[++i], file = a[++i];
      const double frac = std::atof(a[++i].c_str());
      const cv::Mat ref = cv::imread(ref_path, cv::IMREAD_COLOR), photo = load_photo(file);
      if (ref.size() != shot.size()) {
        fail(ref_path + " is missing or of another size");
        continue;
      }
      if (photo.empty()) continue;
      const auto panes = find_unaltered(ref, photo, base(file) + " (" + base(ref_path) + ")");
      if (panes.size() != 2) {
        fail(base(file) + " is not drawn twice in " + base(ref_path));
        continue;
      }
      const cv::Rect original = panes[0].rect, overlay = panes[1].rect;
      const double orig_mismatch = mismatch(shot, original, photo);
      // Per column of the overlay pane: the share of pixels that differ from the photo.
      const cv::Mat d = difference(shot, overlay, photo) > kPixelTolerance;
      std::vector<double> col(static_cast<std::size_t>(d.cols));
      for (int x = 0; x < d.cols; ++x) col[static_cast<std::size_t>(x)] = cv::countNonZero(d.col(x)) / static_cast<double>(d.rows);
      // The split is where "mostly changed" on the left turns into "mostly the photo" on the right.
      int best = 0;
      double best_score = -1;
      std::vector<double> prefix(col.size() + 1, 0);
      for (std::size_t x = 0; x < col.size(); ++x) prefix[x + 1] = prefix[x] + col[x];
      for (int x = 1; x < d.cols; ++x) {
        const double left = prefix[static_cast<std::size_t>(x)] / x;
        const double right = (prefix.back() - prefix[static_cast<std::size_t>(x)]) / (d.cols - x);
        if (left - right > best_score) best_score = left - right, best = x;
      }
      const double left = prefix[static_cast<std::size_t>(best)] / best;
      const double right = (prefix.back() - prefix[static_cast<std::size_t>(best)]) / (d.cols - best);
      const double at = best / static_cast<double>(d.cols);
      std::printf("  original pane %.1f %% differs; overlay pane: overlays end at %.3f of the photo (expected %.3f): "
                  "%.1f %% changed left of it, %.1f %% right\n",
                  100 * orig_mismatch, at, frac, 100 * left, 100 * right);
      if (orig_mismatch > kUnaltered) fail("the original pane does not show the photo unaltered");
      if (std::abs(at - frac) > 0.03) fail("the overlays do not end at the split");
      if (left < 0.5) fail("the overlays do not cover the photo left of the split");
      if (right > 0.2) fail("the photo right of the split is not shown as it is");
    } else if (opt == "--thumbnails") {
      need(2);
      const int n = std::atoi(a[++i].c_str());
      std::vector<std::pair<std::string, cv::Mat>> photos;
      for (++i; i < a.size(); ++i) {
        cv::Mat m = cv::imread(a[i], cv::IMREAD_COLOR);
        if (!m.empty()) photos.emplace_back(a[i], m);  // files that do not decode cannot be on the sheet
      }
      // The grid: the cells of the thumbnails whose background region gives their rectangle (3:4
      // photos fill the cell's image box); every cell box is at one of their columns and rows.
      std::vector<cv::Rect> boxes;
      for (const auto& [f, m] : photos)
        if (m.cols * 4 == m.rows * 3)
          for (const auto& r : candidates(shot, m))
            if (mismatch(shot, r, m) <= kUnaltered) boxes.push_back(r);
      if (boxes.empty()) {
        fail("no thumbnail found");
        continue;
      }
      std::vector<int> widths;
      for (const auto& b : boxes) widths.push_back(b.width);
      std::nth_element(widths.begin(), widths.begin() + widths.size() / 2, widths.end());
      const int bw = widths[widths.size() / 2], bh = bw * 4 / 3;
      auto cluster = [](std::vector<int> v) {
        std::sort(v.begin(), v.end());
        std::vector<int> out;
        for (int x : v)
          if (out.empty() || x - out.back() > 3) out.push_back(x);
        return out;
      };
      std::vector<int> xs, ys;
      for (const auto& b : boxes)
        if (std::abs(b.width - bw) <= 2) xs.push_back(b.x), ys.push_back(b.y);
      const auto cols = cluster(xs), rows = cluster(ys);
      std::printf("  thumbnail grid: %zu columns x %zu rows of %dx%d\n", cols.size(), rows.size(), bw, bh);
      // Each photo's matching cells; identical photos (the demo has some) need as many cells.
      std::vector<std::vector<std::pair<int, int>>> options(photos.size());
      for (std::size_t k = 0; k < photos.size(); ++k) {
        const cv::Mat& m = photos[k].second;
        double best = 1;
        for (int x : cols)
          for (int y : rows) {
            // Fitted into the box and centred, as the contact sheet draws it.
            const double s = std::min(bw / static_cast<double>(m.cols), bh / static_cast<double>(m.rows));
            const int w = static_cast<int>(std::lround(m.cols * s)), h = static_cast<int>(std::lround(m.rows * s));
            const cv::Rect r(x + (bw - w) / 2, y + (bh - h) / 2, w, h);
            if ((r & cv::Rect(0, 0, shot.cols, shot.rows)) != r) continue;
            const double mm = mismatch(shot, r, m);
            best = std::min(best, mm);
            if (mm <= kUnaltered) options[k].push_back({x, y});
          }
        if (options[k].empty()) std::printf("  %s: no thumbnail (best cell %.1f %% differs)\n", base(photos[k].first).c_str(), 100 * best);
      }
      // One cell per photo: the photos with the fewest matching cells choose first.
      std::vector<std::size_t> order(photos.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return options[x].size() < options[y].size(); });
      std::map<std::pair<int, int>, std::string> taken;
      int found = 0;
      for (std::size_t k : order) {
        if (options[k].empty()) continue;
        auto free = std::find_if(options[k].begin(), options[k].end(), [&](const auto& c) { return !taken.count(c); });
        if (free == options[k].end()) {
          std::printf("  %s: every matching cell is another photo's\n", base(photos[k].first).c_str());
          continue;
        }
        taken[*free] = photos[k].first;
        ++found;
      }
      std::printf("  %d of %zu photos drawn as thumbnails, each in its own cell\n", found, photos.size());
      if (found < n) fail(std::to_string(found) + " thumbnails, expected at least " + std::to_string(n));
    } else if (opt == "--text-rows" || opt == "--bars") {
      need(2);
      const cv::Rect r = region(shot, a[++i]);
      const int n = std::atoi(a[++i].c_str());
      const int got = opt == "--bars" ? bars(shot, r) : text_rows(shot, r);
      const char* what = opt == "--bars" ? "bars" : "lines of text";
      std::printf("  %d %s in %dx%d+%d+%d (expected at least %d)\n", got, what, r.width, r.height, r.x, r.y, n);
      if (got < n) fail(std::to_string(got) + " " + what + " in " + a[i - 1] + ", expected at least " + std::to_string(n));
    } else {
      std::fprintf(stderr, "unknown check %s\n", opt.c_str());
      return 2;
    }
  }
  std::puts(g_ok ? "PASS" : "FAIL");
  return g_ok ? 0 : 1;
}
