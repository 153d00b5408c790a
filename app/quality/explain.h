// What a finding is about on the photo: for a reason code, the part of the photo it concerns (the
// review screen highlights it when the finding is hovered) and the overlays that show the measure
// behind it. The one place that knows which code concerns which part of the face; the parts are
// the landmark spans of geometry.h, the same the checks measure (regions.cpp).
#pragma once

#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "quality/overlays.h"
#include "quality/types.h"

namespace pa::quality {

// A rectangle of the photo in image UV (0..1 of its width and height): x0 <= x1, y0 <= y1.
struct RegionUV {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// The region of a photo of size `image` (full resolution, the coordinates of `g`) the finding
// `code` is about; nullopt when it is about the whole photo (background, format, recapture,
// several faces), or when there is no face with its 68 landmarks to point at.
std::optional<RegionUV> finding_region(const std::string& code, const Geometry& g, cv::Size image);

// The overlays (Overlay bits) that explain the finding `code` best.
unsigned overlays_for(const std::string& code);

}  // namespace pa::quality
