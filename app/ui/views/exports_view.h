// Exports from the GUI: the same files as `photoaudit export` / `notify` (review/export_files.h),
// with a file dialog built in ImGui (folders to browse, existing files, a file name).
#pragma once

#include <string>

#include "ui/views/view.h"

namespace pa::ui {

class ExportsView final : public View {
 public:
  struct State {
    int export_what = 0;          // decisions | reshoot | missing | notify
    int export_format = 1;        // csv | xlsx
    bool by_college = false, reveal_ids = false;
    std::string dir;              // folder shown in the file dialog
    char file_name[256] = {};
    std::string last_export;
  };

  explicit ExportsView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  void draw() override;
  State& state() { return c_; }

 private:
  State c_;
};

}  // namespace pa::ui
