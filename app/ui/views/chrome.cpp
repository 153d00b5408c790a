// Menu bar and status bar (views/chrome.h).
#include "ui/views/chrome.h"

#include <imgui.h>

#include <cstdio>

#include "ui/platform/fonts.h"
#include "ui/views/team_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

void draw_menu_bar(Workstation& ws) {
  if (!ImGui::BeginMenuBar()) return;
  ActionRegistry& actions = ws.actions();
  auto item = [&](const char* id) {
    const Action* a = actions.find(id);
    if (!a) return;
    const std::string keys = a->keys.empty() ? std::string() : chord_label(a->keys.front());
    const bool enabled = !a->enabled || a->enabled();
    if (ImGui::MenuItem(language() == Lang::zh ? a->label_zh.c_str() : a->label_en.c_str(), keys.c_str(), false, enabled))
      actions.run(id);
  };
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "photoaudit");
  if (ImGui::BeginMenu(T("文件", "File"))) {
    item("app.language");
    item("app.reviewer");
    ImGui::Separator();
    item("app.quit");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(T("审核", "Review"))) {
    for (const char* id : {"decide.approve", "decide.reject", "decide.reshoot", "decide.undo"}) item(id);
    ImGui::Separator();
    for (const char* id : {"nav.next", "nav.prev", "nav.next_pending"}) item(id);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(T("视图", "View"))) {
    for (const auto& v : ws.views())
      for (const ScreenEntry& e : v->screens())
        if (e.reviewers_menu) item(e.action);
    ImGui::Separator();
    for (const char* id : {"view.overlays", "view.fit", "view.one_to_one", "view.reveal_id"}) item(id);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(T("帮助", "Help"))) {
    item("app.help");
    ImGui::EndMenu();
  }
  ImGui::Separator();
  // A tab per screen the role may open, its key from the registry.
  for (const auto& v : ws.views())
    for (const ScreenEntry& e : v->screens()) {
      if (!ws.screen_allowed(e.screen)) continue;
      const bool on = ws.screen() == e.screen;
      ImGui::PushStyleColor(ImGuiCol_Text, on ? ImVec4(1, 1, 1, 1) : ImVec4(0.6f, 0.63f, 0.68f, 1));
      if (ImGui::MenuItem(labelled(actions, e.action, e.tab_zh, e.tab_en).c_str(), nullptr, on)) actions.run(e.action);
      ImGui::PopStyleColor();
    }
  if (!ws.options().college.empty()) {
    ImGui::Separator();
    ImGui::TextColored({1, 0.8f, 0.35f, 1}, T("学院：%s", "College: %s"), ws.options().college.c_str());
  }
  ImGui::EndMenuBar();
}

void draw_status_bar(Workstation& ws) {
  const auto& q = ws.session().queue();
  const PhotoLoader& loader = ws.photos().loader();
  int pending = 0, analyzed = 0, with_photo = 0;
  for (const auto& r : q.all()) {
    pending += r.state.status == Status::pending;
    if (r.state.submission_id) ++with_photo, analyzed += r.analyzed;
  }
  ImGui::Separator();
  ImGui::AlignTextToFramePadding();
  if (ws.session().reviewer().empty())
    ImGui::TextColored({1, 0.55f, 0.4f, 1}, "%s", T("未填写审核人", "No reviewer named"));
  else
    ImGui::Text(T("审核人 %s", "Reviewer %s"), displayable(ws.session().reviewer()).c_str());
  ImGui::SameLine(0, 24);
  ImGui::Text(T("待审 %d / 共 %zu 人", "%d pending / %zu students"), pending, q.all().size());
  ImGui::SameLine(0, 24);
  if (!loader.models_ready()) {
    ImGui::TextColored({1, 0.8f, 0.3f, 1}, "%s", T("正在加载人脸关键点模型…", "Loading the landmark model…"));
  } else if (!loader.models_error().empty()) {
    ImGui::TextColored({1, 0.5f, 0.4f, 1}, "%s", T("关键点模型不可用", "landmark model unavailable"));
  } else if (ws.session().engine_version().empty()) {
    ImGui::TextDisabled("%s", T("质量引擎不可用", "quality engine unavailable"));
  } else {
    ImGui::SetNextItemWidth(160);
    const float frac = with_photo ? float(analyzed) / with_photo : 1.0f;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d/%d", analyzed, with_photo);
    ImGui::TextUnformatted(T("已分析", "Analyzed"));
    ImGui::SameLine();
    ImGui::ProgressBar(frac, {160, ImGui::GetFrameHeight() - 4}, buf);
  }
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled(T("缓存 %zu 张 %.0f MB · %.0f fps", "cache %zu photos %.0f MB · %.0f fps"), ws.photos().texture_entries(),
                      ws.photos().texture_bytes() / 1048576.0, ImGui::GetIO().Framerate);
  if (ws.team().offline()) {
    ImGui::SameLine(0, 24);
    ImGui::TextColored({1, 0.5f, 0.4f, 1}, "%s",
                       T("与审核服务器的连接已断开，正在重试；结论保存在本机", "Lost the audit server; retrying, decisions kept here"));
  }
  if (const std::string note = ws.team().recent_note(); !note.empty()) {
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("%s", note.c_str());
  }
  if (const auto err = ws.last_error()) {
    ImGui::SameLine(0, 24);
    ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", err->c_str());
  }
  ImGui::SameLine(ImGui::GetWindowWidth() - 170);
  ImGui::TextDisabled("%s", T("? / F1 快捷键", "? / F1 shortcuts"));
}

}  // namespace pa::ui
