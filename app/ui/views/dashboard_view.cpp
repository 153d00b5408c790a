// Dashboard: progress per college and campus as stacked bars, the reason distribution, each
// reviewer's decisions per hour (PlotHistogram), and the audit calendar with today's phase.
#include <imgui.h>

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

// One stacked bar: label, then the status segments scaled to `max_students`, then the total.
void stacked_bar(const std::string& label, const StatusCounts& c, int max_students, float label_w) {
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
    if (!n || !max_students) continue;
    const float seg = w * n / max_students;
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

void DashboardView::reload() {
  auto& c = c_;
  c.today = today_local();
  c.dashboard = build_dashboard(ws_.store(), {});
  try {
    c.calendar = load_calendar(ws_.store());
    c.calendar_error.clear();
  } catch (const std::exception& e) {
    c.calendar.reset();
    c.calendar_error = e.what();
  }
  c.loaded = true;
}

void DashboardView::draw_calendar_panel() {
  auto& c = c_;
  section(T("审核日历（每日 08:00—18:00 采集）", "Audit calendar (capture 08:00–18:00)"));
  if (!c.calendar) {
    ImGui::TextColored({1, 0.5f, 0.4f, 1}, "%s", c.calendar_error.c_str());
    return;
  }
  ImGui::TextDisabled(T("%s · 今天 %s", "%s · today %s"), c.calendar->title.c_str(), c.today.c_str());
  const float fs = ImGui::GetFontSize();
  for (const auto& campus : c.calendar->campuses) {
    const PhaseNow now = phase_on(campus, c.today);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(campus.campus.c_str());
    ImGui::SameLine(6 * fs);
    const ImVec4 col = now.state == PhaseNow::State::during ? ImVec4(0.45f, 0.9f, 0.5f, 1)
                       : now.state == PhaseNow::State::after ? ImVec4(0.6f, 0.6f, 0.6f, 1)
                                                             : ImVec4(1, 0.8f, 0.35f, 1);
    ImGui::TextColored(col, "%s", describe_zh(now).c_str());
    // The phases as a timeline, the current one highlighted.
    ImGui::SameLine(19 * fs);
    for (const auto& p : campus.phases) {
      const bool on = now.state == PhaseNow::State::during && now.phase && now.phase->id == p.id;
      badge((p.label_zh + " " + date_range_zh(p)).c_str(), on ? IM_COL32(60, 150, 80, 255) : IM_COL32(60, 64, 74, 255));
      ImGui::SameLine(0, 6);
    }
    ImGui::NewLine();
  }
}

void DashboardView::draw() {
  auto& c = c_;
  if (!c.loaded) reload();
  const Dashboard& d = c.dashboard;
  const float fs = ImGui::GetFontSize();
  ImGui::BeginChild("##dash", {0, 0}, false);
  if (ImGui::Button(T("刷新", "Refresh"))) reload();
  ImGui::SameLine();
  ImGui::Text(T("共 %d 人：待审 %d · 合格 %d · 不合格 %d · 需重拍 %d · 未交照片 %d", "%d students: %d pending · %d approved · %d rejected · %d reshoot · %d without photo"),
              d.stats.total.students, d.stats.total.pending, d.stats.total.approved, d.stats.total.rejected,
              d.stats.total.reshoot, d.stats.total.without_photo);
  draw_calendar_panel();

  const float col_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginChild("##progress", {col_w, 0}, false);
  int max_students = 0;
  for (const auto& [k, v] : d.stats.by_college) max_students = std::max(max_students, v.students);
  for (const auto& [k, v] : d.stats.by_campus) max_students = std::max(max_students, v.students);
  section(T("各学院进度", "Progress per college"));
  status_legend();
  for (const auto& [college, counts] : d.stats.by_college) stacked_bar(college, counts, max_students, 10 * fs);
  section(T("各校区进度", "Progress per campus"));
  for (const auto& [campus, counts] : d.stats.by_campus) stacked_bar(campus, counts, max_students, 10 * fs);
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
  section(T("审核人每小时结论数（最近 24 小时）", "Decisions per hour per reviewer (last 24 h)"));
  const auto& tp = d.throughput;
  if (tp.hours.empty()) ImGui::TextDisabled("%s", T("尚无审核结论", "no decisions yet"));
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
  if (!tp.hours.empty()) ImGui::TextDisabled("%s  →  %s", tp.hours.front().c_str(), tp.hours.back().c_str());
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace pa::ui
