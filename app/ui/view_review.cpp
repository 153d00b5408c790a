// Review screen: original | overlay side by side (synchronised zoom/pan, split compare, live
// shader overlays), the findings panel with region highlight, the student card, decisions.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/idcard.h"
#include "quality/explain.h"
#include "quality/geometry.h"
#include "review/decisions.h"
#include "ui/app.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/ui_common.h"
#include "widgets/legend.h"

namespace pa::ui {

namespace {
ImU32 sharp_map(float t) {
  ImVec4 a{0.85f, 0.1f, 0.75f, 1}, b{0.1f, 0.85f, 0.3f, 1};
  return ImGui::ColorConvertFloat4ToU32({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1});
}
ImU32 bg_map(float t) {
  ImVec4 a{0.15f, 0.45f, 1.0f, 1}, b{1.0f, 0.2f, 0.1f, 1};
  return ImGui::ColorConvertFloat4ToU32({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1});
}
}  // namespace

void App::draw_geometry(ImDrawList* dl, const widgets::ImagePlacement& pl, const PhotoMeta& m, float s) {
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

void App::draw_review_toolbar() {
  const QueueRow* r = session_->current();
  const auto& q = session_->queue();
  if (ImGui::Button(labelled(actions_, "nav.prev", "◀ 上一个", "◀ Prev").c_str())) previous();
  ImGui::SameLine();
  if (ImGui::Button((labelled(actions_, "nav.next", "下一个", "Next") + " ▶").c_str())) next();
  ImGui::SameLine();
  if (!r) {
    ImGui::TextDisabled("%s", T("队列为空（检查筛选条件）", "the queue is empty (check the filters)"));
    return;
  }
  const auto& st = r->state.student;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%zu / %zu", *session_->position() + 1, q.size());
  ImGui::SameLine(0, 16);
  ImGui::TextUnformatted(displayable(st.name).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", st.student_no.c_str());
  ImGui::SameLine(0, 12);
  ImGui::TextColored(status_colour(r->state.status), "%s", status_label(r->state.status));
  if (r->state.versions > 1) {
    ImGui::SameLine();
    ImGui::TextColored({0.85f, 0.6f, 1, 1}, T("第 %d 版（重拍轮）", "version %d (reshoot round)"), r->state.versions);
  }
  // Decision buttons, right-aligned.
  const float bw = 118 * ImGui::GetFontSize() / 17.0f;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - 4 * (bw + 8) - 8));
  const bool can = r->state.submission_id != 0;
  ImGui::BeginDisabled(!can);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.5f, 0.28f, 1));
  if (ImGui::Button(labelled(actions_, "decide.approve", "批准", "Approve", "  ").c_str(), {bw, 0})) actions_.run("decide.approve");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.6f, 0.2f, 0.2f, 1));
  if (ImGui::Button(labelled(actions_, "decide.reject", "驳回", "Reject", "  ").c_str(), {bw, 0})) actions_.run("decide.reject");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.45f, 0.25f, 0.6f, 1));
  if (ImGui::Button(labelled(actions_, "decide.reshoot", "需重拍", "Reshoot", "  ").c_str(), {bw, 0})) actions_.run("decide.reshoot");
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(labelled(actions_, "decide.undo", "撤销", "Undo").c_str(), {bw, 0})) actions_.run("decide.undo");
}

void App::draw_overlay_controls() {
  const float fs = ImGui::GetFontSize() / 17.0f;
  ImGui::Checkbox(labelled(actions_, "view.overlays", "叠加层", "Overlays").c_str(), &view_.overlays_on);
  ImGui::SameLine(0, 14);
  auto flag = [&](const char* label, unsigned bit) {
    bool on = (view_.overlays & bit) != 0;
    ImGui::SameLine();
    if (ImGui::Checkbox(label, &on)) view_.overlays = on ? (view_.overlays | bit) : (view_.overlays & ~bit);
  };
  ImGui::BeginDisabled(!view_.overlays_on);
  flag(T("光照热图", "Lighting"), ov_lighting);
  flag(T("关键点/对称", "Landmarks"), ov_landmarks);
  flag(T("反光", "Glare"), ov_glare);
  flag(T("曝光裁切", "Clipping"), ov_clipped);
  flag(T("背景", "Background"), ov_background);
  flag(T("清晰度", "Sharpness"), ov_sharpness);
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(130 * fs);
  ImGui::SliderFloat(T("透明度", "Opacity"), &view_.opacity, 0.0f, 1.0f, "%.2f");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(130 * fs);
  ImGui::SliderFloat(T("分割", "Split"), &view_.split, 0.0f, 1.0f, "%.2f");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(130 * fs);
  ImGui::SliderFloat(T("反光阈值", "Glare thr."), &view_.glare_threshold, 0.05f, 1.0f, "%.2f");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(160 * fs);
  ImGui::DragFloatRange2(T("光照范围", "Light range"), &view_.lighting_low, &view_.lighting_high, 0.005f, 0.0f, 1.0f, "%.2f", "%.2f");
  ImGui::SameLine(0, 14);
  if (ImGui::Button(labelled(actions_, "view.fit", "适合", "Fit").c_str())) actions_.run("view.fit");
  ImGui::SameLine();
  if (ImGui::Button("1:1")) actions_.run("view.one_to_one");
  ImGui::SameLine();
  if (vt_.zoom > 0)
    ImGui::TextDisabled("%.0f%%", vt_.zoom * 100);
  else
    ImGui::TextDisabled("%s", T("适合窗口", "fit"));
}

