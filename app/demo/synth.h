// Synthetic ID photos for the quality engine's test corpus and the demo batch: real portraits
// (grace_hopper.jpg, astronaut.png from Debian packages) segmented and placed at the standard
// 480x640 framing on a plain background, plus controlled degradations that each show one of the
// notice's failures. No test framework, no UI: the caller says where the portraits are.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace pa::synth {

inline const cv::Size kCanvas(480, 640);
inline const cv::Scalar kLightBlue(255, 197, 100);  // BGR of RGB(100,197,255)
inline const cv::Scalar kWhite(255, 255, 255);

// A source photo with its 68 landmarks and a person matte (CV_32F in [0,1]).
struct Portrait {
  cv::Mat bgr;
  cv::Mat alpha;
  std::vector<cv::Point2f> lms;
};

// Finds the face (throws std::runtime_error when there is none) and segments the person.
Portrait make_portrait(const cv::Mat& bgr);

// A portrait placed on a canvas; `render()` composes it over `background`.
struct Scene {
  cv::Mat person;      // CV_8UC3, the portrait scaled and placed
  cv::Mat alpha;       // CV_32F matte of `person`
  cv::Mat original;    // CV_8UC3, the portrait's own surroundings, same placement
  cv::Mat background;  // CV_8UC3, what shows behind the person
  std::vector<cv::Point2f> lms;

  cv::Point2f eye_mid() const;
  double ied() const;  // inter-eye distance, px
  cv::Mat render() const;
};

// Places `p` so that its face is `face_width` px wide, its eye line level and its eye midpoint at
// `eye`.
Scene place(const Portrait& p, double face_width, cv::Point2f eye, cv::Size canvas = kCanvas,
            cv::Scalar bg = kLightBlue);

// The bases: "grace" (grace_hopper.jpg) and "astronaut" (astronaut.png).
std::string portrait_file(const std::string& base);

// The degradations `Studio::degrade` knows, in a stable order ("clean" first).
const std::vector<std::string>& degradations();

// Composes the photos. `locate` maps a portrait's file name ("grace_hopper.jpg", "astronaut.png")
// to its path; it is called, and the portrait read and segmented, on first use of that base.
// Thread-safe.
class Studio {
 public:
  using Locate = std::function<std::string(const std::string& file)>;
  explicit Studio(Locate locate);

  // Throws std::runtime_error when the portrait cannot be read or has no face.
  const Portrait& portrait(const std::string& base) const;
  // The base at the standard framing on `bg`.
  Scene standard_scene(const std::string& base, cv::Scalar bg = kLightBlue) const;
  cv::Mat standard_portrait(const std::string& base, cv::Scalar bg = kLightBlue) const;
  // The standard portrait with one degradation (see degradations()); "greyscale" is one channel,
  // "wrong_size" is 390x567. Throws std::invalid_argument for an unknown degradation.
  cv::Mat degrade(const std::string& base, const std::string& degradation) const;

  // Grace Hopper and the astronaut side by side, both small.
  cv::Mat two_people() const;
  // The astronaut's surroundings (the shuttle model and the helmet), no face in them.
  cv::Mat no_face() const;

 private:
  Locate locate_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::unique_ptr<Portrait>> cache_;
};

}  // namespace pa::synth
