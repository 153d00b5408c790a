// Compares two screenshots pixel by pixel: prints the share of pixels that differ (any channel
// by more than --tolerance), their bounding box, and writes a diff image (differing pixels red).
// Rows from --ignore-bottom up are left out (the status bar's fps counter changes every frame).
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
int main(int argc, char** argv) {
  if (argc < 3) { std::fprintf(stderr, "png_diff A.png B.png [diff.png] [--ignore-bottom N] [--tolerance T]\n"); return 2; }
  std::string out; int ignore = 0, tol = 8;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--ignore-bottom" && i + 1 < argc) ignore = std::atoi(argv[++i]);
    else if (a == "--tolerance" && i + 1 < argc) tol = std::atoi(argv[++i]);
    else out = a;
  }
  cv::Mat a = cv::imread(argv[1]), b = cv::imread(argv[2]);
  if (a.empty() || b.empty()) { std::printf("unreadable\n"); return 2; }
  if (a.size() != b.size()) { std::printf("size %dx%d vs %dx%d\n", a.cols, a.rows, b.cols, b.rows); return 1; }
  cv::Mat d; cv::absdiff(a, b, d);
  std::vector<cv::Mat> ch; cv::split(d, ch);
  cv::Mat m = cv::max(cv::max(ch[0], ch[1]), ch[2]) > tol;
  if (ignore > 0) m.rowRange(m.rows - ignore, m.rows).setTo(0);
  const int n = cv::countNonZero(m);
  const double share = 100.0 * n / (m.rows * m.cols);
  cv::Rect box = n ? cv::boundingRect(m) : cv::Rect();
  std::printf("%.4f%% pixels differ (%d)", share, n);
  if (n) std::printf(" in x %d..%d y %d..%d", box.x, box.x + box.width, box.y, box.y + box.height);
  std::printf("\n");
  if (!out.empty() && n) { cv::Mat v = b * 0.4; v.setTo(cv::Scalar(0, 0, 255), m); cv::imwrite(out, v); }
  return n ? 1 : 0;
}
