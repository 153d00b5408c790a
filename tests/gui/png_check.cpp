// Pixel assertions for the GUI screenshot test: two screenshots of the review screen, one with
// the lighting heatmap on and one with overlays off, same student and layout. The original pane
// (left) must be the same in both; the overlay pane (right) must differ where the heatmap is drawn,
// with the heatmap's saturated colours.
//   photoaudit_png_check overlay.png plain.png
#include <cstdio>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s overlay.png plain.png\n", argv[0]);
    return 2;
  }
  cv::Mat a = cv::imread(argv[1], cv::IMREAD_COLOR), b = cv::imread(argv[2], cv::IMREAD_COLOR);
  if (a.empty() || b.empty() || a.size() != b.size()) {
    std::fprintf(stderr, "FAIL: unreadable or different sizes\n");
    return 1;
  }
  const int W = a.cols, H = a.rows;
  // The two image panes share the area left of the sidebar (~27% of the width) below the toolbars.
  const cv::Rect left(static_cast<int>(W * 0.03), static_cast<int>(H * 0.2), static_cast<int>(W * 0.28), static_cast<int>(H * 0.55));
  const cv::Rect right(static_cast<int>(W * 0.40), static_cast<int>(H * 0.2), static_cast<int>(W * 0.28), static_cast<int>(H * 0.55));
  auto changed = [&](const cv::Rect& r, double* saturated) {
    cv::Mat d;
    cv::absdiff(a(r), b(r), d);
    cv::Mat g;
    cv::cvtColor(d, g, cv::COLOR_BGR2GRAY);
    cv::Mat mask = g > 24;
    cv::Mat hsv;
    cv::cvtColor(a(r), hsv, cv::COLOR_BGR2HSV);
    std::vector<cv::Mat> ch;
    cv::split(hsv, ch);
    if (saturated) *saturated = cv::countNonZero(mask & (ch[1] > 120)) / static_cast<double>(r.area());
    return cv::countNonZero(mask) / static_cast<double>(r.area());
  };
  double sat = 0;
  const double dl = changed(left, nullptr), dr = changed(right, &sat);
  std::printf("original pane changed %.4f, overlay pane changed %.4f (saturated %.4f)\n", dl, dr, sat);
  // Non-blank: the photo is on screen.
  cv::Scalar mean, sd;
  cv::meanStdDev(b(left), mean, sd);
  std::printf("original pane stddev %.1f\n", sd[0]);
  bool ok = true;
  if (sd[0] < 10) std::printf("FAIL: the original pane is blank\n"), ok = false;
  if (dl > 0.01) std::printf("FAIL: the original pane changed with the overlay\n"), ok = false;
  if (dr < 0.03) std::printf("FAIL: the heatmap did not change the overlay pane\n"), ok = false;
  if (sat < 0.02) std::printf("FAIL: no heatmap colours in the overlay pane\n"), ok = false;
  std::puts(ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
