#include "ui/harness/bench_harness.h"

#include <sys/resource.h>

#include <GLFW/glfw3.h>
#include <imgui.h>

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
    : out_(opt.bench), review_mode_(opt.bench_mode == "review"), photos_(opt.bench_photos), started_(started),
      startup_(startup), switch_start_(Clock::now()) {}

void BenchHarness::before_frame(Workstation& app, int frames) {
  if (!review_mode_ || done_) return;
  ImGuiIO& io = ImGui::GetIO();
  if (held_) {  // a key is down for one frame, like a quick press
    io.KeysDown[held_] = false;
    io.KeyShift = false;
    held_ = 0;
    return;
  }
  if (keys_.empty()) return;
  const Key k = keys_.front();
  keys_.pop_front();
  held_ = k.code;
  io.KeysDown[k.code] = true;
  io.KeyShift = k.shift;
  (void)frames;
}

void BenchHarness::after_swap(Workstation& app, int frames, Clock::time_point f0, Clock::time_point f1) {
  if (frames == 1) {
    first_frame_ms_ = ms(started_, f1);
    std::cerr << "first frame " << first_frame_ms_ << " ms\n";
  }
  if (done_) return;
  if (frames > 1) frames_.v.push_back(ms(f0, f1));
  if (review_mode_)
    review(app, frames, f1);
  else
    flip(app, frames, f1);
  if (done_) report(app);
}

// Flip through the queue: one navigation as soon as the current photo is on screen.
void BenchHarness::flip(Workstation& app, int frames, Clock::time_point f1) {
  // First 30 frames with the photo on screen and nothing moving: what a frame costs by itself.
  if (flipped_ == 0 && app.current_photo_ready() && frames > 1 && idle_frames_.v.size() < 30) {
    if (!frames_.v.empty()) idle_frames_.v.push_back(frames_.v.back());
    return;
  }
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
}

// A reviewer deciding by keys only: each decision runs from its photo being on screen to the next
// photo being on screen (the session moves on to the next pending photo after a decision).
void BenchHarness::review(Workstation& app, int frames, Clock::time_point f1) {
  if (frames < 2) return;
  ++decision_frames_;
  const QueueRow* r = app.session().current();
  if (!r || r->state.status != Status::pending) {
    if (!deciding_.empty() || !r) done_ = true;  // nothing pending is left
    return;
  }
  const std::string& no = r->state.student.student_no;
  if (!deciding_.empty() && no == deciding_) {  // still deciding this one
    if (decision_frames_ > 3000) done_ = true;    // stuck (the report says how many were made)
    return;
  }
  if (!app.current_photo_ready()) return;
  if (!deciding_.empty()) {  // the previous decision is done: its next photo is on screen
    decision_ms_.v.push_back(ms(decision_start_, f1));
    decision_frame_counts_.v.push_back(decision_frames_);
    if (++decisions_ >= photos_) {
      done_ = true;
      return;
    }
  }
  deciding_ = no;
  decision_start_ = f1;
  decision_frames_ = 0;
  switch (decisions_ % 10) {
    case 7:
    case 8:  // reject: the picker's pre-ticked failing codes, or else the reason numbered 25; Enter
      if (app.session().suggested_reasons().empty())
        keys_ = {{GLFW_KEY_R, false}, {GLFW_KEY_2, false}, {GLFW_KEY_5, false}, {GLFW_KEY_ENTER, false}};
      else
        keys_ = {{GLFW_KEY_R, false}, {GLFW_KEY_ENTER, false}};
      break;
    case 9:  // the first quick reason
      keys_ = {{GLFW_KEY_1, true}};
      break;
    default:
      keys_ = {{GLFW_KEY_A, false}};
  }
}

void BenchHarness::report(Workstation& app) {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  nlohmann::json j = {{"mode", review_mode_ ? "review" : "flip"},
                      {"students", app.session().queue().all().size()},
                      {"photos_flipped", flipped_},
                      {"time_to_first_frame_ms", first_frame_ms_},
                      {"font_glyphs", startup_.font_glyphs},
                      {"startup_ms",
                       {{"store_and_window", startup_.store_and_window_ms},
                        {"queue_loaded", startup_.queue_loaded_ms},
                        {"fonts_rasterised", startup_.fonts_rasterised_ms}}},
                      {"frame_ms_median", frames_.pct(0.5)},
                      {"idle_frame_ms_median", idle_frames_.pct(0.5)},
                      {"frame_ms_p95", frames_.pct(0.95)},
                      {"frame_ms_worst", frames_.max()},
                      {"switch_ms_median", switches_.pct(0.5)},
                      {"switch_ms_p95", switches_.pct(0.95)},
                      {"switch_ms_worst", switches_.max()},
                      {"texture_cache_mb", app.photos().texture_bytes() / 1048576.0},
                      {"peak_rss_mb", ru.ru_maxrss / 1024.0}};
  if (review_mode_) {
    double total = 0;
    for (double d : decision_ms_.v) total += d;
    j["decisions"] = decisions_;
    j["decision_s_median"] = decision_ms_.pct(0.5) / 1000;
    j["decision_s_p95"] = decision_ms_.pct(0.95) / 1000;
    j["decision_s_total"] = total / 1000;
    j["decision_frames_median"] = decision_frame_counts_.pct(0.5);
    j["decision_frames_p95"] = decision_frame_counts_.pct(0.95);
    j["decisions_per_minute"] = total > 0 ? decisions_ * 60000.0 / total : 0;
  }
  if (out_ == "-") std::cout << j.dump(2) << "\n";
  else std::ofstream(out_) << j.dump(2) << "\n";
  app.force_quit();
}

}  // namespace pa::ui
