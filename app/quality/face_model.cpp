#include "quality/face_model.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "core/error.h"

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

}  // namespace pa::quality
