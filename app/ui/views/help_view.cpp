// Help: every action of the registry with its keys (generated, so it never goes stale).
#include <imgui.h>

#include "ui/views/help_view.h"

#include <GLFW/glfw3.h>

#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

void HelpView::register_actions(ActionRegistry& actions) {
  actions.add({"app.help", "键盘快捷键", "Keyboard shortcuts", {{GLFW_KEY_F1}, {GLFW_KEY_SLASH, false, true}},
               [this] { open_ = !open_; }});
}

void HelpView::draw_dialogs() {
  if (!open_) return;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowBgAlpha(0.97f);
  if (ImGui::Begin(T("键盘快捷键###help", "Keyboard shortcuts###help"), &open_,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& a : ws_.actions().all()) {
        if (!a.in_help) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string keys;
        for (const auto& k : a.keys) keys += (keys.empty() ? "" : "  ") + chord_label(k);
        ImGui::TextColored({0.55f, 0.8f, 1, 1}, "%s", keys.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(language() == Lang::zh ? a.label_zh.c_str() : a.label_en.c_str());
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored({0.55f, 0.8f, 1, 1}, "1-29  Enter  Esc");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(T("原因选择：数字选原因，Enter 确认，Esc 取消", "Reason picker: digits pick, Enter confirms, Esc cancels"));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored({0.55f, 0.8f, 1, 1}, "%s", T("滚轮 / 拖动", "wheel / drag"));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(T("缩放 / 平移（两侧同步）", "zoom / pan (both panes together)"));
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace pa::ui
