#include "ui/platform/window.h"

#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <iostream>

#include "core/error.h"

namespace pa::ui {

namespace {
// GLFW's last error while the window is being made: said in the one message that the window could
// not open (the command line reports it, to a terminal or not); printed once a window exists.
std::string g_glfw_error;
bool g_window_open = false;
}  // namespace

void apply_style(float scale) {
  ImGui::GetStyle() = ImGuiStyle();  // from the defaults: applying it again never scales twice
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 4;
  s.FrameRounding = 4;
  s.GrabRounding = 4;
  s.PopupRounding = 4;
  s.ChildRounding = 4;
  s.FramePadding = {8, 4};
  s.ItemSpacing = {8, 6};
  s.CellPadding = {6, 3};
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = {0.11f, 0.12f, 0.14f, 1};
  // Child windows draw no background of their own: the window's shows through. Every layer of
  // background is one more blended fill of the screen, and llvmpipe (no GPU) fills on the CPU.
  c[ImGuiCol_ChildBg] = {0, 0, 0, 0};
  c[ImGuiCol_PopupBg] = {0.14f, 0.15f, 0.18f, 0.98f};
  c[ImGuiCol_MenuBarBg] = {0.09f, 0.10f, 0.12f, 1};
  c[ImGuiCol_Header] = {0.22f, 0.36f, 0.58f, 0.6f};
  c[ImGuiCol_HeaderHovered] = {0.26f, 0.42f, 0.66f, 0.8f};
  c[ImGuiCol_Button] = {0.22f, 0.25f, 0.30f, 1};
  c[ImGuiCol_ButtonHovered] = {0.30f, 0.36f, 0.45f, 1};
  c[ImGuiCol_FrameBg] = {0.18f, 0.20f, 0.24f, 1};
  c[ImGuiCol_TableRowBgAlt] = {1, 1, 1, 0.03f};
  s.ScaleAllSizes(scale);
}

Window::Window(const std::string& title, int width, int height, bool vsync) {
  g_glfw_error.clear();
  glfwSetErrorCallback([](int code, const char* msg) {
    g_glfw_error = "GLFW " + std::to_string(code) + ": " + msg;
    if (g_window_open) std::cerr << "photoaudit: " << g_glfw_error << "\n";
  });
  auto why = [] { return g_glfw_error.empty() ? std::string() : " — " + g_glfw_error; };
  if (!glfwInit()) throw UserError("无法初始化窗口系统（没有显示器？）(cannot initialise GLFW: no display?)" + why());
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) {
    const std::string reason = why();
    glfwTerminate();
    throw UserError("无法创建 OpenGL 3.3 窗口 (cannot create an OpenGL 3.3 window)" + reason);
  }
  g_window_open = true;
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(vsync ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the view state is kept per audit by the Workstation
  float xs = 1, ys = 1;
  glfwGetWindowContentScale(window_, &xs, &ys);
  scale_ = std::clamp(std::max(xs, ys), 1.0f, 3.0f);
}

Window::~Window() {
  shutdown_backends();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
  g_window_open = false;
}

void Window::init_backends() {
  apply_style(scale_);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  latch_.install(window_);  // replaces the backend's key callback, which it calls
  ImGui_ImplOpenGL3_Init("#version 330 core");
  backends_ = true;
}

void Window::shutdown_backends() {
  if (!backends_) return;
  backends_ = false;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
}

void Window::set_title(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }

bool Window::take_close_request() {
  if (!glfwWindowShouldClose(window_)) return false;
  glfwSetWindowShouldClose(window_, GLFW_FALSE);
  return true;
}

void Window::begin_frame(double wait_seconds) {
  latch_.flush_deferred_releases(window_);  // releases held back from the previous frame
  if (wait_seconds > 0) glfwWaitEventsTimeout(wait_seconds);  // idle without spinning
  else glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
}

void Window::render(int* width, int* height) {
  glfwGetFramebufferSize(window_, width, height);
  glViewport(0, 0, *width, *height);
  // The main window has no background of its own (ImGuiWindowFlags_NoBackground): the clear, a
  // plain fill, is its background, in its colour.
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() { glfwSwapBuffers(window_); }

}  // namespace pa::ui
