// A small toast at the bottom of the window that confirms an action and offers one follow-up
// (undo). Newest replaces older; it fades after a few seconds. It sits above the status bar and
// above whatever line a screen asks it to keep clear (keep_above).
#pragma once

#include <algorithm>
#include <functional>
#include <limits>
#include <string>

namespace pa::widgets {

class Toast {
 public:
  void show(std::string text, std::string action_label = {}, std::function<void()> action = {}, float seconds = 5.0f);
  void draw();  // once per frame
  // Keeps this frame's toast above screen height `y` (a screen's own status line, drawn before the
  // toast); lapses after the next draw.
  void keep_above(float y) { keep_above_ = std::min(keep_above_, y); }
  bool visible() const { return left_ > 0; }
  const std::string& text() const { return text_; }

 private:
  std::string text_, action_label_;
  std::function<void()> action_;
  float left_ = 0, total_ = 1;
  float keep_above_ = std::numeric_limits<float>::max();
};

}  // namespace pa::widgets
