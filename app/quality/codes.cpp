#include "quality/codes.h"

#include <stdexcept>
#include <string>

namespace pa::quality {

const std::vector<CodeInfo>& raisable_codes() {
  static const std::vector<CodeInfo> codes = {
      {"uneven_lighting", Automation::yes},   {"recapture", Automation::hint},
      {"retouched", Automation::hint},        {"blurry", Automation::yes},
      {"overexposed", Automation::yes},       {"hair_color_cast", Automation::hint},
      {"underexposed", Automation::yes},      {"subject_too_small", Automation::yes},
      {"framing", Automation::yes},           {"head_pose", Automation::yes},
      {"shoulders_uneven", Automation::hint}, {"eyes_closed", Automation::yes},
      {"mouth_open", Automation::yes},        {"glasses_glare", Automation::yes},
      {"tinted_glasses", Automation::hint},   {"frame_covers_eyes", Automation::hint},
      {"red_eye", Automation::yes},           {"face_hot_spots", Automation::yes},
      {"hair_occlusion", Automation::hint},   {"head_covering", Automation::hint},
      {"clothing_color", Automation::yes},    {"clothing_pattern", Automation::hint},
      {"background", Automation::yes},        {"no_face", Automation::yes},
      {"multiple_faces", Automation::yes},    {"format", Automation::yes},
  };
  return codes;
}

Automation automation_of(std::string_view code) {
  for (const auto& c : raisable_codes())
    if (c.code == code) return c.automation;
  throw std::invalid_argument("not a code the quality engine raises: " + std::string(code));
}

}  // namespace pa::quality
