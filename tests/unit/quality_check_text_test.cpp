// How each check reads to a reviewer (quality/check_text.h): one entry per check, covering every
// section of quality.json that judges and every check the engine emits, agreeing with the
// direction of its thresholds; the engine words its messages from it; and the sentence a reviewer
// reads gives the value in its unit, the range that passes and its direction, never an exponent.
#include <gtest/gtest.h>

#include <set>

#include "quality/check.h"
#include "quality/check_text.h"
#include "quality/config.h"
#include "quality/engine.h"
#include "quality_corpus.h"

namespace pa::quality {
namespace {

const Config& config() {
  static const Config c = Config::load_default();
  return c;
}

TEST(QualityCheckText, EveryJudgingSectionOfTheConfigHasItsEntryAndTheDirectionOfItsThresholds) {
  std::set<std::string> sections, described;
  for (const auto& [name, section] : config().json()["checks"].items())
    if (name != "background_model") sections.insert(name);  // the background's colour model judges nothing
  for (const auto& t : check_texts()) {
    EXPECT_TRUE(described.insert(std::string(t.check)).second) << t.check << " is described twice";
    EXPECT_FALSE(t.zh.empty() || t.en.empty()) << t.check;
    EXPECT_EQ(check_text(t.check), &t);
  }
  EXPECT_EQ(described, sections);
  EXPECT_EQ(check_text("no_such_check"), nullptr);
  for (const auto& t : check_texts()) {
    if (!config().has_check(t.check)) continue;
    const Params p = config().check(t.check);
    switch (t.allowed) {
      case Allowed::below_warn:
      case Allowed::magnitude:  // higher is worse: a fail threshold is above the warn one
        ASSERT_TRUE(p.has("warn")) << t.check;
        if (p.has("fail")) {
          EXPECT_GE(p.num("fail"), p.num("warn")) << t.check;
        }
        break;
      case Allowed::from_warn:  // lower is worse
        ASSERT_TRUE(p.has("warn")) << t.check;
        if (p.has("fail")) {
          EXPECT_LE(p.num("fail"), p.num("warn")) << t.check;
        }
        break;
      case Allowed::within:
        ASSERT_TRUE(p.has(t.low_key) && p.has(t.high_key)) << t.check;
        EXPECT_LT(p.num(t.low_key), p.num(t.high_key)) << t.check;
        break;
      case Allowed::stated:
        EXPECT_FALSE(p.has("warn")) << t.check << " has a threshold: say its range";
        break;
    }
    // Pixel thresholds at 480x640 are in px and scale with the photo; nothing else scales.
    EXPECT_EQ(t.scales != Scales::no, t.unit == "px" && t.allowed != Allowed::stated) << t.check;
  }
}

TEST(QualityCheckText, EveryCheckTheEngineEmitsIsDescribedAndWordsItsMessageFromIt) {
  std::set<std::string> emitted;
  for (const char* name : {"grace/clean", "astronaut/clean", "grace/wrong_size", "astronaut/glasses_glare", "mixed/group",
                           "mixed/no_face"})
    for (const auto& c : test::corpus::analysis(name).checks) {
      emitted.insert(c.check);
      const CheckText* t = check_text(c.check);
      ASSERT_TRUE(t) << name << ": " << c.check << " is not in check_text.cpp";
      if (t->allowed != Allowed::stated) {
        EXPECT_EQ(c.message.rfind(std::string(t->zh) + " ", 0), 0u) << c.check << ": " << c.message;
      }
      EXPECT_FALSE(check_sentence(c, config(), Language::zh).empty());
    }
  // The faces, the pose, the framing, the exposure, the highlights and the background all spoke.
  for (const char* c : {"pixel_size", "file_type", "file_size", "face_count", "yaw", "roll", "eye_line", "lighting_balance",
                        "hot_spot_size", "glasses_glare", "background_colour", "second_face"})
    EXPECT_TRUE(emitted.count(c)) << c;
}

CheckResult result(const std::string& check, double value, double threshold, Severity s, std::string message = "") {
  return {"x", check, value, threshold, s, std::move(message)};
}

TEST(QualityCheckText, SentencesGiveTheValueTheRangeThatPassesAndItsDirection) {
  const Config& c = config();
  const auto zh = Language::zh, en = Language::en;
  // Higher is worse: the range that passes is below the warn threshold, whatever decided.
  EXPECT_EQ(check_sentence(result("lighting_balance", 26.7, 15, Severity::fail), c, zh), "左右脸亮度差 26.7 L*（应 < 10 L*）");
  EXPECT_EQ(check_sentence(result("lighting_balance", 26.7, 15, Severity::fail), c, en),
            "left/right cheek luminance difference 26.7 L* (should be < 10 L*)");
  EXPECT_EQ(check_sentence(result("glasses_glare", 3.21, 2, Severity::warn), c, zh), "眼镜区域反光占比 3.21%（应 < 2%）");
  // Lower is worse.
  EXPECT_EQ(check_sentence(result("eyes_open", 0.104, 0.12, Severity::fail), c, zh), "眼睛睁开程度 0.104（应 ≥ 0.17）");
  // A range, in px, scaled as the result's threshold was: a 480x640 photo, then one twice as large.
  EXPECT_EQ(check_sentence(result("eye_line", 274, 300, Severity::pass), c, zh), "眼睛连线到上边缘 274 px（应 200–300 px）");
  EXPECT_EQ(check_sentence(result("eye_line", 150, 200, Severity::fail), c, en), "eye line to top edge 150 px (should be 200–300 px)");
  EXPECT_EQ(check_sentence(result("eye_line", 700, 600, Severity::warn), c, zh), "眼睛连线到上边缘 700 px（应 400–600 px）");
  EXPECT_EQ(check_sentence(result("eye_line", 380, 400, Severity::warn), c, zh), "眼睛连线到上边缘 380 px（应 400–600 px）");
  EXPECT_EQ(check_sentence(result("face_width_small", 240, 262.5, Severity::fail), c, zh), "脸宽 240 px（应 ≥ 270 px）");
  // Sizes of files in KB, large numbers without an exponent.
  EXPECT_EQ(check_sentence(result("file_size", 2050.4, 2048, Severity::warn), c, zh), "文件大小 2050 KB（应 10–2048 KB）");
  // A signed value judged on its size; the roll's number as every readout writes it.
  EXPECT_EQ(check_sentence(result("roll", 9.34, 8, Severity::fail), c, zh), "歪头（两眼连线倾斜） +9.3°（应在 ±5° 以内）");
  EXPECT_EQ(check_sentence(result("centring", -30, 24, Severity::warn), c, en), "face off-centre by -30 px (should be within ±24 px)");
  EXPECT_EQ(format_check_value("roll", 9.34), "+9.3°");  // angles to a tenth of a degree
  EXPECT_EQ(format_check_value("yaw", 0.248), "+0.2°");
  EXPECT_EQ(format_check_value("roll", -0.5), "-0.5°");
  EXPECT_EQ(format_check_value("roll", 0), "0°");
  EXPECT_EQ(format_check_value("inter_eye", 2050.4), "2050 px");
  // A check that states its own finding: its message, in the language asked for.
  const auto size = result("pixel_size", 360, 0, Severity::fail, "尺寸 600×800，应为 480×640 (size 600×800, expected 480×640)");
  EXPECT_EQ(check_sentence(size, c, zh), "尺寸 600×800，应为 480×640");
  EXPECT_EQ(check_sentence(size, c, en), "size 600×800, expected 480×640");
  EXPECT_EQ(check_sentence(result("unknown", 1, 1, Severity::warn, "中文 (English)"), c, en), "English");
  for (const auto& t : check_texts())
    for (double v : {0.0001, 0.5, 3.0, 42.42, 2047.9, 123456.0}) {
      const std::string s = check_sentence(result(std::string(t.check), v, 1, Severity::warn, "a (b)"), c, zh);
      EXPECT_EQ(s.find("e+"), std::string::npos) << s;
      EXPECT_EQ(s.find("e-"), std::string::npos) << s;
    }
}

}  // namespace
}  // namespace pa::quality
