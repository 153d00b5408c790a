// A headless Dear ImGui context for the UI tests: no window, no GL. The font atlas (Noto Sans CJK
// with the common set) is built once per process and shared; keys are injected through
// io.KeysDown[] with GLFW key codes, which is how Dear ImGui 1.86's GLFW backend feeds them
// (1.86 predates io.AddKeyEvent).
#pragma once

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

#include "ui/fonts.h"

namespace pa::test {

inline ImFontAtlas& shared_atlas(const std::vector<std::string>& texts = {}) {
  static ImFontAtlas* atlas = [&] {
    auto* a = new ImFontAtlas();
    ImGuiContext* ctx = ImGui::CreateContext(a);
    ImGui::SetCurrentContext(ctx);
    std::vector<std::string> t = texts;
    t.push_back("王李张陈刘赵黄周吴徐孙马堃喆赟犇燚淼鑫垚龑䶮骉昇玥珺琤彧翀璟晞旻婧祎颢");
    t.push_back("王𠈌");  // beyond the BMP: a Private Use Area stand-in glyph (rare_glyphs.h)
    pa::ui::load_fonts(ImGui::GetIO(), t, 1.0f);
    unsigned char* px;
    int w, h;
    a->GetTexDataAsRGBA32(&px, &w, &h);
    ImGui::DestroyContext(ctx);
    return a;
  }();
  return *atlas;
}

class Headless {
 public:
  Headless(float w = 1600, float h = 1000) {
    ctx_ = ImGui::CreateContext(&shared_atlas());
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {w, h};
    io.DeltaTime = 1.0f / 60;
    io.IniFilename = nullptr;
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
    io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
    io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
    io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
    io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
    io.KeyMap[ImGuiKey_Space] = GLFW_KEY_SPACE;
    io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
    io.KeyMap[ImGuiKey_Z] = GLFW_KEY_Z;
  }
  ~Headless() { ImGui::DestroyContext(ctx_); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  // One frame: NewFrame, body, Render.
  void frame(const std::function<void()>& body) {
    ImGui::NewFrame();
    body();
    ImGui::Render();
  }
  // Presses (one frame down, one frame up) a key with modifiers, running `body` each frame.
  void press(int key, const std::function<void()>& body, bool ctrl = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
    io.KeysDown[key] = true;
    frame(body);
    io.KeysDown[key] = false;
    frame(body);
    io.KeyCtrl = io.KeyShift = false;
  }

 private:
  ImGuiContext* ctx_;
};

}  // namespace pa::test
