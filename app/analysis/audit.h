// Runs the analysis over an audit's submissions and keeps the records in the store
// (`photoaudit analyze`).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "quality/engine.h"
#include "store/store.h"

namespace pa::analysis {

struct AnalyzeOptions {
  unsigned jobs = 0;               // worker threads (0 = all cores)
  std::size_t commit_every = 32;   // results per transaction: finished work survives an interrupt
  std::function<void(std::size_t done, std::size_t total)> progress;
  const std::atomic<bool>* stop = nullptr;  // set (e.g. by SIGINT) to stop after committing
  // Work is claimed from the store in small chunks, so several runs (processes, workstations)
  // on one audit share it: none analyses a photo another holds. A dead run's claims lapse.
  std::string worker;        // "" = host:pid:random
  int lease_seconds = 600;
};

struct AnalyzeReport {
  std::string engine_version;
  std::size_t todo = 0;       // submissions lacking a result for this engine version at the start
  std::size_t analyzed = 0;   // results stored by this run
  std::size_t suggested_reject = 0;
  bool interrupted = false;
};

// Analyses every submission lacking a result for the engine's version, on worker threads
// (analysis/analyze.h: one decode per photo, the one record shape), and stores results in
// batches. Interrupted runs keep what they finished; the next run resumes. Concurrent runs share
// the remaining work (AnalyzeOptions::worker). The caller sets the thread policy
// (configure_threads()).
AnalyzeReport analyze_audit(AuditStore& store, const quality::Engine& engine, const AnalyzeOptions& o);

}  // namespace pa::analysis
