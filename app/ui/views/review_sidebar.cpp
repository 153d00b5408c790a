// ReviewView: the sidebar (student card, findings panel, geometry figures) and the geometry drawn
// over the overlay pane (views/review_view.h).
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/idcard.h"
#include "quality/geometry.h"
#include "review/decisions.h"
#include "ui/platform/fonts.h"
#include "ui/ui_common.h"
#include "ui/views/review_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

void ReviewView::draw_geometry(ImDrawList* dl, const widgets::ImagePlacement& pl, const PhotoMeta& m, float s) {
  const auto& g = m.geometry;
  if (!g.face || g.landmarks.size() != static_cast<std::size_t>(quality::lm::count)) return;
  auto P = [&](cv::Point2f p) { return pl.to_screen(p.x * s, p.y * s); };
  dl->PushClipRect(pl.pane_min, pl.pane_max, true);
  const ImU32 pt = IM_COL32(80, 255, 120, 230), line = IM_COL32(255, 220, 60, 235), mid = IM_COL32(80, 200, 255, 235);
  const float r = std::clamp(pl.scale * 1.6f, 1.5f, 4.0f);
  for (const auto& p : g.landmarks) dl->AddCircleFilled(P(p), r, pt);
  // Eye line, extended beyond the eyes.
  const cv::Point2f d = g.eye_right - g.eye_left;
  dl->AddLine(P(g.eye_left - d * 0.6f), P(g.eye_right + d * 0.6f), line, 2.0f);
  dl->AddCircle(P(g.eye_left), r * 2.2f, line, 0, 2.0f);
  dl->AddCircle(P(g.eye_right), r * 2.2f, line, 0, 2.0f);
  // Facial midline.
  const cv::Point2f md = g.midline_bottom - g.midline_top;
  dl->AddLine(P(g.midline_top - md * 0.35f), P(g.midline_bottom + md * 0.1f), mid, 2.0f);
  // Symmetry residual arrows: the image-left point mirrored across the midline, compared with its
  // image-right partner; arrows are magnified 2x so small asymmetries are visible.
  const cv::Point2f a = g.midline_top, b = g.midline_bottom;
  const cv::Point2f u = (b - a) * (1.0f / std::max(1e-3f, static_cast<float>(cv::norm(b - a))));
  for (const auto& pair : quality::mirrored_pairs()) {
    const cv::Point2f l = g.landmarks[pair[0]], rr = g.landmarks[pair[1]];
    const cv::Point2f ap = l - a;
    const cv::Point2f proj = a + u * ap.dot(u);
    const cv::Point2f mirrored = proj * 2.0f - l;
    const cv::Point2f res = mirrored - rr;
    if (cv::norm(res) < 0.01 * g.inter_eye) continue;
    const ImVec2 p0 = P(rr), p1 = P(rr + res * 2.0f);
    dl->AddLine(p0, p1, IM_COL32(255, 90, 200, 230), 1.8f);
    const ImVec2 dir{p1.x - p0.x, p1.y - p0.y};
    const float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
    if (len > 4) {
      const ImVec2 n{dir.x / len, dir.y / len};
      dl->AddTriangleFilled(p1, {p1.x - n.x * 7 - n.y * 4, p1.y - n.y * 7 + n.x * 4},
                            {p1.x - n.x * 7 + n.y * 4, p1.y - n.y * 7 - n.x * 4}, IM_COL32(255, 90, 200, 230));
    }
  }
  // Pose angles beside the face.
  if (g.pose.valid) {
    char buf[128];
    std::snprintf(buf, sizeof buf, T("偏航 %+.1f°  俯仰 %+.1f°  翻滚 %+.1f°  眼线 %+.1f°", "yaw %+.1f°  pitch %+.1f°  roll %+.1f°  eye line %+.1f°"),
                  g.pose.yaw, g.pose.pitch, g.pose.roll, g.eye_line_deg);
    const ImVec2 at{pl.pane_min.x + 8, pl.pane_max.y - ImGui::GetTextLineHeight() - 8};
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    dl->AddRectFilled({at.x - 4, at.y - 2}, {at.x + ts.x + 4, at.y + ts.y + 2}, IM_COL32(0, 0, 0, 170), 4);
    dl->AddText(at, IM_COL32(255, 255, 255, 255), buf);
  }
  dl->PopClipRect();
}

void ReviewView::draw_student_card() {
  const QueueRow* r = ws_.session().current();
  if (!r) return;
  const auto& st = r->state.student;
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::SetWindowFontScale(1.35f);
  ImGui::TextUnformatted(displayable(st.name).c_str());
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopStyleColor();
  if (has_undrawable(st.name))
    ImGui::TextDisabled("%s", T("姓名含扩展区汉字，以码位显示", "name has a supplementary-plane character, shown as its code point"));
  if (ImGui::BeginTable("##card", 2, ImGuiTableFlags_SizingFixedFit)) {
    auto row = [](const char* k, const std::string& v) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", k);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(displayable(v).c_str());
    };
    row(T("学号", "学号"), st.student_no);
    row(T("性别", "Gender"), st.gender);
    row(T("学院", "College"), st.college);
    row(T("专业", "Major"), st.major);
    row(T("班级", "Class"), st.class_name);
    row(T("校区", "Campus"), st.campus);
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", T("身份证号", "ID number"));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(st.id_number.empty() ? "—" : reveal_id_ ? st.id_number.c_str() : mask_id(st.id_number).c_str());
    if (!st.id_number.empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton((reveal_id_ ? labelled(ws_.actions(), "view.reveal_id", "隐藏", "hide")
                                        : labelled(ws_.actions(), "view.reveal_id", "显示", "reveal")).c_str())) toggle_reveal_id();  // recorded
    }
    ImGui::EndTable();
  }
  if (r->state.decision) {
    const auto& d = *r->state.decision;
    ImGui::TextColored(status_colour(r->state.status), "%s", status_label(r->state.status));
    ImGui::SameLine();
    ImGui::TextDisabled("%s · %s", displayable(d.reviewer).c_str(), d.at.substr(0, 16).c_str());
    if (!d.reasons.empty()) ImGui::TextWrapped("%s", reason_labels_zh(d.reasons, ws_.session().catalog()).c_str());
    if (!d.note.empty()) ImGui::TextWrapped("%s", displayable(d.note).c_str());
  }
}