void App::draw_review() {
  draw_review_toolbar();
  draw_overlay_controls();
  const float fs = ImGui::GetFontSize() / 17.0f;
  const float sidebar = std::clamp(ImGui::GetContentRegionAvail().x * 0.27f, 300 * fs, 440 * fs);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float images_w = avail.x - sidebar - ImGui::GetStyle().ItemSpacing.x;
  ImGui::BeginChild("##images", {images_w, avail.y}, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const QueueRow* r = session_->current();
  const float head = ImGui::GetTextLineHeightWithSpacing();
  const float legend_h = ImGui::GetFrameHeightWithSpacing();
  const float pane_h = ImGui::GetContentRegionAvail().y - head - legend_h;
  const bool reshoot = earlier_.has_value();
  const float gap = 6;
  const int panes = reshoot ? 3 : 2;
  const float pane_w = (images_w - gap * (panes - 1)) / panes;

  if (reshoot) {
    ImGui::BeginGroup();
    draw_reshoot_pane(pane_w, pane_h + head);
    ImGui::EndGroup();
    ImGui::SameLine(0, gap);
  }
  GpuPhoto* gp = r ? textures_.get(r->state.photo_sha256) : nullptr;
  const PhotoMeta* m = r ? current_meta() : nullptr;
  const char* placeholder = !r ? "" : !r->state.submission_id ? T("该学生尚未提交照片", "no photo submitted")
                                      : (m && !m->error.empty()) ? m->error.c_str() : T("正在加载…", "loading…");
  const int tw = gp ? gp->width : 0, th = gp ? gp->height : 0;
  const float tex_scale = (m && m->width > 0) ? static_cast<float>(m->tex_width) / m->width : 1.0f;

  // Region of the hovered finding (image UV), shared by both panes and the shader.
  float hl[4] = {0, 0, 0, 0};
  const auto region = m && !hovered_finding_.empty()
                          ? quality::finding_region(hovered_finding_, m->geometry, {m->width, m->height})
                          : std::nullopt;
  const bool has_hl = region.has_value();
  if (region) hl[0] = region->x0, hl[1] = region->y0, hl[2] = region->x1, hl[3] = region->y1;

  ImGui::BeginGroup();
  ImGui::TextUnformatted(T("原图", "Original"));
  const auto left = widgets::image_pane("##orig", gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr,
                                        tw, th, vt_, {pane_w, pane_h}, {}, placeholder);
  if (gp && has_hl) {
    ImGui::GetWindowDrawList()->AddRect(left.to_screen(hl[0] * tw, hl[1] * th), left.to_screen(hl[2] * tw, hl[3] * th),
                                        IM_COL32(255, 230, 0, 255), 3, 0, 2.5f);
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  const bool overlays_visible = view_.overlays_on && !show_original_;
  if (show_original_)
    ImGui::TextColored({1, 0.85f, 0.3f, 1}, "%s", T("原图（按住空格）", "Original (Space held)"));
  else
    ImGui::TextUnformatted(T("叠加层", "Overlay"));
  composite_ = {};
  if (gp) {
    composite_.maps_a = gp->maps_a;
    composite_.maps_b = gp->maps_b;
    composite_.has_maps = gp->has_maps && overlays_visible;
    composite_.overlays = overlays_visible ? view_.overlays : 0;
    composite_.opacity = view_.opacity;
    composite_.split = view_.split;
    composite_.glare_threshold = view_.glare_threshold;
    composite_.lighting_low = view_.lighting_low;
    composite_.lighting_high = view_.lighting_high;
    if (has_hl) std::copy(hl, hl + 4, composite_.highlight);
  }
  auto draw_composite = [this, gp](ImDrawList* dl, ImVec2 a, ImVec2 b) {
    compositor_.begin(dl, &composite_);
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)), a, b);
    compositor_.end(dl);
  };
  const auto right = widgets::image_pane("##overlay", gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr,
                                         tw, th, vt_, {pane_w, pane_h},
                                         compositor_.ready() ? std::function<void(ImDrawList*, ImVec2, ImVec2)>(draw_composite)
                                                             : std::function<void(ImDrawList*, ImVec2, ImVec2)>(),
                                         placeholder);
  if (gp && m) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (overlays_visible && (view_.overlays & ov_landmarks)) draw_geometry(dl, right, *m, tex_scale);
    if (has_hl)
      dl->AddRect(right.to_screen(hl[0] * tw, hl[1] * th), right.to_screen(hl[2] * tw, hl[3] * th), IM_COL32(255, 230, 0, 255), 3, 0, 2.5f);
    if (overlays_visible) widgets::split_handle("##split", right, tw, view_.split);
    // The overlay pane shows only the engine's maps; while there are none it says why.
    if (m->error.empty() && !gp->has_maps) {
      const bool failed = m->analysed && !m->analysis_error.empty();
      const char* t = !m->analysed ? T("正在分析…", "analysing…")
                      : failed     ? T("自动检查失败", "automatic checks failed")
                                   : T("无叠加层", "no overlay maps");
      dl->AddText({right.pane_min.x + 8, right.pane_min.y + 8},
                  failed ? IM_COL32(242, 128, 242, 255) : IM_COL32(255, 220, 120, 255), t);
    }
  }
  ImGui::EndGroup();
  // Legend for the overlays that are on.
  if (overlays_visible) {
    const float lw = 90 * fs;
    bool first = true;
    auto sep = [&] { if (!first) ImGui::SameLine(0, 18); first = false; };
    if (view_.overlays & ov_lighting) { sep(); widgets::gradient_legend(T("暗", "dark"), T("亮", "bright"), widgets::turbo, lw); }
    if (view_.overlays & ov_glare) { sep(); widgets::swatch_legend(IM_COL32(0, 255, 255, 255), T("反光", "glare")); }
    if (view_.overlays & ov_clipped) {
      sep(); widgets::swatch_legend(IM_COL32(26, 77, 255, 255), T("欠曝", "clipped dark"));
      ImGui::SameLine(); widgets::swatch_legend(IM_COL32(255, 26, 26, 255), T("过曝", "clipped bright"));
    }
    if (view_.overlays & ov_background) { sep(); widgets::gradient_legend(T("背景均匀", "uniform"), T("不均", "uneven"), bg_map, lw * 0.7f); }
    if (view_.overlays & ov_sharpness) { sep(); widgets::gradient_legend(T("模糊", "blurry"), T("清晰", "sharp"), sharp_map, lw * 0.7f); }
    if (view_.overlays & ov_landmarks) { sep(); widgets::swatch_legend(IM_COL32(255, 90, 200, 255), T("对称残差×2", "symmetry residual ×2")); }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##sidebar", {0, avail.y}, true);
  draw_sidebar();
  ImGui::EndChild();
}

