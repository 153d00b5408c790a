// --bench (hidden; docs/gui.md): measures the workstation in its real window and writes the figures
// as JSON (to a file, or stdout for "-"). It also prints "first frame <ms> ms" to stderr after the
// first frame. Two modes (--bench-mode):
//   flip    30 frames on the first photo with nothing moving (a frame by itself), then flips
//           through the queue, one navigation as soon as the photo on screen is ready: frame
//           times, photo-switch latency, memory;
//   review  a reviewer who decides by keys only, as fast as the workstation lets them: as soon as
//           the photo on screen is ready, A (7 of 10 photos), R + a reason's number + Enter (2 of
//           10), or Shift+1 (1 of 10); per decision the frames and the seconds from one photo on
//           screen to the next.
#pragma once

#include <chrono>
#include <deque>
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
  // Before frame number `frames` begins (review mode presses and releases its keys here).
  void before_frame(Workstation& app, int frames);
  // After the swap of frame number `frames` (1 = the first), which began at `f0` and ended at `f1`.
  void after_swap(Workstation& app, int frames, Clock::time_point f0, Clock::time_point f1);

 private:
  void flip(Workstation& app, int frames, Clock::time_point f1);
  void review(Workstation& app, int frames, Clock::time_point f1);
  void report(Workstation& app);
  std::string out_;
  bool review_mode_ = false;
  int photos_;
  Clock::time_point started_;
  Startup startup_;
  Timings frames_, switches_, idle_frames_;
  double first_frame_ms_ = 0;
  int flipped_ = 0;
  bool done_ = false;
  Clock::time_point switch_start_;
  // review mode
  struct Key {
    int code;
    bool shift;
  };
  std::deque<Key> keys_;  // the keys of the decision under way, one per frame
  int held_ = 0;          // the key down this frame (released before the next)
  std::string deciding_;  // the student whose photo is being decided ("" = waiting for a photo)
  int decisions_ = 0, decision_frames_ = 0;
  Clock::time_point decision_start_;
  Timings decision_ms_, decision_frame_counts_;
};

}  // namespace pa::ui
