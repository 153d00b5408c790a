// Contact sheet: thumbnails of the filtered queue with verdict badges; select many, approve the
// clean ones after a confirmation that says how many (and approves exactly what it showed).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "review/session.h"
#include "ui/views/view.h"

namespace pa::ui {

class ContactSheetView final : public View {
 public:
  explicit ContactSheetView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  void register_actions(ActionRegistry& actions) override;
  void before_frame() override;
  void draw() override;
  void draw_dialogs() override;  // the approve confirmation
  bool modal_open() const override { return confirm_; }

  std::set<std::string>& selection() { return selection_; }
  int clean_in_selection() const;
  bool approve_confirm_open() const { return confirm_; }
  // What the confirmation will approve (empty when it is closed).
  const std::vector<ReviewSession::ShownPhoto>& approve_preview() const { return snapshot_; }
  // Opens the confirmation with what the sheet shows now (per photo: its version and analysis);
  // confirming approves exactly those.
  void open_approve_confirm();
  void confirm_approve_selected();

 private:
  std::vector<ReviewSession::ShownPhoto> clean_selection_now() const;
  void draw_preview();

  std::set<std::string> selection_;
  float thumb_ = 150;
  bool confirm_ = false;
  std::vector<ReviewSession::ShownPhoto> snapshot_;  // what the dialog will approve
};

}  // namespace pa::ui
