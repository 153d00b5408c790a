// Colour legends for the overlays: a gradient bar with its two end labels, or a swatch; and the
// overlays' colours themselves.
#pragma once

#include <imgui.h>

#include <string>

namespace pa::widgets {

// An overlay colour, 8 bits per channel.
struct Rgb {
  unsigned char r, g, b;
  ImU32 u32() const { return IM_COL32(r, g, b, 255); }
};

// The overlays' colours: the one definition, for the legends and for the compositing shader
// (shaders/composite.frag.glsl gets them as #defines, overlay_colour_glsl_defines()). They stand
// out against the standard backgrounds (light blue, white, light grey, deep blue) by a CIEDE2000
// of at least 30 (tests/unit/ui_overlay_colours_test.cpp): no cyan or blue, which a light-blue
// background swallows.
namespace overlay_colour {
inline constexpr Rgb glare{255, 0, 200};                 // specular blobs: magenta
inline constexpr Rgb clipped_dark{70, 0, 200};           // face pixels clipped dark: deep violet
inline constexpr Rgb clipped_bright{255, 26, 26};        // ... clipped bright: red
inline constexpr Rgb background_uniform{0, 150, 50};     // the background where it is its own colour: green
inline constexpr Rgb background_uneven{255, 120, 0};     // ... where it is far from it: orange
inline constexpr Rgb sharpness_low{217, 26, 191};        // little local detail: magenta
inline constexpr Rgb sharpness_high{26, 217, 77};        // much: green
inline constexpr Rgb symmetry{255, 90, 200};             // symmetry residual arrows (drawn as vectors)
// The background map covers the photo's background by at least this much, whatever the opacity
// slider says, so the background is never left looking as it was.
inline constexpr float background_mix = 0.6f;
}  // namespace overlay_colour

// "#define COL_GLARE vec3(1.000, 0.000, 0.784)\n…": the colours above for GLSL.
std::string overlay_colour_glsl_defines();

// A point of a two-colour ramp (t in 0..1), for gradient legends of the maps drawn as such.
ImU32 ramp(Rgb a, Rgb b, float t);

// Turbo colour map on the CPU (the same polynomial as shaders/composite.frag.glsl).
ImU32 turbo(float t);
ImU32 background_ramp(float t);  // background_uniform .. background_uneven
ImU32 sharpness_ramp(float t);   // sharpness_low .. sharpness_high
void gradient_legend(const char* low, const char* high, ImU32 (*map)(float), float width);
void swatch_legend(ImU32 colour, const char* label);
// The width gradient_legend / swatch_legend take (so a row of legends can wrap before one).
float gradient_legend_width(const char* low, const char* high, float width);
float swatch_legend_width(const char* label);

}  // namespace pa::widgets
