#include "widgets/image_viewer.h"

#include <algorithm>
#include <cmath>

namespace pa::widgets {

float effective_scale(const ViewTransform& vt, int w, int h, ImVec2 size) {
  if (w <= 0 || h <= 0) return 1;
  if (vt.zoom > 0) return vt.zoom;
  return std::max(1e-3f, std::min(size.x / w, size.y / h));
}

ImagePlacement image_pane(const char* id, ImTextureID tex, int w, int h, ViewTransform& vt, ImVec2 size,
                          const std::function<void(ImDrawList*, ImVec2, ImVec2)>& draw_image,
                          const char* placeholder) {
  ImagePlacement pl;
  size.x = std::max(size.x, 32.0f);
  size.y = std::max(size.y, 32.0f);
  pl.pane_min = ImGui::GetCursorScreenPos();
  pl.pane_max = {pl.pane_min.x + size.x, pl.pane_min.y + size.y};
  ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
  pl.hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 pane_bg = IM_COL32(28, 30, 34, 255);
  if (w <= 0 || h <= 0) {
    dl->AddRectFilled(pl.pane_min, pl.pane_max, pane_bg);
    if (placeholder) {
      ImVec2 ts = ImGui::CalcTextSize(placeholder);
      dl->AddText({(pl.pane_min.x + pl.pane_max.x - ts.x) / 2, (pl.pane_min.y + pl.pane_max.y - ts.y) / 2},
                  IM_COL32(160, 165, 175, 255), placeholder);
    }
    return pl;
  }
  ImGuiIO& io = ImGui::GetIO();
  float scale = effective_scale(vt, w, h, size);
  // Wheel zooms about the cursor; drag pans. Both write the shared transform.
  if (pl.hovered && io.MouseWheel != 0) {
    const ImVec2 centre{(pl.pane_min.x + pl.pane_max.x) / 2, (pl.pane_min.y + pl.pane_max.y) / 2};
    const float mx = vt.cx * w + (io.MousePos.x - centre.x) / scale;
    const float my = vt.cy * h + (io.MousePos.y - centre.y) / scale;
    const float ns = std::clamp(scale * std::pow(1.15f, io.MouseWheel), 0.05f, 32.0f);
    vt.zoom = ns;
    vt.cx = (mx - (io.MousePos.x - centre.x) / ns) / w;
    vt.cy = (my - (io.MousePos.y - centre.y) / ns) / h;
    scale = ns;
  }
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
    if (vt.zoom == 0) vt.zoom = scale;
    vt.cx -= io.MouseDelta.x / (scale * w);
    vt.cy -= io.MouseDelta.y / (scale * h);
  }
  if (vt.zoom == 0) vt.cx = vt.cy = 0.5f;
  vt.cx = std::clamp(vt.cx, 0.0f, 1.0f);
  vt.cy = std::clamp(vt.cy, 0.0f, 1.0f);
  const ImVec2 centre{(pl.pane_min.x + pl.pane_max.x) / 2, (pl.pane_min.y + pl.pane_max.y) / 2};
  pl.scale = scale;
  pl.origin = {std::floor(centre.x - vt.cx * w * scale), std::floor(centre.y - vt.cy * h * scale)};
  const ImVec2 a = pl.origin, b{pl.origin.x + w * scale, pl.origin.y + h * scale};
  // The pane's background only where the photo leaves it bare: without a GPU every pixel filled
  // twice is filled twice on the CPU.
  const float x0 = std::clamp(a.x, pl.pane_min.x, pl.pane_max.x), x1 = std::clamp(b.x, pl.pane_min.x, pl.pane_max.x);
  const float y0 = std::clamp(a.y, pl.pane_min.y, pl.pane_max.y), y1 = std::clamp(b.y, pl.pane_min.y, pl.pane_max.y);
  if (y0 > pl.pane_min.y) dl->AddRectFilled(pl.pane_min, {pl.pane_max.x, y0}, pane_bg);
  if (y1 < pl.pane_max.y) dl->AddRectFilled({pl.pane_min.x, y1}, pl.pane_max, pane_bg);
  if (x0 > pl.pane_min.x) dl->AddRectFilled({pl.pane_min.x, y0}, {x0, y1}, pane_bg);
  if (x1 < pl.pane_max.x) dl->AddRectFilled({x1, y0}, {pl.pane_max.x, y1}, pane_bg);
  dl->PushClipRect(pl.pane_min, pl.pane_max, true);
  if (tex) {
    if (draw_image)
      draw_image(dl, a, b);
    else
      dl->AddImage(tex, a, b);
  } else {
    dl->AddRectFilled(a, b, IM_COL32(60, 64, 72, 255));
    if (placeholder) dl->AddText({a.x + 8, a.y + 8}, IM_COL32(200, 200, 200, 255), placeholder);
  }
  dl->PopClipRect();
  return pl;
}

bool split_handle(const char* id, const ImagePlacement& p, int w, float& split) {
  if (w <= 0 || split >= 1.0f) return false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x = p.origin.x + split * w * p.scale;
  if (x < p.pane_min.x || x > p.pane_max.x) return false;
  const ImVec2 keep = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos({x - 5, p.pane_min.y});
  ImGui::InvisibleButton(id, {10, p.pane_max.y - p.pane_min.y});
  bool changed = false;
  if (ImGui::IsItemActive()) {
    split = std::clamp(split + ImGui::GetIO().MouseDelta.x / (w * p.scale), 0.0f, 1.0f);
    changed = true;
  }
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  dl->AddLine({x, p.pane_min.y}, {x, p.pane_max.y}, IM_COL32(255, 255, 255, 220), 2.0f);
  dl->AddCircleFilled({x, (p.pane_min.y + p.pane_max.y) / 2}, 7, IM_COL32(255, 255, 255, 230));
  ImGui::SetCursorScreenPos(keep);
  return changed;
}

}  // namespace pa::widgets
