// The analysis owner (app/analysis): one record shape whoever analyses a photo (`check --json`,
// `analyze`, the GUI's loader and its decisions), one thread policy, a failed record for an engine
// exception, and overlay maps in the GUI that are the engine's maps of the very image it decoded.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "analysis/analyze.h"
#include "analysis/audit.h"
#include "analysis/record.h"
#include "audit_test_util.h"
#include "quality/file_facts.h"
#include "quality_corpus.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "ui/photos/photo_data.h"
#include "ui/photos/photo_loader.h"
#include "ui_headless.h"

namespace pa::test {
namespace {

using nlohmann::json;

// Two real portraits, one clean and one with hot spots (a failing photo, with a glare map).
const std::vector<std::string> kSamples = {"grace/clean", "grace/hot_spots"};
const std::vector<std::string> kStudents = {"2021001", "2021002"};

struct PhotoAudit {
  TempDir dir;
  fs::path roster = dir / "roster.csv";
  fs::path photos = dir / "photos";

  PhotoAudit() {
    std::vector<RosterRow> rows = {
        {kStudents[0], "王一", id_with_check("32010219900101123"), "男", "水利水电学院", "水利水电工程", "水电2101", "南京校区"},
        {kStudents[1], "李二", id_with_check("32010219900202234"), "女", "水利水电学院", "水利水电工程", "水电2101", "南京校区"},
    };
    write_file(roster, roster_csv(rows));
    for (std::size_t i = 0; i < kSamples.size(); ++i)
      write_file(photos / (kStudents[i] + ".jpg"), corpus::sample(kSamples[i]).bytes);
  }
  fs::path photo(std::size_t i) const { return photos / (kStudents[i] + ".jpg"); }
  // A new audit with both photos imported and no analysis yet.
  fs::path make_audit(const std::string& name) const {
    const fs::path db = dir / name;
    auto store = create_store(db.string());
    run_import(*store, roster, photos);
    return db;
  }
};

Submission submission_of(AuditStore& store, const std::string& student_no) {
  auto subs = store.submissions(student_no);
  if (subs.empty()) throw std::runtime_error("no submission for " + student_no);
  return subs.back();
}

// The stored records of an audit, by 学号.
std::map<std::string, AnalysisRecord> stored_records(const fs::path& db) {
  auto store = open_store(db.string());
  const std::string version = quality::Engine::instance().version();
  std::map<std::string, AnalysisRecord> out;
  for (const auto& no : kStudents)
    if (auto a = store->analysis(submission_of(*store, no).id, version)) out[no] = *a;
  return out;
}

// A record as compared: everything but the timing (and the file name `check` adds).
json comparable(json j) {
  EXPECT_TRUE(j.contains("ms") && j["ms"].is_number()) << j.dump();
  j.erase("ms");
  j.erase("file");
  return j;
}

// Finished results of a loader, waiting up to `seconds` for `count` of them to match `want`.
std::vector<ui::Loaded> wait_for(ui::PhotoLoader& loader, std::size_t count,
                                 const std::function<bool(const ui::Loaded&)>& want, int seconds = 240) {
  std::vector<ui::Loaded> got;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (got.size() < count && std::chrono::steady_clock::now() < end) {
    for (auto& l : loader.take())
      if (want(l)) got.push_back(std::move(l));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return got;
}

TEST(AnalysisOwner, TheRecordIsTheSameFromCheckAnalyzeAndTheGui) {
  PhotoAudit photos;
  const auto& engine = quality::Engine::instance();

  // 1. `photoaudit check --json`.
  auto check = run_cli({"check", "--json", photos.photo(0).string(), photos.photo(1).string()});
  std::vector<json> printed;
  std::istringstream lines(check.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) printed.push_back(json::parse(line));
  ASSERT_EQ(printed.size(), 2u) << check.out << check.err;
  EXPECT_EQ(check.exit_code, 4) << "the hot-spots photo fails";

  // 2. `photoaudit analyze`.
  const fs::path analyzed_db = photos.make_audit("analyze.db");
  auto analyze = run_cli({"analyze", "--db", analyzed_db.string()});
  ASSERT_EQ(analyze.exit_code, 0) << analyze.err;
  const auto by_analyze = stored_records(analyzed_db);
  ASSERT_EQ(by_analyze.size(), 2u);

  // 3. The GUI's loader: the store job (a submission lacking results) and the full job (the photo
  // on screen, whose record goes with a decision when the audit lacks one).
  const fs::path gui_db = photos.make_audit("gui.db");
  std::map<std::string, AnalysisRecord> shown;
  {
    ui::PhotoLoader loader([gui_db] { return open_store(gui_db.string()); }, 2);
    auto store = open_store(gui_db.string());
    std::map<std::string, std::string> student_of;
    for (const auto& no : kStudents) {
      const Submission s = submission_of(*store, no);
      student_of[s.sha256] = no;
      loader.request_store_analysis(s.id, s.sha256);
      loader.request(s.sha256, ui::LoadKind::full, 0);
    }
    std::size_t stored = 0;
    const auto got = wait_for(loader, 4, [](const ui::Loaded& l) { return l.final; });
    ASSERT_EQ(got.size(), 4u) << "the loader did not finish in time";
    for (const auto& l : got) {
      ASSERT_TRUE(l.photo->error.empty()) << l.photo->error;
      ASSERT_TRUE(l.photo->record) << "no record for " << l.photo->sha256;
      if (l.kind == ui::LoadKind::store) {
        ++stored;
        EXPECT_EQ(l.photo->record->submission_id, l.submission_id);
      } else {
        shown[student_of.at(l.photo->sha256)] = *l.photo->record;
      }
    }
    EXPECT_EQ(stored, 2u);
  }
  const auto by_gui = stored_records(gui_db);
  ASSERT_EQ(by_gui.size(), 2u);
  ASSERT_EQ(shown.size(), 2u);

  for (std::size_t i = 0; i < kStudents.size(); ++i) {
    const std::string& no = kStudents[i];
    SCOPED_TRACE(kSamples[i]);
    EXPECT_EQ(printed[i]["file"], photos.photo(i).string());
    const json reference = comparable(printed[i]);
    EXPECT_EQ(reference["engine_version"], engine.version());
    EXPECT_TRUE(reference.contains("suggested") && reference.contains("suggested_codes")) << reference.dump();
    EXPECT_EQ(comparable(json::parse(by_analyze.at(no).result_json)), reference) << "analyze";
    EXPECT_EQ(comparable(json::parse(by_gui.at(no).result_json)), reference) << "the GUI's store job";
    EXPECT_EQ(comparable(json::parse(shown.at(no).result_json)), reference) << "the GUI's photo on screen";
    for (const AnalysisRecord* r : std::vector<const AnalysisRecord*>{&by_analyze.at(no), &by_gui.at(no), &shown.at(no)}) {
      EXPECT_EQ(r->engine_version, engine.version());
      EXPECT_EQ(r->ok, reference["ok"].get<bool>());
    }
  }
  EXPECT_EQ(printed[1]["suggested"], "reject");
}

// The record a decision in the workstation sends (or the one its loader stored first) is the
// same shape too: whichever the GUI wrote is what `check --json` prints.
TEST(AnalysisOwner, TheRecordTheWorkstationStoresWithADecisionIsTheSameShape) {
  PhotoAudit photos;
  auto check = run_cli({"check", "--json", photos.photo(0).string()});
  const json reference = comparable(json::parse(check.out));

  const fs::path db = photos.make_audit("ws.db");
  TempDir data;
  Headless ui;
  ui::GuiOptions o;
  o.db = db.string();
  o.reviewer = "测试员";
  o.data_dir = data.path().string();
  auto app = std::make_unique<ui::Workstation>(create_store(db.string()), o, false);
  auto frame = [&] { ui.frame([&] { app->frame(); }); };
  frame();
  ASSERT_TRUE(app->session().go_to_student(kStudents[0]));
  for (int i = 0; i < 24000 && !(app->current_photo_ready() && app->current_meta() && app->current_meta()->analyzed); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    frame();
  }
  ASSERT_TRUE(app->current_meta() && app->current_meta()->analyzed) << "the photo on screen was not analyzed";
  ASSERT_TRUE(app->current_meta()->record);
  EXPECT_EQ(comparable(json::parse(app->current_meta()->record->result_json)), reference);
  ui.press(GLFW_KEY_A, [&] { app->frame(); });
  app.reset();
  const auto stored = stored_records(db);
  ASSERT_TRUE(stored.count(kStudents[0]));
  EXPECT_EQ(comparable(json::parse(stored.at(kStudents[0]).result_json)), reference);
}

TEST(AnalysisOwner, TheThreadPolicyIsOnePhotoPerWorkerWithOpenCvsPoolOff) {
  const int before = cv::getNumThreads();
  auto in_a_worker = [] {
    int n = 0;
    std::thread([&] { n = cv::getNumThreads(); }).join();
    return n;
  };
  cv::setNumThreads(4);
  ASSERT_GT(in_a_worker(), 1) << "the test needs OpenCV's pool on to begin with";
  analysis::configure_threads();
  EXPECT_EQ(in_a_worker(), 1);

  // The GUI's loader sets the same policy before its workers start.
  cv::setNumThreads(4);
  ASSERT_GT(in_a_worker(), 1);
  {
    ui::PhotoLoader loader([] { return std::unique_ptr<AuditStore>(); }, 1);
    EXPECT_EQ(in_a_worker(), 1);
  }
  cv::setNumThreads(before);
}

// An engine whose configuration lacks a number a check reads while it runs: every analysis throws.
quality::Engine& broken_engine() {
  static quality::Engine* engine = [] {
    json cfg = quality::Config::load_default().json();
    cfg["checks"]["pixel_size"].erase("tolerance_px");
    return new quality::Engine(quality::Config::parse(cfg.dump(), "broken.json"));
  }();
  return *engine;
}

TEST(AnalysisOwner, AnEngineExceptionGivesTheFailedRecordNeverAThrow) {
  const std::string bytes = corpus::sample("grace/clean").bytes;
  const auto& broken = broken_engine();
  ASSERT_ANY_THROW(broken.analyze_bytes(bytes)) << "the broken engine must throw for the test to mean anything";

  analysis::Outcome o;
  ASSERT_NO_THROW(o = analysis::analyze_bytes(broken, bytes, nullptr, kMaxImagePixels, 7));
  EXPECT_TRUE(o.failed());
  EXPECT_FALSE(o.analysis.has_value());
  EXPECT_NE(o.error.find("tolerance_px"), std::string::npos) << o.error;
  EXPECT_EQ(o.record.submission_id, 7);
  EXPECT_EQ(o.record.engine_version, broken.version());
  EXPECT_FALSE(o.record.ok);
  const json j = json::parse(o.record.result_json);
  EXPECT_EQ(j, analysis::failed_analysis_json(broken.version(), o.error));
  EXPECT_EQ(j["suggested"], "manual");
  EXPECT_EQ(analysis::analysis_error(o.record.result_json), o.error);

  // With maps asked for, too (the GUI's full job).
  quality::Maps maps;
  const analysis::Outcome with_maps = analysis::analyze(broken, analysis::decode(bytes), bytes, &maps);
  EXPECT_TRUE(with_maps.failed());

  // analyze_audit stores the failed record for every photo and goes on.
  SmallAudit a;
  analysis::AnalyzeOptions opt;
  opt.jobs = 2;
  const analysis::AnalyzeReport r = analysis::analyze_audit(*a.store, broken, opt);
  EXPECT_FALSE(r.interrupted);
  EXPECT_EQ(r.analyzed, 4u);
  EXPECT_EQ(r.suggested_reject, 4u);
  const auto stored = a.store->analyses(broken.version());
  ASSERT_EQ(stored.size(), 4u);
  for (const auto& s : stored) {
    EXPECT_FALSE(s.ok);
    EXPECT_NE(analysis::analysis_error(s.result_json).find("tolerance_px"), std::string::npos) << s.result_json;
  }
}

TEST(AnalysisOwner, AFailedAnalysisInTheGuiHasNoMapsAndSaysWhy) {
  const std::string bytes = corpus::sample("grace/clean").bytes;
  std::shared_ptr<const analysis::Decoded> full;
  auto p = ui::decode_photo("sha", bytes, 2048, &full);
  ASSERT_TRUE(p->error.empty()) << p->error;
  ASSERT_TRUE(full && full->ok());
  ui::analyze_photo(*p, *full, bytes, &broken_engine());
  EXPECT_TRUE(p->analyzed);
  EXPECT_NE(p->analysis_error.find("tolerance_px"), std::string::npos) << p->analysis_error;
  EXPECT_TRUE(p->maps_a.empty() && p->maps_b.empty()) << "no maps but the engine's: none when it failed";
  EXPECT_TRUE(p->geometry.landmarks.empty());
  ASSERT_TRUE(p->record);
  EXPECT_EQ(analysis::analysis_error(p->record->result_json), p->analysis_error);
}

// Splits a packed CV_8UC4 map texture (0..1 as 0..255) into its four CV_32F channels.
std::vector<cv::Mat> channels(const cv::Mat& packed) {
  EXPECT_EQ(packed.type(), CV_8UC4);
  cv::Mat f;
  packed.convertTo(f, CV_32F, 1.0 / 255);
  std::vector<cv::Mat> c;
  cv::split(f, c);
  return c;
}

TEST(AnalysisOwner, TheGuisOverlayMapsAreTheEnginesMapsOfThePhoto) {
  PhotoAudit photos;
  const fs::path db = photos.make_audit("maps.db");
  const std::string bytes = corpus::sample(kSamples[1]).bytes;  // hot spots: a glare map to compare
  std::string sha;
  {
    auto store = open_store(db.string());
    sha = submission_of(*store, kStudents[1]).sha256;
  }
  std::shared_ptr<ui::PhotoData> p;
  {
    ui::PhotoLoader loader([db] { return open_store(db.string()); }, 2);
    loader.request(sha, ui::LoadKind::full, 0);
    auto got = wait_for(loader, 1, [](const ui::Loaded& l) { return l.kind == ui::LoadKind::full && l.final; });
    ASSERT_EQ(got.size(), 1u) << "the loader did not analyze the photo in time";
    p = got[0].photo;
  }
  ASSERT_TRUE(p->error.empty() && p->analysis_error.empty()) << p->error << p->analysis_error;
  ASSERT_FALSE(p->maps_a.empty());
  ASSERT_FALSE(p->maps_b.empty());

  // The engine on the same photo, decoded as the engine decodes a file.
  quality::FileFacts facts;
  const cv::Mat bgr = quality::decode_upright(bytes, &facts);
  quality::Maps maps;
  const quality::Analysis a = quality::Engine::instance().analyze(bgr, facts, &maps);
  ASSERT_TRUE(a.geometry.face);

  EXPECT_EQ(p->width, bgr.cols);
  EXPECT_EQ(p->height, bgr.rows);
  const cv::Size size = p->rgba.size();
  ASSERT_EQ(p->maps_a.size(), size);
  auto expected = [&](const cv::Mat& m) {
    cv::Mat f;
    if (m.empty()) return cv::Mat(cv::Mat::zeros(size, CV_32F));
    m.convertTo(f, CV_32F);
    if (f.size() != size) cv::resize(f, f, size, 0, 0, cv::INTER_AREA);
    return cv::Mat(cv::min(cv::max(f, 0.0), 1.0));  // a map is 0..1 on the GPU
  };
  const std::vector<std::pair<const char*, cv::Mat>> want = {
      {"lighting", expected(maps.lighting)},          {"glare_mask", expected(maps.glare_mask)},
      {"specular_score", expected(maps.specular_score)}, {"sharpness", expected(maps.sharpness)},
      {"clipped_dark", expected(maps.clipped_dark)},  {"clipped_bright", expected(maps.clipped_bright)},
      {"background_mask", expected(maps.background_mask)},
      {"background_uniformity", expected(maps.background_uniformity)}};
  std::vector<cv::Mat> got = channels(p->maps_a);
  for (const auto& c : channels(p->maps_b)) got.push_back(c);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    double diff = 0;
    cv::minMaxLoc(cv::abs(got[i] - want[i].second), nullptr, &diff);
    EXPECT_LE(diff, 0.5 / 255 + 1e-4) << want[i].first << ": the overlay differs from the engine's map (beyond rounding to a byte)";
  }
  // Not a comparison of empty maps: the photo has glare and a background.
  EXPECT_GT(cv::countNonZero(want[1].second > 0.5f), 0) << "glare";
  EXPECT_GT(cv::countNonZero(want[6].second > 0.5f), size.area() / 10) << "background";

  // The geometry drawn and the checks shown are the engine's too.
  ASSERT_EQ(p->geometry.landmarks.size(), a.geometry.landmarks.size());
  for (std::size_t i = 0; i < a.geometry.landmarks.size(); ++i) EXPECT_EQ(p->geometry.landmarks[i], a.geometry.landmarks[i]);
  EXPECT_DOUBLE_EQ(p->geometry.crown_y, a.geometry.crown_y);
  EXPECT_DOUBLE_EQ(p->lighting_left, maps.lighting_left_mean);
  EXPECT_DOUBLE_EQ(p->lighting_right, maps.lighting_right_mean);
  ASSERT_EQ(p->checks.size(), a.checks.size());
  for (std::size_t i = 0; i < a.checks.size(); ++i) {
    EXPECT_EQ(p->checks[i].check, a.checks[i].check);
    EXPECT_EQ(p->checks[i].severity, a.checks[i].severity) << a.checks[i].check;
    EXPECT_DOUBLE_EQ(p->checks[i].value, a.checks[i].value) << a.checks[i].check;
  }
}

}  // namespace
}  // namespace pa::test
