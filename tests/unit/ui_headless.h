// A headless Dear ImGui context for the UI tests: no window, no GL. The font atlas (Noto Sans CJK
// with the common set) is built once per process and shared; keys are injected through
// io.KeysDown[] with GLFW key codes, which is how Dear ImGui 1.86's GLFW backend feeds them
// (1.86 predates io.AddKeyEvent).
#pragma once

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ui/platform/fonts.h"

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
  // `atlas`: the font atlas to draw with (built by the caller), else the shared one.
  Headless(float w = 1600, float h = 1000, ImFontAtlas* atlas = nullptr) {
    ctx_ = ImGui::CreateContext(atlas ? atlas : &shared_atlas());
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

inline void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The text of the last rendered frame, read back from the draw lists: every glyph quad of every
// draw list (its UVs name its character in the font atlas), in submission order; a newline
// wherever a run of glyphs ends. Spaces draw no quad, so they are not in it.
inline std::string drawn_text() {
  std::map<std::pair<float, float>, const ImFontGlyph*> by_uv;
  for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
    for (const auto& g : font->Glyphs) by_uv[{g.U0, g.V0}] = &g;
  std::string out;
  const ImDrawData* dd = ImGui::GetDrawData();
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const auto& vtx = dd->CmdLists[l]->VtxBuffer;
    bool in_run = false;
    for (int i = 0; i + 3 < vtx.Size; ++i) {
      auto it = by_uv.find({vtx[i].uv.x, vtx[i].uv.y});
      const bool glyph = it != by_uv.end() && vtx[i + 1].uv.x == it->second->U1 && vtx[i + 1].uv.y == it->second->V0 &&
                         vtx[i + 2].uv.x == it->second->U1 && vtx[i + 2].uv.y == it->second->V1;
      if (glyph) {
        append_utf8(out, it->second->Codepoint);
        in_run = true;
        i += 3;
      } else if (in_run) {
        out += '\n';
        in_run = false;
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace pa::test
