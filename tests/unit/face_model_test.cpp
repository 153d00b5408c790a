// FaceModel runs dlib's shape predictor from several boxes at once (the head pose's steady
// landmarks need ten runs a photo). That runner must give exactly the points dlib's own
// shape_predictor gives, run by run, whatever the boxes and images: the checks were tuned on them.
#include <vector>

#include <dlib/image_processing.h>
#include <dlib/opencv/cv_image.h>
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "quality/face_model.h"
#include "quality/frame.h"
#include "test_support.h"

namespace pa::quality {
namespace {

cv::Mat grey_of(const std::string& name) {
  cv::Mat bgr = cv::imread(pa::test::fixture(name).string(), cv::IMREAD_COLOR), grey;
  EXPECT_FALSE(bgr.empty()) << name;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

std::vector<cv::Point> dlib_points(const dlib::shape_predictor& sp, const cv::Mat& grey, const cv::Rect& b) {
  dlib::cv_image<unsigned char> img(grey);
  const dlib::full_object_detection d =
      sp(img, dlib::rectangle(b.x, b.y, long(b.x) + b.width, long(b.y) + b.height));
  std::vector<cv::Point> pts;
  for (unsigned long i = 0; i < d.num_parts(); ++i) pts.emplace_back(int(d.part(i).x()), int(d.part(i).y()));
  return pts;
}

TEST(FaceModel, BatchedPredictorIsDlibs) {
  dlib::shape_predictor sp;
  dlib::deserialize(PHOTOAUDIT_DLIB_MODEL) >> sp;
  const FaceModel& model = FaceModel::shared();

  const cv::Mat grace = grey_of("grace_hopper.jpg"), astronaut = grey_of("astronaut.png");
  cv::Mat flipped;
  cv::flip(grace, flipped, 1);
  std::vector<FaceModel::Run> runs;
  for (const cv::Mat* g : std::vector<const cv::Mat*>{&grace, &astronaut, &flipped}) {
    const auto faces = model.detect(*g, 320);
    ASSERT_FALSE(faces.empty());
    const cv::Rect b = faces[0].box;
    // The detector's box, boxes shifted and scaled around it (as the steady landmarks use), one
    // reaching over the image's edge, and a box on no face at all.
    for (const cv::Rect& r : std::vector<cv::Rect>{b, b + cv::Point(b.width / 20, 0), b - cv::Point(0, b.height / 25),
                              cv::Rect(b.x - b.width / 10, b.y - b.height / 10, b.width * 6 / 5, b.height * 6 / 5),
                              cv::Rect(b.x + b.width / 2, b.y, b.width, b.height),
                              cv::Rect(-b.width / 3, -b.height / 3, b.width, b.height),
                              cv::Rect(2, 3, 40, 30)})
      runs.push_back({g, r});
  }

  const auto together = model.landmarks(runs);
  ASSERT_EQ(together.size(), runs.size());
  int moved = 0;  // sanity: the runs differ from each other, so a runner that returned one shape fails
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto expected = dlib_points(sp, *runs[i].grey, runs[i].box);
    ASSERT_EQ(expected.size(), 68u);
    EXPECT_EQ(together[i], expected) << "run " << i << " of " << runs.size() << " together";
    EXPECT_EQ(model.landmarks({runs[i]})[0], expected) << "run " << i << " alone";
    if (i > 0 && together[i] != together[i - 1]) ++moved;
  }
  EXPECT_GE(moved, int(runs.size()) - 3);

  // The single-box call the measures use is the same predictor.
  const cv::Rect2f box(runs[0].box);
  const auto single = model.landmarks(grace, box);
  const auto expected = dlib_points(sp, grace, runs[0].box);
  ASSERT_EQ(single.size(), expected.size());
  for (size_t i = 0; i < single.size(); ++i) EXPECT_EQ(cv::Point(single[i]), expected[i]) << i;
}

}  // namespace
}  // namespace pa::quality

// The aligned face's pre-shrink works on a copy cut on the right and at the bottom: whatever the
// face's place, size and roll, the warp must give exactly what it gives from the whole image
// shrunk (a cut one pixel too tight would change the pixels the warp reads near the cut).
TEST(FaceModel, TheWarpsShrunkCopyGivesTheWholeImagesPixels) {
  cv::Mat grace = cv::imread(pa::test::fixture("grace_hopper.jpg").string(), cv::IMREAD_COLOR);
  cv::Mat astronaut = cv::imread(pa::test::fixture("astronaut.png").string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(grace.empty());
  ASSERT_FALSE(astronaut.empty());
  const cv::Size dst(256, 320);
  int cut = 0, whole = 0;
  for (const cv::Mat* image : {&grace, &astronaut}) {
    for (double s : {0.12, 0.31, 0.5, 0.6, 0.6667, 0.74}) {
      for (double angle : {-25.0, -3.0, 0.0, 7.5, 40.0}) {
        for (cv::Point2d centre : {cv::Point2d(0.5, 0.4), cv::Point2d(0.2, 0.3), cv::Point2d(0.8, 0.9),
                                   cv::Point2d(0.05, 0.05), cv::Point2d(1.2, 0.5)}) {
          const cv::Point2f c(float(centre.x * image->cols), float(centre.y * image->rows));
          cv::Mat rot = cv::getRotationMatrix2D(c, angle, s / 1.25);
          rot.at<double>(0, 2) += dst.width / 2.0 - c.x;
          rot.at<double>(1, 2) += 160 - c.y;
          for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j) rot.at<double>(i, j) /= s;
          cv::Mat full, expected, got;
          cv::resize(*image, full, cv::Size(), s, s, cv::INTER_AREA);
          cv::warpAffine(full, expected, rot, dst, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
          const cv::Mat shrunk = pa::quality::shrink_for_warp(*image, s, rot, dst);
          (shrunk.size() == full.size() ? whole : cut)++;
          cv::warpAffine(shrunk, got, rot, dst, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
          ASSERT_EQ(cv::norm(expected, got, cv::NORM_INF), 0)
              << "s " << s << " angle " << angle << " centre " << centre << " shrunk " << shrunk.size()
              << " of " << full.size();
        }
      }
    }
  }
  EXPECT_GT(cut, 50);   // the cut is taken...
  EXPECT_GT(whole, 20);  // ...and not where the warp reads to the edge
}
