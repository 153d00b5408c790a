// Review workstation benchmarks.
//   build/photoaudit_bench --benchmark_filter=Gui
// BM_GuiReview5000 runs the real window (under xvfb-run when there is no display) on an audit of
// 5,000 submissions and flips through 200 photos; it reports time to first frame, median / p95 /
// worst frame time, photo-switch latency and peak memory (the figures of docs/gui.md).
// BM_GuiQueue* measure the GUI-independent queue and a headless ImGui frame of the queue screen.
// The 5,000-photo audit is generated once into build/bench-data/gui5000/ (not timed).
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ingest/importer.h"
#include "review/queue.h"
#include "store/store.h"
#include "test_support.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "ui/platform/fonts.h"

namespace {

namespace fs = std::filesystem;

const char* kSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const char* kGiven = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫垚淼犇骉堃喆赟龑䶮昇玥珺琤彧翀璟晞旻婧祎颢";

std::vector<std::string> chars_of(const char* s) {
  std::vector<std::string> out;
  std::string str(s);
  for (std::size_t i = 0; i < str.size();) {
    const unsigned char c = static_cast<unsigned char>(str[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.push_back(str.substr(i, n));
    i += n;
  }
  return out;
}

// An audit of n students with n distinct 480x640 JPEGs, built once.
fs::path audit_of(int n) {
  const fs::path dir = pa::test::fixtures_dir().parent_path() / "bench-data" / ("gui" + std::to_string(n));
  const fs::path db = dir / "audit.db";
  if (fs::exists(dir / "complete")) return db;
  fs::remove_all(dir);
  const auto sur = chars_of(kSurnames), giv = chars_of(kGiven);
  std::string csv = "学号,姓名,身份证号,学院,专业,班级,校区\n";
  for (int i = 0; i < n; ++i) {
    const std::string no = "2022" + std::to_string(100000 + i);
    const std::string name = sur[i % sur.size()] + giv[(i / 7) % giv.size()] + (i % 3 ? giv[(i * 13) % giv.size()] : "");
    csv += no + "," + name + ",,学院" + std::to_string(i % 12) + ",专业,班级," + (i % 2 ? "南京校区" : "常州校区") + "\n";
    pa::test::write_file(dir / "photos" / (no + ".jpg"), pa::test::portrait_jpeg(i + 1, 88));
  }
  pa::test::write_file(dir / "roster.csv", csv);
  auto store = pa::create_store(db.string());
  pa::import_batch(*store, {(dir / "roster.csv").string(), (dir / "photos").string(), "bench", 0, {}, pa::kMaxImagePixels});
  store.reset();
  fs::remove_all(dir / "photos");  // the audit is self-contained
  pa::test::write_file(dir / "complete", "");
  return db;
}

// Runs `photoaudit review --bench` on `db` in the given mode and returns its JSON report.
nlohmann::json run_gui_bench(benchmark::State& state, const fs::path& db, const std::string& mode, int photos) {
  const fs::path out = db.parent_path() / ("gui_bench_" + mode + ".json");
  const fs::path data = db.parent_path() / "xdg";
  fs::remove_all(data);  // no saved view state: start at the first pending
  std::string cmd = "XDG_DATA_HOME='" + data.string() + "' ";
  if (!std::getenv("DISPLAY")) cmd += "xvfb-run -a -s '-screen 0 1600x1000x24' ";
  cmd += std::string("'") + pa::test::photoaudit_bin() + "' review --db '" + db.string() +
         "' --reviewer bench --size 1600x1000 --bench '" + out.string() + "' --bench-mode " + mode + " --bench-photos " +
         std::to_string(photos) + " >/dev/null 2>&1";
  nlohmann::json j;
  fs::remove(out);
  if (std::system(cmd.c_str()) != 0 || !fs::exists(out)) {
    state.SkipWithError("photoaudit review --bench failed (no display / xvfb-run?)");
    return j;
  }
  std::ifstream f(out);
  f >> j;
  return j;
}

void BM_GuiReview5000(benchmark::State& state) {
  const fs::path db = audit_of(5000);
  nlohmann::json j;
  for (auto _ : state) j = run_gui_bench(state, db, "flip", static_cast<int>(state.range(0)));
  for (const char* k : {"time_to_first_frame_ms", "frame_ms_median", "frame_ms_p95", "frame_ms_worst", "switch_ms_median",
                        "switch_ms_p95", "switch_ms_worst", "peak_rss_mb", "texture_cache_mb"})
    if (j.contains(k)) state.counters[k] = j[k].get<double>();
  state.counters["students"] = j.value("students", 0);
}
BENCHMARK(BM_GuiReview5000)->Arg(200)->Iterations(1)->Unit(benchmark::kSecond);

// A scripted review of 200 photos by keys only (A; R, a reason, Enter; Shift+1), on a copy of the
// 5,000-photo audit (the decisions are recorded for real): frames and seconds per decision.
void BM_GuiReviewByKeys5000(benchmark::State& state) {
  const fs::path src = audit_of(5000);
  const fs::path db = src.parent_path() / "review-by-keys.db";
  nlohmann::json j;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove(db);
    fs::copy_file(src, db);
    state.ResumeTiming();
    j = run_gui_bench(state, db, "review", static_cast<int>(state.range(0)));
  }
  for (const char* k : {"decisions", "decision_s_median", "decision_s_p95", "decision_s_total", "decision_frames_median",
                        "decision_frames_p95", "decisions_per_minute", "frame_ms_median", "frame_ms_p95", "peak_rss_mb"})
    if (j.contains(k)) state.counters[k] = j[k].get<double>();
}
BENCHMARK(BM_GuiReviewByKeys5000)->Arg(200)->Iterations(1)->Unit(benchmark::kSecond);

std::vector<pa::QueueRow> rows(int n) {
  std::vector<pa::QueueRow> v;
  for (int i = 0; i < n; ++i) {
    pa::QueueRow r;
    r.state.student.student_no = std::to_string(2000000 + i);
    r.state.student.name = "学生" + std::to_string(i);
    r.state.student.college = "学院" + std::to_string(i % 12);
    r.state.status = i % 3 ? pa::Status::pending : pa::Status::approved;
    r.state.submission_id = i + 1;
    r.analyzed = true;
    if (i % 7 == 0) r.findings.push_back({"blurry", "fail", 1, 2, ""}), r.fails = 1;
    v.push_back(std::move(r));
  }
  return v;
}

void BM_GuiQueueFilterSort(benchmark::State& state) {
  pa::ReviewQueue q(rows(static_cast<int>(state.range(0))));
  int k = 0;
  for (auto _ : state) {
    pa::QueueFilter f;
    f.college = (k++ % 2) ? "学院3" : "";
    f.search = (k % 3) ? "" : "19";
    q.set_filter(f);
    benchmark::DoNotOptimize(q.size());
  }
}
BENCHMARK(BM_GuiQueueFilterSort)->Arg(20000)->Unit(benchmark::kMillisecond);

// One ImGui frame of the queue screen with 20,000 rows, headless (CPU side of a frame; no GL).
void BM_GuiQueueFrameHeadless(benchmark::State& state) {
  pa::test::TempDir tmp;
  const std::string db = (tmp / "a.db").string();
  { pa::create_store(db); }
  ImFontAtlas atlas;
  ImGuiContext* ctx = ImGui::CreateContext(&atlas);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = {1600, 1000};
  io.DeltaTime = 1.0f / 60;
  io.IniFilename = nullptr;
  pa::ui::load_fonts(io, {"学生"}, 1.0f);
  unsigned char* px;
  int w, h;
  atlas.GetTexDataAsRGBA32(&px, &w, &h);
  {
    pa::ui::GuiOptions o;
    o.db = db;
    o.reviewer = "bench";
    o.screen = "queue";
    pa::ui::Workstation app(pa::create_store(db), o, false);
    app.session().queue().set_rows(rows(static_cast<int>(state.range(0))));
    for (auto _ : state) {
      io.MouseWheel = -1;  // scroll while measuring
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
    }
  }
  ImGui::DestroyContext(ctx);
}
BENCHMARK(BM_GuiQueueFrameHeadless)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace
