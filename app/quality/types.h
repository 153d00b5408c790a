// The quality engine's data: what one analysis of a photo gives back. No OpenCV algorithms here,
// only the types the CLI, the database layer and the GUI read.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pa::quality {

// How one check came out, in rising order: pass, warn, fail ("severity" in the JSON). Not to be
// confused with a reviewer's decision (pa::Verdict: approve / reject / reshoot).
enum class Severity { pass, warn, fail };
const char* to_string(Severity s);

// One check of one measure: its raw value, the threshold it was judged against, its severity and a
// one-line message "中文 (English)". Several checks may carry the same code (yaw, pitch and roll
// all carry head_pose).
struct CheckResult {
  std::string code;     // reason code from the catalogue (reasons.md), e.g. "head_pose"
  std::string check;    // the measure, e.g. "yaw"
  double value = 0;     // raw value, in the unit the message gives
  double threshold = 0; // the threshold that decided the severity (the warn one when passing)
  Severity severity = Severity::pass;
  std::string message;  // "中文 (English)"
};

// Facts about the file as delivered (container, colour depth, size). Filled by analyze_bytes();
// callers of analyze() with a decoded image may leave it default (`known` false: only the pixel
// size is judged).
struct FileFacts {
  bool known = false;
  std::string container;       // "jpeg", "png" or "other"
  std::size_t bytes = 0;
  int width = 0, height = 0;   // as stored, before EXIF orientation
  int channels = 0;            // colour components as stored (JPEG: 1 grey, 3 colour, 4 CMYK)
  int bits = 0;                // bits per component
  int exif_orientation = 1;    // 1..8, 1 = as stored
};

// Head pose in degrees. yaw > 0: the face turns towards the image's right; pitch > 0: chin up
// (looking up, 仰视); roll > 0: the head tilts counter-clockwise as the viewer sees it.
// yaw_sd / pitch_sd: the estimate's standard deviation (degrees), from the fit (head_pose.h).
struct Pose {
  double yaw = 0, pitch = 0, roll = 0;
  double yaw_sd = 0, pitch_sd = 0;
  bool valid = false;
  bool refined = false;  // measured on the steady landmarks (engine.cpp: only when it could matter)
  bool without_lower_jaw = false;  // yaw fitted without the jaw below the ears (an open mouth)
};

// Face geometry in full-resolution image coordinates. Empty (face == false) when no face.
struct Geometry {
  bool face = false;
  int faces = 0;                              // faces the detector found
  std::vector<cv::Rect2f> face_boxes;         // detector boxes, largest first
  std::vector<cv::Point2f> landmarks;         // the 68 points (iBUG order) of the largest face
  cv::Point2f eye_left, eye_right;            // eye centres; eye_left is the one on the image's left
  double inter_eye = 0;                       // px between the eye centres
  double eye_line_deg = 0;                    // eye-line angle, counter-clockwise positive
  cv::Point2f midline_top, midline_bottom;    // facial midline (between the brows to the chin)
  Pose pose;                                  // the deformable face fitted (head_pose.h)
  std::vector<double> symmetry;               // residual per mirrored landmark pair / inter-eye
  double symmetry_mean = 0;
  double mouth_opening = 0;  // widest inner-lip gap / eye-to-chin distance (OFIQ MouthClosed)
  double face_width = 0;                      // cheek to cheek (landmarks 0 and 16), px
  double face_centre_x = 0;                   // midpoint of landmarks 0 and 16
  double brow_y = 0, eye_y = 0, chin_y = 0;   // rows of the brows, the eye line and the chin
  double crown_y_estimate = 0;                // top of the head from head proportions
  double crown_y = 0;                         // refined by the background/hair boundary
  bool crown_refined = false;
};

// Overlay data for the UI, computed only when asked for. All maps are CV_32F of the image size
// (values in [0,1] unless said otherwise); empty when the measure could not run.
struct Maps {
  cv::Mat lighting;            // smoothed face luminance, normalised to the face's range; 0 off the face
  double lighting_left_mean = 0, lighting_right_mean = 0;  // L* of the image-left/right cheek
  Geometry geometry;           // points, eye line, midline, pose angles, symmetry residuals
  cv::Mat glare_mask;          // 1 where a specular blob was found on the skin or the eye regions
  cv::Mat specular_score;      // white top-hat response of luminance, /255
  cv::Mat clipped_dark;        // 1 where a face pixel is in [0,25]
  cv::Mat clipped_bright;      // 1 where a face pixel is in [247,255]
  cv::Mat background_mask;     // 1 = background (outside the person)
  cv::Mat background_uniformity;  // local colour distance to the background colour (ΔE/50, capped at 1)
  cv::Mat sharpness;           // local Laplacian energy, normalised to the face's 99th percentile
};

struct Analysis {
  std::vector<CheckResult> checks;
  std::map<std::string, double> metrics;
  Geometry geometry;
  double ms = 0;        // wall time of the analysis (decoding included for analyze_bytes)
  std::string version;  // Engine::version() of the engine that produced it

  bool ok() const;                                  // no check failed
  std::vector<const CheckResult*> findings() const;  // warn and fail, in check order
  // The worst check carrying `code`, or nullptr when none was raised (warn or fail).
  const CheckResult* finding(const std::string& code) const;
};

}  // namespace pa::quality
