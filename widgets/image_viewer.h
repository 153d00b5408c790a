// Zoom/pan image viewer. Several panes sharing one ViewTransform are synchronised: zooming or
// panning in one moves the others. Zoom 0 = fit; 1 = one image pixel per screen pixel (1:1).
#pragma once

#include <functional>

#include <imgui.h>

namespace pa::widgets {

struct ViewTransform {
  float zoom = 0;               // 0 = fit
  float cx = 0.5f, cy = 0.5f;   // image UV at the pane centre
};

// Where the image landed on screen: image pixel (x, y) -> origin + (x, y) * scale.
struct ImagePlacement {
  ImVec2 pane_min, pane_max;
  ImVec2 origin;
  float scale = 1;
  bool hovered = false;
  ImVec2 to_screen(float x, float y) const { return {origin.x + x * scale, origin.y + y * scale}; }
};

// Effective scale for `zoom` (fit when 0) of a w x h image in a pane of `size`.
float effective_scale(const ViewTransform& vt, int w, int h, ImVec2 size);

// Draws one pane. `draw_image` draws the image quad (called with the clipped draw list, the
// screen rect of the whole image and its UVs), so callers can wrap it in a shader callback.
// `tex` may be null (headless / not loaded yet): a neutral placeholder with `placeholder` text.
ImagePlacement image_pane(const char* id, ImTextureID tex, int w, int h, ViewTransform& vt, ImVec2 size,
                          const std::function<void(ImDrawList*, ImVec2, ImVec2)>& draw_image = {},
                          const char* placeholder = nullptr);

// A vertical split handle across `p`'s pane at image-UV x `split` (dragged with the mouse).
bool split_handle(const char* id, const ImagePlacement& p, int w, float& split);

}  // namespace pa::widgets
