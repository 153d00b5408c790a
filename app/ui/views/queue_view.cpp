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
// A reason as a table cell holds it: the short label (reason_short), and of an English label
// only its first alternative ("blurry / out of focus / motion blur" -> "blurry").
std::string reason_tag(const std::string& code, const std::vector<Reason>& catalog) {
  std::string l = reason_short(code, catalog);
  for (const char* cut : {" / ", ": "})
    if (auto k = l.find(cut); k != std::string::npos && k > 0) l = l.substr(0, k);
  return l;
}

// The reasons recorded (the decision in force) as short labels in the UI's language; a student
// who sent a newer photo after a rejection is marked 重新提交 first.
void reason_cell(const QueueRow& r, const std::vector<Reason>& catalog) {
  bool first = true;
  if (r.state.resubmitted) {
    badge(T("重新提交", "resubmitted"), IM_COL32(70, 90, 150, 255));
    first = false;
  }
  if (!r.state.decision) return;
  std::string text;
  for (const auto& code : r.state.decision->reasons) text += (text.empty() ? "" : T("、", ", ")) + reason_tag(code, catalog);
  if (text.empty()) return;
  if (!first) ImGui::SameLine(0, 4);
  ImGui::TextUnformatted(displayable(text).c_str());
  if (ImGui::IsItemHovered()) {
    std::string full;
    for (const auto& code : r.state.decision->reasons) full += (full.empty() ? "" : "\n") + reason_label(code, catalog);
    ImGui::SetTooltip("%s", displayable(full).c_str());
  }
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
  actions.add({"nav.skip_without_photo", "J/K 跳过无照片的学生 开/关", "J/K skip students without a photo on/off",
               {{GLFW_KEY_J, true}}, [this] {
                 bool& skip = ws_.view_state().skip_without_photo;
                 skip = !skip;
               }});
}

void QueueView::next() {
  ws_.session().next(ws_.view_state().skip_without_photo);
  ws_.navigated();
}

void QueueView::previous() {
  ws_.session().previous(ws_.view_state().skip_without_photo);
  ws_.navigated();
}

bool QueueView::open_first_match() {
  if (!ws_.session().queue().size()) return false;
  ws_.session().go_to(0);
  ws_.navigated();
  ws_.set_screen(Screen::review);
  return true;
}

// Live analyses move rows under failures-first: on the review screen only the rows after the one
// on screen (J/K meet every student once), on the queue screen every row (the current student
// stays current) but never while the mouse is over the table, where a row would move under it.
// The other screens keep the order they show (the contact sheet's cells stay under the mouse).
void QueueView::before_frame() {
  const Screen s = ws_.screen();
  if ((s != Screen::queue && s != Screen::review) || (s == Screen::queue && table_hovered_)) return;
  if (ws_.session().resort(s == Screen::review)) ws_.navigated();
}

