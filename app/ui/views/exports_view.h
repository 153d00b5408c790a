// Exports from the GUI: the same files as `photoaudit export` / `notify` (review/export_files.h),
// with a file dialog built in ImGui (a path field, folders to browse, existing files, a file name),
// opening in the audit's folder. Every path goes through the output guard before and when writing.
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
    std::string dir;              // folder shown in the file dialog (first: the audit's own folder)
    std::string path_field;       // the folder as typed in the path field (applied with Enter)
    char file_name[256] = {};
    std::string last_export;      // the status line: what the last export wrote, or why it did not
    bool last_failed = false;
    // The output guard's verdict on the path as it stands (core/output_file.h: never the audit,
    // its -wal/-shm, another audit, a folder), checked when the path changes.
    std::string checked_path, refusal;
    float status_top = 0;         // screen y of the file name row and status line (kept clear of the toast)
  };

  explicit ExportsView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  void register_actions(ActionRegistry& actions) override;
  void draw() override;
  State& state() { return c_; }
  // Where the dialog opens: the audit file's folder (a server's audit: the home folder).
  std::string start_dir() const;
  // The path field typed: a folder goes there; a file's path sets the folder and the file name.
  // False (with the status line saying why) when neither exists.
  bool apply_path_field();
  // The file the export writes (folder + file name).
  std::string out_path() const;
  // Writes the export chosen to out_path() through write_export (the guard refuses what it must).
  void run_export();

 private:
  State c_;
};

}  // namespace pa::ui
