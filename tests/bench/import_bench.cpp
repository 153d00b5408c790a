// Import throughput: 5,000 480x640 JPEGs with a roster into a fresh audit database.
//   build/photoaudit_bench --benchmark_filter=Import
// The batch is generated once into build/bench-data/ (not timed).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "ingest/importer.h"
#include "store/store.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using pa::test::write_file;

struct Batch {
  fs::path roster, photos;
};

const Batch& batch_of(int n) {
  static std::map<int, Batch> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  const fs::path dir = pa::test::fixtures_dir().parent_path() / "bench-data" / ("import" + std::to_string(n));
  Batch b{dir / "roster.csv", dir / "photos"};
  if (!fs::exists(dir / "complete")) {
    fs::remove_all(dir);
    std::string csv = "学号,姓名,身份证号,学院,专业,班级,校区\n";
    for (int i = 0; i < n; ++i) {
      const std::string no = "2021" + std::to_string(100000 + i);
      csv += no + ",学生" + std::to_string(i) + ",,学院" + std::to_string(i % 12) + ",专业,班级,南京校区\n";
      write_file(b.photos / (no + ".jpg"), pa::test::portrait_jpeg(i + 1, 88));
    }
    write_file(b.roster, pa::test::to_gb18030(csv));
    write_file(dir / "complete", "");
  }
  return cache.emplace(n, b).first->second;
}

void BM_Import(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Batch& b = batch_of(n);
  std::uintmax_t bytes = 0;
  for (const auto& e : fs::directory_iterator(b.photos)) bytes += e.file_size();
  for (auto _ : state) {
    state.PauseTiming();
    pa::test::TempDir tmp;
    auto store = pa::create_store((tmp / "audit.db").string());
    state.ResumeTiming();
    auto r = pa::import_batch(*store, {b.roster.string(), b.photos.string(), "bench", 0, {}, pa::kMaxImagePixels});
    if (r.photos_imported != n) state.SkipWithError("not every photo imported");
    state.PauseTiming();
    store.reset();  // close (and checkpoint) outside the timing
    state.ResumeTiming();
  }
  state.counters["photos_per_s"] = benchmark::Counter(static_cast<double>(n) * state.iterations(),
                                                      benchmark::Counter::kIsRate);
  state.counters["MB_in"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_Import)->Arg(500)->Arg(5000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace


