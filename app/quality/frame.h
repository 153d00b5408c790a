// One photo prepared for the checks: the pixels in the colour spaces they use, the face geometry
// and the regions (masks) every check shares. Built once per analysis by the engine.
#pragma once

#include <opencv2/core.hpp>

#include "quality/types.h"

namespace pa::quality {

class Params;

// Masks are CV_8U (255 inside) at full resolution unless said otherwise. Empty when no face.
struct Regions {
  cv::Mat face;          // jaw line closed over the forehead
  cv::Mat skin;          // face minus eyes, brows, mouth and nostrils
  cv::Mat cheek_left, cheek_right;  // on the image's left / right
  cv::Mat eye_left, eye_right;      // eye-opening polygons (landmarks 36..41 / 42..47)
  cv::Mat lenses;        // where glasses' lenses would be: an ellipse around each eye
  cv::Mat forehead;      // band between the brows and the hairline estimate
  cv::Mat hair_top;      // person pixels between the crown and the forehead
  cv::Mat hair_sides;    // person pixels beside the temples
  cv::Mat clothing;      // person pixels below the neck

  // Background, at `bg_scale` of full resolution (for speed).
  double bg_scale = 0.5;
  cv::Mat bg_sample;     // outside a generous person template: where the background is sampled
  cv::Mat background;    // final background mask (colour model + connectivity)
  cv::Mat person;        // complement of `background`, holes filled
  cv::Mat bg_distance;   // CV_32F ΔE of every pixel to the background colour
  cv::Vec3f bg_lab{0, 0, 0};    // CIE L*a*b* (real units) of the background (median of the sample)
  // Share of the sample within the model's ΔE of bg_lab: near 1 for a plain background, when the
  // person mask (crown, shoulders, side hair) can be trusted.
  double bg_clean_share = 0;
  cv::Vec3f skin_lab{0, 0, 0};  // CIE L*a*b* of the cheeks (median)
};

// The face cut out upright (eye line horizontal) at a canonical scale, for the checks that look at
// small facial areas: inter-eye distance `kInterEye` px, eye midpoint at (kWidth/2, kEyeY).
struct AlignedFace {
  static constexpr int kInterEye = 64, kWidth = 256, kHeight = 320, kEyeY = 160;
  cv::Mat bgr, grey, lab;
  cv::Matx23d to_aligned;              // full image -> aligned
  std::vector<cv::Point2f> landmarks;  // the 68 points in aligned coordinates
  cv::Point2f map(cv::Point2f p) const {
    return {float(to_aligned(0, 0) * p.x + to_aligned(0, 1) * p.y + to_aligned(0, 2)),
            float(to_aligned(1, 0) * p.x + to_aligned(1, 1) * p.y + to_aligned(1, 2))};
  }
};

struct Frame {
  cv::Mat bgr;   // CV_8UC3
  cv::Mat grey;  // CV_8U (Rec. 601 luma)
  cv::Mat lab;   // CV_8UC3 OpenCV 8-bit Lab (L*255/100, a+128, b+128)
  cv::Mat small_lab;  // lab at Regions::bg_scale
  FileFacts facts;
  Geometry geo;
  Regions regions;
  AlignedFace aligned;
  double bg_min_clean_share = 0.9;  // background_model.min_clean_share
  double ref_width = 480, ref_height = 640;  // the standard size pixel thresholds refer to
  // Scale from the standard to this image (1 for 480x640): pixel thresholds are multiplied by it.
  double scale_x() const { return bgr.cols / ref_width; }
  double scale_y() const { return bgr.rows / ref_height; }
};

// Fills frame.regions from frame.geo and refines frame.geo.crown_y from the person mask.
// `bg` holds the background-model parameters ("checks.background_model").
void build_regions(Frame& frame, const Params& bg);

// `image` shrunk by `s` (INTER_AREA) for a warp by `to_dst` (from shrunk-image coordinates) to
// an image of size `dst`: the pixels that warp reads are those of the whole image shrunk, the
// rest may be left out (the copy is cut on the right and at the bottom).
cv::Mat shrink_for_warp(const cv::Mat& image, double s, const cv::Mat& to_dst, cv::Size dst);

// Peak prominence of a grey tile's spectrum: the largest log-magnitude excess over its local mean
// in the band of radial frequencies [rmin, rmax] (cycles/pixel), leaving out the 8-pixel JPEG
// block frequencies and, when `skip_axes`, the axes (where straight edges and borders put their
// energy). A periodic pattern (moiré, stripes) gives a high value.
double spectral_peak(const cv::Mat& grey_tile, double rmin, double rmax, bool skip_axes);

// ---- small shared helpers on masks and colours --------------------------------------------------

// 8-bit OpenCV Lab pixel -> CIE L*a*b* in real units.
cv::Vec3f lab_real(const cv::Vec3b& lab8);
// sRGB colour (0..255) -> CIE L*a*b*.
cv::Vec3f lab_of_rgb(int r, int g, int b);
double delta_e(const cv::Vec3f& a, const cv::Vec3f& b);  // CIE76
// Per-channel median of an 8-bit image under a mask (histogram based); zero when the mask is empty.
cv::Vec3f masked_median3(const cv::Mat& u8c3, const cv::Mat& mask);
// q-quantile (0..1) of an 8-bit single-channel image under a mask; -1 when the mask is empty.
double masked_quantile(const cv::Mat& u8, const cv::Mat& mask, double q);
// Median L*a*b* (real units) of `lab` under `mask`.
cv::Vec3f masked_lab(const cv::Mat& lab, const cv::Mat& mask);
// Filled polygon of the given landmark indices as a full-size mask.
cv::Mat polygon_mask(cv::Size size, const std::vector<cv::Point2f>& pts);
cv::Mat landmark_polygon(cv::Size size, const std::vector<cv::Point2f>& lms, int first, int last);
// A rectangle clipped to the image.
cv::Rect clip_rect(const cv::Rect2f& r, cv::Size size);

}  // namespace pa::quality
