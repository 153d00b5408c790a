// Help: every action of the registry with its keys, by the part of the workstation they work on
// (generated from the registry, so it never goes stale); the current screen's keys first.
#include <imgui.h>

#include "ui/views/help_view.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace {
// The registry's section (its English name) that holds the keys of a screen.
const char* section_of(Screen s) {
  switch (s) {
    case Screen::review: return "Review screen";
    case Screen::queue: return "Queue and moving";
    case Screen::sheet: return "Contact sheet";
    case Screen::dashboard: return "Dashboard";
    case Screen::trainer:
    case Screen::quiz: return "Training and quiz";
    case Screen::spotcheck: return "Spot checks";
    case Screen::exports: return "Exports";
  }
  return "";
}
}  // namespace

void HelpView::register_actions(ActionRegistry& actions) {
  actions.add({"app.help", "键盘快捷键", "Keyboard shortcuts", {{GLFW_KEY_F1}, {GLFW_KEY_SLASH, false, true}},
               [this] { open_ = !open_; }});
  Action close{"app.help_close", "关闭快捷键列表", "Close the key list", {{GLFW_KEY_ESCAPE}}, [this] { open_ = false; },
               [this] { return open_; }};
  close.in_help = false;
  actions.add(std::move(close));
}

std::vector<HelpView::Section> HelpView::sections() const {
  std::vector<Section> out;
  for (const auto& a : ws_.actions().all()) {
    if (!a.in_help || (a.enabled && a.id.rfind("screen.", 0) == 0 && !a.enabled())) continue;  // screens the role cannot open
    auto it = std::find_if(out.begin(), out.end(), [&](const Section& s) { return s.en == a.section_en; });
    if (it == out.end()) it = out.insert(out.end(), Section{a.section_zh, a.section_en, {}});
    it->actions.push_back(&a);
  }
  // The keys of the screen on view first.
  const std::string current = section_of(ws_.screen());
  std::stable_partition(out.begin(), out.end(), [&](const Section& s) { return s.en == current; });
  return out;
}

void HelpView::draw_dialogs() {
  if (!open_) return;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({0, 0}, {io.DisplaySize.x * 0.9f, io.DisplaySize.y * 0.88f});
  ImGui::SetNextWindowBgAlpha(0.97f);
  if (ImGui::Begin(T("键盘快捷键（Esc 关闭）###help", "Keyboard shortcuts (Esc closes)###help"), &open_,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    const std::string current = section_of(ws_.screen());
    const ImVec4 key_colour{0.55f, 0.8f, 1, 1}, head_colour{1, 0.85f, 0.45f, 1};
    const auto all = sections();
    auto keys_of = [](const Action& a) {
      std::string keys;
      for (const auto& k : a.keys) keys += (keys.empty() ? "" : "  ") + chord_label(k);
      return keys;
    };
    // One key column as wide as the widest keys of every section, so the sections line up.
    float key_w = std::max(ImGui::CalcTextSize(T("滚轮 / 拖动", "wheel / drag")).x, ImGui::CalcTextSize("1-29  Enter  Esc").x);
    for (const Section& s : all)
      for (const Action* a : s.actions) key_w = std::max(key_w, ImGui::CalcTextSize(keys_of(*a).c_str()).x);
    for (const Section& s : all) {
      // The section's title above its table, across the whole width (never clipped by a column).
      std::string title = language() == Lang::zh ? s.zh : s.en;
      if (s.en == current) title += T("（当前界面）", " (this screen)");
      ImGui::Spacing();
      ImGui::TextColored(head_colour, "%s", title.c_str());
      if (!ImGui::BeginTable(s.en.c_str(), 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) continue;
      ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, key_w);
      ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed);
      auto row = [&](const std::string& keys, const char* what) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(key_colour, "%s", keys.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(what);
      };
      for (const Action* a : s.actions) row(keys_of(*a), language() == Lang::zh ? a->label_zh.c_str() : a->label_en.c_str());
      if (s.en == "Review screen") {
        row("1-29  Enter  Esc", T("原因选择：数字选原因，Enter 确认，Esc 取消", "Reason picker: digits pick, Enter confirms, Esc cancels"));
        row(T("滚轮 / 拖动", "wheel / drag"), T("缩放 / 平移（两侧同步）", "zoom / pan (both panes together)"));
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace pa::ui
