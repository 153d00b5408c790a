// Dashboard: progress per college and campus as stacked bars, the reason distribution, each
// reviewer's decisions per hour (PlotHistogram; batch approvals apart), and the audit calendar
// with today's phase and its dialog.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "ui/views/dashboard_view.h"

#include <GLFW/glfw3.h>

#include <cstdio>

#include "ui/workstation.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/ui_common.h"

namespace pa::ui {

namespace {

constexpr Status kOrder[] = {Status::approved, Status::rejected, Status::reshoot, Status::pending, Status::file_corrupt,
                             Status::without_photo};

int count_of(const StatusCounts& c, Status s) {
  switch (s) {
    case Status::pending: return c.pending;
    case Status::approved: return c.approved;
    case Status::rejected: return c.rejected;
    case Status::reshoot: return c.reshoot;
    case Status::without_photo: return c.without_photo;
    case Status::file_corrupt: return c.file_corrupt;
  }
  return 0;
}

ImU32 colour_u32(Status s) { return ImGui::ColorConvertFloat4ToU32(status_colour(s)); }

// One stacked bar: label, then the status segments as shares of the row's own students (a college
// of 40 reads as clearly as one of 4,000), then the total.
void stacked_bar(const std::string& label, const StatusCounts& c, float label_w) {
  const int total = c.students;
  const float fs = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(displayable(label.empty() ? T("（未填）", "(blank)") : label).c_str());
  ImGui::SameLine(label_w);
  const float w = std::max(60.0f, ImGui::GetContentRegionAvail().x - 5 * fs);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, {p.x + w, p.y + h}, IM_COL32(45, 48, 55, 255), 3);
  float x = p.x;
  for (Status s : kOrder) {
    const int n = count_of(c, s);
    if (!n || !total) continue;
    const float seg = w * n / total;
    dl->AddRectFilled({x, p.y}, {x + seg, p.y + h}, colour_u32(s));
    if (seg > fs * 1.6f) {
      const std::string t = std::to_string(n);
      dl->AddText({x + (seg - ImGui::CalcTextSize(t.c_str()).x) / 2, p.y + (h - fs) / 2}, IM_COL32(15, 15, 20, 255), t.c_str());
    }
    x += seg;
  }
  ImGui::Dummy({w, h});
  ImGui::SameLine();
  ImGui::Text("%d", c.students);
}

void status_legend() {
  for (Status s : kOrder) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled({p.x, p.y + 2}, {p.x + h - 4, p.y + h - 2}, colour_u32(s), 2);
    ImGui::Dummy({h - 2, h});
    ImGui::SameLine();
    ImGui::TextUnformatted(status_label(s));
    ImGui::SameLine(0, 18);
  }
  ImGui::NewLine();
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", title);
  ImGui::Separator();
}

}  // namespace

std::vector<ScreenEntry> DashboardView::screens() const {
  return {ScreenEntry{Screen::dashboard, "screen.dashboard", "进度看板", "Dashboard", "看板", "Dashboard", {{GLFW_KEY_F5}}, false}};
}

void DashboardView::register_actions(ActionRegistry& actions) {
  actions.add({"calendar.set", "设置审核日历…", "Set the audit calendar…", {{GLFW_KEY_C}}, [this] { open_calendar_dialog(); },
               [this] { return ws_.screen() == Screen::dashboard && may_set_calendar() && !c_.calendar_open; }});
}

bool DashboardView::may_set_calendar() const {
  const auto& o = ws_.options();
  return o.college.empty() && o.role != "trainer" && o.role != "coordinator";
}

void DashboardView::glyph_texts(std::vector<std::string>& out) const {
  // The dialog's prefill (the notice's campuses, phases, title) and the audit's own calendar.
  auto add = [&out](const AuditCalendar& cal) {
    out.push_back(cal.title);
    for (const auto& c : cal.campuses) {
      out.push_back(c.campus);
      for (const auto& p : c.phases) out.push_back(p.label_zh);
    }
  };
  add(notice_calendar_ahead(today_local()));
  if (c_.calendar) add(*c_.calendar);
}

