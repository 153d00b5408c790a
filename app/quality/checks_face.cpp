// no_face, multiple_faces, head_pose, eyes_closed, mouth_open.
#include <cmath>

#include "quality/checks.h"
#include "quality/geometry.h"

namespace pa::quality {
namespace {

// How many faces: none fails no_face; a second face whose width is a large share of the first
// one's raises multiple_faces (OFIQ SingleFacePresent). Value: second width / first width.
class FaceCount : public Check {
 public:
  explicit FaceCount(const Config& c) : Check(c, "face_count"), second_(c.check("second_face")) {}
  bool needs_face() const override { return false; }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    int n = f.geo.faces;
    out.push_back(make(params(), "no_face", n, 1, n == 0 ? Severity::fail : Severity::pass,
                       "检测到人脸 " + std::to_string(n) + " 张", std::to_string(n) + " face(s) found"));
    if (n == 0) return;
    const auto& boxes = f.geo.face_boxes;
    double ratio = boxes.size() > 1 ? boxes[1].width / std::max(1.0f, boxes[0].width) : 0.0;
    out.push_back(above(second_, "multiple_faces", ratio));
  }

 private:
  Params second_;
};

// One pose angle (yaw, pitch, or roll from the eye line), judged on its magnitude.
class PoseAngle : public Check {
 public:
  enum Which { yaw, pitch, roll };
  PoseAngle(const Config& c, const char* name, Which which) : Check(c, name), which_(which) {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const Geometry& g = f.geo;
    if (which_ != roll && !g.pose.valid) return;
    double a = which_ == yaw ? g.pose.yaw : which_ == pitch ? g.pose.pitch : judged_roll(g);
    // The fitted angles carry their uncertainty u (one standard deviation); the eye line is
    // measured directly (u = 0). A fail needs the angle beyond "fail" by more than u; a warning,
    // beyond "warn" by more than u, or beyond "fail" at all (then the reviewer looks).
    double u = which_ == yaw ? g.pose.yaw_sd : which_ == pitch ? g.pose.pitch_sd : 0;
    CheckResult r = above(params(), "head_pose", std::fabs(a));
    const double m = std::fabs(a), warn = num("warn"), fail = num("fail");
    if (m > fail + u) {
      r.severity = Severity::fail;
      r.threshold = fail + u;
    } else if (m > fail || m > warn + u) {
      r.severity = Severity::warn;
      r.threshold = std::min(fail, warn + u);
    } else {
      r.severity = Severity::pass;
      r.threshold = warn + u;
    }
    r.value = a;  // report the signed angle; judged on its magnitude
    r.message = value_message(wording(params()), a, r.threshold, u);
    out.push_back(r);
  }

 private:
  Which which_;
};

// Eye aspect ratio (eyelid gap over eye width, the smaller eye): low = closed.
class EyesOpen : public Check {
 public:
  explicit EyesOpen(const Config& c) : Check(c, "eyes_open") {}
  static double aspect(const std::vector<cv::Point2f>& p, int i) {  // i = first of 6 eye points
    double w = cv::norm(p[i + 3] - p[i]);
    double h = cv::norm(p[i + 1] - p[i + 5]) + cv::norm(p[i + 2] - p[i + 4]);
    return w > 0 ? h / (2 * w) : 0;
  }
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const auto& p = f.geo.landmarks;
    double ear = std::min(aspect(p, lm::eye_l_first), aspect(p, lm::eye_r_first));
    out.push_back(below(params(), "eyes_closed", ear));
  }
};

// Inner-lip gap relative to the eye-to-chin distance (OFIQ MouthClosed): high = open.
class MouthClosed : public Check {
 public:
  explicit MouthClosed(const Config& c) : Check(c, "mouth_closed") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    out.push_back(above(params(), "mouth_open", f.geo.mouth_opening));
  }
};

}  // namespace

void add_face_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<FaceCount>(c));
  out.push_back(std::make_unique<PoseAngle>(c, "yaw", PoseAngle::yaw));
  out.push_back(std::make_unique<PoseAngle>(c, "pitch", PoseAngle::pitch));
  out.push_back(std::make_unique<PoseAngle>(c, "roll", PoseAngle::roll));
  out.push_back(std::make_unique<EyesOpen>(c));
  out.push_back(std::make_unique<MouthClosed>(c));
}

}  // namespace pa::quality
