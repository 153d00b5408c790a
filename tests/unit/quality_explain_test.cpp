// What a finding is about (quality/explain.h): the region of the photo a reason code concerns and
// the overlays that explain it, from the face's landmarks.
#include <gtest/gtest.h>

#include "quality/explain.h"
#include "quality/geometry.h"
#include "quality_corpus.h"

namespace pa::quality {
namespace {

namespace corpus = pa::test::corpus;

bool inside(const RegionUV& r, cv::Point2f p, cv::Size s) {
  const float u = p.x / s.width, v = p.y / s.height;
  return u >= r.x0 && u <= r.x1 && v >= r.y0 && v <= r.y1;
}

// A face whose landmark i sits at (100 + 4i, 50 + 5i): every box is known in advance.
Geometry diagonal_face() {
  Geometry g;
  g.face = true;
  for (int i = 0; i < lm::count; ++i) g.landmarks.emplace_back(100.0f + 4 * i, 50.0f + 5 * i);
  g.inter_eye = 50;
  g.crown_y = 20;
  g.brow_y = 120;
  g.eye_y = 250;
  g.chin_y = 400;
  return g;
}

TEST(QualityExplain, RegionsAreTheLandmarkBoxesOfTheirPart) {
  const Geometry g = diagonal_face();
  const cv::Size size(480, 640);
  // Eyes: landmarks 36..47 (x 244..288, y 230..285), grown by 0.35 inter-eye distances.
  for (const char* code : {"eyes_closed", "glasses_glare", "tinted_glasses", "frame_covers_eyes", "red_eye"}) {
    const auto r = finding_region(code, g, size);
    ASSERT_TRUE(r) << code;
    EXPECT_FLOAT_EQ(r->x0, (244.0f - 17.5f) / 480) << code;
    EXPECT_FLOAT_EQ(r->y0, (230.0f - 17.5f) / 640) << code;
    EXPECT_FLOAT_EQ(r->x1, (288.0f + 17.5f) / 480) << code;
    EXPECT_FLOAT_EQ(r->y1, (285.0f + 17.5f) / 640) << code;
  }
  // Mouth: landmarks 48..67 (x 292..368, y 290..385), grown by 0.25.
  const auto mouth = finding_region("mouth_open", g, size);
  ASSERT_TRUE(mouth);
  EXPECT_FLOAT_EQ(mouth->x0, (292.0f - 12.5f) / 480);
  EXPECT_FLOAT_EQ(mouth->y0, (290.0f - 12.5f) / 640);
  EXPECT_FLOAT_EQ(mouth->x1, (368.0f + 12.5f) / 480);
  EXPECT_FLOAT_EQ(mouth->y1, (385.0f + 12.5f) / 640);
  // Hair: the full width from a fifth of the crown-to-brow height above the crown to the eye line.
  for (const char* code : {"hair_color_cast", "head_covering", "hair_occlusion"}) {
    const auto r = finding_region(code, g, size);
    ASSERT_TRUE(r) << code;
    EXPECT_FLOAT_EQ(r->x0, 0) << code;
    EXPECT_FLOAT_EQ(r->x1, 1) << code;
    EXPECT_FLOAT_EQ(r->y0, 0.0f) << code;  // 20 - 0.2 * 100 = 0
    EXPECT_FLOAT_EQ(r->y1, static_cast<float>(250.0 / 640)) << code;
  }
  // Below the chin: neck, shoulders and clothing, to the bottom edge.
  for (const char* code : {"clothing_color", "clothing_pattern", "shoulders_uneven", "jewelry"}) {
    const auto r = finding_region(code, g, size);
    ASSERT_TRUE(r) << code;
    EXPECT_FLOAT_EQ(r->y0, static_cast<float>(400.0 / 640)) << code;
    EXPECT_FLOAT_EQ(r->y1, 1) << code;
  }
  // Face-wide measures: the jaw and the brows (landmarks 0..26: x 100..204, y 50..180) grown by
  // 0.15, from the crown down.
  for (const char* code : {"uneven_lighting", "overexposed", "blurry", "head_pose", "face_hot_spots", "other"}) {
    const auto r = finding_region(code, g, size);
    ASSERT_TRUE(r) << code;
    EXPECT_FLOAT_EQ(r->x0, (100.0f - 7.5f) / 480) << code;
    EXPECT_FLOAT_EQ(r->y0, static_cast<float>(20.0 / 640)) << code;
    EXPECT_FLOAT_EQ(r->x1, (204.0f + 7.5f) / 480) << code;
    EXPECT_FLOAT_EQ(r->y1, (180.0f + 7.5f) / 640) << code;
  }
  // The whole photo: nothing to point at.
  for (const char* code : {"background", "recapture", "format", "multiple_faces"})
    EXPECT_FALSE(finding_region(code, g, size)) << code;
}

TEST(QualityExplain, RegionsStayInsideThePhotoAndNeedAFace) {
  Geometry g = diagonal_face();
  // A small photo: the boxes are clipped to it.
  const auto eyes = finding_region("eyes_closed", g, {250, 260});
  ASSERT_TRUE(eyes);
  EXPECT_FLOAT_EQ(eyes->x1, 1.0f);
  EXPECT_FLOAT_EQ(eyes->y1, 1.0f);
  // A chin at the bottom edge leaves no band below it.
  EXPECT_FALSE(finding_region("clothing_color", g, {480, 400}));
  EXPECT_FALSE(finding_region("eyes_closed", g, {0, 0}));
  g.landmarks.resize(5);
  EXPECT_FALSE(finding_region("eyes_closed", g, {480, 640}));
  EXPECT_FALSE(finding_region("blurry", Geometry{}, {480, 640}));
}

TEST(QualityExplain, RegionsOfARealPortraitHoldWhatTheFindingIsAbout) {
  const Analysis& a = corpus::analysis("grace/clean");
  const Geometry& g = a.geometry;
  ASSERT_TRUE(g.face);
  ASSERT_EQ(g.landmarks.size(), static_cast<std::size_t>(lm::count));
  const cv::Size size(480, 640);
  const auto eyes = finding_region("eyes_closed", g, size);
  const auto mouth = finding_region("mouth_open", g, size);
  const auto face = finding_region("blurry", g, size);
  ASSERT_TRUE(eyes && mouth && face);
  EXPECT_TRUE(inside(*eyes, g.eye_left, size) && inside(*eyes, g.eye_right, size));
  EXPECT_FALSE(inside(*eyes, g.landmarks[lm::mouth_l], size));
  EXPECT_FALSE(inside(*eyes, g.landmarks[lm::chin], size));
  EXPECT_TRUE(inside(*mouth, g.landmarks[lm::mouth_l], size) && inside(*mouth, g.landmarks[lm::mouth_r], size));
  EXPECT_TRUE(inside(*mouth, g.landmarks[lm::inner_lip_bottom], size));
  EXPECT_FALSE(inside(*mouth, g.eye_left, size));
  for (cv::Point2f p : g.landmarks) EXPECT_TRUE(inside(*face, p, size));  // the whole face
  EXPECT_LT(face->y0, eyes->y0);
}

TEST(QualityExplain, OverlaysShowTheMeasureBehindTheCode) {
  EXPECT_EQ(overlays_for("glasses_glare"), ov_glare);
  EXPECT_EQ(overlays_for("face_hot_spots"), ov_glare);
  for (const char* code : {"overexposed", "underexposed", "hair_color_cast"})
    EXPECT_EQ(overlays_for(code), ov_lighting | ov_clipped) << code;
  EXPECT_EQ(overlays_for("background"), ov_background);
  EXPECT_EQ(overlays_for("clothing_color"), ov_background);
  EXPECT_EQ(overlays_for("blurry"), ov_sharpness);
  for (const char* code : {"head_pose", "framing", "subject_too_small", "shoulders_uneven", "eyes_closed", "mouth_open"})
    EXPECT_EQ(overlays_for(code), ov_landmarks) << code;
  for (const char* code : {"uneven_lighting", "red_eye", "other", "no_such_code"})
    EXPECT_EQ(overlays_for(code), ov_lighting) << code;
}

}  // namespace
}  // namespace pa::quality
