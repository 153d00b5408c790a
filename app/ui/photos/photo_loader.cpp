#include "ui/photos/photo_loader.h"

#include <malloc.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include <opencv2/imgproc.hpp>


namespace pa::ui {

PhotoLoader::PhotoLoader(StoreFactory factory, int threads, std::string scan_version,
                         std::shared_ptr<const ModelWarmUp> warm_up)
    : factory_(std::move(factory)),
      warm_up_(warm_up ? std::move(warm_up) : ModelWarmUp::process()),  // the landmark model loads off the UI thread
      scan_version_(std::move(scan_version)) {
  analysis::configure_threads();  // one photo per worker, as in `photoaudit analyze`
  threads = std::max(1, threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { worker(i); });
}

PhotoLoader::~PhotoLoader() {
  stop_ = true;
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void PhotoLoader::request(const std::string& sha, LoadKind kind, int priority, bool analyze) {
  if (sha.empty()) return;
  std::lock_guard lk(mu_);
  for (auto& j : jobs_)
    if (j.sha == sha && j.kind == kind) {
      if (priority < j.priority) j.priority = priority, j.seq = ++seq_;
      return;
    }
  if (in_flight_.count({sha, static_cast<int>(kind)})) return;
  jobs_.push_back({sha, kind, priority, analyze, ++seq_});
  cv_.notify_all();  // not one: the woken worker may be one that cannot take it (take_job's eligible)
}

void PhotoLoader::request_store_analysis(std::int64_t id, const std::string& sha) {
  std::lock_guard lk(mu_);
  jobs_.push_back({sha, LoadKind::store, 9, true, ++seq_, id});
  cv_.notify_all();  // not one: worker 0 only decodes, and would swallow the wake-up
}

void PhotoLoader::drop_queued(LoadKind kind, int min_priority) {
  std::lock_guard lk(mu_);
  for (const auto& j : jobs_)
    if (j.kind == kind && j.priority >= min_priority && j.decoded) in_flight_.erase({j.sha, static_cast<int>(j.kind)});
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(),
                             [&](const Job& j) { return j.kind == kind && j.priority >= min_priority; }),
              jobs_.end());
}

std::vector<Loaded> PhotoLoader::take() {
  std::lock_guard lk(mu_);
  std::vector<Loaded> out;
  out.swap(done_);
  return out;
}

bool PhotoLoader::take_job(int index, Job& job) {
  std::unique_lock lk(mu_);
  // Analyzing needs the landmark model: such jobs wait for the warm-up (which is nobody's to join).
  auto needs_models = [](const Job& j) { return j.decoded || j.kind == LoadKind::store; };
  auto eligible = [&](const Job& j) {
    if (index == 0) return !needs_models(j);
    return !needs_models(j) || warm_up_->done();
  };
  for (;;) {
    if (stop_) return false;
    // Most urgent first; among equals the newest request (the photo the reviewer just moved to).
    auto best = jobs_.end();
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
      if (!eligible(*it)) continue;
      if (best == jobs_.end() || it->priority < best->priority ||
          (it->priority == best->priority && it->seq > best->seq))
        best = it;
    }
    if (best != jobs_.end()) {
      job = std::move(*best);
      jobs_.erase(best);
      if (!job.decoded) in_flight_.insert({job.sha, static_cast<int>(job.kind)});
      return true;
    }
    // The warm-up thread cannot notify this loader (it may outlive it): look again shortly while
    // analysis waits for it.
    const bool waiting_for_models =
        index != 0 && !warm_up_->done() && std::any_of(jobs_.begin(), jobs_.end(), needs_models);
    if (waiting_for_models) cv_.wait_for(lk, std::chrono::milliseconds(50));
    else cv_.wait(lk);
  }
}

std::size_t PhotoLoader::queued() const {
  std::lock_guard lk(mu_);
  return jobs_.size() + in_flight_.size();
}

namespace {
// Freed photo buffers go back to the system about once a second, from a worker (never the UI
// thread), rather than staying in the allocator's free lists: the workers free tens of megabytes
// a second while the reviewer flips (docs/gui.md, peak memory).
void trim_now_and_then() {
  static std::atomic<long long> last{0};
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch()).count();
  long long prev = last.load();
  if (now - prev < 1000 || !last.compare_exchange_strong(prev, now)) return;
  malloc_trim(0);
}
}  // namespace

void PhotoLoader::worker(int index) {
  // Workers run at a lower priority than the UI thread (and the GL driver's own threads) so that
  // decoding and analysis never make frames late on a small machine.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), index == 0 ? 5 : 10);
  std::unique_ptr<AuditStore> store;
  try {
    store = factory_();
  } catch (const std::exception&) {
  }
  if (index == 1) {
    if (store && !scan_version_.empty()) {
      try {
        for (const auto& sub : store->submissions_without_analysis(scan_version_))
          request_store_analysis(sub.id, sub.sha256);
      } catch (const std::exception&) {
      }
    }
  }
  while (!stop_) {
    Job job;
    trim_now_and_then();
    if (!take_job(index, job)) return;
    if (job.decoded) {  // analysis stage of a full job
      analyze_photo(*job.decoded, *job.full, *job.bytes);
      std::lock_guard lk(mu_);
      done_.push_back({job.kind, true, job.decoded});
      in_flight_.erase({job.sha, static_cast<int>(job.kind)});
      continue;
    }
    std::optional<std::string> bytes;
    try {
      if (store) bytes = store->photo_bytes(job.sha);
    } catch (const std::exception&) {
    }
    std::vector<Loaded> out;
    if (!bytes) {
      auto p = std::make_shared<PhotoData>();
      p->sha256 = job.sha;
      p->error = "照片不在数据库中 (photo missing from the audit)";
      out.push_back({job.kind, true, p});
    } else if (job.kind == LoadKind::store) {
      auto p = std::make_shared<PhotoData>();
      p->sha256 = job.sha;
      try {
        analyze_for_store(*p, *bytes);
        if (p->record && store) {  // the owner's record, as `photoaudit analyze` stores it
          p->record->submission_id = job.submission_id;
          store->save_analysis(*p->record);
        }
      } catch (const std::exception& e) {
        p->error = e.what();
      }
      Loaded l{job.kind, true, p, job.submission_id};
      out.push_back(l);
    } else if (job.kind == LoadKind::thumb) {
      auto p = decode_photo(job.sha, *bytes, 256);
      out.push_back({job.kind, true, p});
    } else {
      std::shared_ptr<const analysis::Decoded> full;
      auto p = decode_photo(job.sha, *bytes, 2048, job.analyze ? &full : nullptr);
      std::lock_guard lk(mu_);
      done_.push_back({job.kind, !job.analyze, std::make_shared<PhotoData>(*p)});
      if (job.analyze && p->error.empty()) {
        // The analysis runs as its own job on an analysis worker, at the same priority.
        Job next = job;
        next.seq = ++seq_;
        next.bytes = std::make_shared<const std::string>(std::move(*bytes));
        next.decoded = p;
        next.full = std::move(full);  // the engine analyses this very image: no second decode
        jobs_.push_back(std::move(next));
        cv_.notify_all();
        continue;  // stays in flight until analyzed
      }
      in_flight_.erase({job.sha, static_cast<int>(job.kind)});
      continue;
    }
    std::lock_guard lk(mu_);
    for (auto& o : out) done_.push_back(std::move(o));
    in_flight_.erase({job.sha, static_cast<int>(job.kind)});
  }
}

}  // namespace pa::ui
