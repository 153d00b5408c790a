// Queue screen: filters, search, sort, and a virtualised table of every student. It also owns
// moving through the queue (next, previous, next pending), which the review screen shares.
#pragma once

#include "ui/views/view.h"

namespace pa::ui {

class QueueView final : public View {
 public:
  explicit QueueView(Workstation& ws);
  std::vector<ScreenEntry> screens() const override;
  void register_actions(ActionRegistry& actions) override;
  void draw() override;
  void on_open() override { scroll_to_current_ = true; }
  void on_navigate() override { scroll_to_current_ = true; }

  void next();
  void previous();

 private:
  bool scroll_to_current_ = true;
  char search_[128] = {};
};

}  // namespace pa::ui
