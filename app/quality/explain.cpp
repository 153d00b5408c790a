#include "quality/explain.h"

#include <algorithm>

#include "quality/geometry.h"

namespace pa::quality {

namespace {

// The part of the photo a finding concerns.
enum class Area {
  whole_photo,  // nothing to point at: the finding is about the whole photo
  eyes,         // both eyes (lm::eyes)
  mouth,        // the lips (lm::mouth)
  hair,         // a band from just above the crown down to the eye line
  below_chin,   // a band from the chin to the bottom edge (neck, shoulders, clothing)
  face,         // the jaw and the brows (lm::face_outline), up to the crown
};

struct CodeExplanation {
  const char* code;
  Area area;
  unsigned overlays;
};

// Every code whose explanation is not the default (the face, with the lighting map).
constexpr CodeExplanation kExplanations[] = {
    {"eyes_closed", Area::eyes, ov_landmarks},
    {"glasses_glare", Area::eyes, ov_glare},
    {"tinted_glasses", Area::eyes, ov_lighting},
    {"frame_covers_eyes", Area::eyes, ov_lighting},
    {"red_eye", Area::eyes, ov_lighting},
    {"mouth_open", Area::mouth, ov_landmarks},
    {"hair_color_cast", Area::hair, ov_lighting | ov_clipped},
    {"head_covering", Area::hair, ov_lighting},
    {"hair_occlusion", Area::hair, ov_lighting},
    {"clothing_color", Area::below_chin, ov_background},
    {"clothing_pattern", Area::below_chin, ov_lighting},
    {"shoulders_uneven", Area::below_chin, ov_landmarks},
    {"jewelry", Area::below_chin, ov_lighting},
    {"background", Area::whole_photo, ov_background},
    {"recapture", Area::whole_photo, ov_lighting},
    {"format", Area::whole_photo, ov_lighting},
    {"multiple_faces", Area::whole_photo, ov_lighting},
    // Face-wide measures with an overlay of their own.
    {"face_hot_spots", Area::face, ov_glare},
    {"overexposed", Area::face, ov_lighting | ov_clipped},
    {"underexposed", Area::face, ov_lighting | ov_clipped},
    {"blurry", Area::face, ov_sharpness},
    {"head_pose", Area::face, ov_landmarks},
    {"framing", Area::face, ov_landmarks},
    {"subject_too_small", Area::face, ov_landmarks},
};
constexpr CodeExplanation kDefault{"", Area::face, ov_lighting};

const CodeExplanation& explanation(const std::string& code) {
  for (const auto& e : kExplanations)
    if (code == e.code) return e;
  return kDefault;
}

// The landmarks' bounding box grown by `pad` inter-eye distances, in UV clipped to the photo.
RegionUV box_of(const Geometry& g, cv::Size image, LandmarkSpan span, float pad) {
  float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
  for (int i = span.first; i <= span.last; ++i) {
    x0 = std::min(x0, g.landmarks[i].x), y0 = std::min(y0, g.landmarks[i].y);
    x1 = std::max(x1, g.landmarks[i].x), y1 = std::max(y1, g.landmarks[i].y);
  }
  const float p = pad * static_cast<float>(std::max(1.0, g.inter_eye));
  const float w = static_cast<float>(image.width), h = static_cast<float>(image.height);
  return {std::max(0.0f, (x0 - p) / w), std::max(0.0f, (y0 - p) / h), std::min(1.0f, (x1 + p) / w),
          std::min(1.0f, (y1 + p) / h)};
}

// The full-width band of rows y0..y1 (image pixels); none when it is empty inside the photo.
std::optional<RegionUV> band(cv::Size image, double y0, double y1) {
  RegionUV r{0, static_cast<float>(std::clamp(y0 / image.height, 0.0, 1.0)), 1,
             static_cast<float>(std::clamp(y1 / image.height, 0.0, 1.0))};
  if (r.y1 > r.y0) return r;
  return std::nullopt;
}

}  // namespace

std::optional<RegionUV> finding_region(const std::string& code, const Geometry& g, cv::Size image) {
  if (image.width <= 0 || image.height <= 0) return std::nullopt;
  if (!g.face || g.landmarks.size() != static_cast<std::size_t>(lm::count)) return std::nullopt;
  switch (explanation(code).area) {
    case Area::whole_photo: return std::nullopt;
    case Area::eyes: return box_of(g, image, lm::eyes, 0.35f);
    case Area::mouth: return box_of(g, image, lm::mouth, 0.25f);
    case Area::hair: return band(image, g.crown_y - (g.brow_y - g.crown_y) * 0.2, g.eye_y);
    case Area::below_chin: return band(image, g.chin_y, image.height);
    case Area::face: {
      RegionUV r = box_of(g, image, lm::face_outline, 0.15f);
      r.y0 = std::max(0.0f, static_cast<float>(g.crown_y / image.height));  // up to the top of the head
      return r;
    }
  }
  return std::nullopt;
}

unsigned overlays_for(const std::string& code) { return explanation(code).overlays; }

}  // namespace pa::quality
