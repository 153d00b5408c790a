// Face geometry from the 68 landmarks: eye centres and line, midline, symmetry, head pose.
#pragma once

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "quality/types.h"

namespace pa::quality {

// iBUG 68-point indices used across the checks.
namespace lm {
constexpr int jaw_first = 0, jaw_last = 16, chin = 8;
constexpr int brow_first = 17, brow_last = 26;
constexpr int nose_bridge = 27, nose_tip = 30;
constexpr int eye_l_first = 36, eye_l_last = 41;  // the eye on the image's left
constexpr int eye_r_first = 42, eye_r_last = 47;
constexpr int mouth_l = 48, mouth_r = 54, inner_lip_top = 62, inner_lip_bottom = 66;
}  // namespace lm

// The generic 3D face used for the pose: landmark index -> point in camera-like axes (x to the
// image's right, y down, z away from the camera), millimetres.
const std::vector<std::pair<int, cv::Point3f>>& generic_face_model();

// Pinhole camera assumed for an image of `size`: focal length = twice the longest side (a
// portrait lens), principal point at the centre.
cv::Matx33d assumed_camera(cv::Size size);

// Head pose from landmarks (solvePnP on generic_face_model()); invalid when it does not converge.
Pose estimate_pose(const std::vector<cv::Point2f>& landmarks, cv::Size image);

// Everything in Geometry that follows from the landmarks alone (crown_y = crown_y_estimate).
// `crown_ratio`: crown height above the brows as a share of the brow-to-chin distance.
Geometry measure_geometry(const std::vector<cv::Point2f>& landmarks, cv::Size image,
                          double crown_ratio);

// Mirrored landmark pairs (image-left index, image-right index) used for the symmetry residuals.
const std::vector<std::array<int, 2>>& mirrored_pairs();

}  // namespace pa::quality
