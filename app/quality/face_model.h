// dlib's HOG frontal face detector and the 68-point shape predictor, loaded once per process.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pa::quality {

struct DetectedFace {
  cv::Rect2f box;   // full-resolution coordinates
  double score = 0; // detector confidence
};

class FaceModel {
 public:
  // The process-wide model from `path` (PHOTOAUDIT_DLIB_MODEL by default): loaded on first use
  // under std::call_once; later calls return the same object. Throws pa::UserError when the file
  // cannot be read.
  static const FaceModel& shared(const std::string& path = PHOTOAUDIT_DLIB_MODEL);
  // Loads a private copy (for measuring load time; the engine uses shared()).
  static std::unique_ptr<FaceModel> load(const std::string& path);
  // Milliseconds the shared model took to load (0 before it is loaded).
  static double shared_load_ms();

  ~FaceModel();
  FaceModel(const FaceModel&) = delete;
  FaceModel& operator=(const FaceModel&) = delete;

  // Faces in a greyscale image, searched on a copy whose longest side is `long_side` px (no
  // downscaling when the image is smaller). Largest first. Thread-safe: each thread scans with its
  // own detector copy.
  std::vector<DetectedFace> detect(const cv::Mat& grey, int long_side) const;
  // The 68 landmarks inside `box`, on the full-resolution grey image. Thread-safe (const).
  std::vector<cv::Point2f> landmarks(const cv::Mat& grey, const cv::Rect2f& box) const;
  // The predictor from several boxes at once, each on its own grey image: for each run, the
  // whole-pixel points dlib::shape_predictor gives for dlib::rectangle(x, y, x + width,
  // y + height). Runs from nearby boxes cost little more than one (they share the model's reads).
  struct Run {
    const cv::Mat* grey;
    cv::Rect box;
  };
  std::vector<std::vector<cv::Point>> landmarks(const std::vector<Run>& runs) const;
  // The 68 landmarks for measuring the head pose: sub-pixel, and the same whatever the photo's
  // resolution or the box's rounding (the mean of ten runs on the face at one size, from five
  // boxes a few per cent around `box`, on the face and on its mirror image). The other measures
  // keep landmarks(grey, box): they were tuned on it.
  std::vector<cv::Point2f> steady_landmarks(const cv::Mat& grey, const cv::Rect2f& box) const;

 private:
  FaceModel();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pa::quality
