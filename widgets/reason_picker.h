// The reason picker for reject / reshoot: codes in catalog order, digits pick by number (1..N;
// two digits when N > 9), Enter confirms, Esc cancels. Pre-selects the codes whose check failed;
// codes the engine only warned about are marked, not ticked. `other` requires a note before Enter
// confirms. Opened without notes (marking a teaching example), it is the same list and keys alone.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace pa::widgets {

struct PickerItem {
  std::string code, label;  // label in the UI language
  bool suggested = false;   // a failing check of the engine (pre-selected by the caller)
  bool warned = false;      // only a warning: marked, left for the reviewer to tick
};

class ReasonPicker {
 public:
  enum class Result { none, confirmed, cancelled };

  // `notes`: the internal note and the note for the student (a decision's); without them no code
  // needs a note.
  void open(std::string title, std::vector<PickerItem> items, const std::vector<std::string>& preselect,
            bool notes = true);
  void close() { open_ = false; }
  bool is_open() const { return open_; }
  // Draws the modal and handles its keys; call every frame while open.
  Result draw();

  // Keyboard model (also driven directly by tests).
  void press_digit(int d);      // 0..9
  void flush_digits();          // applies a pending one-digit number
  void tick(float seconds);     // a pending digit applies after a short pause
  void toggle(std::size_t index);
  bool can_confirm() const;     // at least one code, and a note when `other` is picked
  const std::vector<std::string> selected() const;  // catalog order
  const std::string& note() const { return note_; }  // internal: never shown to the student
  void set_note(std::string n);
  // 给学生的说明: written for the student; the reshoot notice copies it (and only it).
  const std::string& student_note() const { return student_note_; }
  void set_student_note(std::string n);
  const std::string& pending_digits() const { return digits_; }
  const std::string& error() const { return error_; }

 private:
  bool open_ = false;
  bool notes_ = true;
  bool focus_note_ = false;
  std::string title_;
  std::vector<PickerItem> items_;
  std::set<std::size_t> chosen_;
  std::string note_, student_note_;
  std::string digits_;
  float digit_age_ = 0;
  std::string error_;
  char note_buf_[512] = {};
  char student_note_buf_[512] = {};
};

}  // namespace pa::widgets
