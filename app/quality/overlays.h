// The overlay kinds: the engine's maps (types.h, Maps) the review screen lays over a photo, as the
// bits of one set. The one definition of the bits: the UI's toggles, the saved view state and the
// compositing shader (shaders/composite.frag.glsl, which gets them as #defines when the UI
// compiles it: overlay_glsl_defines()) all use these.
#pragma once

#include <string>

namespace pa::quality {

enum Overlay : unsigned {
  ov_lighting = 1u << 0,    // face luminance heat map
  ov_landmarks = 1u << 1,   // landmarks, eye line, midline, symmetry residuals (drawn as vectors)
  ov_glare = 1u << 2,       // specular blobs
  ov_clipped = 1u << 3,     // clipped dark / bright face pixels
  ov_background = 1u << 4,  // background mask and uniformity
  ov_sharpness = 1u << 5,   // local detail
};

struct OverlayName {
  Overlay bit;
  const char* glsl;  // the shader's name for the bit
};
inline constexpr OverlayName kOverlayNames[] = {
    {ov_lighting, "OV_LIGHTING"}, {ov_landmarks, "OV_LANDMARKS"},   {ov_glare, "OV_GLARE"},
    {ov_clipped, "OV_CLIPPED"},   {ov_background, "OV_BACKGROUND"}, {ov_sharpness, "OV_SHARPNESS"},
};

// "#define OV_LIGHTING 1u\n#define OV_LANDMARKS 2u\n…": the bits for GLSL (uint literals).
inline std::string overlay_glsl_defines() {
  std::string s;
  for (const auto& o : kOverlayNames)
    s += std::string("#define ") + o.glsl + " " + std::to_string(static_cast<unsigned>(o.bit)) + "u\n";
  return s;
}

}  // namespace pa::quality
