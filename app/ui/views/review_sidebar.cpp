// ReviewView: the sidebar (student card, findings panel, geometry figures) and the geometry drawn
// over the overlay pane (views/review_view.h).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/idcard.h"
#include "core/timeutil.h"
#include "quality/check_text.h"
#include "quality/geometry.h"
#include "review/decisions.h"
#include "ui/platform/fonts.h"
#include "ui/ui_common.h"
#include "ui/views/review_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "widgets/legend.h"

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
  const ImU32 symmetry = (widgets::overlay_colour::symmetry.u32() & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 230);
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
                            {p1.x - n.x * 7 + n.y * 4, p1.y - n.y * 7 - n.x * 4}, symmetry);
    }
  }
  // Pose angles beside the face: the roll is the one the roll check judged, written as the findings
  // panel writes it (quality::format_check_value), so the two show the same number.
  if (g.pose.valid) {
    const std::string yaw = quality::format_check_value("yaw", g.pose.yaw);
    const std::string pitch = quality::format_check_value("pitch", g.pose.pitch);
    const std::string roll = quality::format_check_value("roll", quality::judged_roll(g));
    const std::string text =
        fitting({std::string(T("偏航 ", "yaw ")) + yaw + T("  俯仰 ", "  pitch ") + pitch + T("  翻滚 ", "  roll ") + roll,
                 std::string(T("偏 ", "Y ")) + yaw + T(" 俯 ", " P ") + pitch + T(" 滚 ", " R ") + roll},
                pl.pane_max.x - pl.pane_min.x - 24);
    if (!text.empty()) {
      const ImVec2 at{pl.pane_min.x + 8, pl.pane_max.y - ImGui::GetTextLineHeight() - 8};
      const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
      dl->AddRectFilled({at.x - 4, at.y - 2}, {at.x + ts.x + 4, at.y + ts.y + 2}, IM_COL32(0, 0, 0, 170), 4);
      dl->AddText(at, IM_COL32(255, 255, 255, 255), text.c_str());
    }
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
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    // The keys' column is as wide as its longest key (a key never wraps); the values wrap.
    auto key = [](const char* k) {
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(-1.0f);
      ImGui::TextDisabled("%s", k);
      ImGui::PopTextWrapPos();
    };
    auto row = [&key](const char* k, const std::string& v) {
      key(k);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(displayable(v).c_str());
    };
    row(T("学号", "学号"), st.student_no);
    row(T("性别", "Gender"), st.gender);
    row(T("学院", "College"), st.college);
    row(T("专业", "Major"), st.major);
    row(T("班级", "Class"), st.class_name);
    row(T("校区", "Campus"), st.campus);
    key(T("身份证号", "ID number"));
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
    const std::string who = displayable(d.reviewer) + " · " + iso_to_local(d.at).substr(0, 16);
    if (ImGui::GetItemRectSize().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(who.c_str()).x <=
        ImGui::GetContentRegionAvail().x)
      ImGui::SameLine();
    ImGui::TextDisabled("%s", who.c_str());
    if (!d.reasons.empty()) ImGui::TextWrapped("%s", reason_labels(d.reasons, ws_.session().catalog()).c_str());
    if (!d.note.empty()) ImGui::TextWrapped("%s", displayable(d.note).c_str());
  }
}

std::vector<quality::CheckResult> ReviewView::shown_checks() const {
  std::vector<quality::CheckResult> all;
  const QueueRow* r = ws_.session().current();
  const PhotoMeta* m = ws_.current_meta();
  if (!r || !r->state.submission_id) return all;
  if (m && m->analyzed && !m->checks.empty()) {
    all = m->checks;
  } else {
    for (const auto& f : r->findings)
      all.push_back({f.code, f.check, f.value, f.threshold,
                     f.severity == "fail" ? quality::Severity::fail : quality::Severity::warn, f.message});
  }
  // Severity rises pass < warn < fail: the worst first, each in the engine's order.
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.severity > b.severity; });
  return all;
}

