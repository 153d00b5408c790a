// run_gui: the window (ui/platform/window.h), the workstation (Workstation, ui/workstation.h) and the hidden
// testing harnesses (ui/harness/) put together around the frame loop.
#include <imgui.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "store/scoped_store.h"
#include "ui/views/queue_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/workstation.h"
#include "ui/gui.h"
#include "ui/harness/bench_harness.h"
#include "ui/harness/screenshot_harness.h"
#include "ui/harness/scripted_frames.h"
#include "ui/photos/model_warm_up.h"
#include "ui/platform/fonts.h"
#include "ui/platform/window.h"

namespace pa::ui {

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// The window is closed and the audit too (every decision was durable when it was made). A model
// warm-up still under way is nobody's to wait for: leave now rather than run the static destructors
// under its feet.
void leave_if_warming_up(int code) {
  if (ModelWarmUp::process()->done()) return;
  std::cout.flush();
  std::cerr.flush();
  spdlog::default_logger()->flush();
  std::fflush(nullptr);
  std::quick_exit(code);
}

}  // namespace

int run_gui(const GuiOptions& opt) {
  const auto t_start = Clock::now();
  // Open the audit first so a bad file is refused before any window appears.
  std::unique_ptr<AuditStore> store = open_audit(opt.db, opt.college);  // a coordinator sees one college
  const bool interactive = opt.bench.empty() && opt.screenshot.empty() && opt.frames == 0;
  int code = 0;
  {
    Window window("photoaudit — " + std::filesystem::path(opt.db).filename().string(), opt.width, opt.height,
                  opt.bench.empty() && opt.screenshot.empty());
    const double window_ms = ms(t_start, Clock::now());
    Workstation app(std::move(store), opt, true);
    const double app_ms = ms(t_start, Clock::now());
    ImGuiIO& io = ImGui::GetIO();
    const FontSetup fonts = load_fonts(io, app.glyph_texts(), window.scale());
    {
      unsigned char* px;
      int aw, ah;
      io.Fonts->GetTexDataAsRGBA32(&px, &aw, &ah);  // rasterise now (timed) rather than inside NewFrame
    }
    const double fonts_ms = ms(t_start, Clock::now());
    window.init_backends();

    std::optional<ScriptedFrames> script;
    if (!opt.press.empty() || opt.frames > 0) script.emplace(opt);
    std::optional<ScreenshotHarness> shot;
    if (!opt.screenshot.empty()) shot.emplace(opt, t_start);
    std::optional<BenchHarness> bench;
    if (!opt.bench.empty()) bench.emplace(opt, t_start, Startup{window_ms, app_ms, fonts_ms, fonts.glyphs});

    int frames = 0;
    while (!app.quit_requested()) {
      if (window.take_close_request()) {  // the close button: asks first when decisions are unsaved
        app.guard().request_quit();
        if (app.quit_requested()) break;
      }
      const auto f0 = Clock::now();
      window.begin_frame(interactive ? (app.models_ready() ? 0.1 : 0.05) : 0);
      if (script) script->before_frame(app, frames);
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      int w, h;
      window.render(&w, &h);
      ++frames;
      if (shot) shot->after_render(app, frames, !script || script->keys_done(), w, h);
      window.swap();
      if (bench) bench->after_swap(app, frames, f0, Clock::now());
      if (script) script->after_frame(app, frames);
    }
    app.save_view();
    window.shutdown_backends();
    if (shot) code = shot->exit_code();
  }  // the audit closes with the Workstation, then the window goes
  leave_if_warming_up(code);
  return code;
}

}  // namespace pa::ui
