// ReviewView: the screen's panes, toolbar and overlay controls, and the reshoot round's earlier
// version beside the new photo (views/review_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/timeutil.h"
#include "quality/explain.h"
#include "quality/geometry.h"
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

// The overlay kinds as the reviewer reads them (the checkboxes, the automatic choice's label).
struct OverlayKind {
  unsigned bit;
  const char *zh, *en;
};
constexpr OverlayKind kOverlayKinds[] = {
    {ov_lighting, "光照热图", "Lighting"},  {ov_landmarks, "关键点/对称", "Landmarks"}, {ov_glare, "反光", "Glare"},
    {ov_clipped, "曝光裁切", "Clipping"},   {ov_background, "背景", "Background"},      {ov_sharpness, "清晰度", "Sharpness"},
};

// "光照热图 + 曝光裁切": the overlays of a bit set, by name.
std::string overlay_names(unsigned bits) {
  std::string s;
  for (const auto& k : kOverlayKinds)
    if (bits & k.bit) s += (s.empty() ? "" : " + ") + std::string(T(k.zh, k.en));
  return s.empty() ? T("原图", "the photo") : s;
}

}  // namespace

std::string ReviewView::fitting(const std::vector<std::string>& texts, float width) {
  for (const auto& t : texts)
    if (ImGui::CalcTextSize(t.c_str()).x <= width) return t;
  return {};
}

// The top failing check is the first of the findings panel; nothing failing: the landmarks on the
// plain photo.
ReviewView::AutoOverlays ReviewView::auto_overlays() const {
  for (const auto& c : shown_checks())
    if (c.severity == quality::Severity::fail) return {quality::overlays_for(c.code), c.code};
  return {ov_landmarks, {}};
}

unsigned ReviewView::shown_overlays() const {
  const ViewState& view = ws_.view_state();
  return view.overlays_auto ? auto_overlays().overlays : view.overlays;
}

void ReviewView::one_to_one() {
  vt_.zoom = 1;
  const PhotoMeta* m = ws_.current_meta();
  if (m && m->geometry.face && m->width > 0 && m->height > 0) {
    const cv::Point2f mid = (m->geometry.eye_left + m->geometry.eye_right) * 0.5f;
    vt_.cx = std::clamp(mid.x / m->width, 0.0f, 1.0f);
    vt_.cy = std::clamp(mid.y / m->height, 0.0f, 1.0f);
  } else {
    vt_.cx = vt_.cy = 0.5f;
  }
}

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
  // Decision buttons, right-aligned, as wide as the widest label needs (a re-bound key is longer);
  // on a line of their own when the student's line leaves no room for them.
  const std::string approve = labelled(ws_.actions(), "decide.approve", "批准", "Approve", "  ");
  const std::string reject = labelled(ws_.actions(), "decide.reject", "驳回", "Reject", "  ");
  const std::string reshoot = labelled(ws_.actions(), "decide.reshoot", "需重拍", "Reshoot", "  ");
  const std::string undo = labelled(ws_.actions(), "decide.undo", "撤销", "Undo");
  float bw = 118 * ImGui::GetFontSize() / 17.0f;
  for (const auto* l : {&approve, &reject, &reshoot, &undo})
    bw = std::max(bw, ImGui::CalcTextSize(l->c_str()).x + 2 * ImGui::GetStyle().FramePadding.x);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float buttons_x = ImGui::GetWindowContentRegionMax().x - 4 * bw - 3 * spacing;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + 20 > buttons_x) {
    ImGui::NewLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), buttons_x));
  } else {
    ImGui::SameLine(buttons_x);
  }
  const bool can = r->has_photo();
  ImGui::BeginDisabled(!can);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.5f, 0.28f, 1));
  if (ImGui::Button(approve.c_str(), {bw, 0})) ws_.actions().run("decide.approve");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.6f, 0.2f, 0.2f, 1));
  if (ImGui::Button(reject.c_str(), {bw, 0})) ws_.actions().run("decide.reject");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.45f, 0.25f, 0.6f, 1));
  if (ImGui::Button(reshoot.c_str(), {bw, 0})) ws_.actions().run("decide.reshoot");
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(undo.c_str(), {bw, 0})) ws_.actions().run("decide.undo");
}

