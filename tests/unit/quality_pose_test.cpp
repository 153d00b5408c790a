// Head pose: the fit recovers known angles from the model's own face with the documented signs,
// widens its uncertainty on a face it does not explain, judges with that uncertainty, and on real
// portraits: the roll of a rotated one, the yaw of a mirrored one, the same angles at any size.
#include <cmath>
#include <memory>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "quality/engine.h"
#include "quality/check.h"
#include "quality/frame.h"
#include "quality/geometry.h"
#include "quality/head_pose.h"
#include "quality_corpus.h"

namespace pa::quality {
namespace {

const HeadPoseModel& model() { return Engine::instance().pose_model(); }

const Engine& steady_engine() { return pa::test::corpus::steady_pose_engine(); }

// The model's own face turned by yaw/pitch/roll (degrees, signs as in types.h), 60 px between the
// eyes, with the people's modes weighted by `w` (standard deviations).
std::vector<cv::Point2f> projected(double yaw, double pitch, double roll, std::vector<double> w = {}) {
  Pose p;
  p.yaw = yaw;
  p.pitch = pitch;
  p.roll = roll;
  return model().render(p, 60, cv::Point2f(240, 300), w);
}

TEST(QualityPose, RecoversKnownAngles) {
  ASSERT_GE(model().modes(), 1);
  for (auto [y, p, r] : {std::tuple{0.0, 0.0, 0.0}, {12.0, 0.0, 0.0}, {-9.0, 0.0, 0.0}, {0.0, 10.0, 0.0},
                         {0.0, -7.0, 0.0}, {0.0, 0.0, 15.0}, {6.0, -4.0, 3.0}, {-5.0, 8.0, -10.0}}) {
    // A face the modes describe (an unusual one: a standard deviation and more off the mean).
    for (const auto& w : {std::vector<double>{}, std::vector<double>{1.2, -0.8, 0.5, -1.0}}) {
      Pose pose = model().fit(projected(y, p, r, w));
      ASSERT_TRUE(pose.valid);
      EXPECT_NEAR(pose.yaw, y, 0.5) << y << "," << p << "," << r;
      EXPECT_NEAR(pose.pitch, p, 0.5) << y << "," << p << "," << r;
      EXPECT_NEAR(pose.roll, r, 0.5) << y << "," << p << "," << r;
      EXPECT_GT(pose.yaw_sd, 0);
      EXPECT_GT(pose.pitch_sd, 0);
    }
  }
}

// The signs mean what types.h says, judged from the picture itself.
TEST(QualityPose, SignsMatchTheImage) {
  auto nose_vs_eyes = [](const std::vector<cv::Point2f>& l) {
    cv::Point2f eyes = (l[36] + l[45]) * 0.5f;
    return l[30] - eyes;
  };
  // Yaw > 0: the face turns towards the image's right, so the nose tip moves right of the eyes.
  EXPECT_GT(nose_vs_eyes(projected(15, 0, 0)).x, nose_vs_eyes(projected(0, 0, 0)).x + 5);
  // Pitch > 0: chin up, the nose tip rises towards the eye line.
  EXPECT_LT(nose_vs_eyes(projected(0, 15, 0)).y, nose_vs_eyes(projected(0, 0, 0)).y - 2);
  // Roll > 0: counter-clockwise on screen, so the image-right eye is higher (smaller y).
  auto l = projected(0, 0, 15);
  EXPECT_LT(l[45].y, l[36].y - 5);
}

// An open mouth drops the chin and, on real talking faces, skews the jaw outline: the yaw then
// comes from the face without the lower jaw, the pitch and roll from the whole face.
TEST(QualityPose, AnOpenMouthsJawDoesNotTurnTheYaw) {
  for (double yaw : {0.0, 10.0}) {
    auto talking = projected(yaw, 0, 0);
    for (int i = 4; i <= 12; ++i) talking[i] += cv::Point2f(float(0.25 * (i - 3)) * 6, 18);  // chin down, to one side
    Pose whole = model().fit(talking), open = model().fit(talking, true);
    ASSERT_TRUE(whole.valid && open.valid);
    EXPECT_GT(std::abs(whole.yaw - yaw), 2) << "the skewed jaw must move the whole face's yaw, or this test proves nothing";
    EXPECT_NEAR(open.yaw, yaw, 1.0);
    EXPECT_TRUE(open.without_lower_jaw);
    EXPECT_FALSE(whole.without_lower_jaw);
    EXPECT_DOUBLE_EQ(open.pitch, whole.pitch);
    EXPECT_DOUBLE_EQ(open.roll, whole.roll);
  }
}

// Landmarks far from any face (the eyes swapped with the chin) give a fit that says it is unsure.
TEST(QualityPose, AMisfitWidensTheUncertainty) {
  auto good = projected(0, 0, 0);
  Pose base = model().fit(good);
  auto bad = good;
  for (int i = 31; i <= 35; ++i) bad[i].y += 25;  // the nose's lower edge far down the face
  Pose worse = model().fit(bad);
  ASSERT_TRUE(base.valid);
  ASSERT_TRUE(worse.valid);
  EXPECT_GT(worse.pitch_sd, base.pitch_sd + 0.5);
}

// The verdict uses the uncertainty: a fail needs the angle past "fail" by more than it; a warning,
// past "warn" by more than it, or past "fail" at all.
TEST(QualityPose, AFailNeedsTheAngleBeyondTheThresholdByMoreThanItsUncertainty) {
  const Config& cfg = Engine::instance().config();
  for (const char* which : {"yaw", "pitch"}) {
    const double fail = cfg.check(which).num("fail"), warn = cfg.check(which).num("warn");
    auto judge = [&](double angle, double sd) {
      Frame f;
      f.bgr = cv::Mat(640, 480, CV_8UC3, cv::Scalar(255, 197, 100));
      f.geo.face = true;
      f.geo.pose.valid = true;
      (std::string(which) == "yaw" ? f.geo.pose.yaw : f.geo.pose.pitch) = angle;
      (std::string(which) == "yaw" ? f.geo.pose.yaw_sd : f.geo.pose.pitch_sd) = sd;
      std::vector<CheckResult> out;
      for (const auto& c : make_checks(cfg))
        if (c->name() == which) c->run(f, out, nullptr);
      EXPECT_EQ(out.size(), 1u) << which;
      return out.empty() ? CheckResult{} : out[0];
    };
    EXPECT_EQ(judge(0.5 * warn, 1).severity, Severity::pass) << which;
    EXPECT_EQ(judge(warn + 0.5, 1).severity, Severity::pass) << which;  // within its uncertainty
    EXPECT_EQ(judge(-(warn + 1.5), 1).severity, Severity::warn) << which;
    EXPECT_EQ(judge(fail + 0.5, 9).severity, Severity::warn) << which;  // past fail, however unsure
    CheckResult unsure = judge(-(fail + 1.5), 2);
    EXPECT_EQ(unsure.severity, Severity::warn) << which;
    EXPECT_NE(unsure.message.find("±2"), std::string::npos) << unsure.message;
    CheckResult sure = judge(-(fail + 2.5), 2);
    EXPECT_EQ(sure.severity, Severity::fail) << which;
    EXPECT_DOUBLE_EQ(sure.threshold, fail + 2);
    EXPECT_DOUBLE_EQ(sure.value, -(fail + 2.5));  // signed
  }
}

cv::Mat rotated(const cv::Mat& img, cv::Point2f centre, double degrees) {
  cv::Mat out;
  cv::warpAffine(img, out, cv::getRotationMatrix2D(centre, degrees, 1.0), img.size(), cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  return out;
}

// A real portrait turned in the image plane (cv::getRotationMatrix2D: positive = counter-clockwise)
// reads as roll of that sign and size, from the eye line and from the 3D pose alike.
TEST(QualityPose, RollOfARotatedPortrait) {
  for (const std::string base : {"astronaut", "grace"}) {
    const auto& c = pa::test::corpus::clean(base);
    cv::Point2f eyes(0, 0);
    for (int i = 36; i < 48; ++i) eyes += c.landmarks[i];
    eyes *= 1.0f / 12;
    const auto& engine = Engine::instance();
    Analysis level = engine.analyze(c.bgr, FileFacts{});
    ASSERT_TRUE(level.geometry.face) << base;
    EXPECT_NEAR(level.geometry.eye_line_deg, 0, 2) << base;
    for (double deg : {10.0, -10.0}) {
      Analysis a = engine.analyze(rotated(c.bgr, eyes, deg), FileFacts{});
      ASSERT_TRUE(a.geometry.face) << base << " " << deg;
      EXPECT_NEAR(a.geometry.eye_line_deg - level.geometry.eye_line_deg, deg, 1.5) << base << " " << deg;
      // The fitted roll agrees with the eye line (which the check uses) within 1°.
      EXPECT_NEAR(a.geometry.pose.roll - level.geometry.pose.roll, deg, 1.0) << base << " " << deg;
      const CheckResult* f = a.finding("head_pose");
      ASSERT_NE(f, nullptr) << base << " " << deg;
      EXPECT_EQ(f->check, "roll");
      EXPECT_EQ(f->severity, Severity::fail);
    }
  }
}

// A mirrored photo flips the sign of the yaw (within 1°) and keeps the pitch; the same photo at
// face widths 170-320 px gives the same yaw within 1.5°. The pitch holds to 2° mirrored and 2.5°
// resized: the issue asks for 1° and 1.5° (docs/quality.md, "Head pose": not met yet). This is
// the steady measure; the default engine uses it where a verdict could depend on it (below).
TEST(QualityPose, MirrorAndSizeOfARealPortrait) {
  const auto& engine = steady_engine();
  for (const std::string base : {"astronaut", "grace"}) {
    const auto& c = pa::test::corpus::clean(base);
    Analysis a = engine.analyze(c.bgr, FileFacts{});
    ASSERT_TRUE(a.geometry.pose.valid) << base;
    cv::Mat flipped;
    cv::flip(c.bgr, flipped, 1);
    Analysis m = engine.analyze(flipped, FileFacts{});
    ASSERT_TRUE(m.geometry.pose.valid) << base;
    EXPECT_NEAR(m.geometry.pose.yaw, -a.geometry.pose.yaw, 1.0) << base;
    EXPECT_NEAR(m.geometry.pose.pitch, a.geometry.pose.pitch, 2.0) << base;
    for (double width : {170.0, 250.0, 320.0}) {
      cv::Mat sized;
      double k = width / a.geometry.face_width;
      cv::resize(c.bgr, sized, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
      Analysis s = engine.analyze(sized, FileFacts{});
      ASSERT_TRUE(s.geometry.pose.valid) << base << " " << width;
      EXPECT_NEAR(s.geometry.pose.yaw, a.geometry.pose.yaw, 1.5) << base << " " << width;
      EXPECT_NEAR(s.geometry.pose.pitch, a.geometry.pose.pitch, 2.5) << base << " " << width;
    }
  }
}

// The default engine keeps the quick fit (the measures' landmarks) only when yaw and pitch are
// both within pose_refine_above; otherwise its pose is exactly the steady one. Either way the
// head_pose verdict is the one the steady measure gives, on the portraits at several sizes and
// mirrored, and both paths are taken.
TEST(QualityPose, TheQuickFitStandsOnlyWellInsideAPass) {
  const auto& quick = Engine::instance();
  const double limit = quick.config().detector().num("pose_refine_above");
  ASSERT_GT(limit, 0);
  ASSERT_LT(limit, quick.config().check("yaw").num("fail"));
  int kept = 0, refined = 0;
  for (const std::string base : {"astronaut", "grace"}) {
    const auto& c = pa::test::corpus::clean(base);
    for (double k : {0.6, 0.8, 1.0, 1.3, 1.6})
      for (bool mirror : {false, true}) {
        cv::Mat img;
        cv::resize(c.bgr, img, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
        if (mirror) cv::flip(img, img, 1);
        std::string what = base + " x" + std::to_string(k) + (mirror ? " mirrored" : "");
        Analysis a = quick.analyze(img, FileFacts{}), s = steady_engine().analyze(img, FileFacts{});
        ASSERT_TRUE(a.geometry.pose.valid && s.geometry.pose.valid) << what;
        EXPECT_TRUE(s.geometry.pose.refined) << what;
        EXPECT_EQ(a.metrics.at("pose_refined"), a.geometry.pose.refined ? 1 : 0) << what;
        if (a.geometry.pose.refined) {
          ++refined;
          EXPECT_DOUBLE_EQ(a.geometry.pose.yaw, s.geometry.pose.yaw) << what;
          EXPECT_DOUBLE_EQ(a.geometry.pose.pitch, s.geometry.pose.pitch) << what;
        } else {
          ++kept;
          EXPECT_LE(std::abs(a.geometry.pose.yaw), limit) << what;
          EXPECT_LE(std::abs(a.geometry.pose.pitch), limit) << what;
        }
        for (const char* check : {"yaw", "pitch"}) {
          auto verdict = [&](const Analysis& x) {
            for (const auto& r : x.checks)
              if (r.check == check) return r.severity;
            return Severity::pass;
          };
          EXPECT_EQ(verdict(a), verdict(s)) << what << " " << check;
        }
      }
  }
  EXPECT_GT(kept, 0);
  EXPECT_GT(refined, 0);
}

}  // namespace
}  // namespace pa::quality
