// Entry point of the review workstation (Dear ImGui on GLFW + OpenGL 3.3 core). This header stays
// plain (the standard library only): the command line includes it for GuiOptions, and app/main.cpp
// hands run_gui to the command line, which links no UI.
#pragma once

#include <string>

namespace pa::ui {

struct GuiOptions {
  std::string db;            // audit database
  std::string reviewer;      // defaults to $USER
  std::string data_dir;      // view state lives under it
  std::string screen;        // "queue" | "review" | "sheet" (empty: the saved one, review for `review`)
  std::string select;        // 学号 to open at (empty: the saved one / first pending)
  bool first_pending = false;// start at the first pending submission
  std::string lang;          // "zh" | "en" (empty: saved)
  std::string college;       // coordinator: the audit is opened scoped to this college (store/scoped_store.h)
  std::string role;          // reviewer (default) | coordinator | trainer (trainer: trainer screens only)
  // Hidden testing options.
  std::string screenshot;    // write the back buffer of the last frame as PNG, then quit
  int frames = 0;            // quit after this many frames (0 = run until closed)
  int overlays = -1;         // force the overlay bit set
  float split = -1;          // force the split position
  bool wait_analysis = false;// with --screenshot: wait until the photo on screen is analyzed
  std::string press;         // with --screenshot: keys pressed first, e.g. "r,4" or "f1" (GLFW names)
  std::string bench;         // run the benchmark script and write its JSON report here ("-" = stdout)
  int bench_photos = 200;
  std::string bench_mode = "flip";  // flip: photo switches; review: decisions made by keys only
  int width = 1600, height = 1000;
};

// Opens the window and runs until the user quits. Returns the process exit code.
int run_gui(const GuiOptions& options);

}  // namespace pa::ui
