// The overlay bits have one definition (quality/overlays.h): the compositing shader names them
// (OV_*) and the compositor #defines them from the header after the shader's #version line; the
// view state's default is the header's lighting bit. No GL: the shader source is checked as text.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/assets.h"
#include "quality/overlays.h"
#include "ui/platform/gpu.h"
#include "ui/photos/photo_data.h"

namespace pa::ui {
namespace {

TEST(UiOverlayBits, TheShaderNamesTheBitsTheHeaderDefines) {
  const std::string src = asset_text("composite.frag.glsl");
  std::set<std::string> used;
  const std::regex use(R"(Overlays\s*&\s*([A-Za-z0-9_]+))");
  for (auto it = std::sregex_iterator(src.begin(), src.end(), use); it != std::sregex_iterator(); ++it)
    used.insert((*it)[1].str());
  // Every test of the uniform names a bit; none is a number of its own.
  EXPECT_EQ(used, (std::set<std::string>{"OV_LIGHTING", "OV_GLARE", "OV_CLIPPED", "OV_BACKGROUND", "OV_SHARPNESS"}));
  EXPECT_EQ(src.find("#define OV_"), std::string::npos) << "the bits are defined in quality/overlays.h only";

  const std::string full = with_overlay_defines(src);
  EXPECT_EQ(full.substr(0, full.find('\n')), "#version 330 core");  // still the first line
  unsigned all = 0;
  for (const auto& o : quality::kOverlayNames) {
    const unsigned bit = o.bit;
    EXPECT_EQ(bit & (bit - 1), 0u) << o.glsl << " is one bit";
    EXPECT_EQ(all & bit, 0u) << o.glsl << " is a bit of its own";
    all |= bit;
    const std::string define = "\n#define " + std::string(o.glsl) + " " + std::to_string(bit) + "u\n";
    const std::size_t at = full.find(define);
    ASSERT_NE(at, std::string::npos) << define;
    const std::size_t first_use = full.find(std::string("& ") + o.glsl);
    if (first_use != std::string::npos) EXPECT_LT(at, first_use) << o.glsl << " is defined before it is used";
  }
  // The C++ names are the header's.
  EXPECT_EQ(static_cast<unsigned>(ov_lighting), static_cast<unsigned>(quality::ov_lighting));
  EXPECT_EQ(static_cast<unsigned>(ov_sharpness), static_cast<unsigned>(quality::ov_sharpness));
  // A source without a #version line gets the defines first.
  EXPECT_EQ(with_overlay_defines("void main() {}\n").rfind("#define OV_LIGHTING 1u\n", 0), 0u);
}

}  // namespace
}  // namespace pa::ui
