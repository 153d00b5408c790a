// ReviewView: the screen's panes, toolbar and overlay controls, and the reshoot round's earlier
// version beside the new photo (views/review_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "quality/explain.h"
#include "review/decisions.h"
#include "ui/platform/fonts.h"
#include "ui/ui_common.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
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

void ReviewView::draw_toolbar() {
  const QueueRow* r = ws_.session().current();
  const auto& q = ws_.session().queue();
  if (ImGui::Button(labelled(ws_.actions(), "nav.prev", "◀ 上一个", "◀ Prev").c_str())) ws_.queue().previous();
  ImGui::SameLine();
  if (ImGui::Button((labelled(ws_.actions(), "nav.next", "下一个", "Next") + " ▶").c_str())) ws_.queue().next();
  ImGui::SameLine();
  if (!r) {
    ImGui::TextDisabled("%s", T("队列为空（检查筛选条件）", "the queue is empty (check the filters)"));
    return;
  }
  const auto& st = r->state.student;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%zu / %zu", *ws_.session().position() + 1, q.size());
  ImGui::SameLine(0, 16);
  ImGui::TextUnformatted(displayable(st.name).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", st.student_no.c_str());
  ImGui::SameLine(0, 12);
  ImGui::TextColored(status_colour(r->state.status), "%s", status_label(r->state.status));
  if (!r->held_by.empty() && r->state.status == Status::pending) {
    ImGui::SameLine(0, 12);
    ImGui::TextColored({0.95f, 0.65f, 0.2f, 1}, T("%s 正在审核", "%s has it on screen"),
                       displayable(holder_label(r->held_by)).c_str());
  }
  if (r->state.versions > 1) {
    ImGui::SameLine();
    ImGui::TextColored({0.85f, 0.6f, 1, 1}, T("第 %d 版（重拍轮）", "version %d (reshoot round)"), r->state.versions);
  }
  // Decision buttons, right-aligned.
  const float bw = 118 * ImGui::GetFontSize() / 17.0f;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - 4 * (bw + 8) - 8));
  const bool can = r->has_photo();
  ImGui::BeginDisabled(!can);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.5f, 0.28f, 1));
  if (ImGui::Button(labelled(ws_.actions(), "decide.approve", "批准", "Approve", "  ").c_str(), {bw, 0})) ws_.actions().run("decide.approve");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.6f, 0.2f, 0.2f, 1));
  if (ImGui::Button(labelled(ws_.actions(), "decide.reject", "驳回", "Reject", "  ").c_str(), {bw, 0})) ws_.actions().run("decide.reject");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.45f, 0.25f, 0.6f, 1));
  if (ImGui::Button(labelled(ws_.actions(), "decide.reshoot", "需重拍", "Reshoot", "  ").c_str(), {bw, 0})) ws_.actions().run("decide.reshoot");
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(labelled(ws_.actions(), "decide.undo", "撤销", "Undo").c_str(), {bw, 0})) ws_.actions().run("decide.undo");
}

