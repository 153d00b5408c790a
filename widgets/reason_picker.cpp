#include "widgets/reason_picker.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstring>

#include "widgets/i18n.h"

namespace pa::widgets {

void ReasonPicker::open(std::string title, std::vector<PickerItem> items, const std::vector<std::string>& pre,
                        bool notes) {
  title_ = std::move(title);
  notes_ = notes;
  items_ = std::move(items);
  chosen_.clear();
  for (std::size_t i = 0; i < items_.size(); ++i)
    for (const auto& c : pre)
      if (items_[i].code == c) chosen_.insert(i);
  note_.clear();
  note_buf_[0] = 0;
  student_note_.clear();
  student_note_buf_[0] = 0;
  digits_.clear();
  error_.clear();
  open_ = true;
  focus_note_ = false;
}

void ReasonPicker::set_student_note(std::string n) {
  student_note_ = std::move(n);
  std::snprintf(student_note_buf_, sizeof student_note_buf_, "%s", student_note_.c_str());
}

void ReasonPicker::set_note(std::string n) {
  note_ = std::move(n);
  std::snprintf(note_buf_, sizeof note_buf_, "%s", note_.c_str());
}

void ReasonPicker::toggle(std::size_t i) {
  if (i >= items_.size()) return;
  if (!chosen_.erase(i)) chosen_.insert(i);
  if (items_[i].code == "other" && chosen_.count(i)) focus_note_ = notes_;
}

void ReasonPicker::press_digit(int d) {
  digits_.push_back(static_cast<char>('0' + d));
  digit_age_ = 0;
  const std::size_t n = std::stoul(digits_);
  // Apply at once when no further digit could make a valid number.
  if (n * 10 > items_.size() || digits_.size() >= 2) {
    if (n >= 1 && n <= items_.size()) toggle(n - 1);
    digits_.clear();
  }
}

void ReasonPicker::flush_digits() {
  if (digits_.empty()) return;
  const std::size_t n = std::stoul(digits_);
  if (n >= 1 && n <= items_.size()) toggle(n - 1);
  digits_.clear();
}

void ReasonPicker::tick(float s) {
  if (digits_.empty()) return;
  digit_age_ += s;
  if (digit_age_ > 0.8f) flush_digits();
}

const std::vector<std::string> ReasonPicker::selected() const {
  std::vector<std::string> out;
  for (auto i : chosen_) out.push_back(items_[i].code);
  return out;
}

bool ReasonPicker::can_confirm() const {
  if (chosen_.empty()) return false;
  if (!notes_) return true;
  for (auto i : chosen_)
    if (items_[i].code == "other" && note_.find_first_not_of(" \t") == std::string::npos) return false;
  return true;
}

ReasonPicker::Result ReasonPicker::draw() {
  if (!open_) return Result::none;
  Result result = Result::none;
  ImGuiIO& io = ImGui::GetIO();
  tick(io.DeltaTime);
  const char* popup = "##reason_picker";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  const ImVec2 ds = io.DisplaySize;
  ImGui::SetNextWindowPos({ds.x / 2, ds.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({std::min(ds.x - 40, 760.0f * ImGui::GetFontSize() / 17.0f), std::min(ds.y - 40, 640.0f * ImGui::GetFontSize() / 17.0f)});
  if (ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize)) {
    ImGui::TextUnformatted(title_.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", T("数字键选择原因，Enter 确认，Esc 取消", "digits pick, Enter confirms, Esc cancels"));
    if (!digits_.empty()) {
      ImGui::SameLine();
      ImGui::TextColored({1, 0.8f, 0.2f, 1}, "# %s_", digits_.c_str());
    }
    ImGui::Separator();
    const bool typing = io.WantTextInput;
    if (!typing) {
      for (int d = 0; d <= 9; ++d)
        if (ImGui::IsKeyPressed(GLFW_KEY_0 + d, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_0 + d, false)) press_digit(d);
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() * (notes_ ? 3.2f : 1.2f);  // the notes: two fields
    ImGui::BeginChild("##codes", {0, -footer}, false);
    const int cols = 2;
    if (ImGui::BeginTable("##codes_t", cols, ImGuiTableFlags_SizingStretchSame)) {
      for (std::size_t i = 0; i < items_.size(); ++i) {
        ImGui::TableNextColumn();
        bool on = chosen_.count(i) != 0;
        char label[600];
        const PickerItem& it = items_[i];
        std::snprintf(label, sizeof label, "%2zu  %s%s##c%zu", i + 1, it.label.c_str(),
                      it.suggested ? "  ●" : it.warned ? "  ○" : "", i);
        const bool marked = it.suggested || it.warned;
        if (marked)
          ImGui::PushStyleColor(ImGuiCol_Text, it.suggested ? ImVec4(1.0f, 0.55f, 0.45f, 1) : ImVec4(1.0f, 0.82f, 0.35f, 1));
        if (ImGui::Checkbox(label, &on)) toggle(i);
        if (marked) ImGui::PopStyleColor();
      }
      ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::Separator();
    bool need_note = false;
    for (auto i : chosen_) need_note |= items_[i].code == "other";
    bool any_marked = false;
    for (const auto& it : items_) any_marked |= it.suggested || it.warned;
    if (notes_) {
      if (focus_note_) {
        ImGui::SetKeyboardFocusHere();
        focus_note_ = false;
      }
      ImGui::SetNextItemWidth(-1);
      if (ImGui::InputTextWithHint("##note", need_note ? T("内部说明（选择“其他”时必填，不给学生看）", "internal note (required for ‘other’; never shown to the student)")
                                                       : T("内部备注（可选，不给学生看）", "internal note (optional; never shown to the student)"),
                                   note_buf_, sizeof note_buf_, ImGuiInputTextFlags_EnterReturnsTrue))
        ;  // Enter in the note falls through to the Enter handling below
      note_ = note_buf_;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::InputTextWithHint("##student_note", T("给学生的说明（可选，写入重拍通知）", "note for the student (optional; goes into the notice)"),
                                   student_note_buf_, sizeof student_note_buf_, ImGuiInputTextFlags_EnterReturnsTrue))
        ;
      student_note_ = student_note_buf_;
    }
    if (any_marked) {
      ImGui::TextDisabled("%s", T("● 自动检查不合格（已预选）  ○ 仅警告（未预选，请自行判断）",
                                  "● failed a check (pre-selected)   ○ warning only (not ticked: your call)"));
      ImGui::SameLine();
    }
    if (!error_.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", error_.c_str());
    const bool enter = ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false);
    const bool esc = ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false);
    ImGui::BeginDisabled(!can_confirm() && digits_.empty());
    bool ok_clicked = ImGui::Button(T("确认 (Enter)", "Confirm (Enter)"), {160, 0});
    ImGui::EndDisabled();
    ImGui::SameLine();
    bool cancel_clicked = ImGui::Button(T("取消 (Esc)", "Cancel (Esc)"), {160, 0});
    if (enter || ok_clicked) {
      flush_digits();
      if (can_confirm()) {
        result = Result::confirmed;
      } else {
        error_ = chosen_.empty() ? T("请至少选择一个原因", "pick at least one reason")
                                 : T("选择“其他”须填写说明", "‘other’ needs a note");
      }
    }
    if (esc || cancel_clicked) result = Result::cancelled;
    if (result != Result::none) {
      open_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  return result;
}

}  // namespace pa::widgets
