#include "ui/platform/key_latch.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include <utility>

namespace pa::ui {

KeyLatch::KeyLatch(Forward forward) : forward_(forward ? forward : &ImGui_ImplGlfw_KeyCallback) {}

void KeyLatch::install(GLFWwindow* window) {
  glfwSetWindowUserPointer(window, this);
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    static_cast<KeyLatch*>(glfwGetWindowUserPointer(w))->on_key(w, key, scancode, action, mods);
  });
}

void KeyLatch::on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  if (action == GLFW_RELEASE && (!pressed_this_frame_.empty() || !deferred_.empty())) {
    deferred_.push_back({key, scancode, action, mods});
    return;
  }
  if (action == GLFW_PRESS) pressed_this_frame_.push_back(key);
  forward_(w, key, scancode, action, mods);
}

void KeyLatch::flush_deferred_releases(GLFWwindow* w) {
  pressed_this_frame_.clear();
  auto d = std::move(deferred_);
  deferred_.clear();
  for (const auto& e : d) forward_(w, e[0], e[1], e[2], e[3]);
}

}  // namespace pa::ui