void ReviewView::draw_findings() {
  const QueueRow* r = ws_.session().current();
  const PhotoMeta* m = ws_.current_meta();
  hovered_finding_.clear();
  ImGui::Separator();
  ImGui::TextUnformatted(T("自动检查", "Automatic checks"));
  if (r) {
    ImGui::SameLine();
    suggestion_badge(*r);
  }
  if (!r || !r->state.submission_id) return;
  if (m && !m->error.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({1, 0.45f, 0.45f, 1}, T("照片无法显示：%s", "The photo cannot be shown: %s"), displayable(m->error).c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  // An analysis that failed is said to have failed, with why: never "no findings".
  const std::string failed = m && !m->analysis_error.empty() ? m->analysis_error : r->analysis_error;
  if (!failed.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.95f, 0.5f, 0.95f, 1}, "%s", T("自动检查失败，请人工审核", "Automatic checks failed: judge it yourself"));
    ImGui::TextDisabled("%s", displayable(failed).c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  const bool live = m && m->analyzed && !m->checks.empty();
  if (!live && r->findings.empty()) {
    ImGui::TextDisabled("%s", !m || !m->analyzed ? T("正在分析…", "analyzing…")
                                                   : ws_.session().engine_version().empty() ? T("质量引擎不可用", "quality engine unavailable")
                                                                                        : T("没有发现问题", "no findings"));
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH;
  if (!ImGui::BeginTable("##checks", 4, flags)) return;
  ImGui::TableSetupColumn(T("检查", "Check"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(T("数值", "Value"));
  ImGui::TableSetupColumn(T("阈值", "Thr."));
  ImGui::TableSetupColumn(T("结论", "Verdict"));
  ImGui::TableHeadersRow();
  auto one = [&](const std::string& code, const std::string& check, double value, double thr, int verdict, const std::string& msg, int idx) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(idx);
    // The check's own name only when several checks share the code (yaw / pitch / roll).
    int same = 0;
    if (m)
      for (const auto& c : m->checks) same += c.code == code;
    const std::string label = reason_short(code, ws_.session().catalog()) + (same > 1 && !check.empty() ? " · " + check : "");
    ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
    if (ImGui::IsItemHovered()) {
      hovered_finding_ = code;
      if (!msg.empty()) ImGui::SetTooltip("%s", msg.c_str());
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::Text("%.3g", value);
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%.3g", thr);
    ImGui::TableNextColumn();
    const ImVec4 c = verdict == 2 ? ImVec4(1, 0.4f, 0.4f, 1) : verdict == 1 ? ImVec4(1, 0.75f, 0.3f, 1) : ImVec4(0.45f, 0.85f, 0.5f, 1);
    ImGui::TextColored(c, "%s", verdict == 2 ? T("不合格", "fail") : verdict == 1 ? T("警告", "warn") : T("通过", "pass"));
  };
  int idx = 0;
  if (live) {
    // Failing and warning checks first, then the passing ones.
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& c : m->checks) {
        const bool raised = c.severity != quality::Severity::pass;
        if ((pass == 0) != raised) continue;
        one(c.code, c.check, c.value, c.threshold, c.severity == quality::Severity::fail ? 2 : raised ? 1 : 0, c.message, idx++);
      }
  } else {
    for (const auto& f : r->findings) one(f.code, "", f.value, f.threshold, f.severity == "fail" ? 2 : 1, f.message, idx++);
  }
  ImGui::EndTable();
}

void ReviewView::draw_sidebar() {
  draw_student_card();
  draw_findings();
  const PhotoMeta* m = ws_.current_meta();
  if (m && m->geometry.face) {
    ImGui::Separator();
    const auto& g = m->geometry;
    ImGui::TextUnformatted(T("几何", "Geometry"));
    ImGui::TextDisabled(T("姿态 偏航 %+.1f° 俯仰 %+.1f° 翻滚 %+.1f°", "pose yaw %+.1f° pitch %+.1f° roll %+.1f°"), g.pose.yaw, g.pose.pitch, g.pose.roll);
    ImGui::TextDisabled(T("眼线 %+.1f°  眼距 %.0f px  对称残差 %.3f", "eye line %+.1f°  eyes %.0f px  symmetry %.3f"), g.eye_line_deg, g.inter_eye, g.symmetry_mean);
    if (m->lighting_left > 0 || m->lighting_right > 0)
      ImGui::TextDisabled(T("光照 左 %.0f / 右 %.0f (L*)", "lighting left %.0f / right %.0f (L*)"), m->lighting_left, m->lighting_right);
  }
}

}  // namespace pa::ui
