#include "quality/check_text.h"

#include <cstdio>

#include <cmath>

#include "quality/check.h"

namespace pa::quality {

namespace {
using A = Allowed;
using S = Scales;
}  // namespace

const std::vector<CheckText>& check_texts() {
  static const std::vector<CheckText> texts = {
      // format
      {"pixel_size", "像素尺寸", "pixel size", "px", A::stated},
      {"file_type", "文件格式", "file type", "", A::stated},
      {"file_size", "文件大小", "file size", "KB", A::within, S::no, "min_kb", "max_kb"},
      {"colour_content", "色度（99% 分位）", "chroma (99th percentile)", "", A::from_warn},
      // faces, pose, eyes and mouth
      {"face_count", "检测到的人脸", "faces found", "", A::stated},
      {"second_face", "第二张人脸相对大小", "relative size of a second face", "", A::below_warn},
      {"yaw", "左右转头（偏航）", "yaw (head turned)", "°", A::magnitude},
      {"pitch", "俯仰角", "pitch (head up/down)", "°", A::magnitude},
      {"roll", "歪头（两眼连线倾斜）", "roll (eye line tilt)", "°", A::magnitude},
      {"eyes_open", "眼睛睁开程度", "eye openness (lid gap / eye width)", "", A::from_warn},
      {"mouth_closed", "嘴唇张开程度", "lip gap / eye-to-chin distance", "", A::below_warn},
      // framing (pixel thresholds at 480x640)
      {"face_width_small", "脸宽", "face width", "px", A::from_warn, S::with_width},
      {"face_width_large", "脸宽", "face width", "px", A::below_warn, S::with_width},
      {"inter_eye", "两眼间距", "inter-eye distance", "px", A::from_warn, S::with_width},
      {"crown_gap", "头顶到上边缘", "crown to top edge", "px", A::within, S::with_height},
      {"eye_line", "眼睛连线到上边缘", "eye line to top edge", "px", A::within, S::with_height},
      {"centring", "人脸水平偏离中心", "face off-centre by", "px", A::magnitude, S::with_width},
      {"shoulder_room", "下巴以下空间（以眉到下巴距离计）", "room below the chin (brow-to-chin units)", "", A::from_warn},
      // exposure and sharpness
      {"lighting_balance", "左右脸亮度差", "left/right cheek luminance difference", "L*", A::below_warn},
      {"luminance_dark", "脸部平均亮度", "mean face luminance", "", A::from_warn},
      {"luminance_bright", "脸部平均亮度", "mean face luminance", "", A::below_warn},
      {"clipped_dark", "脸部死黑像素占比", "face pixels clipped dark", "%", A::below_warn},
      {"clipped_bright", "脸部过曝像素占比", "face pixels clipped bright", "%", A::below_warn},
      {"sharpness", "模糊度", "blur (0 sharp, 1 blurred)", "", A::below_warn},
      // highlights and red eyes
      {"hot_spots", "面部高光占比", "specular highlights on the skin", "%", A::below_warn},
      {"hot_spot_size", "面部最大高光半径（占两眼间距）",
       "largest specular highlight on the skin, radius in inter-eye distances", "%", A::below_warn},
      {"hot_spot_count", "面部明显高光个数", "clearly visible specular highlights on the skin", "", A::below_warn},
      {"glasses_glare", "眼镜区域反光占比", "specular highlights on the lens areas", "%", A::below_warn},
      {"red_eye", "瞳孔红色像素占比", "red pixels in the pupils", "%", A::below_warn},
      // background and clothing
      {"background_texture", "背景纹理（亮度梯度）", "background texture (luminance gradient)", "L*/px", A::below_warn},
      {"background_spread", "背景偏离底色的面积占比", "background area off the background colour", "%", A::below_warn},
      {"background_colour", "背景色与标准底色的色差", "background colour distance to the standard colours", "ΔE",
       A::below_warn},
      {"clothing_contrast", "上衣与背景颜色相近的面积占比", "top area close to the background colour", "%",
       A::below_warn},
      {"blue_top", "蓝色上衣面积占比", "blue share of the top", "%", A::below_warn},
      // hints: a person decides
      {"moire", "摩尔纹频谱峰值", "moiré spectral peak", "", A::below_warn},
      {"screen_border", "边框暗像素占比", "dark border share", "%", A::below_warn},
      {"skin_texture", "皮肤纹理相对五官细节", "skin texture relative to feature detail", "", A::from_warn},
      {"hair_cast", "头顶发色与两侧的色差", "top-of-hair colour shift against the sides", "Δab", A::below_warn},
      {"shoulder_tilt", "肩线倾斜", "shoulder line tilt", "°", A::magnitude},
      {"tinted_lenses", "镜片区域与脸颊色差", "lens area vs cheek colour difference", "ΔE", A::below_warn},
      {"frame_over_eyes", "横穿眼睛的暗条宽度占比", "dark bar across the eyes", "%", A::below_warn},
      {"hair_over_brows", "眉毛上方被头发遮挡的面积占比", "brow band covered by hair", "%", A::below_warn},
      {"head_cover", "头顶直线边缘（帽檐）宽度占比", "straight edge (brim) across the head", "%", A::below_warn},
      {"clothing_pattern", "上衣条纹/图案频谱峰值", "clothing stripe/pattern spectral peak", "", A::below_warn},
  };
  return texts;
}

const CheckText* check_text(std::string_view check) {
  for (const auto& t : check_texts())
    if (t.check == check) return &t;
  return nullptr;
}

std::string message_in(const std::string& message, Language lang) {
  const auto open = message.find(" (");
  if (open == std::string::npos || message.empty() || message.back() != ')') return message;
  return lang == Language::zh ? message.substr(0, open) : message.substr(open + 2, message.size() - open - 3);
}

namespace {

// format_number without trailing zeros: "0.17", "2.1", "26.7", "2050".
std::string readable(double v) {
  std::string s = format_number(v);
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// A number as the reviewer reads it in `unit`: angles to a tenth of a degree ("4.2", not
// "4.24"), everything else as readable() gives it.
std::string number_in(double v, std::string_view unit) {
  if (unit != "°") return readable(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string out = buf;
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
  return out == "-0" ? "0" : out;
}

// "274 px", "9.3°", "1.5%", "0.152": degrees and percent stick to the number.
std::string with_unit(const std::string& number, std::string_view unit) {
  if (unit.empty()) return number;
  if (unit == "°" || unit == "%") return number + std::string(unit);
  return number + " " + std::string(unit);
}

// The scale the result's threshold was given at (Check::above / below / within multiply the
// section's thresholds by it): the threshold that decided it over the section's number.
double scale_of(const CheckText& t, const CheckResult& r, const Params& p) {
  if (t.scales == Scales::no || r.threshold <= 0) return 1;
  double base = 0;
  if (t.allowed == Allowed::within) {
    // within(): the bound is the low end when the value is below it, else the high end.
    const bool low = r.severity != Severity::pass && r.value < r.threshold;
    base = p.num_or(low ? t.low_key : t.high_key, 0);
  } else {
    base = p.num_or(r.severity == Severity::fail && p.has("fail") ? "fail" : "warn", 0);
  }
  return base > 0 ? r.threshold / base : 1;
}

}  // namespace

std::string format_check_value(std::string_view check, double value) {
  const CheckText* t = check_text(check);
  std::string v = t ? number_in(value, t->unit) : readable(value);
  if (t && t->allowed == Allowed::magnitude && v != "0" && v[0] != '-') v = "+" + v;
  return t ? with_unit(v, t->unit) : v;
}

std::string check_sentence(const CheckResult& r, const Config& config, Language lang) {
  const CheckText* t = check_text(r.check);
  if (!t || !config.has_check(r.check)) return message_in(r.message, lang);
  if (t->allowed == Allowed::stated) return message_in(r.message, lang);
  const Params p = config.check(r.check);
  const double s = scale_of(*t, r, p);
  const bool zh = lang == Language::zh;
  std::string out = std::string(zh ? t->zh : t->en) + " " + format_check_value(r.check, r.value);
  auto bound = [&](std::string_view key) { return with_unit(number_in(p.num(key) * s, t->unit), t->unit); };
  std::string range;
  switch (t->allowed) {
    case Allowed::below_warn: range = (zh ? "应 < " : "should be < ") + bound("warn"); break;
    case Allowed::from_warn: range = (zh ? "应 ≥ " : "should be ≥ ") + bound("warn"); break;
    case Allowed::within:
      range = (zh ? "应 " : "should be ") + number_in(p.num(t->low_key) * s, t->unit) + "–" + bound(t->high_key);
      break;
    case Allowed::magnitude:
      range = zh ? "应在 ±" + bound("warn") + " 以内" : "should be within ±" + bound("warn");
      break;
    case Allowed::stated: break;
  }
  return out + (zh ? "（" + range + "）" : " (" + range + ")");
}

}  // namespace pa::quality
