// Help: every action of the registry with its keys, by the part of the workstation they work on
// (generated, so it never goes stale). F1 or ? opens it, Esc closes it.
#pragma once

#include <string>
#include <vector>

#include "ui/views/view.h"

namespace pa::ui {

class HelpView final : public View {
 public:
  explicit HelpView(Workstation& ws) : View(ws) {}
  void register_actions(ActionRegistry& actions) override;
  void draw_dialogs() override;
  bool open() const { return open_; }

  // What the key list shows, in order: the current screen's section first, then the registry's.
  struct Section {
    std::string zh, en;
    std::vector<const Action*> actions;
  };
  std::vector<Section> sections() const;

 private:
  bool open_ = false;
};

}  // namespace pa::ui
