// Head pose: the solver recovers known angles from a projected 3D face with the documented signs,
// and the roll of a real portrait rotated in the image plane has the right sign and size.
#include <cmath>

#include <gtest/gtest.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "quality/engine.h"
#include "quality/geometry.h"
#include "quality_corpus.h"

namespace pa::quality {
namespace {

constexpr double kRad = CV_PI / 180.0;
const cv::Size kImage(480, 640);

// Landmarks of the generic face turned by yaw/pitch/roll (degrees, signs as in types.h) and
// projected with the assumed camera; indices the model does not use stay at zero.
std::vector<cv::Point2f> projected(double yaw, double pitch, double roll) {
  double a = -pitch * kRad, b = -yaw * kRad, g = -roll * kRad;
  cv::Matx33d Rx(1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a));
  cv::Matx33d Ry(std::cos(b), 0, std::sin(b), 0, 1, 0, -std::sin(b), 0, std::cos(b));
  cv::Matx33d Rz(std::cos(g), -std::sin(g), 0, std::sin(g), std::cos(g), 0, 0, 0, 1);
  cv::Matx33d R = Rz * Ry * Rx;
  cv::Mat rvec;
  cv::Rodrigues(R, rvec);
  std::vector<cv::Point3f> obj;
  for (const auto& [idx, p] : generic_face_model()) obj.push_back(p);
  std::vector<cv::Point2f> img;
  cv::projectPoints(obj, rvec, cv::Vec3d(5, -20, 900), cv::Mat(assumed_camera(kImage)), cv::noArray(), img);
  std::vector<cv::Point2f> lms(68, cv::Point2f(0, 0));
  std::size_t k = 0;
  for (const auto& [idx, p] : generic_face_model()) lms[idx] = img[k++];
  return lms;
}

TEST(QualityPose, RecoversKnownAngles) {
  for (auto [y, p, r] : {std::tuple{0.0, 0.0, 0.0}, {12.0, 0.0, 0.0}, {-9.0, 0.0, 0.0}, {0.0, 10.0, 0.0},
                         {0.0, -7.0, 0.0}, {0.0, 0.0, 15.0}, {6.0, -4.0, 3.0}, {-5.0, 8.0, -10.0}}) {
    Pose pose = estimate_pose(projected(y, p, r), kImage);
    ASSERT_TRUE(pose.valid);
    EXPECT_NEAR(pose.yaw, y, 0.5) << y << "," << p << "," << r;
    EXPECT_NEAR(pose.pitch, p, 0.5) << y << "," << p << "," << r;
    EXPECT_NEAR(pose.roll, r, 0.5) << y << "," << p << "," << r;
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
  EXPECT_LT(nose_vs_eyes(projected(0, 15, 0)).y, nose_vs_eyes(projected(0, 0, 0)).y - 5);
  // Roll > 0: counter-clockwise on screen, so the image-right eye is higher (smaller y).
  auto l = projected(0, 0, 15);
  EXPECT_LT(l[45].y, l[36].y - 5);
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
      // The 3D fit moves with the landmarks' noise: looser than the eye line, which the check uses.
      EXPECT_NEAR(a.geometry.pose.roll - level.geometry.pose.roll, deg, 3.0) << base << " " << deg;
      const CheckResult* f = a.finding("head_pose");
      ASSERT_NE(f, nullptr) << base << " " << deg;
      EXPECT_EQ(f->check, "roll");
      EXPECT_EQ(f->severity, Severity::fail);
    }
  }
}

}  // namespace
}  // namespace pa::quality
