// A small toast at the bottom of the window that confirms an action and offers one follow-up
// (undo). Newest replaces older; it fades after a few seconds.
#pragma once

#include <functional>
#include <string>

namespace pa::widgets {

class Toast {
 public:
  void show(std::string text, std::string action_label = {}, std::function<void()> action = {}, float seconds = 5.0f);
  void draw();  // once per frame
  bool visible() const { return left_ > 0; }
  const std::string& text() const { return text_; }

 private:
  std::string text_, action_label_;
  std::function<void()> action_;
  float left_ = 0, total_ = 1;
};

}  // namespace pa::widgets