void ReviewView::draw_overlay_controls() {
  ViewState& view = ws_.view_state();
  const float fs = ImGui::GetFontSize() / 17.0f;
  ImGui::Checkbox(labelled(ws_.actions(), "view.overlays", "叠加层", "Overlays").c_str(), &view.overlays_on);
  ImGui::SameLine(0, 14);
  auto flag = [&](const char* label, unsigned bit) {
    bool on = (view.overlays & bit) != 0;
    ImGui::SameLine();
    if (ImGui::Checkbox(label, &on)) view.overlays = on ? (view.overlays | bit) : (view.overlays & ~bit);
  };
  ImGui::BeginDisabled(!view.overlays_on);
  flag(T("光照热图", "Lighting"), ov_lighting);
  flag(T("关键点/对称", "Landmarks"), ov_landmarks);
  flag(T("反光", "Glare"), ov_glare);
  flag(T("曝光裁切", "Clipping"), ov_clipped);
  flag(T("背景", "Background"), ov_background);
  flag(T("清晰度", "Sharpness"), ov_sharpness);
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(130 * fs);
  ImGui::SliderFloat(T("透明度", "Opacity"), &view.opacity, 0.0f, 1.0f, "%.2f");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(130 * fs);
  ImGui::SliderFloat(T("分割", "Split"), &view.split, 0.0f, 1.0f, "%.2f");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(130 * fs);
  ImGui::SliderFloat(T("反光阈值", "Glare thr."), &view.glare_threshold, 0.05f, 1.0f, "%.2f");
  ImGui::SameLine(0, 14);
  ImGui::SetNextItemWidth(160 * fs);
  ImGui::DragFloatRange2(T("光照范围", "Light range"), &view.lighting_low, &view.lighting_high, 0.005f, 0.0f, 1.0f, "%.2f", "%.2f");
  ImGui::SameLine(0, 14);
  if (ImGui::Button(labelled(ws_.actions(), "view.fit", "适合", "Fit").c_str())) ws_.actions().run("view.fit");
  ImGui::SameLine();
  if (ImGui::Button("1:1")) ws_.actions().run("view.one_to_one");
  ImGui::SameLine();
  if (vt_.zoom > 0)
    ImGui::TextDisabled("%.0f%%", vt_.zoom * 100);
  else
    ImGui::TextDisabled("%s", T("适合窗口", "fit"));
}

