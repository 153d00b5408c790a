// The overlays' colours (widgets/legend.h, the one definition the shader and the legends share)
// stand out against the standard backgrounds a photo is taken on: light blue, white, light grey,
// deep blue (quality.json's standard colours and the light blue of the standard, ~RGB 170,200,235).
// Measured as CIEDE2000; the screenshot test measures the same on the rendered overlay pane
// (tests/gui/screenshot_test.sh, png_check --overlay-contrast). No GL.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "colour_difference.h"
#include "quality/config.h"
#include "ui/platform/gpu.h"
#include "widgets/legend.h"

namespace pa::widgets {
namespace {

using test::delta_e_2000;
using test::Lab;
using test::lab_of;

struct Named {
  std::string name;
  double r, g, b;
};

// The backgrounds: the standard's light blue, white, and the standard colours quality.json judges
// a background against (RGB).
std::vector<Named> backgrounds() {
  std::vector<Named> out = {{"light blue", 170, 200, 235}, {"white", 255, 255, 255}};
  const quality::Config config = quality::Config::load_default();
  for (const auto& c : config.json()["checks"]["background_colour"]["colours"]) {
    const double r = c[0], g = c[1], b = c[2];
    out.push_back({"standard " + c.dump(), r, g, b});
  }
  return out;
}

TEST(UiOverlayColours, EveryOverlayColourStandsOutAgainstTheStandardBackgrounds) {
  namespace oc = overlay_colour;
  const std::vector<std::pair<const char*, Rgb>> colours = {
      {"glare", oc::glare},
      {"clipped dark", oc::clipped_dark},
      {"clipped bright", oc::clipped_bright},
      {"background uniform", oc::background_uniform},
      {"background uneven", oc::background_uneven},
      {"sharpness low", oc::sharpness_low},
      {"sharpness high", oc::sharpness_high},
      {"symmetry", oc::symmetry}};
  const auto bgs = backgrounds();
  ASSERT_GE(bgs.size(), 6u);
  for (const auto& [name, c] : colours)
    for (const auto& bg : bgs) {
      const double de = delta_e_2000(lab_of(c.r, c.g, c.b), lab_of(bg.r, bg.g, bg.b));
      EXPECT_GE(de, 30) << name << " on " << bg.name;
    }
  // The background map as the shader lays it over a background (at least background_mix of it),
  // so a light-blue or white background visibly changes under it.
  for (const Rgb c : {oc::background_uniform, oc::background_uneven})
    for (const auto& bg : bgs) {
      const double k = oc::background_mix;
      const Lab over = lab_of(bg.r + (c.r - bg.r) * k, bg.g + (c.g - bg.g) * k, bg.b + (c.b - bg.b) * k);
      EXPECT_GE(delta_e_2000(over, lab_of(bg.r, bg.g, bg.b)), 25) << "background map on " << bg.name;
    }
  // What the overlays were before: cyan glare and a blue background map vanish on light blue.
  EXPECT_LT(delta_e_2000(lab_of(0, 255, 255), lab_of(170, 200, 235)), 30);
  EXPECT_LT(delta_e_2000(lab_of(38, 115, 255), lab_of(170, 200, 235)), 30);
  // The formula, on Sharma et al.'s published pairs.
  EXPECT_NEAR(delta_e_2000({50, 2.6772, -79.7751}, {50, 0, -82.7485}), 2.0425, 1e-4);
  EXPECT_NEAR(delta_e_2000({50, -1, 2}, {50, 0, 0}), 2.3669, 1e-4);
}

TEST(UiOverlayColours, TheShaderGetsTheColoursTheLegendsDraw) {
  const std::string defines = ui::with_overlay_defines("#version 330 core\nvoid main() {}\n");
  EXPECT_NE(defines.find("#define COL_GLARE vec3(1.000, 0.000, 0.784)\n"), std::string::npos) << defines;
  EXPECT_NE(defines.find("#define COL_BACKGROUND_UNIFORM vec3(0.000, 0.588, 0.196)\n"), std::string::npos) << defines;
  EXPECT_NE(defines.find("#define BACKGROUND_MIX 0.600\n"), std::string::npos) << defines;
  EXPECT_EQ(defines.substr(0, defines.find('\n')), "#version 330 core");
  EXPECT_EQ(ImU32(overlay_colour::glare.u32()), ImU32(IM_COL32(255, 0, 200, 255)));
}

}  // namespace
}  // namespace pa::widgets
