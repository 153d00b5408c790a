// Colour legends for the overlays: a gradient bar with its two end labels, or a swatch.
#pragma once

#include <imgui.h>

namespace pa::widgets {

// Turbo colour map on the CPU (the same polynomial as shaders/composite.frag.glsl).
ImU32 turbo(float t);
void gradient_legend(const char* low, const char* high, ImU32 (*map)(float), float width);
void swatch_legend(ImU32 colour, const char* label);

}  // namespace pa::widgets
