// The window: GLFW + OpenGL 3.3 core + Dear ImGui, the frame loop, the hidden screenshot and
// benchmark modes. Everything on screen is App (app.h); this file only owns the platform.
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/scoped_store.h"
#include "ui/app.h"
#include "ui/platform/fonts.h"
#include "ui/gui.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

void apply_style(float scale) {
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
  c[ImGuiCol_ChildBg] = {0.13f, 0.14f, 0.16f, 1};
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

// Dear ImGui 1.86 samples io.KeysDown once per frame, so a key pressed and released between two
// frames (xdotool, fast typists, a busy frame) would be lost. Once any key was pressed since the
// last frame, every release (of that key, and of a modifier such as Ctrl that was held for it) is
// held back until a frame has seen the press: a fast Ctrl+Z whose Ctrl went down one frame
// earlier is still seen as Ctrl+Z.
struct KeyLatch {
  std::vector<int> pressed_this_frame;
  std::vector<std::array<int, 4>> deferred;  // key, scancode, action, mods
};
KeyLatch g_latch;

void key_callback(GLFWwindow* w, int key, int scancode, int action, int mods) {
  if (action == GLFW_RELEASE && (!g_latch.pressed_this_frame.empty() || !g_latch.deferred.empty())) {
    g_latch.deferred.push_back({key, scancode, action, mods});
    return;
  }
  if (action == GLFW_PRESS) {
    // A second press of a key whose release is still deferred: flush it so both presses count.
    g_latch.pressed_this_frame.push_back(key);
  }
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
}

// Once a frame has seen the presses: apply the held-back releases.
void flush_deferred_releases(GLFWwindow* w) {
  g_latch.pressed_this_frame.clear();
  auto d = std::move(g_latch.deferred);
  g_latch.deferred.clear();
  for (const auto& e : d) ImGui_ImplGlfw_KeyCallback(w, e[0], e[1], e[2], e[3]);
}

// "r,4,f1,ctrl+z" -> GLFW key codes (ctrl flag in bit 16).
std::vector<int> parse_keys(const std::string& spec) {
  std::vector<int> out;
  std::size_t i = 0;
  while (i < spec.size()) {
    std::size_t j = spec.find(',', i);
    if (j == std::string::npos) j = spec.size();
    std::string k = spec.substr(i, j - i);
    i = j + 1;
    int flags = 0;
    if (k.rfind("ctrl+", 0) == 0) flags = 1 << 16, k = k.substr(5);
    int code = 0;
    if (k.size() == 1 && k[0] >= 'a' && k[0] <= 'z') code = GLFW_KEY_A + (k[0] - 'a');
    else if (k.size() == 1 && k[0] >= '0' && k[0] <= '9') code = GLFW_KEY_0 + (k[0] - '0');
    else if (k.size() >= 2 && k[0] == 'f') code = GLFW_KEY_F1 + std::atoi(k.c_str() + 1) - 1;
    else if (k == "enter") code = GLFW_KEY_ENTER;
    else if (k == "esc") code = GLFW_KEY_ESCAPE;
    else if (k == "space") code = GLFW_KEY_SPACE;
    if (code) out.push_back(code | flags);
  }
  return out;
}

struct Median {
  std::vector<double> v;
  double pct(double p) {
    if (v.empty()) return 0;
    auto w = v;
    std::sort(w.begin(), w.end());
    return w[std::min(w.size() - 1, static_cast<std::size_t>(p * (w.size() - 1) + 0.5))];
  }
  double max() const { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
};

// --wait-analysis: the engine's overlay maps of the photo on screen have reached the shader. The
// photo is analysed and both map textures the compositor samples are uploaded, at the photo
// texture's size (the UI has no maps but the engine's). A photo whose analysis failed has no maps
// and never gets there; the screenshot then gives up after kWaitAnalysisSeconds (exit code 4).
constexpr double kWaitAnalysisSeconds = 180;
bool engine_maps_on_gpu(App& app) {
  const PhotoMeta* m = app.current_meta();
  if (!m || !m->analysed || !m->analysis_error.empty() || !m->error.empty()) return false;
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

}  // namespace

int run_gui(const GuiOptions& opt_in) {
  const auto t_start = Clock::now();
  GuiOptions opt = opt_in;
  // Open the audit first so a bad file is refused before any window appears.
  std::unique_ptr<AuditStore> store = open_audit(opt.db, opt.college);  // a coordinator sees one college

  glfwSetErrorCallback([](int code, const char* msg) { std::cerr << "photoaudit: GLFW " << code << ": " << msg << "\n"; });
  if (!glfwInit()) throw UserError("无法初始化窗口系统（没有显示器？）(cannot initialise GLFW: no display?)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  const std::string title = "photoaudit — " + std::filesystem::path(opt.db).filename().string();
  GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, title.c_str(), nullptr, nullptr);
  if (!window) {
    glfwTerminate();
    throw UserError("无法创建 OpenGL 3.3 窗口 (cannot create an OpenGL 3.3 window)");
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(opt.bench.empty() && opt.screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the view state is kept per audit by App
  float xs = 1, ys = 1;
  glfwGetWindowContentScale(window, &xs, &ys);
  const float scale = std::clamp(std::max(xs, ys), 1.0f, 3.0f);

  int code = 0;
  const double window_ms = ms(t_start, Clock::now());
  {
    App app(std::move(store), opt, true);
    const double app_ms = ms(t_start, Clock::now());
    const FontSetup fonts = load_fonts(io, app.glyph_texts(), scale);
    {
      unsigned char* px;
      int aw, ah;
      io.Fonts->GetTexDataAsRGBA32(&px, &aw, &ah);  // rasterise now (timed) rather than inside NewFrame
    }
    const double fonts_ms = ms(t_start, Clock::now());
    apply_style(scale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    glfwSetKeyCallback(window, key_callback);  // replaces the backend's, which it calls
    ImGui_ImplOpenGL3_Init("#version 330 core");

    Median frames, switches;
    double first_frame_ms = 0;
    int frame_no = 0, flipped = 0;
    bool bench_done = false;
    auto bench_switch_start = Clock::now();
    int wait_frames = 0;
    const std::vector<int> presses = parse_keys(opt.press);
    while (!app.quit_requested()) {
      if (glfwWindowShouldClose(window)) {  // the close button: asks first when decisions are unsaved
        glfwSetWindowShouldClose(window, GLFW_FALSE);
        app.request_quit();
        if (app.quit_requested()) break;
      }
      const auto f0 = Clock::now();
      flush_deferred_releases(window);  // releases held back from the previous frame
      if (opt.bench.empty() && opt.screenshot.empty() && opt.frames == 0)
        glfwWaitEventsTimeout(app.models_ready() ? 0.1 : 0.05);  // idle without spinning
      else
        glfwPollEvents();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // Scripted key presses for screenshots: one key every other frame once the photo is up.
      static std::size_t press_i = 0;
      static int release_key = 0;
      if (release_key) {
        io.KeysDown[release_key & 0xFFFF] = false;
        io.KeyCtrl = false;
        release_key = 0;
      } else if (!presses.empty() && press_i < presses.size() && app.current_photo_ready() &&
                 (!opt.wait_analysis || engine_maps_on_gpu(app)) && frame_no > 3) {
        release_key = presses[press_i++];
        io.KeysDown[release_key & 0xFFFF] = true;
        io.KeyCtrl = (release_key >> 16) != 0;
      }
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      int w, h;
      glfwGetFramebufferSize(window, &w, &h);
      glViewport(0, 0, w, h);
      glClearColor(0.1f, 0.1f, 0.12f, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      ++frame_no;
      const bool last_by_count = opt.frames > 0 && frame_no >= opt.frames;
      if (!opt.screenshot.empty()) {
        const bool maps_ready = !opt.wait_analysis || (app.current_photo_ready() && engine_maps_on_gpu(app));
        const bool ready = frame_no >= std::max(3, opt.frames) && press_i >= presses.size() && maps_ready;
        if (!maps_ready && ms(t_start, Clock::now()) > kWaitAnalysisSeconds * 1000) {
          const PhotoMeta* m = app.current_meta();
          std::cerr << "photoaudit: --wait-analysis: the engine's maps of the photo on screen did not reach the GPU in "
                    << kWaitAnalysisSeconds << " s ("
                    << (!m ? "no photo" : !m->error.empty() ? "error: " + m->error
                                        : !m->analysed ? std::string("not analysed")
                                        : !m->analysis_error.empty() ? "analysis failed: " + m->analysis_error
                                                                     : std::string("maps not uploaded"))
                    << "); no screenshot\n";
          code = 4;
          app.request_quit();
        }
        // A few more frames after the data arrived so the layout settles, then read the back buffer.
        if (ready && ++wait_frames >= 3) {
          glFinish();
          if (!write_screenshot(opt.screenshot, w, h)) code = 4;
          std::cout << "screenshot " << opt.screenshot << " " << w << "x" << h << "\n";
          app.force_quit();
        }
      }
      glfwSwapBuffers(window);
      const auto f1 = Clock::now();
      if (frame_no == 1) {
        first_frame_ms = ms(t_start, f1);
        if (!opt.bench.empty()) std::cerr << "first frame " << first_frame_ms << " ms\n";
      }
      if (!opt.bench.empty() && !bench_done) {
        // Flip through the queue: one navigation as soon as the current photo is on screen.
        if (frame_no > 1) frames.v.push_back(ms(f0, f1));
        if (app.current_photo_ready() && frame_no > 1) {
          if (flipped > 0) switches.v.push_back(ms(bench_switch_start, f1));
          if (flipped >= opt.bench_photos) {
            bench_done = true;
          } else {
            bench_switch_start = Clock::now();
            app.next();
            ++flipped;
          }
        }
        if (bench_done) {
          rusage ru{};
          getrusage(RUSAGE_SELF, &ru);
          nlohmann::json j = {{"students", app.session().queue().all().size()},
                              {"photos_flipped", flipped},
                              {"time_to_first_frame_ms", first_frame_ms},
                              {"font_glyphs", fonts.glyphs},
                              {"startup_ms", {{"store_and_window", window_ms}, {"queue_loaded", app_ms}, {"fonts_rasterised", fonts_ms}}},
                              {"frame_ms_median", frames.pct(0.5)},
                              {"frame_ms_p95", frames.pct(0.95)},
                              {"frame_ms_worst", frames.max()},
                              {"switch_ms_median", switches.pct(0.5)},
                              {"switch_ms_p95", switches.pct(0.95)},
                              {"switch_ms_worst", switches.max()},
                              {"texture_cache_mb", app.texture_cache_bytes() / 1048576.0},
                              {"peak_rss_mb", ru.ru_maxrss / 1024.0}};
          if (opt.bench == "-") std::cout << j.dump(2) << "\n";
          else std::ofstream(opt.bench) << j.dump(2) << "\n";
          app.force_quit();
        }
      }
      if (last_by_count && opt.screenshot.empty()) app.force_quit();
      if (opt.frames > 0 && frame_no > opt.frames + 600) app.force_quit();  // safety net for tests
    }
    app.save_view();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
  }
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}

}  // namespace pa::ui