void DashboardView::reload() {
  auto& c = c_;
  c.today = today_local();
  c.dashboard = build_dashboard(ws_.store(), {});
  try {
    c.calendar = load_calendar(ws_.store());  // nullopt without one: never the notice's year in its place
    c.calendar_error.clear();
  } catch (const std::exception& e) {
    c.calendar.reset();
    c.calendar_error = e.what();
  }
  c.loaded = true;
}

void DashboardView::open_calendar_dialog() {
  auto& c = c_;
  if (c.today.empty()) c.today = today_local();
  c.draft_from_notice = !c.calendar;
  c.draft = c.calendar ? *c.calendar : notice_calendar_ahead(c.today);
  c.draft_error.clear();
  c.calendar_open = true;
}

bool DashboardView::save_calendar() {
  auto& c = c_;
  try {
    set_audit_calendar(ws_.store(), calendar_json(c.draft));  // parse_calendar's rules first
  } catch (const std::exception& e) {
    c.draft_error = e.what();
    return false;
  }
  c.calendar_open = false;
  reload();
  ws_.toast().show(T("已保存审核日历", "Audit calendar saved"));
  return true;
}

void DashboardView::draw_calendar_panel() {
  auto& c = c_;
  const bool zh = language() == Lang::zh;
  const float fs = ImGui::GetFontSize();
  char title[160];
  if (c.calendar)
    std::snprintf(title, sizeof title, T("审核日历（每日 %s—%s 采集）", "Audit calendar (capture %s–%s daily)"),
                  c.calendar->daily_from.c_str(), c.calendar->daily_to.c_str());
  else
    std::snprintf(title, sizeof title, "%s", T("审核日历", "Audit calendar"));
  section(title);
  auto set_button = [&](const char* zh_label, const char* en_label) {
    if (!may_set_calendar()) return;
    ImGui::SameLine();
    if (ImGui::SmallButton(labelled(ws_.actions(), "calendar.set", zh_label, en_label).c_str())) ws_.actions().run("calendar.set");
  };
  if (!c.calendar) {
    // The audit has none (calendar.h: audit_has_calendar): said so, never another year's dates.
    ImGui::AlignTextToFramePadding();
    if (!c.calendar_error.empty())
      ImGui::TextColored({1, 0.5f, 0.4f, 1}, "%s", c.calendar_error.c_str());
    else
      ImGui::TextColored({1, 0.8f, 0.35f, 1}, "%s",
                         T("未设置审核日历：通知中不写重拍日期", "No audit calendar set: notices give no reshoot dates"));
    set_button("设置审核日历…", "Set the audit calendar…");
    if (!may_set_calendar()) ImGui::TextDisabled("%s", T("由学籍科设置", "The 学籍科 sets it"));
    return;
  }
  if (zh && !c.calendar->title.empty())
    ImGui::TextDisabled("%s · 今天 %s", c.calendar->title.c_str(), c.today.c_str());
  else
    ImGui::TextDisabled(T("今天 %s", "Today %s"), c.today.c_str());
  set_button("调整日期…", "Adjust the dates…");
  for (const auto& campus : c.calendar->campuses) {
    const PhaseNow now = phase_on(campus, c.today);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(campus.campus.c_str());
    ImGui::SameLine(6 * fs);
    const ImVec4 col = now.state == PhaseNow::State::during ? ImVec4(0.45f, 0.9f, 0.5f, 1)
                       : now.state == PhaseNow::State::after ? ImVec4(0.6f, 0.6f, 0.6f, 1)
                                                             : ImVec4(1, 0.8f, 0.35f, 1);
    ImGui::TextColored(col, "%s", (zh ? describe_zh(now) : describe_en(now)).c_str());
    // The phases as a timeline, the current one highlighted.
    ImGui::SameLine(19 * fs);
    for (const auto& p : campus.phases) {
      const bool on = now.state == PhaseNow::State::during && now.phase && now.phase->id == p.id;
      const std::string text = zh ? p.label_zh + " " + date_range_zh(p) : phase_label_en(p) + " " + date_range_en(p);
      badge(text.c_str(), on ? IM_COL32(60, 150, 80, 255) : IM_COL32(60, 64, 74, 255));
      ImGui::SameLine(0, 6);
    }
    ImGui::NewLine();
  }
}

void DashboardView::draw_dialogs() { draw_calendar_dialog(); }

