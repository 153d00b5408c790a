// The base of every check: one class per measure. A check reads its thresholds from its own
// section of quality.json, looks at a prepared Frame and appends one or more CheckResults (and,
// when asked, its overlay maps).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quality/config.h"
#include "quality/frame.h"
#include "quality/types.h"

namespace pa::quality {

// What a measured value means, for the message: "左右脸亮度差" / "left/right cheek luminance
// difference", unit "L*". Every check's comes from its entry in check_text.h (Check::wording).
struct Wording {
  std::string zh, en, unit;
};

class Check {
 public:
  Check(const Config& config, std::string name);
  virtual ~Check() = default;
  const std::string& name() const { return name_; }
  // Most checks judge the face; those that do not (file format, face count, recapture) say so.
  virtual bool needs_face() const { return true; }
  virtual void run(const Frame& f, std::vector<CheckResult>& out, Maps* maps) const = 0;

 protected:
  const Params& params() const { return params_; }
  double num(std::string_view key) const { return params_.num(key); }
  // The judging helpers take the section to judge by (`params()` for single-result checks; a
  // check giving several results keeps one section per result). The result's `check` is the
  // section's name, and its message is worded by the section's entry in check_text.h; `scale`
  // multiplies the thresholds (pixel thresholds on other image sizes).
  // Higher is worse: fail from "fail", warn from "warn" (a hint code never fails).
  static CheckResult above(const Params& p, const std::string& code, double value, double scale = 1);
  // Lower is worse: fail below "fail", warn below "warn".
  static CheckResult below(const Params& p, const std::string& code, double value, double scale = 1);
  // Inside ["min", "max"] passes; outside warns; outside by more than "fail_margin" fails.
  static CheckResult within(const Params& p, const std::string& code, double value, double scale = 1);
  // The section's plain name and unit (check_text.h); std::logic_error for a section it lacks.
  static Wording wording(const Params& p);
  static CheckResult make(const Params& p, const std::string& code, double value,
                          double threshold, Severity v, const std::string& zh,
                          const std::string& en);

 private:
  std::string name_;
  Params params_;
};

std::string format_number(double v);
// "中文 (English)" message of a judged value: "<what> 12.3 L*，阈值 10 (<what> 12.3 L*, threshold 10)";
// with an uncertainty > 0 the value reads "12.3 ±2.1".
std::string value_message(const Wording& w, double value, double threshold, double uncertainty = 0);

// Every check, in report order, configured from `config`.
std::vector<std::unique_ptr<Check>> make_checks(const Config& config);

// A float map for Maps: `m` (any type) converted to CV_32F, scaled by `k`, resized to `size`.
cv::Mat map_of(const cv::Mat& m, cv::Size size, double k = 1.0 / 255.0);

}  // namespace pa::quality
