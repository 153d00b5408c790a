// Face geometry from the 68 landmarks: eye centres and line, midline, symmetry, head pose.
#pragma once

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "quality/types.h"

namespace pa::quality {

// A run of landmarks, first..last inclusive.
struct LandmarkSpan {
  int first, last;
};

// iBUG 68-point indices used across the checks and the explanation of findings (explain.h).
namespace lm {
constexpr int count = 68;
constexpr int jaw_first = 0, jaw_last = 16, chin = 8;
constexpr int brow_first = 17, brow_last = 26;
constexpr int brow_l_last = 21, brow_r_first = 22;  // brow_first..brow_l_last: the brow on the image's left
constexpr int nose_bridge = 27, nose_tip = 30;
constexpr int nostril_first = 31, nostril_last = 35;  // the nose's lower edge, image left to right
constexpr int eye_l_first = 36, eye_l_last = 41;  // the eye on the image's left
constexpr int eye_r_first = 42, eye_r_last = 47;
constexpr int mouth_l = 48, mouth_r = 54, inner_lip_top = 62, inner_lip_bottom = 66;
constexpr int mouth_first = 48, outer_lip_last = 59, mouth_last = 67;  // outer lip 48..59, inner 60..67
// The lower lids and outer corners (the cheeks' upper edge), and the jaw points beside the cheeks.
constexpr int eye_l_outer = 36, eye_l_lower_outer = 41, eye_l_lower_inner = 40;
constexpr int eye_r_outer = 45, eye_r_lower_outer = 46, eye_r_lower_inner = 47;
constexpr int cheek_l_jaw_first = 1, cheek_l_jaw_last = 4;    // down the jaw on the image's left
constexpr int cheek_r_jaw_first = 12, cheek_r_jaw_last = 15;  // up the jaw on the image's right

constexpr LandmarkSpan jaw{jaw_first, jaw_last};
constexpr LandmarkSpan brows{brow_first, brow_last};
constexpr LandmarkSpan brow_l{brow_first, brow_l_last}, brow_r{brow_r_first, brow_last};
constexpr LandmarkSpan nostrils{nostril_first, nostril_last};
constexpr LandmarkSpan eye_l{eye_l_first, eye_l_last}, eye_r{eye_r_first, eye_r_last};
constexpr LandmarkSpan eyes{eye_l_first, eye_r_last};  // both eyes
constexpr LandmarkSpan outer_lip{mouth_first, outer_lip_last};
constexpr LandmarkSpan mouth{mouth_first, mouth_last};  // outer and inner lip
constexpr LandmarkSpan face_outline{jaw_first, brow_last};  // the jaw and the brows
}  // namespace lm

// Everything in Geometry that follows from the landmarks alone (crown_y = crown_y_estimate), but
// the pose (HeadPoseModel::fit, on FaceModel::steady_landmarks). `crown_ratio`: crown height
// above the brows as a share of the brow-to-chin distance.
Geometry measure_geometry(const std::vector<cv::Point2f>& landmarks, double crown_ratio);
// The roll: the angle of the line from the image-left eye's centre to the image-right one's,
// degrees, counter-clockwise positive (the mean of each eye's six landmarks).
double eye_line_deg(const std::vector<cv::Point2f>& landmarks);
// The one roll: the value the roll check judges and every readout of the pose shows, the eye line
// (measured again on the steady landmarks when it could matter, engine.cpp). The deformable face's
// own roll (Pose::roll) is a by-product of its fit and judged nowhere.
inline double judged_roll(const Geometry& g) { return g.eye_line_deg; }

// Mirrored landmark pairs (image-left index, image-right index) used for the symmetry residuals.
const std::vector<std::array<int, 2>>& mirrored_pairs();
// The landmark a mirror image puts in place of landmark `i` (itself on the midline).
int mirror_landmark(int i);

}  // namespace pa::quality
