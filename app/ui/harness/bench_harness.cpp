#include "ui/harness/bench_harness.h"

#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "ui/views/queue_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/workstation.h"
#include "ui/gui.h"

namespace pa::ui {

namespace {
double ms(BenchHarness::Clock::time_point a, BenchHarness::Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
}  // namespace

double Timings::pct(double p) const {
  if (v.empty()) return 0;
  auto w = v;
  std::sort(w.begin(), w.end());
  return w[std::min(w.size() - 1, static_cast<std::size_t>(p * (w.size() - 1) + 0.5))];
}

double Timings::max() const { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

BenchHarness::BenchHarness(const GuiOptions& opt, Clock::time_point started, Startup startup)
    : out_(opt.bench), photos_(opt.bench_photos), started_(started), startup_(startup), switch_start_(Clock::now()) {}

void BenchHarness::after_swap(Workstation& app, int frames, Clock::time_point f0, Clock::time_point f1) {
  if (frames == 1) {
    first_frame_ms_ = ms(started_, f1);
    std::cerr << "first frame " << first_frame_ms_ << " ms\n";
  }
  if (done_) return;
  // Flip through the queue: one navigation as soon as the current photo is on screen.
  if (frames > 1) frames_.v.push_back(ms(f0, f1));
  if (app.current_photo_ready() && frames > 1) {
    if (flipped_ > 0) switches_.v.push_back(ms(switch_start_, f1));
    if (flipped_ >= photos_) {
      done_ = true;
    } else {
      switch_start_ = Clock::now();
      app.queue().next();
      ++flipped_;
    }
  }
  if (done_) report(app);
}

void BenchHarness::report(Workstation& app) {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  nlohmann::json j = {{"students", app.session().queue().all().size()},
                      {"photos_flipped", flipped_},
                      {"time_to_first_frame_ms", first_frame_ms_},
                      {"font_glyphs", startup_.font_glyphs},
                      {"startup_ms",
                       {{"store_and_window", startup_.store_and_window_ms},
                        {"queue_loaded", startup_.queue_loaded_ms},
                        {"fonts_rasterised", startup_.fonts_rasterised_ms}}},
                      {"frame_ms_median", frames_.pct(0.5)},
                      {"frame_ms_p95", frames_.pct(0.95)},
                      {"frame_ms_worst", frames_.max()},
                      {"switch_ms_median", switches_.pct(0.5)},
                      {"switch_ms_p95", switches_.pct(0.95)},
                      {"switch_ms_worst", switches_.max()},
                      {"texture_cache_mb", app.photos().texture_bytes() / 1048576.0},
                      {"peak_rss_mb", ru.ru_maxrss / 1024.0}};
  if (out_ == "-") std::cout << j.dump(2) << "\n";
  else std::ofstream(out_) << j.dump(2) << "\n";
  app.force_quit();
}

}  // namespace pa::ui
