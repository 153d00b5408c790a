#version 330 core
// photoaudit overlay compositor: the photo plus the engine's raw float maps in, the overlay out.
// Colour maps, thresholds, mask tints, opacity and the split are uniforms, so every slider redraws
// live without touching the CPU.
in vec2 Frag_UV;
in vec4 Frag_Color;
out vec4 Out_Color;

uniform sampler2D Photo;   // unit 0: RGBA8, mipmapped
uniform sampler2D MapsA;   // unit 1: lighting, glare mask, specular score, sharpness
uniform sampler2D MapsB;   // unit 2: clipped dark, clipped bright, background mask, bg uniformity
uniform int HasMaps;
uniform uint Overlays;     // bit set of OV_* (app/quality/overlays.h; the compositor #defines them
                           // after the #version line). OV_LANDMARKS is drawn as vectors, not here.
// The colours (COL_*) and BACKGROUND_MIX are #defined with the bits, from widgets/legend.h: the
// legends draw the same ones.
uniform float Opacity;
uniform float Split;       // image-UV x: overlay left of it, original right of it
uniform float GlareThreshold;
uniform vec2 LightingRange;
uniform vec4 Highlight;    // image-UV rect (x0, y0, x1, y1) of the hovered finding; x1 <= x0: none

// Turbo colour map (Mikhailov 2019, polynomial approximation).
vec3 turbo(float x) {
  x = clamp(x, 0.0, 1.0);
  const vec4 kR4 = vec4(0.13572138, 4.61539260, -42.66032258, 132.13108234);
  const vec4 kG4 = vec4(0.09140261, 2.19418839, 4.84296658, -14.18503333);
  const vec4 kB4 = vec4(0.10667330, 12.64194608, -60.58204836, 110.36276771);
  const vec2 kR2 = vec2(-152.94239396, 59.28637943);
  const vec2 kG2 = vec2(4.27729857, 2.82956604);
  const vec2 kB2 = vec2(-89.90310912, 27.34824973);
  vec4 v4 = vec4(1.0, x, x * x, x * x * x);
  vec2 v2 = v4.zw * v4.z;
  return vec3(dot(v4, kR4) + dot(v2, kR2), dot(v4, kG4) + dot(v2, kG2), dot(v4, kB4) + dot(v2, kB2));
}

void main() {
  vec2 uv = Frag_UV;
  vec4 photo = texture(Photo, uv);
  vec3 col = photo.rgb;
  bool overlay_side = uv.x <= Split;
  if (HasMaps == 1 && overlay_side) {
    vec4 a = texture(MapsA, uv);
    vec4 b = texture(MapsB, uv);
    if ((Overlays & OV_LIGHTING) != 0u && a.r > 0.0) {
      float t = (a.r - LightingRange.x) / max(1e-3, LightingRange.y - LightingRange.x);
      col = mix(col, turbo(t), Opacity);
    }
    if ((Overlays & OV_SHARPNESS) != 0u) {
      // Sharpness: low local detail shows magenta, high detail green.
      vec3 c = mix(COL_SHARPNESS_LOW, COL_SHARPNESS_HIGH, clamp(a.a, 0.0, 1.0));
      col = mix(col, c, Opacity * 0.8);
    }
    if ((Overlays & OV_BACKGROUND) != 0u) {
      if (b.b > 0.5) {
        // Background: green where it is its own colour, orange where it is far from it; never
        // fainter than BACKGROUND_MIX, so a light-blue or white background visibly changes.
        vec3 c = mix(COL_BACKGROUND_UNIFORM, COL_BACKGROUND_UNEVEN, clamp(b.a * 2.0, 0.0, 1.0));
        col = mix(col, c, max(Opacity, BACKGROUND_MIX));
      } else {
        col *= mix(1.0, 0.55, Opacity);
      }
    }
    if ((Overlays & OV_CLIPPED) != 0u) {
      if (b.r > 0.5) col = mix(col, COL_CLIPPED_DARK, max(Opacity, 0.7));
      if (b.g > 0.5) col = mix(col, COL_CLIPPED_BRIGHT, max(Opacity, 0.7));
    }
    if ((Overlays & OV_GLARE) != 0u) {
      // Glare: the engine's mask, plus the live threshold on the specular score.
      float m = max(a.g, step(GlareThreshold, a.b));
      if (m > 0.5) col = mix(col, COL_GLARE, max(Opacity, 0.75));
    }
  }
  if (Highlight.z > Highlight.x) {
    bool inside = uv.x >= Highlight.x && uv.x <= Highlight.z && uv.y >= Highlight.y && uv.y <= Highlight.w;
    if (!inside) col *= 0.45;
  }
  Out_Color = vec4(col, 1.0) * Frag_Color;
}
