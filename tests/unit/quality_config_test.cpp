// assets/quality.json: loading, errors that name the key, and a changed threshold changing both
// the verdict and the engine version.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"
#include "quality/engine.h"
#include "quality_corpus.h"

namespace pa::quality {
namespace {

nlohmann::json default_json() {
  std::ifstream f(Config::default_path());
  return nlohmann::json::parse(f);
}

Config config_of(const nlohmann::json& j) { return Config::parse(j.dump(), "test.json"); }

TEST(QualityConfig, DefaultLoads) {
  const Engine& e = Engine::instance();
  EXPECT_EQ(e.version().rfind("q1-", 0), 0u) << e.version();
  EXPECT_EQ(e.version(), Engine(Config::load_default()).version()) << "deterministic";
  EXPECT_EQ(e.config().check("yaw").num("warn"), 5);
}

TEST(QualityConfig, ChangedThresholdChangesVerdictAndVersion) {
  const std::string& blurred = pa::test::corpus::sample("grace/blur_gaussian").bytes;
  const std::string& clean = pa::test::corpus::sample("grace/clean").bytes;
  ASSERT_NE(Engine::instance().analyze_bytes(blurred).finding("blurry"), nullptr);

  nlohmann::json lax = default_json();
  lax["checks"]["sharpness"]["warn"] = 0.95;
  lax["checks"]["sharpness"]["fail"] = 0.99;
  Engine tolerant(config_of(lax));
  EXPECT_NE(tolerant.version(), Engine::instance().version());
  EXPECT_EQ(tolerant.analyze_bytes(blurred).finding("blurry"), nullptr);

  nlohmann::json strict = default_json();
  strict["checks"]["sharpness"]["fail"] = 0.05;
  Engine picky(config_of(strict));
  const pa::quality::Analysis strict_result = picky.analyze_bytes(clean);  // f points into it
  const CheckResult* f = strict_result.finding("blurry");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verdict, CheckResult::fail);
  EXPECT_DOUBLE_EQ(f->threshold, 0.05);
  EXPECT_NE(picky.version(), tolerant.version());
}

TEST(QualityConfig, DocStringsDoNotChangeTheVersion) {
  nlohmann::json j = default_json();
  j["checks"]["yaw"]["doc"] = "reworded";
  j["comment"] = "reworded too";
  EXPECT_EQ(Engine(config_of(j)).version(), Engine::instance().version());
}

TEST(QualityConfig, MissingKeyNamesIt) {
  nlohmann::json j = default_json();
  j["checks"]["yaw"].erase("warn");
  Engine e(config_of(j));  // read when judging
  try {
    e.analyze_bytes(pa::test::corpus::sample("grace/clean").bytes);
    FAIL() << "expected an error";
  } catch (const pa::UserError& err) {
    EXPECT_NE(std::string(err.what()).find("yaw.warn"), std::string::npos) << err.what();
    EXPECT_NE(std::string(err.what()).find("test.json"), std::string::npos) << err.what();
  }
  nlohmann::json k = default_json();
  k["checks"].erase("red_eye");
  EXPECT_THROW(Engine{config_of(k)}, pa::UserError);
}

// An installed binary without the source tree falls back to the copy built into it.
TEST(QualityConfig, BuiltInCopyMatchesTheFile) {
  Config built_in = Config::parse(pa::asset_text("quality.json"), "built in");
  EXPECT_EQ(built_in.fingerprint(), Config::load(Config::default_path()).fingerprint());
}

TEST(QualityConfig, InvalidJsonIsAUserError) {
  EXPECT_THROW(Config::parse("{not json", "x.json"), pa::UserError);
  EXPECT_THROW(Config::parse("{\"checks\": {}}", "x.json"), pa::UserError);  // no detector
  EXPECT_THROW(Config::load("/nonexistent/quality.json"), pa::UserError);
}

}  // namespace
}  // namespace pa::quality