void QueueView::draw_filters() {
  auto& q = ws_.session().queue();
  const auto& catalog = ws_.session().catalog();
  QueueFilter f = q.filter();
  bool changed = false;
  const float w = 150 * ImGui::GetFontSize() / 17.0f;
  ImGui::AlignTextToFramePadding();
  ImGui::SetNextItemWidth(w * 1.4f);
  if (ImGui::InputTextWithHint("##search", T("搜索 学号 / 姓名", "search 学号 / name"), search_, sizeof search_)) {
    f.search = search_;
    changed = true;
  }
  // Enter ends the edit (Dear ImGui deactivates a one-line field on Enter): the first match opens.
  const bool enter = ImGui::IsItemDeactivated() &&
                     (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false));
  ImGui::SameLine();
  changed |= combo_of(T("学院", "College"), f.college, q.colleges(), w);
  ImGui::SameLine();
  changed |= combo_of(T("校区", "Campus"), f.campus, q.campuses(), w * 0.8f);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w * 0.7f);
  if (ImGui::BeginCombo(T("状态", "Status"), f.status ? status_label(*f.status) : T("全部", "all"))) {
    if (ImGui::Selectable(T("全部", "all"), !f.status)) f.status.reset(), changed = true;
    for (Status s : {Status::pending, Status::approved, Status::rejected, Status::reshoot, Status::file_corrupt,
                     Status::without_photo}) {
      ImGui::PushStyleColor(ImGuiCol_Text, status_colour(s));
      if (ImGui::Selectable(status_label(s), f.status == s)) f.status = s, changed = true;
      ImGui::PopStyleColor();
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  {
    ImGui::SetNextItemWidth(w);
    const std::string preview = f.finding.empty() ? T("全部", "all") : reason_short(f.finding, catalog);
    if (ImGui::BeginCombo(T("发现", "Finding"), preview.c_str())) {
      if (ImGui::Selectable(T("全部", "all"), f.finding.empty())) f.finding.clear(), changed = true;
      for (const auto& c : q.finding_codes())
        if (ImGui::Selectable(reason_short(c, catalog).c_str(), c == f.finding)) f.finding = c, changed = true;
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

  // Second line: the reasons recorded, the resubmissions, how J/K move; then what is shown.
  ImGui::AlignTextToFramePadding();
  {
    ImGui::SetNextItemWidth(w);
    const std::string preview = f.reason.empty() ? T("全部", "all") : reason_short(f.reason, catalog);
    if (ImGui::BeginCombo(T("结论原因", "Reason"), preview.c_str())) {
      if (ImGui::Selectable(T("全部", "all"), f.reason.empty())) f.reason.clear(), changed = true;
      for (const auto& c : q.reason_codes())
        if (ImGui::Selectable(reason_short(c, catalog).c_str(), c == f.reason)) f.reason = c, changed = true;
      ImGui::EndCombo();
    }
  }
  ImGui::SameLine(0, 14);
  changed |= ImGui::Checkbox(T("仅重新提交", "Resubmitted only"), &f.resubmitted);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("被驳回或需重拍之后又提交了新照片的学生", "Students who sent a newer photo after a rejection or a reshoot"));
  ImGui::SameLine(0, 14);
  ImGui::Checkbox(labelled(ws_.actions(), "nav.skip_without_photo", "J/K 跳过无照片", "J/K skip no-photo").c_str(),
                  &ws_.view_state().skip_without_photo);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("下一个/上一个跳过未提交照片和照片文件损坏的学生",
                              "Next / previous pass over students without a photo or whose file was corrupt"));
  ImGui::SameLine(0, 20);
  if (changed) {
    ws_.session().set_filter(f);
    ws_.navigated();
  }
  ImGui::TextDisabled(T("显示 %zu / %zu 人，其中待审 %zu。双击或 Enter 打开审核。", "%zu of %zu students, %zu pending. Double-click or Enter opens the review."),
                      q.size(), q.all().size(), q.pending_count());
  if (enter && !open_first_match())
    ws_.toast().show(T("没有符合搜索和筛选条件的学生", "No student matches the search and the filters"));
}

void QueueView::draw() {
  auto& q = ws_.session().queue();
  draw_filters();
  if (ws_.screen() != Screen::queue) return;  // Enter opened the review screen
  if (q.size() == 0) {
    table_hovered_ = false;
    ImGui::Spacing();
    ImGui::TextColored({1, 0.8f, 0.35f, 1}, "%s",
                       q.all().empty() ? T("本审核还没有学生。", "This audit has no students yet.")
                                       : T("没有符合搜索和筛选条件的学生。", "No student matches the search and the filters."));
    if (!q.all().empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton(T("清除搜索和筛选", "Clear the search and filters"))) {
        QueueFilter none;
        none.sort = q.filter().sort;
        search_[0] = '\0';
        ws_.session().set_filter(none);
        ws_.navigated();
      }
    }
    return;
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  const ImVec2 table_min = ImGui::GetCursorScreenPos(), table_size = ImGui::GetContentRegionAvail();
  table_hovered_ = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) &&
                   ImGui::IsMouseHoveringRect(table_min, {table_min.x + table_size.x, table_min.y + table_size.y});
  if (!ImGui::BeginTable("##queue", 10, flags, {0, 0})) return;
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
  ImGui::TableSetupColumn(T("结论原因", "Reasons"), 0, 170 * fs);
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
        if (r.state.bad_file && ImGui::IsItemHovered())
          ImGui::SetTooltip("%s\n%s", T("照片文件损坏，需重新提交", "The photo file is corrupt: the student must send it again"),
                            displayable(r.state.bad_file->error).c_str());
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
      reason_cell(r, ws_.session().catalog());
      ImGui::TableNextColumn();
      if (r.state.bad_file) {  // the file's error where the findings of a photo would be, whole in its tooltip
        const std::string error = displayable(r.state.bad_file->error);
        ImGui::TextColored(status_colour(Status::file_corrupt), "%s",
                           fit_text(error, ImGui::GetContentRegionAvail().x).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", error.c_str());
      }
      else if (r.has_photo())
        finding_badges(r, 4, ws_.session().catalog());
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace pa::ui
