#include "widgets/legend.h"

#include <algorithm>
#include <cstdio>

namespace pa::widgets {

std::string overlay_colour_glsl_defines() {
  struct Named {
    const char* name;
    Rgb c;
  };
  namespace oc = overlay_colour;
  const Named all[] = {{"COL_GLARE", oc::glare},
                       {"COL_CLIPPED_DARK", oc::clipped_dark},
                       {"COL_CLIPPED_BRIGHT", oc::clipped_bright},
                       {"COL_BACKGROUND_UNIFORM", oc::background_uniform},
                       {"COL_BACKGROUND_UNEVEN", oc::background_uneven},
                       {"COL_SHARPNESS_LOW", oc::sharpness_low},
                       {"COL_SHARPNESS_HIGH", oc::sharpness_high}};
  std::string s;
  char buf[96];
  for (const auto& n : all) {
    std::snprintf(buf, sizeof buf, "#define %s vec3(%.3f, %.3f, %.3f)\n", n.name, n.c.r / 255.0, n.c.g / 255.0,
                  n.c.b / 255.0);
    s += buf;
  }
  std::snprintf(buf, sizeof buf, "#define BACKGROUND_MIX %.3f\n", oc::background_mix);
  return s + buf;
}

ImU32 ramp(Rgb a, Rgb b, float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  auto ch = [t](unsigned char x, unsigned char y) { return static_cast<int>(x + (y - x) * t + 0.5f); };
  return IM_COL32(ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255);
}
ImU32 background_ramp(float t) { return ramp(overlay_colour::background_uniform, overlay_colour::background_uneven, t); }
ImU32 sharpness_ramp(float t) { return ramp(overlay_colour::sharpness_low, overlay_colour::sharpness_high, t); }

ImU32 turbo(float x) {
  x = std::clamp(x, 0.0f, 1.0f);
  const float x2 = x * x, x3 = x2 * x, x4 = x2 * x2, x5 = x4 * x;
  float r = 0.13572138f + 4.61539260f * x - 42.66032258f * x2 + 132.13108234f * x3 - 152.94239396f * x4 + 59.28637943f * x5;
  float g = 0.09140261f + 2.19418839f * x + 4.84296658f * x2 - 14.18503333f * x3 + 4.27729857f * x4 + 2.82956604f * x5;
  float b = 0.10667330f + 12.64194608f * x - 60.58204836f * x2 + 110.36276771f * x3 - 89.90310912f * x4 + 27.34824973f * x5;
  return ImGui::ColorConvertFloat4ToU32({std::clamp(r, 0.f, 1.f), std::clamp(g, 0.f, 1.f), std::clamp(b, 0.f, 1.f), 1});
}

float gradient_legend_width(const char* low, const char* high, float width) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  return ImGui::CalcTextSize(low).x + sp + width + sp + ImGui::CalcTextSize(high).x;
}

float swatch_legend_width(const char* label) {
  return ImGui::GetTextLineHeight() + 2 + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(label).x;
}

void gradient_legend(const char* low, const char* high, ImU32 (*map)(float), float width) {
  ImGui::TextUnformatted(low);
  ImGui::SameLine();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int steps = 32;
  for (int i = 0; i < steps; ++i) {
    const float x0 = p.x + width * i / steps, x1 = p.x + width * (i + 1) / steps;
    dl->AddRectFilledMultiColor({x0, p.y + 2}, {x1, p.y + h - 2}, map(float(i) / steps), map(float(i + 1) / steps),
                                map(float(i + 1) / steps), map(float(i) / steps));
  }
  ImGui::Dummy({width, h});
  ImGui::SameLine();
  ImGui::TextUnformatted(high);
}

void swatch_legend(ImU32 colour, const char* label) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddRectFilled({p.x, p.y + 3}, {p.x + h - 6 + 6, p.y + h - 3}, colour, 2);
  ImGui::Dummy({h + 2, h});
  ImGui::SameLine();
  ImGui::TextUnformatted(label);
}

}  // namespace pa::widgets
