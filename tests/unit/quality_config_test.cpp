// assets/quality.json: loading, errors that name the key, and a changed threshold changing both
// the severity and the engine version; $PHOTOAUDIT_QUALITY_CONFIG naming another file.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"
#include "quality/engine.h"
#include "quality_corpus.h"
#include "test_support.h"

namespace pa::quality {
namespace {

// assets/quality.json as written in the source tree (the binary embeds it).
nlohmann::json default_json() {
  std::ifstream f(pa::test::assets_dir() / "quality.json");
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
  EXPECT_EQ(f->severity, Severity::fail);
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

// The engine uses the copy built into the binary: the source tree's file as it was built.
TEST(QualityConfig, BuiltInCopyMatchesTheFile) {
  Config built_in = Config::parse(pa::asset_text("quality.json"), "built in");
  EXPECT_EQ(built_in.fingerprint(), Config::load(pa::test::assets_dir() / "quality.json").fingerprint());
}

// Sets an environment variable for the life of the object.
// Without $PHOTOAUDIT_QUALITY_CONFIG the default configuration is the built-in one, whatever the
// current directory holds (no path of the source tree is looked at).
TEST(QualityConfig, DefaultIsTheBuiltInCopy) {
  ASSERT_EQ(std::getenv(Config::kConfigEnv), nullptr) << "the test runs without " << Config::kConfigEnv;
  pa::test::TempDir dir;
  nlohmann::json changed = default_json();
  changed["checks"]["yaw"]["warn"] = 1;
  pa::test::write_file(dir / "assets" / "quality.json", changed.dump());
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const Config c = Config::load_default();
  std::filesystem::current_path(cwd);
  EXPECT_EQ(c.source(), "quality.json (built in)");
  EXPECT_EQ(c.fingerprint(), Config::parse(pa::asset_text("quality.json")).fingerprint());
  EXPECT_EQ(c.check("yaw").num("warn"), 5);
}

// $PHOTOAUDIT_QUALITY_CONFIG names the file the engine uses instead; one that cannot be read is an
// error naming it, never a silent fall-back to the built-in thresholds.
TEST(QualityConfig, EnvironmentNamesTheFile) {
  pa::test::TempDir dir;
  nlohmann::json strict = default_json();
  strict["checks"]["yaw"]["warn"] = 1;
  const auto file = dir / "strict.json";
  pa::test::write_file(file, strict.dump());
  {
    pa::test::ScopedEnv env(Config::kConfigEnv, file.string());
    const Config c = Config::load_default();
    EXPECT_EQ(c.source(), file.string());
    EXPECT_EQ(c.check("yaw").num("warn"), 1);
    // An engine on the file is another engine than one on the built-in thresholds (compared with
    // a fresh one: the process-wide instance may not exist yet and would read the file too).
    EXPECT_NE(Engine(Config::load_default()).version(), Engine(Config::parse(pa::asset_text("quality.json"))).version());
  }
  {
    pa::test::ScopedEnv env(Config::kConfigEnv, (dir / "missing.json").string());
    try {
      Config::load_default();
      FAIL() << "expected an error";
    } catch (const pa::UserError& e) {
      EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos) << e.what();
    }
  }
}

// The executable honours it too: `check` judges with the thresholds of the named file.
TEST(QualityConfig, CheckCommandUsesTheNamedFile) {
  pa::test::TempDir dir;
  const auto photo = dir / "clean.jpg";
  pa::test::write_file(photo, pa::test::corpus::sample("grace/clean").bytes);
  auto blurry = [&](const pa::test::RunResult& r) {
    return r.out.find("\"blurry\"") != std::string::npos;
  };
  const pa::test::RunResult plain = pa::test::run_cli({"check", "--json", photo.string()});
  ASSERT_TRUE(plain.exit_code == 0 || plain.exit_code == 4) << plain.err;
  EXPECT_FALSE(blurry(plain)) << plain.out;

  nlohmann::json strict = default_json();
  strict["checks"]["sharpness"]["fail"] = 0.05;  // as ChangedThresholdChangesVerdictAndVersion
  pa::test::write_file(dir / "strict.json", strict.dump());
  pa::test::RunResult picky;
  {
    pa::test::ScopedEnv env(Config::kConfigEnv, (dir / "strict.json").string());
    picky = pa::test::run_cli({"check", "--json", photo.string()});
  }
  EXPECT_EQ(picky.exit_code, 4) << picky.err;
  EXPECT_TRUE(blurry(picky)) << picky.out;

  pa::test::ScopedEnv env(Config::kConfigEnv, (dir / "missing.json").string());
  const pa::test::RunResult broken = pa::test::run_cli({"check", "--json", photo.string()});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_NE(broken.err.find("missing.json"), std::string::npos) << broken.err;
}

TEST(QualityConfig, InvalidJsonIsAUserError) {
  EXPECT_THROW(Config::parse("{not json", "x.json"), pa::UserError);
  EXPECT_THROW(Config::parse("{\"checks\": {}}", "x.json"), pa::UserError);  // no detector
  EXPECT_THROW(Config::load("/nonexistent/quality.json"), pa::UserError);
}

}  // namespace
}  // namespace pa::quality
