// The platform under the workstation: the GLFW window, its OpenGL 3.3 core context, the Dear ImGui
// context with its GLFW + OpenGL3 backends, the style and the key latch. Everything on screen is
// the Workstation's (ui/workstation.h); the frame loop is run_gui's (main_loop.cpp).
#pragma once

#include <string>

#include "ui/platform/key_latch.h"

struct GLFWwindow;

namespace pa::ui {

class Window {
 public:
  // Opens the window and makes its context current; creates the ImGui context (no .ini file: the
  // view state is kept per audit by the Workstation). Throws UserError without a display or OpenGL 3.3.
  Window(const std::string& title, int width, int height, bool vsync);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  void set_title(const std::string& title);
  // The content scale (HiDPI), clamped to 1..3: for the fonts and the style.
  float scale() const { return scale_; }
  // Once the fonts are loaded: the style, the backends and the key latch.
  void init_backends();
  void shutdown_backends();

  // The close button was pressed (the request is taken: asking again returns false).
  bool take_close_request();
  // Starts a frame: the key releases held back, the events (waiting up to `wait_seconds` for one
  // when > 0, else polling), the backends' new frame. ImGui::NewFrame is the caller's.
  void begin_frame(double wait_seconds);
  // Clears the framebuffer and draws ImGui's draw data; the framebuffer's size.
  void render(int* width, int* height);
  void swap();

 private:
  GLFWwindow* window_ = nullptr;
  KeyLatch latch_;
  float scale_ = 1;
  bool backends_ = false;
};

// The workstation's look (dark, rounded), scaled.
void apply_style(float scale);

}  // namespace pa::ui
