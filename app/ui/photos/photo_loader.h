// Worker threads that read photo bytes from their own store connection, decode and analyze them
// (through the analysis owner, analysis/analyze.h, under its thread policy), and hand finished
// PhotoData back to the main thread (which alone talks to GL).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "ui/photos/model_warm_up.h"
#include "ui/photos/photo_data.h"

namespace pa::ui {

// full: display copy + maps for the review screen; thumb: small copy for the contact sheet;
// store: analyze a submission lacking results and save them in the audit (like `photoaudit analyze`).
enum class LoadKind { full, thumb, store };

struct Loaded {
  LoadKind kind = LoadKind::full;
  bool final = false;                 // full: false = decoded only, true = analyzed too
  std::shared_ptr<PhotoData> photo;
  std::int64_t submission_id = 0;  // store: the submission analyzed
};

class PhotoLoader {
 public:
  using StoreFactory = std::function<std::unique_ptr<AuditStore>()>;
  // `scan_engine_version`: when not empty, the first worker lists the submissions lacking results
  // of that engine version (a slow query on big audits, so never on the UI thread) and queues
  // their analysis at the lowest priority. `warm_up`: the model warm-up analysis waits for (the
  // process-wide one when null); the loader never joins it, so destroying it never waits for it.
  PhotoLoader(StoreFactory factory, int threads, std::string scan_engine_version = {},
              std::shared_ptr<const ModelWarmUp> warm_up = nullptr);
  ~PhotoLoader();
  PhotoLoader(const PhotoLoader&) = delete;
  PhotoLoader& operator=(const PhotoLoader&) = delete;

  // Queues a photo; lower priority runs first (0 = on screen, 1 = next/previous, 2 = thumbnails).
  // A photo already queued or in flight is not queued twice (its priority is raised).
  void request(const std::string& sha256, LoadKind kind, int priority, bool analyze = true);
  // Queues the analysis of a stored submission (lowest priority, saved by the worker).
  void request_store_analysis(std::int64_t submission_id, const std::string& sha256);
  // Drops queued (not started) requests of this kind with priority >= p.
  void drop_queued(LoadKind kind, int min_priority);
  // Finished results since the last call (main thread).
  std::vector<Loaded> take();
  std::size_t queued() const;
  // Model warm-up state for the progress display.
  bool models_ready() const { return warm_up_->done(); }
  std::string models_error() const { return warm_up_->error(); }

 private:
  struct Job {
    std::string sha;
    LoadKind kind;
    int priority;
    bool analyze;
    std::uint64_t seq;
    std::int64_t submission_id = 0;
    std::shared_ptr<const std::string> bytes;  // analysis stage of a full job: the photo's bytes
    std::shared_ptr<PhotoData> decoded;        // analysis stage: the decoded photo (display copy)
    std::shared_ptr<const analysis::Decoded> full;  // analysis stage: the image decoded once, for the engine
  };
  // Worker 0 only decodes (photos reach the screen without waiting behind an analysis); the
  // others analyze (once the models are ready) and also decode when idle.
  bool take_job(int index, Job& job);
  void worker(int index);
  StoreFactory factory_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::set<std::pair<std::string, int>> in_flight_;
  std::vector<Loaded> done_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::shared_ptr<const ModelWarmUp> warm_up_;
  std::string scan_version_;
  std::uint64_t seq_ = 0;
};

}  // namespace pa::ui
