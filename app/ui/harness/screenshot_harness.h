// --screenshot (hidden, for tests and docs): once the frames asked for are drawn, the scripted keys
// pressed and (with --wait-analysis) the engine's maps of the photo on screen on the GPU, a few
// more frames, then the back buffer is written as PNG and the workstation quits.
#pragma once

#include <chrono>
#include <string>

namespace pa::ui {

class Workstation;
struct GuiOptions;

// --wait-analysis: the engine's overlay maps of the photo on screen have reached the shader. The
// photo is analyzed and both map textures the compositor samples are uploaded, at the photo
// texture's size (the UI has no maps but the engine's). A photo whose analysis failed has no maps
// and never gets there; the screenshot then gives up after kWaitAnalysisSeconds (exit code 4).
constexpr double kWaitAnalysisSeconds = 180;
bool engine_maps_on_gpu(Workstation& app);

class ScreenshotHarness {
 public:
  ScreenshotHarness(const GuiOptions& options, std::chrono::steady_clock::time_point started);
  // After the frame is drawn, before the swap: `frames` drawn so far, `keys_done` once every
  // scripted key was pressed, the framebuffer's size.
  void after_render(Workstation& app, int frames, bool keys_done, int width, int height);
  int exit_code() const { return code_; }

 private:
  std::string path_;
  int min_frames_;
  bool wait_analysis_;
  std::chrono::steady_clock::time_point started_;
  int settle_frames_ = 0;
  int code_ = 0;
};

}  // namespace pa::ui
