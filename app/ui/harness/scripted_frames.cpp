#include "ui/harness/scripted_frames.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdlib>

#include "ui/views/queue_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/workstation.h"
#include "ui/gui.h"
#include "ui/harness/screenshot_harness.h"

namespace pa::ui {

std::vector<int> parse_keys(const std::string& spec) {
  std::vector<int> out;
  std::size_t i = 0;
  while (i < spec.size()) {
    std::size_t j = spec.find(',', i);
    if (j == std::string::npos) j = spec.size();
    std::string k = spec.substr(i, j - i);
    i = j + 1;
    int flags = 0;
    for (bool more = true; more;) {
      more = false;
      if (k.rfind("ctrl+", 0) == 0) flags |= kCtrlFlag, k = k.substr(5), more = true;
      if (k.rfind("shift+", 0) == 0) flags |= kShiftFlag, k = k.substr(6), more = true;
    }
    int code = 0;
    if (k.size() == 1 && k[0] >= 'a' && k[0] <= 'z') code = GLFW_KEY_A + (k[0] - 'a');
    else if (k.size() == 1 && k[0] >= '0' && k[0] <= '9') code = GLFW_KEY_0 + (k[0] - '0');
    else if (k.size() >= 2 && k[0] == 'f') code = GLFW_KEY_F1 + std::atoi(k.c_str() + 1) - 1;
    else if (k == "enter") code = GLFW_KEY_ENTER;
    else if (k == "esc") code = GLFW_KEY_ESCAPE;
    else if (k == "space") code = GLFW_KEY_SPACE;
    else if (k == "right") code = GLFW_KEY_RIGHT;
    else if (k == "left") code = GLFW_KEY_LEFT;
    else if (k == "up") code = GLFW_KEY_UP;
    else if (k == "down") code = GLFW_KEY_DOWN;
    if (code) out.push_back(code | flags);
  }
  return out;
}

ScriptedFrames::ScriptedFrames(const GuiOptions& opt)
    : keys_(parse_keys(opt.press)), frames_(opt.frames), quit_at_count_(opt.screenshot.empty()),
      wait_analysis_(opt.wait_analysis) {}

void ScriptedFrames::before_frame(Workstation& app, int frames) {
  ImGuiIO& io = ImGui::GetIO();
  if (held_) {
    io.KeysDown[held_ & 0xFFFF] = false;
    io.KeyCtrl = io.KeyShift = false;
    held_ = 0;
  } else if (!keys_done() && frames > 3 &&
             // the photo on screen has arrived; or there is none (a trainer's login sees no students)
             ((app.current_photo_ready() && (!wait_analysis_ || engine_maps_on_gpu(app))) || !app.session().current())) {
    held_ = keys_[next_++];
    io.KeysDown[held_ & 0xFFFF] = true;
    io.KeyCtrl = (held_ & kCtrlFlag) != 0;
    io.KeyShift = (held_ & kShiftFlag) != 0;
  }
}

void ScriptedFrames::after_frame(Workstation& app, int frames) {
  if (frames_ <= 0) return;
  if (quit_at_count_ && frames >= frames_) app.force_quit();
  if (frames > frames_ + 600) app.force_quit();  // safety net for tests
}

}  // namespace pa::ui
