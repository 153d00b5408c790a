// --press and --frames (hidden, for tests and screenshots): scripted key presses, one key every
// other frame once the photo is up (and, with --wait-analysis, its maps on the GPU), and a frame
// count after which the workstation quits (with --screenshot the screenshot decides when).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pa::ui {

class Workstation;
struct GuiOptions;

// "r,4,f1,ctrl+z,shift+right" -> GLFW key codes (ctrl flag in bit 16, shift in bit 17). Unknown
// names are skipped.
constexpr int kCtrlFlag = 1 << 16;
constexpr int kShiftFlag = 1 << 17;
std::vector<int> parse_keys(const std::string& spec);

class ScriptedFrames {
 public:
  explicit ScriptedFrames(const GuiOptions& options);
  // Before ImGui::NewFrame: presses the next key or releases the last one. `frames`: drawn so far.
  void before_frame(Workstation& app, int frames);
  // After the frame: quits once the frame count is reached (and, always, 600 frames later).
  void after_frame(Workstation& app, int frames);
  bool keys_done() const { return next_ >= keys_.size(); }

 private:
  std::vector<int> keys_;
  std::size_t next_ = 0;
  int held_ = 0;  // the key pressed in the previous frame, released in this one
  int frames_;
  bool quit_at_count_;
  bool wait_analysis_;
};

}  // namespace pa::ui
