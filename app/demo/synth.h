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
#include <opencv2/imgcodecs.hpp>

namespace pa::synth {

inline const cv::Size kCanvas(480, 640);
inline const cv::Scalar kLightBlue(255, 197, 100);  // BGR of RGB(100,197,255)
inline const cv::Scalar kWhite(255, 255, 255);
// The framing a composed photo gets (photoaudit_tune compose, the sweeps): face 220 px wide, the
// eyes level at (240, 260), well inside the standard's 180-300 px and 200-300 px.
inline constexpr double kStandardFaceWidth = 220;
inline const cv::Point2f kStandardEye(240, 260);

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

// Severity sweeps (issue 12, docs/quality.md): one degradation at a chosen strength, applied to
// `p` placed at the standard framing. The kinds and their level's unit:
//   blur_gaussian σ px · blur_motion length px · lighting_ramp s (brightness 1+s on one cheek to
//   1-s on the other) · underexposed / overexposed EV (gain 2^∓level, from the face brought to a
//   normal exposure first: mean grey 150) · hot_spot_size blob radius
//   in % of the inter-eye distance (5 blobs) · hot_spot_count blobs of 6 % · roll degrees ·
//   face_width px · clothing_blue share of the way from the top's colour to the background's ·
//   background_texture standard deviation of a mottled backdrop, grey levels.
// Level 0 is the clean photo for every kind but face_width. Throws std::invalid_argument for an
// unknown kind.
const std::vector<std::string>& sweep_kinds();
cv::Mat sweep_photo(const Portrait& p, const std::string& kind, double level);

// "FILE" or "FILE@x,y,w,h" (a region: one face of a group photo), FILE relative to `root` unless
// absolute or `root` is empty. Empty when the file cannot be read or the region is malformed or
// outside the image.
cv::Mat read_region(const std::string& spec, const std::string& root = "", int flags = cv::IMREAD_COLOR);

// A row of the lists scripts/fetch-people.sh writes (build/fixtures/people/list.tsv: id, half,
// spec; faults.tsv: id, the codes it raises, spec), spec as read_region takes it.
struct ListRow {
  std::string id, fifth, spec;  // fifth: the 5th column of tests/data/*.tsv (half / raises)
};
// Throws std::runtime_error when the file cannot be read (run scripts/fetch-people.sh).
std::vector<ListRow> read_list(const std::string& path);

}  // namespace pa::synth
