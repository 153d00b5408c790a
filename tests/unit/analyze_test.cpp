// `photoaudit check` (no database) and analyze_audit / `photoaudit analyze` (results into the store,
// interruptible and resumable).
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audit_test_util.h"
#include "analysis/audit.h"

namespace {

using namespace pa::test;
using nlohmann::json;

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(json::parse(line));
  return lines;
}

TEST(CheckCommand, PrintsOneJsonLinePerFileInArgumentOrder) {
  TempDir dir;
  const auto good = dir / "a.jpg", truncated = dir / "b.jpg", missing = dir / "none.jpg", png = dir / "c.png";
  write_file(good, portrait_jpeg(1));
  const std::string jpeg = portrait_jpeg(2);
  write_file(truncated, jpeg.substr(0, jpeg.size() / 2));
  write_file(png, portrait_png(3));
  auto r = run_cli({"check", "--json", good.string(), truncated.string(), missing.string(), png.string()});
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out << r.err;
  EXPECT_EQ(lines[0]["file"], good.string());
  EXPECT_TRUE(lines[0].contains("findings") && lines[0]["findings"].is_array());
  EXPECT_TRUE(lines[0].contains("metrics") && lines[0]["metrics"].is_object());
  EXPECT_TRUE(lines[0]["ms"].is_number());
  for (const auto& f : lines[0]["findings"]) {
    EXPECT_TRUE(f["severity"] == "warn" || f["severity"] == "fail") << f;
    EXPECT_TRUE(f["code"].is_string() && f["value"].is_number() && f["threshold"].is_number()) << f;
  }
  EXPECT_EQ(lines[1]["file"], truncated.string());
  EXPECT_TRUE(lines[1].contains("error")) << lines[1];
  EXPECT_EQ(lines[2]["file"], missing.string());
  EXPECT_TRUE(lines[2].contains("error")) << lines[2];
  // A PNG is off-standard: it is analyzed and fails `format`.
  EXPECT_EQ(lines[3]["file"], png.string());
  bool format_failed = false;
  for (const auto& f : lines[3]["findings"]) format_failed |= f["code"] == "format" && f["severity"] == "fail";
  EXPECT_TRUE(format_failed) << lines[3];
  EXPECT_NE(r.exit_code, 0) << "a run with unreadable or failing files must not exit 0";
}

TEST(AnalyzeAudit, StoresResultsAndAnInterruptedRunResumesWithoutRedoingWork) {
  SmallAudit a;  // four students with a photo
  const auto& engine = pa::quality::Engine::instance();

  std::atomic<bool> stop{false};
  pa::analysis::AnalyzeOptions opt;
  opt.jobs = 1;
  opt.commit_every = 1;
  opt.stop = &stop;
  opt.progress = [&](std::size_t done, std::size_t) { if (done == 2) stop = true; };
  pa::analysis::AnalyzeReport first = pa::analysis::analyze_audit(*a.store, engine, opt);
  EXPECT_TRUE(first.interrupted);
  EXPECT_EQ(first.todo, 4u);
  EXPECT_EQ(first.analyzed, 2u);
  EXPECT_EQ(a.store->analyses(engine.version()).size(), 2u);

  stop = false;
  opt.progress = nullptr;
  pa::analysis::AnalyzeReport second = pa::analysis::analyze_audit(*a.store, engine, opt);
  EXPECT_FALSE(second.interrupted);
  EXPECT_EQ(second.todo, 2u) << "finished work must not be redone";
  EXPECT_EQ(second.analyzed, 2u);

  const auto results = a.store->analyses(engine.version());
  ASSERT_EQ(results.size(), 4u);
  for (const auto& r : results) {
    json j = json::parse(r.result_json);
    EXPECT_EQ(j["ok"].get<bool>(), r.ok);
    EXPECT_EQ(j["suggested"], r.ok ? "approve" : "reject");
    EXPECT_EQ(j["engine_version"], engine.version());
  }
  EXPECT_EQ(pa::analysis::analyze_audit(*a.store, engine, {}).todo, 0u);
}

TEST(AnalyzeCommand, AnalysesEverySubmissionOnce) {
  SmallAudit a;
  a.store.reset();
  auto r = run_cli({"analyze", "--db", a.db.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RawDb db(a.db.string());
  EXPECT_EQ(db.num("SELECT count(*) FROM analyses"), 4);
  auto again = run_cli({"analyze", "--db", a.db.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(db.num("SELECT count(*) FROM analyses"), 4);
}

}  // namespace
