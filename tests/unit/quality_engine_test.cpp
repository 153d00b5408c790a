// The engine's API: JSON shape, file facts and EXIF orientation, overlay maps, thread safety, the
// code catalogue, and the eye/mouth measures on landmarks.
#include <fstream>
#include <future>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "quality/check.h"
#include "quality/codes.h"
#include "quality/engine.h"
#include "quality/file_facts.h"
#include "quality/geometry.h"
#include "quality_corpus.h"
#include "test_support.h"

namespace pa::quality {
namespace {

namespace corpus = pa::test::corpus;

TEST(QualityEngine, JsonShape) {
  const Analysis& a = corpus::analysis("grace/blur_gaussian");
  nlohmann::json j = to_json(a);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 3u);
  ASSERT_TRUE(j["ok"].is_boolean());
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_TRUE(j["findings"].is_array());
  ASSERT_FALSE(j["findings"].empty());
  std::set<std::string> codes;
  bool blurry = false;
  for (const auto& f : j["findings"]) {
    ASSERT_TRUE(f["code"].is_string());
    EXPECT_TRUE(codes.insert(f["code"].get<std::string>()).second) << "one finding per code";
    EXPECT_TRUE(f["severity"] == "fail" || f["severity"] == "warn") << f.dump();
    EXPECT_TRUE(f["value"].is_number());
    EXPECT_TRUE(f["threshold"].is_number());
    EXPECT_TRUE(f["check"].is_string());
    std::string msg = f["message"].get<std::string>();
    EXPECT_NE(msg.find(" ("), std::string::npos) << "中文 (English): " << msg;
    EXPECT_EQ(msg.back(), ')') << msg;
    if (f["code"] == "blurry") {
      blurry = true;
      EXPECT_EQ(f["severity"], "fail");
      EXPECT_GT(f["value"].get<double>(), f["threshold"].get<double>());
    }
  }
  EXPECT_TRUE(blurry);
  ASSERT_TRUE(j["metrics"].is_object());
  for (const char* k : {"yaw_deg", "pitch_deg", "eye_line_deg", "inter_eye_px", "face_width_px", "sharpness", "score"})
    EXPECT_TRUE(j["metrics"][k].is_number()) << k;
  // ok() and findings() agree with the checks.
  bool any_fail = false;
  for (const auto& c : a.checks) any_fail |= c.severity == Severity::fail;
  EXPECT_EQ(a.ok(), !any_fail);
  for (const auto* f : a.findings()) EXPECT_NE(f->severity, Severity::pass);
  EXPECT_EQ(a.version, Engine::instance().version());
}

TEST(QualityEngine, CleanPhotoJsonIsOk) {
  nlohmann::json j = to_json(corpus::analysis("astronaut/clean_white"));
  EXPECT_TRUE(j["ok"].get<bool>());
  for (const auto& f : j["findings"]) EXPECT_EQ(f["severity"], "warn") << f.dump();
}

TEST(QualityEngine, BytesThatDoNotDecodeFailFormat) {
  Analysis a = Engine::instance().analyze_bytes("this is not a photo");
  EXPECT_FALSE(a.ok());
  ASSERT_EQ(a.checks.size(), 1u);
  EXPECT_EQ(a.checks[0].code, "format");
  EXPECT_EQ(a.checks[0].severity, Severity::fail);
}

TEST(QualityEngine, SniffsFileFacts) {
  const cv::Mat& img = corpus::clean("grace").bgr;
  FileFacts jpeg = sniff_file(corpus::encode_jpeg(img));
  EXPECT_EQ(jpeg.container, "jpeg");
  EXPECT_EQ(jpeg.width, 480);
  EXPECT_EQ(jpeg.height, 640);
  EXPECT_EQ(jpeg.channels, 3);
  EXPECT_EQ(jpeg.bits, 8);
  cv::Mat grey;
  cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
  EXPECT_EQ(sniff_file(corpus::encode_jpeg(grey)).channels, 1);
  std::vector<uchar> png;
  cv::imencode(".png", img, png);
  FileFacts p = sniff_file(std::string(png.begin(), png.end()));
  EXPECT_EQ(p.container, "png");
  EXPECT_EQ(p.channels, 3);
  EXPECT_EQ(p.width, 480);
  EXPECT_EQ(sniff_file("GIF89a....").container, "other");
  EXPECT_EQ(sniff_file("").container, "other");
}

// A JPEG stored sideways with EXIF orientation 6 ("rotate 90° clockwise to display").
std::string with_exif_orientation(const std::string& jpeg, int orientation) {
  std::string tiff = std::string("MM\0\x2a\0\0\0\x08", 8) + std::string("\0\x01", 2) +  // one entry
                     std::string("\x01\x12\0\x03\0\0\0\x01", 8) + char(0) + char(orientation) +
                     std::string("\0\0", 2) + std::string("\0\0\0\0", 4);
  std::string payload = std::string("Exif\0\0", 6) + tiff;
  std::size_t len = payload.size() + 2;
  std::string app1 = std::string("\xFF\xE1", 2) + char(len >> 8) + char(len & 0xFF) + payload;
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

TEST(QualityEngine, HonoursExifOrientation) {
  cv::Mat sideways;
  cv::rotate(corpus::clean("astronaut").bgr, sideways, cv::ROTATE_90_COUNTERCLOCKWISE);
  std::string plain = corpus::encode_jpeg(sideways);
  Analysis raw = Engine::instance().analyze_bytes(plain);
  ASSERT_NE(raw.finding("format"), nullptr) << "640x480 as stored";

  std::string tagged = with_exif_orientation(plain, 6);
  FileFacts facts = sniff_file(tagged);
  EXPECT_EQ(facts.exif_orientation, 6);
  FileFacts decoded_facts;
  cv::Mat upright = decode_upright(tagged, &decoded_facts);
  EXPECT_EQ(upright.size(), cv::Size(480, 640));
  Analysis a = Engine::instance().analyze_bytes(tagged);
  EXPECT_EQ(a.finding("format"), nullptr);
  ASSERT_TRUE(a.geometry.face);
  EXPECT_NEAR(a.geometry.eye_line_deg, 0, 3);
}

TEST(QualityEngine, MapsOnRequest) {
  const auto& engine = Engine::instance();
  auto decode = [](const std::string& name) {
    return decode_upright(corpus::sample(name).bytes, nullptr);
  };
  Maps maps;
  engine.analyze(decode("grace/lighting_ramp"), FileFacts{}, &maps);
  const cv::Size size(480, 640);
  for (const cv::Mat* m : {&maps.lighting, &maps.glare_mask, &maps.specular_score, &maps.clipped_dark,
                           &maps.clipped_bright, &maps.background_mask, &maps.background_uniformity,
                           &maps.sharpness}) {
    ASSERT_FALSE(m->empty());
    EXPECT_EQ(m->type(), CV_32F);
    EXPECT_EQ(m->size(), size);
  }
  EXPECT_GT(maps.lighting_left_mean - maps.lighting_right_mean, 10) << "the ramp lights the image's left";
  EXPECT_EQ(maps.geometry.landmarks.size(), 68u);
  EXPECT_NEAR(maps.background_mask.at<float>(20, 20), 1.0f, 1e-3) << "corner is background";
  cv::Point face(cvRound(maps.geometry.face_centre_x), cvRound(maps.geometry.eye_y));
  EXPECT_NEAR(maps.background_mask.at<float>(face), 0.0f, 1e-3) << "face is not";

  Maps clean, glare;
  engine.analyze(decode("astronaut/clean"), FileFacts{}, &clean);
  engine.analyze(decode("astronaut/glasses_glare"), FileFacts{}, &glare);
  EXPECT_GT(cv::countNonZero(glare.glare_mask > 0.5), 3 * cv::countNonZero(clean.glare_mask > 0.5) + 50);
}

TEST(QualityEngine, ConcurrentAnalysesAgree) {
  std::vector<std::string> names = {"grace/clean", "astronaut/clean", "grace/rotated", "astronaut/blur_motion",
                                    "mixed/group", "grace/busy_background"};
  auto run = [&](std::size_t offset) {
    std::vector<Analysis> out;
    for (std::size_t i = 0; i < names.size(); ++i)
      out.push_back(Engine::instance().analyze_bytes(corpus::sample(names[(i + offset) % names.size()]).bytes));
    return out;
  };
  auto f1 = std::async(std::launch::async, run, 0), f2 = std::async(std::launch::async, run, 3),
       f3 = std::async(std::launch::async, run, 1);
  std::vector<std::vector<Analysis>> results = {f1.get(), f2.get(), f3.get()};
  std::size_t offsets[] = {0, 3, 1};
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < names.size(); ++i) {
      const Analysis& got = results[t][i];
      const Analysis& want = corpus::analysis(names[(i + offsets[t]) % names.size()]);
      ASSERT_EQ(got.checks.size(), want.checks.size());
      for (std::size_t k = 0; k < got.checks.size(); ++k) {
        EXPECT_EQ(got.checks[k].check, want.checks[k].check);
        EXPECT_DOUBLE_EQ(got.checks[k].value, want.checks[k].value) << got.checks[k].check;
      }
    }
}

// The engine's table of codes is the catalogue's (assets/reasons.json) `yes` and `hint` codes.
TEST(QualityEngine, CodesMatchTheCatalogue) {
  std::ifstream f(pa::test::assets_dir() / "reasons.json");
  ASSERT_TRUE(f);
  nlohmann::json j = nlohmann::json::parse(f);
  std::set<std::string> catalogue, manual;
  for (const auto& r : j["reasons"]) {
    std::string code = r["code"], automation = r["auto"];
    if (automation == "manual") {
      manual.insert(code);
      continue;
    }
    catalogue.insert(code);
    EXPECT_EQ(automation == "hint", automation_of(code) == Automation::hint) << code;
  }
  std::set<std::string> ours;
  for (const auto& c : raisable_codes()) ours.insert(std::string(c.code));
  EXPECT_EQ(ours, catalogue);
  // Over the whole corpus: hints only warn, manual codes never appear.
  for (const auto& s : corpus::samples())
    for (const auto& c : corpus::analysis(s.name).checks) {
      EXPECT_FALSE(manual.count(c.code)) << c.code;
      if (automation_of(c.code) == Automation::hint) {
        EXPECT_NE(c.severity, Severity::fail) << s.name << " " << c.check;
      }
    }
}

// eyes_closed and mouth_open have no real photo in the corpus: their measures are checked on the
// landmarks of a real face, opened and closed.
class QualityLandmarkMeasures : public ::testing::Test {
 protected:
  std::vector<CheckResult> run(const std::string& check, const std::vector<cv::Point2f>& lms) {
    const Config& cfg = Engine::instance().config();
    Frame f;
    f.bgr = corpus::clean("grace").bgr;
    f.geo = measure_geometry(lms, 0.8);
    std::vector<CheckResult> out;
    for (const auto& c : make_checks(cfg))
      if (c->name() == check) c->run(f, out, nullptr);
    return out;
  }
};

TEST_F(QualityLandmarkMeasures, ClosedEyesFail) {
  auto lms = corpus::clean("grace").landmarks;
  auto open = run("eyes_open", lms);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].severity, Severity::pass) << open[0].message;
  for (int first : {36, 42}) {  // lids onto the line between the corners
    cv::Point2f a = lms[first], b = lms[first + 3];
    for (int k : {1, 2, 4, 5}) {
      float t = (lms[first + k].x - a.x) / (b.x - a.x);
      lms[first + k] = a + (b - a) * t + cv::Point2f(0, k < 3 ? -1.0f : 1.0f);
    }
  }
  auto closed = run("eyes_open", lms);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].code, "eyes_closed");
  EXPECT_EQ(closed[0].severity, Severity::fail) << closed[0].message;
}

TEST_F(QualityLandmarkMeasures, OpenMouthFails) {
  auto lms = corpus::clean("grace").landmarks;
  auto closed = run("mouth_closed", lms);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].severity, Severity::pass) << closed[0].message;
  float drop = 0.25f * float(cv::norm(lms[8] - (lms[36] + lms[45]) * 0.5f));
  for (int k : {65, 66, 67, 55, 56, 57, 58, 59}) lms[k].y += drop;
  auto open = run("mouth_closed", lms);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].code, "mouth_open");
  EXPECT_EQ(open[0].severity, Severity::fail) << open[0].message;
}

}  // namespace
}  // namespace pa::quality
