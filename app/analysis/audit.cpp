#include "analysis/audit.h"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "analysis/analyze.h"
#include "core/parallel.h"

namespace pa::analysis {

namespace {

struct Interrupted {};

std::string default_worker() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::random_device rd;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(rd());
}

}  // namespace

AnalyzeReport analyze_audit(AuditStore& store, const quality::Engine& engine, const AnalyzeOptions& o) {
  AnalyzeReport report;
  report.engine_version = engine.version();
  report.todo = store.submissions_without_analysis(engine.version()).size();
  const std::string worker = o.worker.empty() ? default_worker() : o.worker;
  const unsigned jobs = o.jobs ? o.jobs : default_jobs();
  const std::size_t chunk = std::max<std::size_t>(o.commit_every, jobs * 8);

  std::vector<AnalysisRecord> pending;
  auto flush = [&] {
    store.save_analyses(pending);
    report.analyzed += pending.size();
    pending.clear();
  };
  auto stopped = [&] { return o.stop && o.stop->load(); };

  try {
    std::size_t done = 0;
    for (;;) {
      if (stopped()) throw Interrupted{};
      const std::vector<Submission> todo = store.claim_analysis_work(engine.version(), worker, chunk, o.lease_seconds);
      if (todo.empty()) break;
      ordered_parallel<AnalysisRecord>(
          todo.size(), jobs, 64,
          [&](std::size_t i) {
            if (stopped()) return AnalysisRecord{todo[i].id};  // drained unused once the consumer stops
            std::optional<std::string> bytes;
            try {
              bytes = store.photo_bytes(todo[i].sha256);
            } catch (const std::exception& e) {
              return failed(engine, e.what(), todo[i].id).record;
            }
            return analyze_bytes(engine, bytes ? *bytes : std::string(), nullptr, kMaxImagePixels, todo[i].id).record;
          },
          [&](std::size_t, AnalysisRecord r) {
            if (stopped()) throw Interrupted{};
            if (!r.ok) ++report.suggested_reject;
            pending.push_back(std::move(r));
            if (pending.size() >= o.commit_every) flush();
            ++done;
            if (o.progress) o.progress(std::min(done, report.todo), report.todo);
          });
      flush();
    }
  } catch (const Interrupted&) {
    report.interrupted = true;
  }
  flush();
  if (o.progress && !report.interrupted) o.progress(report.todo, report.todo);
  store.release_analysis_claims(worker);  // what was claimed and not finished goes back at once
  return report;
}

}  // namespace pa::analysis
