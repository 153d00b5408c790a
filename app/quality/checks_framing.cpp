// subject_too_small and framing: head size and position against the standard's pixel ranges
// (given at 480x640 and scaled to the photo's size).
#include <cmath>

#include "quality/checks.h"

namespace pa::quality {
namespace {

// Face width (cheek to cheek): below the range is subject_too_small, above it framing.
class FaceWidth : public Check {
 public:
  explicit FaceWidth(const Config& c)
      : Check(c, "face_width_small"), large_(c.check("face_width_large")) {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    out.push_back(below(params(), "subject_too_small", f.geo.face_width, f.scale_x()));
    out.push_back(above(large_, "framing", f.geo.face_width, f.scale_x()));
  }

 private:
  Params large_;
};

// Distance between the eye centres (ISO/IEC 19794-5 minimum).
class InterEye : public Check {
 public:
  explicit InterEye(const Config& c) : Check(c, "inter_eye") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    out.push_back(below(params(), "subject_too_small", f.geo.inter_eye, f.scale_x()));
  }
};

// Crown (top of the hair) to the top edge.
class CrownGap : public Check {
 public:
  explicit CrownGap(const Config& c) : Check(c, "crown_gap") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    out.push_back(within(params(), "framing", f.geo.crown_y, f.scale_y()));
  }
};

// Eye line to the top edge.
class EyeLine : public Check {
 public:
  explicit EyeLine(const Config& c) : Check(c, "eye_line") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    out.push_back(within(params(), "framing", f.geo.eye_y, f.scale_y()));
  }
};

// Horizontal offset of the face centre from the image centre.
class Centring : public Check {
 public:
  explicit Centring(const Config& c) : Check(c, "centring") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    double off = f.geo.face_centre_x - f.bgr.cols / 2.0;
    CheckResult r = above(params(), "framing", std::fabs(off), f.scale_x());
    r.value = off;
    out.push_back(r);
  }
};

// Room below the chin for the shoulders, in brow-to-chin distances.
class ShoulderRoom : public Check {
 public:
  explicit ShoulderRoom(const Config& c) : Check(c, "shoulder_room") {}
  void run(const Frame& f, std::vector<CheckResult>& out, Maps*) const override {
    const Geometry& g = f.geo;
    double d = std::max(1.0, g.chin_y - g.brow_y);
    out.push_back(below(params(), "framing", (f.bgr.rows - g.chin_y) / d));
  }
};

}  // namespace

void add_framing_checks(const Config& c, CheckList& out) {
  out.push_back(std::make_unique<FaceWidth>(c));
  out.push_back(std::make_unique<InterEye>(c));
  out.push_back(std::make_unique<CrownGap>(c));
  out.push_back(std::make_unique<EyeLine>(c));
  out.push_back(std::make_unique<Centring>(c));
  out.push_back(std::make_unique<ShoulderRoom>(c));
}

}  // namespace pa::quality
