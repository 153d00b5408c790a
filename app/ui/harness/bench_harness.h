// --bench (hidden; docs/benchmarks.md): flips through the queue, one navigation as soon as the
// photo on screen is ready, and writes the timings as JSON (to a file, or stdout for "-"). It also
// prints "first frame <ms> ms" to stderr after the first frame.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pa::ui {

class Workstation;
struct GuiOptions;

// Percentiles of a list of timings (ms): the value at rank p·(n−1), rounded.
struct Timings {
  std::vector<double> v;
  double pct(double p) const;
  double max() const;
};

// What run_gui measured before the first frame, since it started (ms).
struct Startup {
  double store_and_window_ms = 0, queue_loaded_ms = 0, fonts_rasterised_ms = 0;
  int font_glyphs = 0;
};

class BenchHarness {
 public:
  using Clock = std::chrono::steady_clock;
  BenchHarness(const GuiOptions& options, Clock::time_point started, Startup startup);
  // After the swap of frame number `frames` (1 = the first), which began at `f0` and ended at `f1`.
  void after_swap(Workstation& app, int frames, Clock::time_point f0, Clock::time_point f1);

 private:
  void report(Workstation& app);
  std::string out_;
  int photos_;
  Clock::time_point started_;
  Startup startup_;
  Timings frames_, switches_;
  double first_frame_ms_ = 0;
  int flipped_ = 0;
  bool done_ = false;
  Clock::time_point switch_start_;
};

}  // namespace pa::ui
