#include "ui/harness/screenshot_harness.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <iostream>

#include "ui/views/queue_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/workstation.h"
#include "ui/gui.h"
#include "ui/platform/gpu.h"

namespace pa::ui {

bool engine_maps_on_gpu(Workstation& app) {
  const PhotoMeta* m = app.current_meta();
  if (!m || !m->analyzed || !m->analysis_error.empty() || !m->error.empty()) return false;
  const GpuPhoto* g = app.current_gpu();
  if (!g || !g->photo || !g->has_maps || !g->maps_a || !g->maps_b) return false;
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  bool ok = true;
  for (const unsigned t : {g->maps_a, g->maps_b}) {
    if (!glIsTexture(t)) {
      ok = false;
      break;
    }
    GLint w = 0, h = 0;
    glBindTexture(GL_TEXTURE_2D, t);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &w);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &h);
    ok = ok && w == g->width && h == g->height && w == m->tex_width && h == m->tex_height;
  }
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
  return ok;
}

ScreenshotHarness::ScreenshotHarness(const GuiOptions& opt, std::chrono::steady_clock::time_point started)
    : path_(opt.screenshot), min_frames_(std::max(3, opt.frames)), wait_analysis_(opt.wait_analysis), started_(started) {}

void ScreenshotHarness::after_render(Workstation& app, int frames, bool keys_done, int w, int h) {
  const bool maps_ready = !wait_analysis_ || (app.current_photo_ready() && engine_maps_on_gpu(app));
  const bool ready = frames >= min_frames_ && keys_done && maps_ready;
  if (!maps_ready &&
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() > kWaitAnalysisSeconds) {
    const PhotoMeta* m = app.current_meta();
    std::cerr << "photoaudit: --wait-analysis: the engine's maps of the photo on screen did not reach the GPU in "
              << kWaitAnalysisSeconds << " s ("
              << (!m ? "no photo" : !m->error.empty() ? "error: " + m->error
                                  : !m->analyzed ? std::string("not analyzed")
                                  : !m->analysis_error.empty() ? "analysis failed: " + m->analysis_error
                                                               : std::string("maps not uploaded"))
              << "); no screenshot\n";
    code_ = 4;
    app.guard().request_quit();
  }
  // A few more frames after the data arrived so the layout settles, then read the back buffer.
  if (ready && ++settle_frames_ >= 3) {
    glFinish();
    if (!write_screenshot(path_, w, h)) code_ = 4;
    std::cout << "screenshot " << path_ << " " << w << "x" << h << "\n";
    app.force_quit();
  }
}

}  // namespace pa::ui
