// Head pose from the 68 landmarks with a deformable face: a mean 3D layout plus a few modes of
// how people's faces differ, fitted together with the pose. The fit says how sure it is: each
// angle comes with its standard deviation, from the fit's curvature (the modes take up the
// person's own proportions, so a long nose widens the pitch's uncertainty instead of moving it).
//
// The model is data, not code: quality.json -> "head_pose_model", learned by
// HeadPoseModel::learn() from frontal photos of real people (`photoaudit_tune pose`, see
// docs/quality.md for which people, and which were kept back to test it).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "quality/types.h"

namespace pa::quality {

class HeadPoseModel {
 public:
  // Landmarks the model uses: jaw, brows, nose and eyes (the mouth moves with expressions).
  static const std::vector<int>& points();

  // Learns the mean layout, `modes` modes and each point's leftover spread from frontal faces
  // (68 landmarks each, any size or position; each face is also used mirrored, so the model is
  // symmetric). `depth_mm`: depth of each of points() behind the nose tip, millimetres.
  static HeadPoseModel learn(const std::vector<std::vector<cv::Point2f>>& frontal,
                             const std::vector<double>& depth_mm, int modes);
  // quality.json's "head_pose_model" section; throws pa::UserError naming `source` and the key.
  static HeadPoseModel from_json(const nlohmann::json& j, const std::string& source);
  nlohmann::json to_json() const;
  bool empty() const { return mean_.empty(); }
  // How far the fit of a frontal face of someone the model has not seen lands from 0°, degrees
  // (leave-one-out over the people it was learned on): the part of the uncertainty the fit's
  // curvature does not see. Added to the fit's own in quadrature.
  void set_person_sd(double yaw_deg, double pitch_deg) {
    person_yaw_sd_ = yaw_deg;
    person_pitch_sd_ = pitch_deg;
  }
  int modes() const { return int(mode_sd_.size()); }

  // The pose of a face (68 landmarks, image pixels), with yaw_sd / pitch_sd; invalid when the
  // fit does not converge. `open_mouth`: a dropped chin pulls the jaw outline, which the whole
  // face's fit reads as a turn (Audun's talking frames: yaw 10-14 degrees on a frontal head), while
  // its pitch holds; a fit without the jaw below the ears (landmarks 3-13) has the yaw right but
  // the pitch loose (no chin). So with an open mouth the yaw (and yaw_sd) come from the fit
  // without the lower jaw, the pitch and roll from the whole face (without_lower_jaw is set).
  Pose fit(const std::vector<cv::Point2f>& landmarks, bool open_mouth = false) const;
  // The landmarks this model puts on an image for `pose` (its angles), `inter_eye_px` between
  // the eyes, the point between the frontal eye centres at `centre`, the modes weighted by
  // `weights` (in standard deviations). Landmarks the model does not use sit at `centre`.
  std::vector<cv::Point2f> render(const Pose& pose, double inter_eye_px, cv::Point2f centre,
                                  const std::vector<double>& weights = {}) const;

 private:
  Pose fit_points(const std::vector<cv::Point2f>& landmarks, bool without_lower_jaw) const;
  // The used points for parameters t (yaw, pitch, roll in radians, log scale, x and y offsets in
  // units of `ie`, then the modes' weights), scale `ie` px per unit, origin at `mid`.
  void project(const double* t, cv::Point2d mid, double ie, std::vector<cv::Point2d>& out) const;

  // Per used point: frontal x, y (inter-eye units, origin between the eye centres, y down) and
  // depth z (inter-eye units behind the nose tip).
  std::vector<cv::Point3d> mean_;
  std::vector<std::vector<double>> modes_;  // each 2 per point (x, y), unit length
  std::vector<double> mode_sd_;             // spread of each mode's weight among the people
  std::vector<double> point_sd_;            // leftover spread of each point, inter-eye units
  double person_yaw_sd_ = 0, person_pitch_sd_ = 0;
};

}  // namespace pa::quality
