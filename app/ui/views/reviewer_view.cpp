// ReviewerView: the reviewer's name (views/reviewer_view.h).
#include "ui/views/reviewer_view.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdio>
#include <fstream>

#include "core/limits.h"
#include "core/output_file.h"
#include "core/text.h"
#include "ui/platform/fonts.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace {

constexpr std::size_t kMaxName = 60;  // bytes of UTF-8: a name, not a paragraph

std::string trimmed(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A name a person would type: no control characters, not the placeholder the old default used.
bool acceptable(const std::string& n, std::string* why) {
  if (n.empty()) return *why = T("请输入姓名", "Type a name"), false;
  if (n.size() > kMaxName) return *why = T("姓名太长", "That name is too long"), false;
  for (unsigned char c : n)
    if (c < 0x20 || c == 0x7f) return *why = T("姓名不能含控制字符", "No control characters in a name"), false;
  if (n == "reviewer" || n == "审核人") return *why = T("请填写您本人的姓名", "Type your own name"), false;
  return true;
}

}  // namespace

std::string saved_reviewer_name(const std::filesystem::path& data_dir) {
  if (data_dir.empty()) return {};
  std::ifstream f(data_dir / "reviewer", std::ios::binary);
  std::string line;
  if (!f || !std::getline(f, line)) return {};
  line = trimmed(line);
  std::string why;
  return acceptable(line, &why) && is_valid_utf8(line) ? line : std::string();
}

ReviewerView::ReviewerView(Workstation& ws) : View(ws) {
  if (ws_.session().reviewer().empty()) open_dialog();  // first start on this audit's PC: ask
}

void ReviewerView::register_actions(ActionRegistry& actions) {
  actions.add({"app.reviewer", "更改审核人…", "Change reviewer…", {}, [this] { open_dialog(); },
               [this] { return !ws_.store().account(); }});  // on a server the reviewer is the login
}

void ReviewerView::open_dialog() {
  std::snprintf(buf_, sizeof buf_, "%s", ws_.session().reviewer().c_str());
  error_.clear();
  open_ = true;
  focus_ = true;
}

void ReviewerView::set_typed(const std::string& name) { std::snprintf(buf_, sizeof buf_, "%s", name.c_str()); }

bool ReviewerView::confirm() {
  const std::string name = trimmed(buf_);
  if (!acceptable(name, &error_)) return false;
  if (!is_valid_utf8(name)) return error_ = T("姓名不是有效的文字", "Not valid text"), false;
  ws_.session().set_reviewer(name);
  if (const auto& dir = ws_.options().data_dir; !dir.empty()) {
    try {  // this OS account's name from now on (0600, atomic)
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      write_file_atomically((std::filesystem::path(dir) / "reviewer").string(), name + "\n", {ws_.options().db});
    } catch (const std::exception& e) {
      ws_.toast().show(std::string(T("姓名未能保存，下次启动需重新填写：", "The name could not be kept for next time: ")) + e.what());
    }
  }
  error_.clear();
  open_ = false;
  return true;
}

void ReviewerView::draw_dialogs() {
  if (!open_) return;
  const char* id = "##reviewer_name";
  if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) return;
  const float fs = ImGui::GetFontSize() / 17.0f;
  ImGui::TextUnformatted(T("审核人姓名", "Reviewer's name"));
  ImGui::Separator();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 460 * fs);
  ImGui::TextWrapped("%s", T("每条审核结论都记录审核人。请输入您本人的姓名。", "Every decision records who made it. Type your own name."));
  ImGui::TextWrapped("%s", T("本机这个系统账户下次启动时沿用；可在“文件 → 更改审核人”中修改。",
                             "This OS account keeps it for the next start; File → Change reviewer changes it."));
  ImGui::PopTextWrapPos();
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  ImGui::SetNextItemWidth(460 * fs);
  bool enter = ImGui::InputTextWithHint("##name", T("例如：王老师", "e.g. Ms Wang"), buf_, sizeof buf_,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (!error_.empty()) ImGui::TextColored({1, 0.45f, 0.4f, 1}, "%s", error_.c_str());
  if (ws_.session().reviewer().empty())
    ImGui::TextDisabled("%s", T("未填写姓名时不能记录结论。", "No decision can be recorded without a name."));
  ImGui::Separator();
  enter |= ImGui::Button(T("确定 (Enter)", "OK (Enter)"), {180 * fs, 0});
  bool cancel = false;
  ImGui::SameLine();
  cancel = ImGui::Button(T("取消 (Esc)", "Cancel (Esc)"), {180 * fs, 0}) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false);
  if (enter) confirm();
  if (cancel) open_ = false;
  if (!open_) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace pa::ui