void ReviewView::draw_findings() {
  const QueueRow* r = ws_.session().current();
  const PhotoMeta* m = ws_.current_meta();
  hovered_finding_.clear();
  ImGui::Separator();
  ImGui::TextUnformatted(T("自动检查", "Automatic checks"));
  if (r) {
    // The badge beside the heading when it fits there, else below it.
    const float badge_w = ImGui::CalcTextSize(T("建议人工看", "check warnings")).x + 16;
    if (ImGui::GetItemRectSize().x + ImGui::GetStyle().ItemSpacing.x + badge_w <= ImGui::GetContentRegionAvail().x)
      ImGui::SameLine();
    suggestion_badge(*r);
  }
  if (!r || !r->state.submission_id) return;
  if (m && !m->error.empty()) {
    ImGui::TextColored({1, 0.45f, 0.45f, 1}, T("照片无法显示：%s", "The photo cannot be shown: %s"), displayable(m->error).c_str());
    return;
  }
  // An analysis that failed is said to have failed, with why: never "no findings".
  const std::string failed = m && !m->analysis_error.empty() ? m->analysis_error : r->analysis_error;
  if (!failed.empty()) {
    ImGui::TextColored({0.95f, 0.5f, 0.95f, 1}, "%s", T("自动检查失败，请人工审核", "Automatic checks failed: judge it yourself"));
    ImGui::TextDisabled("%s", displayable(failed).c_str());
    return;
  }
  const bool live = m && m->analyzed && !m->checks.empty();
  if (!live && r->findings.empty()) {
    ImGui::TextDisabled("%s", !m || !m->analyzed ? T("正在分析…", "analyzing…")
                                                   : ws_.session().engine_version().empty() ? T("质量引擎不可用", "quality engine unavailable")
                                                                                        : T("没有发现问题", "no findings"));
    return;
  }
  // One sentence a check, in the reviewer's units: failing and warning checks first; the passing
  // ones collapsed into one line that opens.
  const quality::Config* config = ui_engine_config();
  const quality::Language lang = language() == Lang::zh ? quality::Language::zh : quality::Language::en;
  auto sentence = [&](const quality::CheckResult& c) {
    return config ? quality::check_sentence(c, *config, lang) : quality::message_in(c.message, lang);
  };
  const char* fail_tag = T("不合格", "fail");
  const char* warn_tag = T("警告", "warn");
  const char* pass_tag = T("通过", "pass");
  const float tag_w = std::max({ImGui::CalcTextSize(fail_tag).x, ImGui::CalcTextSize(warn_tag).x, ImGui::CalcTextSize(pass_tag).x}) +
                      ImGui::GetStyle().ItemSpacing.x;
  auto one = [&](const quality::CheckResult& c, int idx) {
    ImGui::PushID(idx);
    ImGui::BeginGroup();
    const bool fail = c.severity == quality::Severity::fail, warn = c.severity == quality::Severity::warn;
    const ImVec4 colour = fail ? ImVec4(1, 0.4f, 0.4f, 1) : warn ? ImVec4(1, 0.75f, 0.3f, 1) : ImVec4(0.45f, 0.85f, 0.5f, 1);
    ImGui::TextColored(colour, "%s", fail ? fail_tag : warn ? warn_tag : pass_tag);
    ImGui::SameLine(tag_w);
    ImGui::BeginGroup();
    text_wrapped_whole(sentence(c), !(fail || warn));  // never breaks inside "6.3%"
    if (show_check_ids_) ImGui::TextDisabled("%s · %s", c.check.empty() ? "—" : c.check.c_str(), c.code.c_str());
    ImGui::EndGroup();
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) {
      hovered_finding_ = c.code;
      ImGui::SetTooltip("%s", reason_label(c.code, ws_.session().catalog()).c_str());
    }
    ImGui::PopID();
  };
  const std::vector<quality::CheckResult> checks = shown_checks();
  int idx = 0, passing = 0;
  for (const auto& c : checks) {
    if (c.severity == quality::Severity::pass) {
      ++passing;
      continue;
    }
    one(c, idx++);
  }
  if (passing > 0) {
    char label[96];
    if (idx > 0)
      std::snprintf(label, sizeof label, T("其余 %d 项通过", "%d other checks pass"), passing);
    else
      std::snprintf(label, sizeof label, T("全部 %d 项通过", "all %d checks pass"), passing);
    ImGui::SetNextItemOpen(show_passing_);
    show_passing_ = ImGui::TreeNodeEx("##passing", ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanAvailWidth, "%s", label);
    if (show_passing_)
      for (const auto& c : checks)
        if (c.severity == quality::Severity::pass) one(c, idx++);
  }
  ImGui::Checkbox(T("显示检查代号", "Show check ids"), &show_check_ids_);
}

void ReviewView::draw_sidebar() {
  ImGui::PushTextWrapPos(0);  // every line of the sidebar wraps at its edge: nothing is cut
  draw_student_card();
  draw_findings();
  const PhotoMeta* m = ws_.current_meta();
  if (m && m->geometry.face) {
    ImGui::Separator();
    const auto& g = m->geometry;
    ImGui::TextUnformatted(T("几何", "Geometry"));
    // The roll is the one the roll check judged, as the findings and the overlay readout write it.
    const std::string roll = quality::format_check_value("roll", quality::judged_roll(g));
    if (g.pose.valid)
      ImGui::TextDisabled(T("姿态 偏航 %s 俯仰 %s 翻滚 %s", "pose yaw %s pitch %s roll %s"),
                          quality::format_check_value("yaw", g.pose.yaw).c_str(),
                          quality::format_check_value("pitch", g.pose.pitch).c_str(), roll.c_str());
    else
      ImGui::TextDisabled(T("翻滚 %s", "roll %s"), roll.c_str());
    ImGui::TextDisabled(T("眼距 %.0f px  对称残差 %.3f", "eyes %.0f px apart  symmetry %.3f"), g.inter_eye, g.symmetry_mean);
    if (m->lighting_left > 0 || m->lighting_right > 0)
      ImGui::TextDisabled(T("光照 左 %.0f / 右 %.0f (L*)", "lighting left %.0f / right %.0f (L*)"), m->lighting_left, m->lighting_right);
  }
  ImGui::PopTextWrapPos();
}

}  // namespace pa::ui
