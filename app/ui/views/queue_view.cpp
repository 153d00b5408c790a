// Queue screen: filters, search, sort, and a virtualised table of every student (ImGuiListClipper).
#include <imgui.h>

#include "ui/views/queue_view.h"

#include <GLFW/glfw3.h>

#include <cstdio>

#include "ui/workstation.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/ui_common.h"

namespace pa::ui {

namespace {
bool combo_of(const char* label, std::string& value, const std::vector<std::string>& options, float width) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  const std::string preview = value.empty() ? T("全部", "all") : displayable(value);
  if (ImGui::BeginCombo(label, preview.c_str())) {
    if (ImGui::Selectable(T("全部", "all"), value.empty())) value.clear(), changed = true;
    for (const auto& o : options)
      if (ImGui::Selectable(displayable(o).c_str(), o == value)) value = o, changed = true;
    ImGui::EndCombo();
  }
  return changed;
}
}  // namespace

QueueView::QueueView(Workstation& ws) : View(ws) {
  std::snprintf(search_, sizeof search_, "%s", ws.view_state().filter.search.c_str());
}

std::vector<ScreenEntry> QueueView::screens() const {
  return {ScreenEntry{Screen::queue, "screen.queue", "队列", "Queue", "队列", "Queue", {{GLFW_KEY_F2}}, true}};
}

void QueueView::register_actions(ActionRegistry& actions) {
  auto on_list = [this] { return ws_.screen() == Screen::queue || ws_.screen() == Screen::review; };
  actions.add({"nav.next", "下一个", "Next", {{GLFW_KEY_J, false, false, true}, {GLFW_KEY_RIGHT, false, false, true}, {GLFW_KEY_DOWN, false, false, true}},
               [this] { next(); }, on_list});
  actions.add({"nav.prev", "上一个", "Previous", {{GLFW_KEY_K, false, false, true}, {GLFW_KEY_LEFT, false, false, true}, {GLFW_KEY_UP, false, false, true}},
               [this] { previous(); }, on_list});
  actions.add({"nav.next_pending", "下一个待审", "Next pending", {{GLFW_KEY_N}}, [this] {
                 auto& s = ws_.session();
                 if (auto p = s.queue().next_pending(s.position())) s.go_to(*p), ws_.navigated();
               }});
}

void QueueView::next() {
  ws_.session().next();
  ws_.navigated();
}

void QueueView::previous() {
  ws_.session().previous();
  ws_.navigated();
}

