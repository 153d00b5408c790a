// Dear ImGui 1.86 samples io.KeysDown once per frame, so a key pressed and released between two
// frames (xdotool, fast typists, a busy frame) would be lost. Once any key was pressed since the
// last frame, every release (of that key, and of a modifier such as Ctrl that was held for it) is
// held back until a frame has seen the press: a fast Ctrl+Z whose Ctrl went down one frame
// earlier is still seen as Ctrl+Z.
#pragma once

#include <array>
#include <vector>

struct GLFWwindow;

namespace pa::ui {

class KeyLatch {
 public:
  // Where key events go on: the ImGui GLFW backend's key callback unless a test gives another.
  using Forward = void (*)(GLFWwindow*, int key, int scancode, int action, int mods);
  explicit KeyLatch(Forward forward = nullptr);

  // Becomes the window's key callback (reached through the window's user pointer); it replaces
  // the backend's, which it calls.
  void install(GLFWwindow* window);
  // A key event from GLFW.
  void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
  // Once a frame has seen the presses: apply the held-back releases.
  void flush_deferred_releases(GLFWwindow* window);

 private:
  Forward forward_;
  std::vector<int> pressed_this_frame_;
  std::vector<std::array<int, 4>> deferred_;  // key, scancode, action, mods
};

}  // namespace pa::ui
