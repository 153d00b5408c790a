// Contact sheet: thumbnails of the filtered queue with verdict badges, as a culling grid. Click
// selects one, Ctrl-click toggles, Shift-click extends from the last click; the arrow keys move
// the cursor (Shift extends); A approves the clean ones of the selection after a confirmation
// that shows them, R / S reject / flag for reshoot the selection with the reason picker; Enter or
// a double-click opens a photo on the review screen. One Ctrl+Z undoes a whole batch.
#pragma once

#include <optional>
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
  // The cell with the keyboard's cursor (a position in the queue's visible order).
  std::optional<std::size_t> cursor() const { return cursor_; }
  // What a click on the cell at `pos` does (plain, Ctrl, Shift, Ctrl+Shift), and a double click.
  void click(std::size_t pos, bool ctrl, bool shift);
  void double_click(std::size_t pos);
  // The arrow keys: the cursor moves by `delta` cells (±1, ± a row); `extend` (Shift) selects
  // from the anchor to it, otherwise only the cursor's photo is selected.
  void move_cursor(int delta, bool extend);
  int columns() const { return cols_; }
  // R / S on the sheet: the reason picker for every selected photo with a photo; confirming
  // decides each (the version the sheet shows), one Ctrl+Z undoes them all.
  void open_batch_picker(Verdict v);
  // Rejects / flags the photos the picker was opened for (tests call it with the picker's choice).
  void decide_batch(Verdict v, const std::vector<std::string>& reasons, const std::string& note,
                    const std::string& student_note);
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
  std::vector<ReviewSession::ShownPhoto> selection_with_photo() const;
  void select_range(std::size_t a, std::size_t b, bool add);
  void show_batch_result(Verdict v, const ReviewSession::BatchResult& result);
  void draw_preview();

  std::set<std::string> selection_;
  std::optional<std::size_t> cursor_, anchor_;
  std::set<std::string> before_click_;  // the selection before the last click (a double click restores it)
  bool scroll_to_cursor_ = false;
  int cols_ = 1;
  std::vector<ReviewSession::ShownPhoto> batch_;  // what the open picker will decide
  float thumb_ = 150;
  bool confirm_ = false;
  std::vector<ReviewSession::ShownPhoto> snapshot_;  // what the dialog will approve
};

}  // namespace pa::ui