// The calendar dialog: per campus and phase, the first and last day (YYYY-MM-DD), and the daily
// hours. Saved only through set_audit_calendar, so the command line's rules are the dialog's.
void DashboardView::draw_calendar_dialog() {
  auto& c = c_;
  if (!c.calendar_open) return;
  const char* popup = "##calendar_dialog";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  if (!ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) return;
  const bool zh = language() == Lang::zh;
  const float fs = ImGui::GetFontSize();
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", T("审核日历", "Audit calendar"));
  ImGui::PushTextWrapPos(34 * fs);
  const int year = c.draft.campuses.empty() || c.draft.campuses[0].phases.empty()
                       ? year_of(c.today)
                       : year_of(c.draft.campuses[0].phases[0].from);
  if (c.draft_from_notice)
    ImGui::TextWrapped(T("已按通知的安排预填 %d 年的日期，请与该年度的通知逐一核对后保存。",
                         "Prefilled with the notice's pattern for %d: check every date against that year's notice, then save."),
                       year);
  else
    ImGui::TextWrapped("%s", T("本审核的日历：改好日期后保存。", "This audit's calendar: change the dates, then save."));
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T("名称", "Title"));
  ImGui::SameLine(7 * fs);
  ImGui::SetNextItemWidth(20 * fs);
  ImGui::InputText("##cal_title", &c.draft.title);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T("每日采集", "Daily capture"));
  ImGui::SameLine(7 * fs);
  ImGui::SetNextItemWidth(4 * fs);
  ImGui::InputText("##daily_from", &c.draft.daily_from);
  ImGui::SameLine();
  ImGui::TextUnformatted("—");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(4 * fs);
  ImGui::InputText("##daily_to", &c.draft.daily_to);
  if (ImGui::BeginTable("##cal_phases", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(T("校区", "Campus"));
    ImGui::TableSetupColumn(T("阶段", "Phase"));
    ImGui::TableSetupColumn(T("开始 (YYYY-MM-DD)", "From (YYYY-MM-DD)"));
    ImGui::TableSetupColumn(T("结束", "To"));
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < c.draft.campuses.size(); ++i) {
      auto& campus = c.draft.campuses[i];
      for (std::size_t k = 0; k < campus.phases.size(); ++k) {
        auto& p = campus.phases[k];
        ImGui::PushID(static_cast<int>(i * 100 + k));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        if (k == 0) ImGui::TextUnformatted(campus.campus.c_str());
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted((zh ? p.label_zh : phase_label_en(p)).c_str());
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(7 * fs);
        ImGui::InputText("##from", &p.from);
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(7 * fs);
        ImGui::InputText("##to", &p.to);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  // Students whose campus the calendar does not name get no dates in their notices: said here.
  std::string missing;
  for (const auto& [campus, counts] : c.dashboard.stats.by_campus)
    if (!campus.empty() && !c.draft.find(campus)) missing += (missing.empty() ? "" : T("、", ", ")) + campus;
  if (!missing.empty()) {
    ImGui::PushTextWrapPos(34 * fs);
    ImGui::TextColored({1, 0.8f, 0.35f, 1}, T("花名册中的%s不在日历中：这些学生的通知不写日期。",
                                              "The roster's %s is not in the calendar: those students' notices give no dates."),
                       missing.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!c.draft_error.empty()) {
    ImGui::PushTextWrapPos(34 * fs);
    ImGui::TextColored({1, 0.45f, 0.4f, 1}, "%s", c.draft_error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  if (ImGui::Button(T("保存", "Save"))) save_calendar();
  ImGui::SameLine();
  if (ImGui::Button(T("取消 (Esc)", "Cancel (Esc)")) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false))
    c.calendar_open = false;
  if (!c.calendar_open) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void DashboardView::draw() {
  auto& c = c_;
  if (!c.loaded) reload();
  const Dashboard& d = c.dashboard;
  const float fs = ImGui::GetFontSize();
  ImGui::BeginChild("##dash", {0, 0}, false);
  if (ImGui::Button(T("刷新", "Refresh"))) reload();
  ImGui::SameLine();
  ImGui::Text(T("共 %d 人：待审 %d · 合格 %d · 不合格 %d · 需重拍 %d · 文件损坏 %d · 未交照片 %d",
                "%d students: %d pending · %d approved · %d rejected · %d reshoot · %d file corrupt · %d without photo"),
              d.stats.total.students, d.stats.total.pending, d.stats.total.approved, d.stats.total.rejected,
              d.stats.total.reshoot, d.stats.total.file_corrupt, d.stats.total.without_photo);
  draw_calendar_panel();

  const float col_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginChild("##progress", {col_w, 0}, false);
  section(T("各学院进度（按本学院人数）", "Progress per college (share of its students)"));
  status_legend();
  for (const auto& [college, counts] : d.stats.by_college) stacked_bar(college, counts, 10 * fs);
  section(T("各校区进度（按本校区人数）", "Progress per campus (share of its students)"));
  for (const auto& [campus, counts] : d.stats.by_campus) stacked_bar(campus, counts, 10 * fs);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##reasons", {0, 0}, false);
  section(T("不合格原因分布", "Reasons for rejection"));
  int max_reason = 1;
  for (const auto& [code, n] : d.reasons) max_reason = std::max(max_reason, n);
  if (d.reasons.empty()) ImGui::TextDisabled("%s", T("尚无不合格或需重拍的结论", "no rejections yet"));
  for (const auto& [code, n] : d.reasons) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(reason_short(code, ws_.session().catalog()).c_str());
    ImGui::SameLine(12 * fs);
    const float w = (ImGui::GetContentRegionAvail().x - 3 * fs) * n / max_reason;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + std::max(w, 2.0f), p.y + ImGui::GetFrameHeight()},
                                              IM_COL32(230, 110, 90, 255), 2);
    ImGui::Dummy({std::max(w, 2.0f), ImGui::GetFrameHeight()});
    ImGui::SameLine();
    ImGui::Text("%d", n);
  }
  section(T("审核人每小时结论数（逐张审核，最近 24 小时）", "Decisions per hour per reviewer (one at a time, last 24 h)"));
  const auto& tp = d.throughput;
  if (tp.by_reviewer.empty()) ImGui::TextDisabled("%s", T("尚无逐张审核的结论", "no single decisions yet"));
  for (const auto& [who, per_hour] : tp.by_reviewer) {
    char title[160];
    std::snprintf(title, sizeof title, T("%s · 平均 %.1f 张/小时", "%s · %.1f per active hour"), displayable(who).c_str(),
                  tp.per_active_hour.at(who));
    ImGui::TextUnformatted(title);
    const float top = *std::max_element(per_hour.begin(), per_hour.end());
    ImGui::PushID(who.c_str());
    ImGui::PlotHistogram("##h", per_hour.data(), static_cast<int>(per_hour.size()), 0, nullptr, 0, top * 1.1f,
                         {ImGui::GetContentRegionAvail().x, 3.2f * fs});
    ImGui::PopID();
  }
  // Batch decisions apart: photos approved (or rejected) together in the contact sheet are not anyone's pace.
  section(T("批量结论（联系表批量批准或驳回，每小时张数）", "Batch decisions (contact sheet approvals or rejections, photos per hour)"));
  if (tp.batches_by_reviewer.empty()) ImGui::TextDisabled("%s", T("尚无批量结论", "no batch decisions"));
  for (const auto& [who, b] : tp.batches_by_reviewer)
    ImGui::Text(T("%s：%d 批，共 %d 张", b.batches == 1 ? "%s: %d batch, %d photos" : "%s: %d batches, %d photos"),
                displayable(who).c_str(), b.batches, b.photos);
  if (!tp.batches_by_reviewer.empty()) {
    const float top = *std::max_element(tp.batch_approvals.begin(), tp.batch_approvals.end());
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(0.45f, 0.6f, 0.95f, 1));
    ImGui::PlotHistogram("##batch", tp.batch_approvals.data(), static_cast<int>(tp.batch_approvals.size()), 0, nullptr, 0,
                         top * 1.1f, {ImGui::GetContentRegionAvail().x, 3.2f * fs});
    ImGui::PopStyleColor();
  }
  if (!tp.hours.empty()) ImGui::TextDisabled("%s  →  %s", tp.hours.front().c_str(), tp.hours.back().c_str());
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace pa::ui
