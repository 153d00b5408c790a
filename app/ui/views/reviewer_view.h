// Who decides: at the first start on a local audit the workstation asks the reviewer's name
// (kept per OS account in the user's data folder), 文件 → 更改审核人 changes it, the status bar
// shows it. Without a name no decision is recorded (the core refuses a blank reviewer).
#pragma once

#include <filesystem>
#include <string>

#include "ui/views/view.h"

namespace pa::ui {

// The name saved for this OS account (data_dir/reviewer), or "" when none is.
std::string saved_reviewer_name(const std::filesystem::path& data_dir);

class ReviewerView final : public View {
 public:
  explicit ReviewerView(Workstation& ws);
  void register_actions(ActionRegistry& actions) override;
  void draw_dialogs() override;
  bool modal_open() const override { return open_; }

  // The dialog's model (also driven by tests).
  void open_dialog();
  bool dialog_open() const { return open_; }
  void set_typed(const std::string& name);
  // Takes the typed name: false (with error()) when it is blank or not a name.
  bool confirm();
  const std::string& error() const { return error_; }

 private:
  bool open_ = false;
  bool focus_ = false;
  char buf_[128] = {};
  std::string error_;
};

}  // namespace pa::ui