void QueueView::draw() {
  auto& q = ws_.session().queue();
  QueueFilter f = q.filter();
  bool changed = false;
  const float w = 150 * ImGui::GetFontSize() / 17.0f;
  ImGui::AlignTextToFramePadding();
  ImGui::SetNextItemWidth(w * 1.4f);
  if (ImGui::InputTextWithHint("##search", T("搜索 学号 / 姓名", "search 学号 / name"), search_, sizeof search_)) {
    f.search = search_;
    changed = true;
  }
  ImGui::SameLine();
  changed |= combo_of(T("学院", "College"), f.college, q.colleges(), w);
  ImGui::SameLine();
  changed |= combo_of(T("校区", "Campus"), f.campus, q.campuses(), w * 0.8f);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.7f);
  if (ImGui::BeginCombo(T("状态", "Status"), f.status ? status_label(*f.status) : T("全部", "all"))) {
    if (ImGui::Selectable(T("全部", "all"), !f.status)) f.status.reset(), changed = true;
    for (Status s : {Status::pending, Status::approved, Status::rejected, Status::reshoot, Status::without_photo})
      if (ImGui::Selectable(status_label(s), f.status == s)) f.status = s, changed = true;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  {
    ImGui::SetNextItemWidth(w);
    const std::string preview = f.finding.empty() ? T("全部", "all") : reason_short(f.finding, ws_.session().catalog());
    if (ImGui::BeginCombo(T("发现", "Finding"), preview.c_str())) {
      if (ImGui::Selectable(T("全部", "all"), f.finding.empty())) f.finding.clear(), changed = true;
      for (const auto& c : q.finding_codes())
        if (ImGui::Selectable(reason_short(c, ws_.session().catalog()).c_str(), c == f.finding)) f.finding = c, changed = true;
      ImGui::EndCombo();
    }
  }
  ImGui::SameLine();
  changed |= combo_of(T("审核人", "Reviewer"), f.reviewer, q.reviewers(), w * 0.8f);
  ImGui::SameLine();
  {
    const char* sorts[] = {T("失败优先", "failures first"), T("按学号", "by 学号"), T("按姓名", "by name"), T("按状态", "by status")};
    int s = static_cast<int>(f.sort);
    ImGui::SetNextItemWidth(w * 0.8f);
    if (ImGui::Combo(T("排序", "Sort"), &s, sorts, 4)) f.sort = static_cast<QueueFilter::Sort>(s), changed = true;
  }
  if (changed) {
    ws_.session().set_filter(f);
    ws_.navigated();
  }
  ImGui::TextDisabled(T("显示 %zu / %zu 人，其中待审 %zu。双击或 Enter 打开复核。", "%zu of %zu students, %zu pending. Double-click or Enter opens the review."),
                      q.size(), q.all().size(), q.pending_count());

  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##queue", 9, flags, {0, 0})) return;
  const float fs = ImGui::GetFontSize() / 17.0f;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", 0, 50 * fs);
  ImGui::TableSetupColumn(T("状态", "Status"), 0, 70 * fs);
  ImGui::TableSetupColumn(T("学号", "学号"), 0, 120 * fs);
  ImGui::TableSetupColumn(T("姓名", "Name"), 0, 110 * fs);
  ImGui::TableSetupColumn(T("学院", "College"), 0, 160 * fs);
  ImGui::TableSetupColumn(T("校区", "Campus"), 0, 90 * fs);
  ImGui::TableSetupColumn(T("版本", "Ver."), 0, 45 * fs);
  ImGui::TableSetupColumn(T("建议", "Suggested"), 0, 110 * fs);
  ImGui::TableSetupColumn(T("发现", "Findings"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const auto cur = ws_.session().position();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(q.size()));
  if (scroll_to_current_ && cur) {
    clipper.ForceDisplayRangeByIndices(static_cast<int>(*cur), static_cast<int>(*cur) + 1);
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const QueueRow& r = q.at(static_cast<std::size_t>(i));
      const auto& st = r.state.student;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      const bool selected = cur && *cur == static_cast<std::size_t>(i);
      char idx[16];
      std::snprintf(idx, sizeof idx, "%d", i + 1);
      if (ImGui::Selectable(idx, selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        ws_.session().go_to(static_cast<std::size_t>(i));
        ws_.navigated();
        scroll_to_current_ = false;
        if (ImGui::IsMouseDoubleClicked(0)) ws_.set_screen(Screen::review);
      }
      if (selected && scroll_to_current_) {
        ImGui::SetScrollHereY(0.4f);
        scroll_to_current_ = false;
      }
      ImGui::TableNextColumn();
      if (!r.held_by.empty() && r.state.status == Status::pending) {
        // Another workstation has it on screen: "next pending" skips it.
        ImGui::TextColored({0.95f, 0.65f, 0.2f, 1}, "%s", T("他人审核中", "in review"));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", displayable(holder_label(r.held_by)).c_str());
      } else {
        ImGui::TextColored(status_colour(r.state.status), "%s", status_label(r.state.status));
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(st.student_no.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(displayable(st.name).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(displayable(st.college).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(displayable(st.campus).c_str());
      ImGui::TableNextColumn();
      if (r.state.versions) ImGui::Text("v%d", r.state.versions);
      ImGui::TableNextColumn();
      suggestion_badge(r);
      ImGui::TableNextColumn();
      finding_badges(r, 4, ws_.session().catalog());
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace pa::ui
