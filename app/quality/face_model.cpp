#include "quality/face_model.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "quality/geometry.h"

namespace pa::quality {

namespace {
std::atomic<double> g_load_ms{0};

// dlib's object_detector keeps scratch buffers, so one instance must not scan two images at once:
// every thread gets its own copy of the (immutable) prototype.
const dlib::frontal_face_detector& detector_prototype() {
  static const dlib::frontal_face_detector proto = dlib::get_frontal_face_detector();
  return proto;
}
dlib::frontal_face_detector& thread_detector() {
  thread_local dlib::frontal_face_detector det = detector_prototype();
  return det;
}
}  // namespace

struct FaceModel::Impl {
  dlib::shape_predictor predictor;
};

FaceModel::FaceModel() : impl_(std::make_unique<Impl>()) {}
FaceModel::~FaceModel() = default;

std::unique_ptr<FaceModel> FaceModel::load(const std::string& path) {
  std::unique_ptr<FaceModel> m(new FaceModel());
  try {
    dlib::deserialize(path) >> m->impl_->predictor;
  } catch (const std::exception& e) {
    throw UserError(std::string("cannot load the dlib landmark model: ") + e.what(), path);
  }
  if (m->impl_->predictor.num_parts() != 68)
    throw UserError("the landmark model does not have 68 points", path);
  (void)detector_prototype();  // deserialise the built-in HOG detector here too
  return m;
}

const FaceModel& FaceModel::shared(const std::string& path) {
  static std::once_flag once;
  static std::unique_ptr<FaceModel> model;
  std::call_once(once, [&] {
    auto t0 = std::chrono::steady_clock::now();
    model = load(path);
    g_load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  });
  return *model;
}

double FaceModel::shared_load_ms() { return g_load_ms.load(); }

std::vector<DetectedFace> FaceModel::detect(const cv::Mat& grey, int long_side) const {
  CV_Assert(grey.type() == CV_8UC1);
  double s = std::min(1.0, double(long_side) / std::max(grey.cols, grey.rows));
  cv::Mat small;
  if (s < 1.0) cv::resize(grey, small, cv::Size(), s, s, cv::INTER_AREA);
  else small = grey;
  dlib::cv_image<unsigned char> img(small);
  std::vector<dlib::rect_detection> dets;
  thread_detector()(img, dets);
  std::vector<DetectedFace> out;
  for (const auto& d : dets) {
    const auto& r = d.rect;
    out.push_back({cv::Rect2f(float(r.left() / s), float(r.top() / s), float(r.width() / s),
                              float(r.height() / s)),
                   d.detection_confidence});
  }
  std::sort(out.begin(), out.end(),
            [](const DetectedFace& a, const DetectedFace& b) { return a.box.area() > b.box.area(); });
  return out;
}

std::vector<cv::Point2f> FaceModel::landmarks(const cv::Mat& grey, const cv::Rect2f& box) const {
  CV_Assert(grey.type() == CV_8UC1);
  dlib::cv_image<unsigned char> img(grey);
  dlib::rectangle r(long(box.x), long(box.y), long(box.x + box.width), long(box.y + box.height));
  dlib::full_object_detection shape = impl_->predictor(img, r);
  std::vector<cv::Point2f> pts;
  pts.reserve(shape.num_parts());
  for (unsigned long i = 0; i < shape.num_parts(); ++i)
    pts.emplace_back(float(shape.part(i).x()), float(shape.part(i).y()));
  return pts;
}

std::vector<cv::Point2f> FaceModel::steady_landmarks(const cv::Mat& grey, const cv::Rect2f& box) const {
  CV_Assert(grey.type() == CV_8UC1);
  // The predictor gives whole pixels, follows the box it starts from and is not quite symmetric.
  // So it runs on the face brought to one size (the box kCanonical px wide, whatever the photo's
  // resolution), from five boxes around the detector's, on the face and on its mirror image
  // (whose points are mirrored back, left and right swapped), and the points are averaged:
  // sub-pixel landmarks that move little with the photo's size or the box's rounding, and a
  // mirrored photo gives the mirrored points.
  constexpr double kCanonical = 200, kJitter = 0.04;  // jitter: shifts, a share of the box
  const double k = kCanonical / std::max(1.0f, box.width);
  cv::Rect area(cv::Point(int(std::floor(box.x - box.width)), int(std::floor(box.y - box.height))),
                cv::Point(int(std::ceil(box.x + 2 * box.width)), int(std::ceil(box.y + 2 * box.height))));
  area &= cv::Rect(0, 0, grey.cols, grey.rows);
  cv::Mat face, mirrored;
  cv::resize(grey(area), face, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::flip(face, mirrored, 1);
  const double bx = (box.x - area.x) * k, by = (box.y - area.y) * k, bw = box.width * k,
               bh = box.height * k;
  const int parts = int(impl_->predictor.num_parts());
  std::vector<cv::Point2d> sum(parts, cv::Point2d(0, 0));
  // Five boxes: the detector's, and four shifted by a few per cent and scaled. Ten runs cost ten
  // times landmarks() (BM_QualityLandmarks): the speed target's open question (docs/quality.md).
  const double jitter[5][3] = {{0, 0, 1}, {-1, 0, 1 + kJitter}, {1, 0, 1 - kJitter},
                               {0, -1, 1 - kJitter}, {0, 1, 1 + kJitter}};
  int runs = 0;
  for (bool flip : {false, true}) {
    dlib::cv_image<unsigned char> img(flip ? mirrored : face);
    for (const auto& j : jitter) {
      double w = bw * j[2], h = bh * j[2];
      double cx = bx + bw / 2 + j[0] * kJitter * bw, cy = by + bh / 2 + j[1] * kJitter * bh;
      if (flip) cx = face.cols - cx;
      dlib::rectangle r(std::lround(cx - w / 2), std::lround(cy - h / 2), std::lround(cx + w / 2),
                        std::lround(cy + h / 2));
      dlib::full_object_detection shape = impl_->predictor(img, r);
      for (int i = 0; i < parts; ++i) {
        // Pixel centres: a point at column c stands for c + 0.5; mirrored, for cols - (c + 0.5).
        double x = double(shape.part(i).x()) + 0.5, y = double(shape.part(i).y()) + 0.5;
        if (flip) x = face.cols - x;
        sum[flip && parts == 68 ? mirror_landmark(i) : i] += cv::Point2d(x, y);
      }
      ++runs;
    }
  }
  std::vector<cv::Point2f> pts;
  pts.reserve(sum.size());
  for (const auto& p : sum)
    pts.emplace_back(float(area.x + (p.x / runs) / k - 0.5), float(area.y + (p.y / runs) / k - 0.5));
  return pts;
}

}  // namespace pa::quality
