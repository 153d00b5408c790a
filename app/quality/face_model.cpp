#include "quality/face_model.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cmath>
#include <map>
#include <mutex>
#include <utility>

#include <sys/mman.h>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/core/hal/intrin.hpp>
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

// Memory for the predictor's leaves: one block, on 2 MB pages where the kernel allows it. The
// leaves of 7,500 trees are read at random from 65 MB; on 4 KB pages nearly every leaf read is a
// TLB miss as well as a cache miss.
class LeafStore {
 public:
  LeafStore() = default;
  explicit LeafStore(size_t floats) {
    constexpr size_t kPage = size_t(2) << 20;
    const size_t bytes = (floats * sizeof(float) + kPage - 1) / kPage * kPage;
    data_ = static_cast<float*>(std::aligned_alloc(kPage, bytes));
    if (!data_) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    (void)madvise(data_, bytes, MADV_HUGEPAGE);  // advice only: without it the pages are small
#endif
  }
  LeafStore(LeafStore&& o) noexcept : data_(std::exchange(o.data_, nullptr)) {}
  LeafStore& operator=(LeafStore&& o) noexcept {
    std::swap(data_, o.data_);
    return *this;
  }
  LeafStore(const LeafStore&) = delete;
  LeafStore& operator=(const LeafStore&) = delete;
  ~LeafStore() { std::free(data_); }
  float* data() const { return data_; }

 private:
  float* data_ = nullptr;
};

// dlib's 68-point shape predictor, evaluated from several boxes at once. The parts are
// dlib::shape_predictor's, read by dlib's own deserialisers in the order of its deserialize(),
// then laid out flat: every tree's splits in one array, every leaf in one block of memory.
// run() is shape_predictor::operator() (same dlib functions, same arithmetic in the same order,
// so the same points: FaceModel.BatchedPredictorIsDlibs) with the loop over the runs put inside
// the loop over the trees. The predictor's cost is reading the leaves of 15 x 500 trees (65 MB):
// runs from nearby boxes mostly end in the same leaves, so the steady landmarks' ten runs read
// them once instead of ten times (BM_QualityLandmarks).
struct Predictor {
  struct Split {  // dlib::impl::split_feature, packed: 8 bytes instead of 24
    std::uint16_t idx1, idx2;
    float thresh;
  };
  dlib::matrix<float, 0, 1> initial_shape;
  std::vector<std::vector<unsigned long>> anchor_idx;
  std::vector<std::vector<dlib::vector<float, 2>>> deltas;
  size_t trees = 0;   // per cascade
  size_t splits = 0;  // per tree; a full tree has splits + 1 leaves
  std::vector<Split> split;  // [cascade][tree][split]
  LeafStore leaves;          // [cascade][tree][leaf][2 x parts]

  friend void deserialize(Predictor& p, std::istream& in) {
    int version = 0;
    dlib::deserialize(version, in);
    if (version != 1)
      throw dlib::serialization_error("Unexpected version found while deserializing dlib::shape_predictor.");
    std::vector<std::vector<dlib::impl::regression_tree>> forests;
    dlib::deserialize(p.initial_shape, in);
    dlib::deserialize(forests, in);
    dlib::deserialize(p.anchor_idx, in);
    dlib::deserialize(p.deltas, in);
    if (p.anchor_idx.size() != forests.size() || p.deltas.size() != forests.size() || forests.empty())
      throw dlib::serialization_error("the shape predictor's cascades do not match its pixel sets");
    p.trees = forests[0].size();
    p.splits = p.trees ? forests[0][0].splits.size() : 0;
    const size_t dim = size_t(p.initial_shape.size()), leaves = p.splits + 1;
    p.split.reserve(forests.size() * p.trees * p.splits);
    p.leaves = LeafStore(forests.size() * p.trees * leaves * dim);
    float* out = p.leaves.data();
    for (size_t c = 0; c < forests.size(); ++c) {
      if (p.anchor_idx[c].size() > 0xffff)  // a split's pixel index must fit its 16 bits
        throw dlib::serialization_error("the shape predictor samples more pixels than a split can index");
      if (forests[c].size() != p.trees)
        throw dlib::serialization_error("the shape predictor's cascades differ in size");
      for (const dlib::impl::regression_tree& t : forests[c]) {
        if (t.splits.size() != p.splits || t.leaf_values.size() != leaves)
          throw dlib::serialization_error("the shape predictor's trees are not all full trees of one depth");
        for (const dlib::impl::split_feature& f : t.splits) {
          if (f.idx1 >= p.anchor_idx[c].size() || f.idx2 >= p.anchor_idx[c].size())
            throw dlib::serialization_error("a split of the shape predictor reads a pixel it does not sample");
          p.split.push_back({std::uint16_t(f.idx1), std::uint16_t(f.idx2), f.thresh});
        }
        for (const dlib::matrix<float, 0, 1>& leaf : t.leaf_values) {
          if (size_t(leaf.size()) != dim)
            throw dlib::serialization_error("a leaf of the shape predictor has the wrong size");
          out = std::copy(&leaf(0), &leaf(0) + dim, out);
        }
      }
    }
  }

