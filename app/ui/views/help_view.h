// Help: every action of the registry with its keys (generated, so it never goes stale).
#pragma once

#include "ui/views/view.h"

namespace pa::ui {

class HelpView final : public View {
 public:
  explicit HelpView(Workstation& ws) : View(ws) {}
  void register_actions(ActionRegistry& actions) override;
  void draw_dialogs() override;
  bool open() const { return open_; }

 private:
  bool open_ = false;
};

}  // namespace pa::ui