void App::draw_student_card() {
  const QueueRow* r = session_->current();
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
      if (ImGui::SmallButton((reveal_id_ ? labelled(actions_, "view.reveal_id", "隐藏", "hide")
                                        : labelled(actions_, "view.reveal_id", "显示", "reveal")).c_str())) toggle_reveal_id();  // recorded
    }
    ImGui::EndTable();
  }
  if (r->state.decision) {
    const auto& d = *r->state.decision;
    ImGui::TextColored(status_colour(r->state.status), "%s", status_label(r->state.status));
    ImGui::SameLine();
    ImGui::TextDisabled("%s · %s", displayable(d.reviewer).c_str(), d.at.substr(0, 16).c_str());
    if (!d.reasons.empty()) ImGui::TextWrapped("%s", reason_labels_zh(d.reasons, session_->catalog()).c_str());
    if (!d.note.empty()) ImGui::TextWrapped("%s", displayable(d.note).c_str());
  }
}

void App::draw_findings() {
  const QueueRow* r = session_->current();
  const PhotoMeta* m = current_meta();
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
  const bool live = m && m->analysed && !m->checks.empty();
  if (!live && r->findings.empty()) {
    ImGui::TextDisabled("%s", !m || !m->analysed ? T("正在分析…", "analysing…")
                                                   : session_->engine_version().empty() ? T("质量引擎不可用", "quality engine unavailable")
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
    const std::string label = reason_short(code, session_->catalog()) + (same > 1 && !check.empty() ? " · " + check : "");
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

void App::draw_sidebar() {
  draw_student_card();
  draw_findings();
  const PhotoMeta* m = current_meta();
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