  unsigned long num_parts() const { return initial_shape.size() / 2; }

  struct Run {
    const dlib::cv_image<unsigned char>* img;
    dlib::rectangle rect;
  };
  // shape += leaf, element by element as dlib's operator+= adds them (so the same sums), four
  // at a time (OpenCV's universal intrinsics; the compiler does not vectorise this loop at -O2):
  // after the first run the leaf is in the cache and the additions are the cost.
  static void add(dlib::matrix<float, 0, 1>& shape, const float* l) {
    const long size = shape.size();
    float* s = &shape(0);
    long i = 0;
    for (; i + cv::v_float32x4::nlanes <= size; i += cv::v_float32x4::nlanes)
      cv::v_store(s + i, cv::v_load(s + i) + cv::v_load(l + i));
    for (; i < size; ++i) s[i] += l[i];
  }

  template <typename T>
  static void prefetch(const T* p, size_t bytes) {
    const char* c = reinterpret_cast<const char*>(p);
    for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(c + off);
  }

  // The points of each run, as dlib::shape_predictor(img, rect) gives them.
  std::vector<std::vector<dlib::point>> run(const std::vector<Run>& runs) const {
    using namespace dlib::impl;
    const size_t n = runs.size(), dim = size_t(initial_shape.size()), leaf_floats = (splits + 1) * dim;
    std::vector<dlib::matrix<float, 0, 1>> shape(n, initial_shape);
    std::vector<std::vector<float>> pixels(n);
    std::vector<const float*> reached(trees * n);
    constexpr size_t kAhead = 8;
    for (size_t iter = 0; iter < anchor_idx.size(); ++iter) {
      for (size_t r = 0; r < n; ++r)
        extract_feature_pixel_values(*runs[r].img, runs[r].rect, shape[r], initial_shape,
                                     anchor_idx[iter], deltas[iter], pixels[r]);
      // Which leaf each run reaches depends only on this cascade's pixels, so the trees are
      // walked kAhead trees before their leaves are added, and the leaves (and later trees'
      // splits) fetched from memory meanwhile. The leaves are still added in dlib's order.
      const Split* cascade = split.data() + iter * trees * splits;
      const float* cascade_leaves = leaves.data() + iter * trees * leaf_floats;
      auto walk = [&](size_t t) {
        if (t + kAhead < trees) prefetch(cascade + (t + kAhead) * splits, splits * sizeof(Split));
        const Split* s = cascade + t * splits;
        for (size_t r = 0; r < n; ++r) {
          const float* px = pixels[r].data();
          size_t i = 0;  // regression_tree::operator()
          while (i < splits)
            i = px[s[i].idx1] - px[s[i].idx2] > s[i].thresh ? 2 * i + 1 : 2 * i + 2;
          const float* leaf = cascade_leaves + t * leaf_floats + (i - splits) * dim;
          const auto first = reached.begin() + long(t * n);
          if (std::find(first, first + long(r), leaf) == first + long(r)) prefetch(leaf, dim * sizeof(float));
          reached[t * n + r] = leaf;
        }
      };
      for (size_t t = 0; t < std::min(kAhead, trees); ++t) walk(t);
      for (size_t t = 0; t < trees; ++t) {
        if (t + kAhead < trees) walk(t + kAhead);
        for (size_t r = 0; r < n; ++r) add(shape[r], reached[t * n + r]);
      }
    }
    std::vector<std::vector<dlib::point>> out(n, std::vector<dlib::point>(num_parts()));
    for (size_t r = 0; r < n; ++r) {
      const dlib::point_transform_affine to_img = unnormalizing_tform(runs[r].rect);
      for (unsigned long i = 0; i < num_parts(); ++i) out[r][i] = to_img(location(shape[r], i));
    }
    return out;
  }
};

