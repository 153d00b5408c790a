#include "quality/check.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "quality/check_text.h"
#include "quality/codes.h"

namespace pa::quality {

const char* to_string(Severity v) {
  switch (v) {
    case Severity::pass: return "pass";
    case Severity::warn: return "warn";
    case Severity::fail: return "fail";
  }
  return "pass";
}

Check::Check(const Config& config, std::string name)
    : name_(std::move(name)), params_(config.check(name_)) {}

std::string format_number(double v) {
  char buf[32];
  double a = std::fabs(v);
  if (!std::isfinite(v)) return "n/a";
  if (a >= 100 || v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (a >= 10) std::snprintf(buf, sizeof buf, "%.1f", v);
  else if (a >= 1) std::snprintf(buf, sizeof buf, "%.2f", v);
  else std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string value_message(const Wording& w, double value, double threshold, double uncertainty) {
  std::string unit = w.unit.empty() ? "" : " " + w.unit;
  std::string v = format_number(value) + (uncertainty > 0 ? " ±" + format_number(uncertainty) : "");
  return w.zh + " " + v + unit + "，阈值 " + format_number(threshold) + unit + " (" + w.en + " " + v +
         unit + ", threshold " + format_number(threshold) + unit + ")";
}

CheckResult Check::make(const Params& p, const std::string& code, double value,
                        double threshold, Severity v, const std::string& zh,
                        const std::string& en) {
  // A hint code is only ever a warning: a person decides.
  if (v == Severity::fail && automation_of(code) == Automation::hint) v = Severity::warn;
  return {code, p.name(), value, threshold, v, zh + " (" + en + ")"};
}

Wording Check::wording(const Params& p) {
  const CheckText* t = check_text(p.name());
  if (!t) throw std::logic_error("check_text.cpp has no entry for the check " + p.name());
  return {std::string(t->zh), std::string(t->en), std::string(t->unit)};
}

namespace {
CheckResult with_message(CheckResult r, const Wording& w) {
  r.message = value_message(w, r.value, r.threshold);
  return r;
}
bool may_fail(const Params& p, const std::string& code) {
  return automation_of(code) != Automation::hint && p.has("fail");
}
}  // namespace

CheckResult Check::above(const Params& p, const std::string& code, double value, double scale) {
  const Wording w = wording(p);
  double warn = p.num("warn") * scale;
  if (may_fail(p, code) && value >= p.num("fail") * scale)
    return with_message(make(p, code, value, p.num("fail") * scale, Severity::fail, "", ""), w);
  auto v = value >= warn ? Severity::warn : Severity::pass;
  return with_message(make(p, code, value, warn, v, "", ""), w);
}

CheckResult Check::below(const Params& p, const std::string& code, double value, double scale) {
  const Wording w = wording(p);
  double warn = p.num("warn") * scale;
  if (may_fail(p, code) && value < p.num("fail") * scale)
    return with_message(make(p, code, value, p.num("fail") * scale, Severity::fail, "", ""), w);
  auto v = value < warn ? Severity::warn : Severity::pass;
  return with_message(make(p, code, value, warn, v, "", ""), w);
}

CheckResult Check::within(const Params& p, const std::string& code, double value, double scale) {
  const Wording w = wording(p);
  double lo = p.num("min") * scale, hi = p.num("max") * scale;
  double margin = p.num("fail_margin") * scale;
  double bound = value < lo ? lo : hi;
  auto v = Severity::pass;
  if (value < lo - margin || value > hi + margin) v = Severity::fail;
  else if (value < lo || value > hi) v = Severity::warn;
  std::string unit = w.unit.empty() ? "" : " " + w.unit;
  return make(p, code, value, bound, v,
              w.zh + " " + format_number(value) + unit + "，应在 " + format_number(lo) + "–" +
                  format_number(hi) + unit,
              w.en + " " + format_number(value) + unit + ", expected " + format_number(lo) + "–" +
                  format_number(hi) + unit);
}

cv::Mat map_of(const cv::Mat& m, cv::Size size, double k) {
  cv::Mat f;
  m.convertTo(f, CV_32F, k);
  if (f.size() != size) cv::resize(f, f, size, 0, 0, cv::INTER_LINEAR);
  return f;
}

}  // namespace pa::quality
