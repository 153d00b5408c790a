// How each check reads to a person: its plain name in both languages, the unit of its value, which
// way its allowed range points and whether its pixel thresholds scale with the photo, keyed by the
// check's name (its section of quality.json, the `check` of its results). The one place that knows
// it: the checks word their messages from it (Check::above / below / within), the review screen's
// findings panel says each result as one sentence with it (check_sentence), and a test keeps it
// covering every check the engine can emit and agreeing with quality.json's thresholds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "quality/config.h"
#include "quality/types.h"

namespace pa::quality {

// Which values pass, by the section's thresholds in quality.json.
enum class Allowed {
  below_warn,      // higher is worse: passes below "warn" (fails from "fail")
  from_warn,       // lower is worse: passes from "warn" up (fails below "fail")
  within,          // passes inside [low_key, high_key]
  magnitude,       // a signed value judged on its size: passes within ± "warn"
  stated,          // says itself what it found and what it expected (pixel size, file type, faces)
};

// Which side of the photo its pixel thresholds scale with (given at the standard 480x640).
enum class Scales { no, with_width, with_height };

struct CheckText {
  std::string_view check;   // "lighting_balance"
  std::string_view zh, en;  // "左右脸亮度差", "left/right cheek luminance difference"
  std::string_view unit;    // "L*", "px", "KB", "°", "%", "ΔE", "Δab" or "" (a ratio)
  Allowed allowed;
  Scales scales = Scales::no;
  std::string_view low_key = "min", high_key = "max";  // Allowed::within's range in the section
};

// Every check, in the engine's report order.
const std::vector<CheckText>& check_texts();
// The check named `check`; nullptr for a name no check has.
const CheckText* check_text(std::string_view check);

enum class Language { zh, en };

// The sentence a reviewer reads for one result: the check's plain name, the measured value in its
// unit and the range that passes, from `config` (the thresholds it was judged by), scaled as the
// result's own threshold was (pixel thresholds scale with the photo's size). Numbers are written for reading (format_number: "26.7", "274", never "2.05e+03").
//   左右脸亮度差 26.7 L*（应 < 10 L*）        left/right cheek luminance difference 26.7 L* (should be < 10 L*)
//   眼睛连线到上边缘 274 px（应 200–300 px）   eye line to top edge 274 px (should be 200–300 px)
//   歪头（两眼连线倾斜） +9.34°（应在 ±5° 以内）  roll (eye line tilt) +9.34° (should be within ±5°)
// A check that states its own finding gives its message in that language; a result of a check
// this table does not know, its message as it is.
std::string check_sentence(const CheckResult& r, const Config& config, Language lang);

// A value of the check as the sentence writes it: "274 px", "+9.34°", "1.5%", "0.152" (the sign
// for a check judged on its magnitude). Any readout of the same measure uses it, so the numbers agree.
std::string format_check_value(std::string_view check, double value);

// One language's half of a "中文 (English)" message (Check::make's form).
std::string message_in(const std::string& message, Language lang);

}  // namespace pa::quality
