// The portrait synthesis the corpus, the demo and the severity sweeps share (app/demo/synth, sweep).
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "demo/sweep.h"
#include "demo/synth.h"
#include "test_support.h"

namespace pa::synth {
namespace {

const Portrait& grace() {
  static const Portrait p =
      make_portrait(cv::imread((pa::test::fixtures_dir() / "grace_hopper.jpg").string(), cv::IMREAD_COLOR));
  return p;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// Placing a portrait smaller than its source blurs a copy, never the shared portrait: the same
// call gives the same photo however often and in whatever order it is made (it once blurred the
// source in place, so every sample depended on how many had been made before it).
TEST(Synth, PlacingLeavesThePortraitAsItIs) {
  const cv::Mat before = grace().bgr.clone();
  const cv::Mat first = place(grace(), 150, kStandardEye).render();
  for (int i = 0; i < 3; ++i) place(grace(), 120, kStandardEye);
  EXPECT_TRUE(same(grace().bgr, before));
  EXPECT_TRUE(same(place(grace(), 150, kStandardEye).render(), first));
}

TEST(Synth, SweepLevelZeroIsTheCleanPhotoAndLevelsDegradeMonotonically) {
  const cv::Mat clean = place(grace(), kStandardFaceWidth, kStandardEye).render();
  for (const std::string kind : {"blur_gaussian", "blur_motion", "lighting_ramp", "hot_spot_size", "hot_spot_count",
                                 "roll", "clothing_blue", "background_texture"})
    EXPECT_TRUE(same(sweep_photo(grace(), kind, 0), clean)) << kind;
  double last = 0;
  for (double l : {0.5, 1.0, 2.0, 4.0}) {
    const double d = cv::norm(sweep_photo(grace(), "blur_gaussian", l), clean, cv::NORM_L1);
    EXPECT_GT(d, last) << l;
    last = d;
  }
  EXPECT_THROW(sweep_photo(grace(), "no_such_sweep", 1), std::invalid_argument);
}

TEST(Synth, RegionsAndSweepFilesAreReadStrictly) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "synth_test";
  std::filesystem::create_directories(dir);
  const std::string photo = (pa::test::fixtures_dir() / "grace_hopper.jpg").string();
  EXPECT_EQ(read_region(photo + "@10,20,30,40").size(), cv::Size(30, 40));
  EXPECT_TRUE(read_region(photo + "@10,20,30").empty());
  EXPECT_TRUE(read_region(photo + "@10,20,30,40x").empty());
  EXPECT_TRUE(read_region(photo + "@90000,0,30,40").empty());
  const auto file = (dir / "sweeps.tsv").string();
  auto write = [&](const std::string& text) { std::ofstream(file) << text; };
  write("# comment\nroll\thead_pose\tdegrees\t0,5,10\t10\tall\tby looking\n");
  auto sweeps = read_sweeps(file);
  ASSERT_EQ(sweeps.size(), 1u);
  EXPECT_EQ(sweeps[0].half(), 5);
  auto error_of = [&](const std::string& text) {
    write(text);
    try {
      read_sweeps(file);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error_of("#\nroll\thead_pose\tdegrees\t0,4,10\t10\tall\tx\n").find(file + ":2: the reject level and half"),
            std::string::npos);
  EXPECT_NE(error_of("spin\thead_pose\tdegrees\t0,5,10\t10\tall\tx\n").find(":1: unknown sweep \"spin\""), std::string::npos);
  EXPECT_NE(error_of("roll\thead_pose\tdegrees\t0,5x,10\t10\tall\tx\n").find(":1: not a number: \"5x\""), std::string::npos);
  EXPECT_NE(error_of("roll\thead_pose\tdegrees\t0,5,10\t10\tsome\tx\n").find(":1: people must be"), std::string::npos);
  EXPECT_NE(error_of("roll\thead_pose\n").find(":1: expected 7 tab-separated columns"), std::string::npos);
}

}  // namespace
}  // namespace pa::synth