void ReviewView::draw() {
  ViewState& view = ws_.view_state();
  draw_toolbar();
  draw_overlay_controls();
  const float fs = ImGui::GetFontSize() / 17.0f;
  const float sidebar = std::clamp(ImGui::GetContentRegionAvail().x * 0.27f, 300 * fs, 440 * fs);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float images_w = avail.x - sidebar - ImGui::GetStyle().ItemSpacing.x;
  ImGui::BeginChild("##images", {images_w, avail.y}, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const QueueRow* r = ws_.session().current();
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
  // A corrupt newest file: its error where the photo would be (an older photo is not shown).
  const std::string corrupt = r && r->state.bad_file ? std::string(T("照片文件损坏，需重新提交", "The photo file is corrupt: it must be sent again")) +
                                                           "\n" + displayable(r->state.bad_file->error)
                                                     : std::string();
  GpuPhoto* gp = r && corrupt.empty() ? ws_.photos().texture(r->state.photo_sha256) : nullptr;
  const PhotoMeta* m = r && corrupt.empty() ? ws_.current_meta() : nullptr;
  const char* placeholder = !r ? "" : !corrupt.empty() ? corrupt.c_str() : !r->state.submission_id ? T("该学生尚未提交照片", "no photo submitted")
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
  const bool overlays_visible = view.overlays_on && !show_original_;
  if (show_original_)
    ImGui::TextColored({1, 0.85f, 0.3f, 1}, "%s", T("原图（按住空格）", "Original (Space held)"));
  else
    ImGui::TextUnformatted(T("叠加层", "Overlay"));
  composite_ = {};
  if (gp) {
    composite_.maps_a = gp->maps_a;
    composite_.maps_b = gp->maps_b;
    composite_.has_maps = gp->has_maps && overlays_visible;
    composite_.overlays = overlays_visible ? view.overlays : 0;
    composite_.opacity = view.opacity;
    composite_.split = view.split;
    composite_.glare_threshold = view.glare_threshold;
    composite_.lighting_low = view.lighting_low;
    composite_.lighting_high = view.lighting_high;
    if (has_hl) std::copy(hl, hl + 4, composite_.highlight);
  }
  auto draw_composite = [this, gp](ImDrawList* dl, ImVec2 a, ImVec2 b) {
    ws_.compositor().begin(dl, &composite_);
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)), a, b);
    ws_.compositor().end(dl);
  };
  const auto right = widgets::image_pane("##overlay", gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr,
                                         tw, th, vt_, {pane_w, pane_h},
                                         ws_.compositor().ready() ? std::function<void(ImDrawList*, ImVec2, ImVec2)>(draw_composite)
                                                             : std::function<void(ImDrawList*, ImVec2, ImVec2)>(),
                                         placeholder);
  if (gp && m) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (overlays_visible && (view.overlays & ov_landmarks)) draw_geometry(dl, right, *m, tex_scale);
    if (has_hl)
      dl->AddRect(right.to_screen(hl[0] * tw, hl[1] * th), right.to_screen(hl[2] * tw, hl[3] * th), IM_COL32(255, 230, 0, 255), 3, 0, 2.5f);
    if (overlays_visible) widgets::split_handle("##split", right, tw, view.split);
    // The overlay pane shows only the engine's maps; while there are none it says why.
    if (m->error.empty() && !gp->has_maps) {
      const bool failed = m->analyzed && !m->analysis_error.empty();
      const char* t = !m->analyzed ? T("正在分析…", "analyzing…")
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
    if (view.overlays & ov_lighting) { sep(); widgets::gradient_legend(T("暗", "dark"), T("亮", "bright"), widgets::turbo, lw); }
    if (view.overlays & ov_glare) { sep(); widgets::swatch_legend(IM_COL32(0, 255, 255, 255), T("反光", "glare")); }
    if (view.overlays & ov_clipped) {
      sep(); widgets::swatch_legend(IM_COL32(26, 77, 255, 255), T("欠曝", "clipped dark"));
      ImGui::SameLine(); widgets::swatch_legend(IM_COL32(255, 26, 26, 255), T("过曝", "clipped bright"));
    }
    if (view.overlays & ov_background) { sep(); widgets::gradient_legend(T("背景均匀", "uniform"), T("不均", "uneven"), bg_map, lw * 0.7f); }
    if (view.overlays & ov_sharpness) { sep(); widgets::gradient_legend(T("模糊", "blurry"), T("清晰", "sharp"), sharp_map, lw * 0.7f); }
    if (view.overlays & ov_landmarks) { sep(); widgets::swatch_legend(IM_COL32(255, 90, 200, 255), T("对称残差×2", "symmetry residual ×2")); }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##sidebar", {0, avail.y}, true);
  draw_sidebar();
  ImGui::EndChild();
}

void ReviewView::draw_reshoot_pane(float width, float height) {
  if (!earlier_) return;
  const auto& e = *earlier_;
  ImGui::TextColored({0.85f, 0.6f, 1, 1}, T("上一版 v%d（%s）", "earlier v%d (%s)"), e.submission.version,
                     e.decision && e.decision->kind == "reject" ? T("已驳回", "rejected") : T("需重拍", "reshoot"));
  const float info_h = ImGui::GetTextLineHeightWithSpacing() * 3.2f;
  GpuPhoto* gp = ws_.photos().texture(e.submission.sha256);
  const auto pl = widgets::image_pane("##earlier", gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr,
                                      gp ? gp->width : 0, gp ? gp->height : 0, vt_,
                                      {width, height - ImGui::GetTextLineHeightWithSpacing() - info_h},
                                      {}, T("正在加载上一版…", "loading the earlier version…"));
  (void)pl;
  ImGui::BeginChild("##earlier_info", {width, info_h}, false);
  if (e.decision) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 8);
    ImGui::TextColored({1, 0.55f, 0.5f, 1}, "%s", reason_labels_zh(e.decision->reasons, ws_.session().catalog()).c_str());
    if (!e.decision->note.empty()) ImGui::TextDisabled("%s", displayable(e.decision->note).c_str());
    ImGui::TextDisabled("%s · %s", displayable(e.decision->reviewer).c_str(), e.decision->at.substr(0, 16).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

}  // namespace pa::ui