void ReviewView::draw_overlay_controls() {
  ViewState& view = ws_.view_state();
  const float fs = ImGui::GetFontSize() / 17.0f;
  ImGui::Checkbox(labelled(ws_.actions(), "view.overlays", "叠加层", "Overlays").c_str(), &view.overlays_on);
  ImGui::SameLine(0, 14);
  ImGui::BeginDisabled(!view.overlays_on);
  ImGui::Checkbox(T("自动", "Auto"), &view.overlays_auto);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("按最主要的不合格项自动选择叠加层", "Choose the overlay that explains the top failing check"));
  // The boxes show what is on; ticking one by hand leaves the automatic choice, from what it showed.
  const unsigned shown = shown_overlays();
  for (const auto& k : kOverlayKinds) {
    bool on = (shown & k.bit) != 0;
    ImGui::SameLine();
    if (ImGui::Checkbox(T(k.zh, k.en), &on)) {
      view.overlays = on ? (shown | k.bit) : (shown & ~k.bit);
      view.overlays_auto = false;
    }
  }
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
  // The legends of the overlays that are on, wrapped to the width of the panes.
  const bool overlays_visible = view.overlays_on && !show_original_;
  const unsigned shown = overlays_visible ? shown_overlays() : 0;
  namespace oc = widgets::overlay_colour;
  struct Legend {
    float width;
    std::function<void()> draw;
  };
  std::vector<Legend> legends;
  {
    const float lw = 90 * fs;
    auto gradient = [&](const char* lo, const char* hi, ImU32 (*map)(float), float w) {
      legends.push_back({widgets::gradient_legend_width(lo, hi, w), [=] { widgets::gradient_legend(lo, hi, map, w); }});
    };
    auto swatch = [&](widgets::Rgb c, const char* label) {
      legends.push_back({widgets::swatch_legend_width(label), [=] { widgets::swatch_legend(c.u32(), label); }});
    };
    if (shown & ov_lighting) gradient(T("暗", "dark"), T("亮", "bright"), widgets::turbo, lw);
    if (shown & ov_glare) swatch(oc::glare, T("反光", "glare"));
    if (shown & ov_clipped) {
      swatch(oc::clipped_dark, T("欠曝", "clipped dark"));
      swatch(oc::clipped_bright, T("过曝", "clipped bright"));
    }
    if (shown & ov_background) gradient(T("背景均匀", "uniform"), T("不均", "uneven"), widgets::background_ramp, lw * 0.7f);
    if (shown & ov_sharpness) gradient(T("模糊", "blurry"), T("清晰", "sharp"), widgets::sharpness_ramp, lw * 0.7f);
    if (shown & ov_landmarks) swatch(oc::symmetry, T("对称残差×2", "symmetry residual ×2"));
  }
  int legend_lines = legends.empty() ? 0 : 1;
  {
    float x = 0;
    for (const auto& l : legends) {
      if (x > 0 && x + 18 + l.width > images_w) ++legend_lines, x = 0;
      x += (x > 0 ? 18 : 0) + l.width;
    }
  }
  const float legend_h = ImGui::GetFrameHeightWithSpacing() * std::max(1, legend_lines);
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
  if (show_original_) {
    ImGui::TextColored({1, 0.85f, 0.3f, 1}, "%s", T("原图（按住空格）", "Original (Space held)"));
  } else if (view.overlays_on && view.overlays_auto && m && m->analyzed) {
    // Which overlay the automatic choice took, and for which check: as much as the pane's width holds.
    const AutoOverlays a = auto_overlays();
    const std::string names = overlay_names(a.overlays);
    const std::string why = a.code.empty() ? T("无不合格项", "nothing fails") : reason_short(a.code, ws_.session().catalog());
    const std::string overlay = T("叠加层", "Overlay");
    ImGui::TextUnformatted(fitting({overlay + T(" · 自动：", " · auto: ") + names + T("（", " (") + why + T("）", ")"),
                                    std::string(T("自动：", "auto: ")) + names + T("（", " (") + why + T("）", ")"),
                                    std::string(T("自动：", "auto: ")) + names, overlay},
                                   pane_w).c_str());
  } else {
    ImGui::TextUnformatted(T("叠加层", "Overlay"));
  }
  composite_ = {};
  if (gp) {
    composite_.maps_a = gp->maps_a;
    composite_.maps_b = gp->maps_b;
    composite_.has_maps = gp->has_maps && overlays_visible;
    composite_.overlays = shown;
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
    if (shown & ov_landmarks) draw_geometry(dl, right, *m, tex_scale);
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
  // Legends of the overlays that are on, wrapped as counted above.
  {
    float x = 0;
    for (const auto& l : legends) {
      if (x > 0 && x + 18 + l.width <= images_w) ImGui::SameLine(0, 18), x += 18;
      else x = 0;
      l.draw();
      x += l.width;
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##sidebar", {0, avail.y}, true);
  if (sidebar_to_top_) ImGui::SetScrollY(0), sidebar_to_top_ = false;
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
    ImGui::TextColored({1, 0.55f, 0.5f, 1}, "%s", reason_labels(e.decision->reasons, ws_.session().catalog()).c_str());
    if (!e.decision->note.empty()) ImGui::TextDisabled("%s", displayable(e.decision->note).c_str());
    ImGui::TextDisabled("%s · %s", displayable(e.decision->reviewer).c_str(), iso_to_local(e.decision->at).substr(0, 16).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

}  // namespace pa::ui
