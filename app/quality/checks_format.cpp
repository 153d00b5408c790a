// format: pixel size, container and colour depth, file size, colour content.
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "quality/checks.h"

namespace pa::quality {
namespace {

const std::string kFormat = "format";

// Pixel size against the standard (480x640). Value: pixels off in width plus height.
class PixelSize : public Check {
 public:
  explicit PixelSize(const Config& c) : Check(c, "pixel_size") {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    int w = f.bgr.cols, h = f.bgr.rows, W = int(num("width")), H = int(num("height"));
    double off = std::abs(w - W) + std::abs(h - H);
    auto v = off > num("tolerance_px") ? Severity::fail : Severity::pass;
    std::string got = std::to_string(w) + "×" + std::to_string(h);
    std::string want = std::to_string(W) + "×" + std::to_string(H);
    out.push_back(make(params(), kFormat, off, num("tolerance_px"), v,
                       "尺寸 " + got + "，应为 " + want, "size " + got + ", expected " + want));
  }
};

// The file must be a JPEG with three 8-bit colour components. Value: 1 when it is not.
class FileType : public Check {
 public:
  explicit FileType(const Config& c) : Check(c, "file_type") {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const FileFacts& ff = f.facts;
    if (!ff.known) return;
    bool jpeg = ff.container == "jpeg";
    bool colour24 = ff.channels == 3 && ff.bits == 8;
    std::string what = ff.container == "jpeg" ? "JPEG" : ff.container == "png" ? "PNG" : "未知格式";
    std::string what_en = ff.container == "jpeg" ? "JPEG" : ff.container == "png" ? "PNG" : "unknown format";
    std::string depth = std::to_string(ff.channels * ff.bits) + "-bit";
    bool bad = !(jpeg && colour24);
    out.push_back(make(params(), kFormat, bad ? 1 : 0, 1, bad ? Severity::fail : Severity::pass,
                       "文件为 " + what + " " + depth + "，应为 24 位彩色 JPEG",
                       "file is " + what_en + " " + depth + ", expected 24-bit colour JPEG"));
  }
};

// File size in KB: warn outside [min_kb, max_kb].
class FileSize : public Check {
 public:
  explicit FileSize(const Config& c) : Check(c, "file_size") {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    if (!f.facts.known) return;
    double kb = f.facts.bytes / 1024.0, lo = num("min_kb"), hi = num("max_kb");
    bool bad = kb < lo || kb > hi;
    out.push_back(make(params(), kFormat, kb, kb < lo ? lo : hi, bad ? Severity::warn : Severity::pass,
                       "文件大小 " + format_number(kb) + " KB，应在 " + format_number(lo) + "–" +
                           format_number(hi) + " KB",
                       "file size " + format_number(kb) + " KB, expected " + format_number(lo) +
                           "–" + format_number(hi) + " KB"));
  }
};

// A colour photo saved without colour (R = G = B): the 99th percentile of chroma C*ab.
class ColourContent : public Check {
 public:
  explicit ColourContent(const Config& c) : Check(c, "colour_content") {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    cv::Mat ch[3], a, b, chroma;
    cv::split(f.small_lab, ch);
    ch[1].convertTo(a, CV_32F, 1, -128);
    ch[2].convertTo(b, CV_32F, 1, -128);
    cv::magnitude(a, b, chroma);
    cv::Mat c8;
    chroma.convertTo(c8, CV_8U);
    double p99 = masked_quantile(c8, cv::Mat(c8.size(), CV_8U, cv::Scalar(255)), 0.99);
    out.push_back(below(params(), kFormat, p99));
  }
};

}  // namespace

void add_format_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<PixelSize>(c));
  out.push_back(std::make_unique<FileType>(c));
  out.push_back(std::make_unique<FileSize>(c));
  out.push_back(std::make_unique<ColourContent>(c));
}

}  // namespace pa::quality
