// Every text Dear ImGui draws in a headless frame, recorded with the room it had. The test binary
// is linked with `--wrap` for both ImDrawList::AddText overloads (tests/CMakeLists.txt), so every
// text a widget of Dear ImGui or a draw list of the UI draws passes through
// ui_text_record_test.cpp, which records it while a TextRecorder lives. The tests read from it
// which text was cut by its clip rect (a window, a table column, a button's frame, a pane) and
// which characters were asked for that the font atlas has no glyph for.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace pa::test {

struct DrawnText {
  std::string text;          // as asked to be drawn (UTF-8)
  std::string window;        // the window being drawn when it was
  const ImFont* font = nullptr;
  float font_size = 0;
  ImVec2 pos, size;          // where it starts and how large it is (wrapped at its wrap width)
  ImVec4 clip;               // what of it can be seen: the draw list's clip rect, within the
                             // widget's own (a button's frame) when Dear ImGui gave one
  // Pixels of it beyond the clip rect's left or right edge (0 when it fits across).
  float cut() const;
};

// Records while it lives (one at a time).
class TextRecorder {
 public:
  TextRecorder();
  ~TextRecorder();
  TextRecorder(const TextRecorder&) = delete;
  TextRecorder& operator=(const TextRecorder&) = delete;
  const std::vector<DrawnText>& texts() const { return texts_; }
  void clear() { texts_.clear(); }

 private:
  friend void record_text(const DrawnText&);
  std::vector<DrawnText> texts_;
};

void record_text(const DrawnText& t);

}  // namespace pa::test
