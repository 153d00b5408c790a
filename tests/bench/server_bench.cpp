// The office's server (PostgreSQL), measured against a throwaway cluster:
//   scripts/pg-test-cluster.sh start /tmp/pgb
//   PHOTOAUDIT_TEST_PG_DIR=/tmp/pgb build/photoaudit_bench --benchmark_filter=Server
//   scripts/pg-test-cluster.sh stop /tmp/pgb
// - decisions per second and commit latency (p50, p99) with 1 and 10 reviewers at once, each on
//   a connection of its own, deciding distinct photos;
// - the time from a decision on one workstation to another workstation learning of it (the
//   LISTEN/NOTIFY round trip plus reading the change);
// - importing 5,000 photos with their roster into the server;
// - `stats` on 200,000 students.
// Figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_batch.h"
#include "core/sha256.h"
#include "ingest/importer.h"
#include "pg_test_support.h"
#include "review/stats.h"
#include "store/store.h"
#include "test_support.h"

namespace {

using Clock = std::chrono::steady_clock;

// An audit of `n` students with one photo each on a fresh database (kept for the process).
struct ServerAudit {
  std::unique_ptr<pa::test::PgTestDatabase> db;
  std::atomic<int> next{0};
};

ServerAudit& audit_of(int n, bool photos = true) {
  static std::map<std::pair<int, bool>, std::unique_ptr<ServerAudit>> cache;
  auto& a = cache[{n, photos}];
  if (a) return *a;
  a = std::make_unique<ServerAudit>();
  a->db = std::make_unique<pa::test::PgTestDatabase>();
  if (!a->db->available()) return *a;
  auto store = pa::create_store(a->db->url());
  auto imp = store->begin_import({"bench", "roster.csv", "photos/"});
  pa::PhotoBlob b;
  b.bytes = pa::test::portrait_jpeg(1, 85);
  b.sha256 = pa::sha256_hex(b.bytes);
  b.format = "jpeg";
  b.width = 480;
  b.height = 640;
  b.file_name = "x.jpg";
  for (int i = 0; i < n; ++i) {
    pa::Student s;
    s.student_no = std::to_string(30000000 + i);
    s.name = "学生";
    s.college = "学院" + std::to_string(i % 24);
    imp->upsert_student(s);
    if (photos) imp->add_photo(s.student_no, b);
  }
  imp->commit({n, photos ? n : 0, 0});
  return *a;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Each benchmark thread is one reviewer with a connection of its own.
void BM_ServerDecisions(benchmark::State& state) {
  ServerAudit& a = audit_of(60000);
  if (!a.db->available()) {
    state.SkipWithError("no PostgreSQL test cluster (PHOTOAUDIT_TEST_PG_DIR)");
    return;
  }
  auto store = pa::open_store(a.db->url());
  std::vector<double> ms;
  for (auto _ : state) {
    const std::string no = std::to_string(30000000 + a.next++);
    const auto t0 = Clock::now();
    store->record_decision({no, pa::Verdict::approve, {}, "", "bench", ""});
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  state.counters["decisions_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["p50_ms"] = benchmark::Counter(percentile(ms, 0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_ms"] = benchmark::Counter(percentile(ms, 0.99), benchmark::Counter::kAvgThreads);
}
BENCHMARK(BM_ServerDecisions)->Threads(1)->Threads(10)->Iterations(300)->UseRealTime()->Unit(benchmark::kMillisecond);

// One workstation decides; the other polls as the GUI does (others_changed, then changes_since)
// until it has the decision.
void BM_ServerDecisionReachesAnotherWorkstation(benchmark::State& state) {
  ServerAudit& a = audit_of(60000);
  if (!a.db->available()) {
    state.SkipWithError("no PostgreSQL test cluster (PHOTOAUDIT_TEST_PG_DIR)");
    return;
  }
  auto mine = pa::open_store(a.db->url());
  auto theirs = pa::open_store(a.db->url());
  pa::ChangeMarks marks = theirs->change_marks();
  theirs->others_changed();
  for (auto _ : state) {
    const auto e = mine->record_decision({std::to_string(30000000 + a.next++), pa::Verdict::reject, {"blurry"}, "", "bench", ""});
    for (;;) {
      if (theirs->others_changed()) {
        const auto c = theirs->changes_since(marks);
        marks = c.marks;
        if (!c.decisions.empty() && c.decisions.back().id == e.id) break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
}
BENCHMARK(BM_ServerDecisionReachesAnotherWorkstation)->Iterations(200)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ServerImport(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  if (!pa::test::pg_cluster_url()) {
    state.SkipWithError("no PostgreSQL test cluster (PHOTOAUDIT_TEST_PG_DIR)");
    return;
  }
  const auto& b = pa::bench::batch_of(n);
  for (auto _ : state) {
    state.PauseTiming();
    pa::test::PgTestDatabase db;
    auto store = pa::create_store(db.url());
    state.ResumeTiming();
    auto r = pa::import_batch(*store, {b.roster.string(), b.photos.string(), "bench", 0, {}, pa::kMaxImagePixels});
    if (r.photos_imported != n) state.SkipWithError("not every photo imported");
  }
  state.counters["photos_per_s"] = benchmark::Counter(static_cast<double>(n) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ServerImport)->Arg(5000)->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ServerStats(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  ServerAudit& a = audit_of(n, false);
  if (!a.db->available()) {
    state.SkipWithError("no PostgreSQL test cluster (PHOTOAUDIT_TEST_PG_DIR)");
    return;
  }
  auto store = pa::open_store(a.db->url());
  for (auto _ : state) {
    const auto s = pa::compute_stats(*store, {});
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_ServerStats)->Arg(200000)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
