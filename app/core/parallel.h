// Ordered parallel map with a bounded window: workers compute f(i) for i in [0, n) on several
// threads while the calling thread consumes the results strictly in order. At most `window`
// results wait in memory at once, so a large batch is streamed, not loaded whole.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace pa {

inline unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

template <class Result, class Produce, class Consume>
void ordered_parallel(std::size_t n, unsigned jobs, std::size_t window, Produce produce,
                      Consume consume) {
  if (n == 0) return;
  jobs = std::max(1u, jobs);
  window = std::max<std::size_t>(window, jobs);
  std::vector<std::optional<Result>> slots(window);
  std::mutex m;
  std::condition_variable cv;
  std::size_t next = 0, consumed = 0;
  bool stop = false;
  std::exception_ptr error;

  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lk(m);
        cv.wait(lk, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n) return;
        i = next++;
      }
      std::optional<Result> r;
      try {
        r.emplace(produce(i));
      } catch (...) {
        std::lock_guard lk(m);
        if (!error) error = std::current_exception();
        stop = true;
        cv.notify_all();
        return;
      }
      std::lock_guard lk(m);
      slots[i % window] = std::move(r);
      cv.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
  try {
    for (; consumed < n;) {
      std::optional<Result> r;
      {
        std::unique_lock lk(m);
        cv.wait(lk, [&] { return stop || slots[consumed % window].has_value(); });
        if (stop) break;
        r = std::move(slots[consumed % window]);
        slots[consumed % window].reset();
      }
      consume(consumed, std::move(*r));
      {
        std::lock_guard lk(m);
        ++consumed;
      }
      cv.notify_all();
    }
  } catch (...) {
    std::lock_guard lk(m);
    if (!error) error = std::current_exception();
    stop = true;
  }
  {
    std::lock_guard lk(m);
    stop = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace pa
