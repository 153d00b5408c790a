// Import throughput: 5,000 480x640 JPEGs with a roster into a fresh audit database.
//   build/photoaudit_bench --benchmark_filter=Import
// The batch is generated once into build/bench-data/ (not timed).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "ingest/importer.h"
#include "store/store.h"
#include "bench_batch.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using pa::bench::Batch;
using pa::bench::batch_of;

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


