#include "widgets/legend.h"

#include <algorithm>

namespace pa::widgets {

ImU32 turbo(float x) {
  x = std::clamp(x, 0.0f, 1.0f);
  const float x2 = x * x, x3 = x2 * x, x4 = x2 * x2, x5 = x4 * x;
  float r = 0.13572138f + 4.61539260f * x - 42.66032258f * x2 + 132.13108234f * x3 - 152.94239396f * x4 + 59.28637943f * x5;
  float g = 0.09140261f + 2.19418839f * x + 4.84296658f * x2 - 14.18503333f * x3 + 4.27729857f * x4 + 2.82956604f * x5;
  float b = 0.10667330f + 12.64194608f * x - 60.58204836f * x2 + 110.36276771f * x3 - 89.90310912f * x4 + 27.34824973f * x5;
  return ImGui::ColorConvertFloat4ToU32({std::clamp(r, 0.f, 1.f), std::clamp(g, 0.f, 1.f), std::clamp(b, 0.f, 1.f), 1});
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
