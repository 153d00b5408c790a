// Quality engine throughput: decoding plus every check on 480x640 JPEGs of real portraits.
//   ./build-quality/photoaudit_bench --benchmark_filter=Quality
// BM_QualityAnalyze/threads:2 is the figure that counts (target: 60 photos/s on 2 cores);
// BM_QualityModelLoad reports the landmark model's load time, which the others exclude.
// During BM_QualityAnalyze OpenCV's own thread pool is switched off (cv::setNumThreads(1)): a batch
// is parallelised across photos, one analysis per core, and OpenCV's pool only fights those
// threads for the cores.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "quality/engine.h"
#include "quality/face_model.h"
#include "quality/file_facts.h"
#include "test_support.h"

namespace {

// 480x640 JPEGs: the Grace Hopper crop with per-variant changes, and the astronaut framed.
const std::vector<std::string>& photos() {
  static const std::vector<std::string> p = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 8; ++i) v.push_back(pa::test::portrait_jpeg(i, 90));
    cv::Mat a = cv::imread(pa::test::fixture("astronaut.png").string(), cv::IMREAD_COLOR);
    cv::Mat crop = a(cv::Rect(116, 0, 240, 320)), big;
    cv::resize(crop, big, cv::Size(480, 640), 0, 0, cv::INTER_CUBIC);
    for (int i = 0; i < 8; ++i) {
      cv::Mat m;
      big.convertTo(m, -1, 1.0, i * 2.0);
      std::vector<uchar> buf;
      cv::imencode(".jpg", m, buf, {cv::IMWRITE_JPEG_QUALITY, 90});
      v.emplace_back(buf.begin(), buf.end());
    }
    return v;
  }();
  return p;
}

void BM_QualityModelLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto m = pa::quality::FaceModel::load(PHOTOAUDIT_DLIB_MODEL);
    benchmark::DoNotOptimize(m.get());
  }
}
BENCHMARK(BM_QualityModelLoad)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_QualityDecode(benchmark::State& state) {
  const auto& p = photos();
  std::size_t i = 0;
  for (auto _ : state) {
    pa::quality::FileFacts facts;
    cv::Mat m = pa::quality::decode_upright(p[i++ % p.size()], &facts);
    benchmark::DoNotOptimize(m.data);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QualityDecode)->Unit(benchmark::kMillisecond);

// Decoding plus every check, from the file bytes; model loading excluded (loaded before timing).
void BM_QualityAnalyze(benchmark::State& state) {
  const auto& engine = pa::quality::Engine::instance();
  if (state.thread_index() == 0) {
    engine.load_model();
    state.counters["model_load_ms"] = pa::quality::Engine::model_load_ms();
  }
  const auto& p = photos();
  std::size_t i = state.thread_index();
  double refined = 0;
  for (auto _ : state) {
    auto a = engine.analyze_bytes(p[i++ % p.size()]);
    refined += a.geometry.pose.refined;
    benchmark::DoNotOptimize(a.checks.data());
  }
  state.SetItemsProcessed(state.iterations());
  // The share of photos whose head pose needed the steady landmarks (engine.cpp, ten predictor runs).
  state.counters["pose_refined"] = benchmark::Counter(refined / double(state.iterations()), benchmark::Counter::kAvgThreads);
}
void opencv_single_threaded(const benchmark::State&) { cv::setNumThreads(1); }
void opencv_default_threads(const benchmark::State&) { cv::setNumThreads(-1); }
BENCHMARK(BM_QualityAnalyze)
    ->Unit(benchmark::kMillisecond)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Setup(opencv_single_threaded)
    ->Teardown(opencv_default_threads);

// The 68 landmarks of one detected face: the predictor once (the measures' landmarks) and the
// head pose's steady_landmarks (the face at one size, five boxes, both ways round).
void BM_QualityLandmarks(benchmark::State& state) {
  const auto& model = pa::quality::FaceModel::shared();
  cv::Mat grey = cv::imdecode(cv::Mat(1, int(photos()[0].size()), CV_8U, (void*)photos()[0].data()),
                              cv::IMREAD_GRAYSCALE);
  auto faces = model.detect(grey, 320);
  if (faces.empty()) {
    state.SkipWithError("no face in the benchmark photo");
    return;
  }
  for (auto _ : state) {
    auto p = state.range(0) ? model.steady_landmarks(grey, faces[0].box) : model.landmarks(grey, faces[0].box);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetLabel(state.range(0) ? "steady_landmarks" : "landmarks");
}
BENCHMARK(BM_QualityLandmarks)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