struct FaceModel::Impl {
  Predictor predictor;
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
  const long x = long(box.x), y = long(box.y);
  const auto shape = landmarks({{&grey, cv::Rect(int(x), int(y), int(long(box.x + box.width) - x),
                                                 int(long(box.y + box.height) - y))}})[0];
  return std::vector<cv::Point2f>(shape.begin(), shape.end());
}

std::vector<std::vector<cv::Point>> FaceModel::landmarks(const std::vector<Run>& runs) const {
  std::vector<dlib::cv_image<unsigned char>> images;
  images.reserve(runs.size());
  std::vector<Predictor::Run> in;
  in.reserve(runs.size());
  for (const Run& r : runs) {
    CV_Assert(r.grey && r.grey->type() == CV_8UC1);
    images.emplace_back(*r.grey);
    in.push_back({&images.back(), dlib::rectangle(r.box.x, r.box.y, long(r.box.x) + r.box.width,
                                                  long(r.box.y) + r.box.height)});
  }
  std::vector<std::vector<cv::Point>> out;
  out.reserve(runs.size());
  for (const auto& shape : impl_->predictor.run(in)) {
    out.emplace_back();
    for (const dlib::point& p : shape) out.back().emplace_back(int(p.x()), int(p.y()));
  }
  return out;
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
  // Five boxes: the detector's, and four shifted by a few per cent and scaled; the ten runs go
  // through the trees together (Predictor::run).
  const double jitter[5][3] = {{0, 0, 1}, {-1, 0, 1 + kJitter}, {1, 0, 1 - kJitter},
                               {0, -1, 1 - kJitter}, {0, 1, 1 + kJitter}};
  std::vector<Run> runs;
  for (bool flip : {false, true}) {
    for (const auto& j : jitter) {
      double w = bw * j[2], h = bh * j[2];
      double cx = bx + bw / 2 + j[0] * kJitter * bw, cy = by + bh / 2 + j[1] * kJitter * bh;
      if (flip) cx = face.cols - cx;
      const long l = std::lround(cx - w / 2), t = std::lround(cy - h / 2);
      runs.push_back({flip ? &mirrored : &face, cv::Rect(int(l), int(t), int(std::lround(cx + w / 2) - l),
                                                         int(std::lround(cy + h / 2) - t))});
    }
  }
  const auto shapes = landmarks(runs);
  for (size_t r = 0; r < runs.size(); ++r) {
    const bool flip = runs[r].grey == &mirrored;
    for (int i = 0; i < parts; ++i) {
      // Pixel centres: a point at column c stands for c + 0.5; mirrored, for cols - (c + 0.5).
      double x = double(shapes[r][i].x) + 0.5, y = double(shapes[r][i].y) + 0.5;
      if (flip) x = face.cols - x;
      sum[flip && parts == 68 ? mirror_landmark(i) : i] += cv::Point2d(x, y);
    }
  }
  std::vector<cv::Point2f> pts;
  pts.reserve(sum.size());
  for (const auto& p : sum)
    pts.emplace_back(float(area.x + (p.x / runs.size()) / k - 0.5),
                     float(area.y + (p.y / runs.size()) / k - 0.5));
  return pts;
}

}  // namespace pa::quality
