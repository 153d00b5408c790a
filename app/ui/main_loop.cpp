// run_gui: the window (ui/platform/window.h), the workstation (Workstation, ui/workstation.h) and the hidden
// testing harnesses (ui/harness/) put together around the frame loop.
#include <epoxy/gl.h>
#include <imgui.h>

#include <spdlog/spdlog.h>

#include <malloc.h>

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
#include "ui/connect_screen.h"
#include "ui/platform/gpu.h"
#include "widgets/i18n.h"
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

// The connect screen's own frames, on the window, before the workstation exists. True when an
// audit was opened; false when the user quit (or, with --screenshot, once the screen was captured).
bool run_connect_screen(Window& window, ConnectScreen& connect, const GuiOptions& opt) {
  if (opt.lang == "en") set_language(Lang::en);
  else set_language(Lang::zh);
  ImGuiIO& io = ImGui::GetIO();
  load_fonts(io, connect.glyph_texts(), window.scale());
  {
    unsigned char* px;
    int aw, ah;
    io.Fonts->GetTexDataAsRGBA32(&px, &aw, &ah);
  }
  window.init_backends();
  int frames = 0;
  bool shot = false;
  while (!connect.done()) {
    if (window.take_close_request()) connect.quit();
    window.begin_frame(connect.busy() ? 0.05 : 0.25);
    ImGui::NewFrame();
    connect.frame();
    ImGui::Render();
    int w, h;
    window.render(&w, &h);
    if (!opt.screenshot.empty() && ++frames >= 5) {
      glFinish();
      if (!write_screenshot(opt.screenshot, w, h)) std::cerr << "photoaudit: cannot write " << opt.screenshot << "\n";
      else std::cout << "screenshot " << opt.screenshot << " " << w << "x" << h << "\n";
      shot = true;
      connect.quit();
    }
    window.swap();
  }
  // The workstation loads its own fonts (the audit's names) and starts the backends again.
  window.shutdown_backends();
  io.Fonts->Clear();
  if (!shot && !connect.opened()) std::cerr << "photoaudit: 未打开审核 (no audit opened)\n";
  return connect.opened();
}

}  // namespace

int run_gui(const GuiOptions& given) {
  const auto t_start = Clock::now();
  // At most two malloc arenas: the photo workers' large, short-lived buffers (decoded photos, the
  // engine's maps) otherwise stay resident in one arena per thread, and the workstation's memory
  // grows by a hundred megabytes or more while the reviewer flips (docs/gui.md, peak memory).
  mallopt(M_ARENA_MAX, 2);
  GuiOptions opt = given;
  const bool interactive = opt.bench.empty() && opt.screenshot.empty() && opt.frames == 0;
  // Open the audit first so a bad file is refused before any window appears. A server that cannot
  // be reached or wants a password gets the connect screen instead (its screenshot too).
  std::unique_ptr<AuditStore> store;
  std::exception_ptr unreachable;
  try {
    store = open_audit(opt.db, opt.college);  // a coordinator sees one college
  } catch (const UserError& e) {
    if (!is_server_url(opt.db) || !(interactive || !opt.screenshot.empty())) throw;
    unreachable = std::current_exception();
  }
  int code = 0;
  {
    Window window("photoaudit — " + std::filesystem::path(opt.db).filename().string(), opt.width, opt.height,
                  opt.bench.empty() && opt.screenshot.empty());
    if (unreachable) {
      const std::string college = opt.college;
      ConnectScreen connect(opt.db, unreachable,
                            [college](const std::string& where) { return open_audit(where, college); });
      // Quit (nothing was opened, no model is loading), or the connect screen's screenshot taken.
      if (!run_connect_screen(window, connect, opt)) return opt.screenshot.empty() ? 1 : 0;
      store = connect.take_store();
      opt.db = connect.where();  // the photo workers open what was opened: the server or the local file
      window.set_title("photoaudit — " + std::filesystem::path(opt.db).filename().string());
    }
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
      if (bench) bench->before_frame(app, frames);
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      int w, h;
      window.render(&w, &h);
      ++frames;
      // The font atlas is on the GPU since the first frame (the backend uploads it in NewFrame):
      // its CPU copies go (tens of megabytes for the CJK glyphs).
      if (frames == 1) io.Fonts->ClearTexData();
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
