// The photoaudit command line: import, decide, undo, stats, export, demo.
#include "cli/cli.h"
#include "cli/cli_office.h"
#include "cli/cli_audit_trail.h"
#include "cli/cli_server.h"

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analysis/analyze.h"
#include "analysis/audit.h"
#include "core/error.h"
#include "core/file_read.h"
#include "core/idcard.h"
#include "core/output_file.h"
#include "core/parallel.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "ingest/importer.h"
#include "ingest/photos.h"
#include "review/decisions.h"
#include "review/export.h"
#include "review/stats.h"
#include "store/scoped_store.h"
#include "store/store.h"

namespace pa {

namespace {

namespace fs = std::filesystem;

// The user's data directory: $XDG_DATA_HOME/photoaudit or ~/.local/share/photoaudit.
fs::path data_dir() {
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "photoaudit";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".local/share/photoaudit";
  return fs::current_path() / ".photoaudit";
}

// File names from Windows zips may be GBK bytes, not UTF-8: print them with U+FFFD, never fail.
void print_json(const nlohmann::json& j) {
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

// A one-line progress bar on a terminal; silent when stderr is not a terminal.
std::function<void(std::size_t, std::size_t)> terminal_progress(const char* label) {
  if (!::isatty(STDERR_FILENO)) return {};
  return [label](std::size_t done, std::size_t total) {
    if (done != total && done % 25 != 0) return;
    const int width = 30;
    const int filled = total ? static_cast<int>(width * done / total) : width;
    std::cerr << "\r" << label << " [" << std::string(filled, '#') << std::string(width - filled, ' ')
              << "] " << done << "/" << total << (done == total ? "\n" : "") << std::flush;
  };
}

struct ImportArgs {
  std::string db, photos, roster, batch;
  bool json = false;
  unsigned jobs = 0;
  std::uint64_t max_pixels = kMaxImagePixels;
};

int cmd_import(const ImportArgs& a) {
  // A first import that fails must not leave an empty audit file behind.
  const bool on_server = is_server_url(a.db);
  const bool existed = on_server || fs::exists(a.db);
  ImportReport r;
  try {
    auto store = create_store(a.db);
    ImportOptions opt{a.roster, a.photos, a.batch, a.jobs, a.json ? nullptr : terminal_progress("导入 import"),
                      a.max_pixels};
    r = import_batch(*store, opt);
  } catch (...) {
    if (!existed)
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(a.db + suffix);
    throw;
  }
  if (a.json)
    print_json(to_json(r));
  else
    std::cout << to_text(r, a.roster);
  return 0;
}

struct DecideArgs {
  std::string db, student, verdict, note, reviewer, student_note;
  int version = 0;  // the photo version decided on (0 = the newest)
  std::vector<std::string> reasons;
  bool json = false;
  bool override_confirmed = false;  // replace a decision another reviewer made
};

nlohmann::json event_json(const DecisionEvent& e) {
  nlohmann::json j = {{"id", e.id},         {"student", e.student_no}, {"version", e.version},
                      {"kind", e.kind},     {"reasons", e.reasons},    {"note", e.note},
                      {"reviewer", e.reviewer}, {"at", e.at},          {"photo_sha256", e.photo_sha256}};
  if (e.undoes) j["undoes"] = *e.undoes;
  if (!e.student_note.empty()) j["student_note"] = e.student_note;
  return j;
}

int cmd_decide(const DecideArgs& a) {
  auto verdict = verdict_from_string(a.verdict);
  if (!verdict) throw UserError("结论须为 approve、reject 或 reshoot (verdict must be approve|reject|reshoot)");
  auto store = open_store(a.db);
  // The command line shows no decision before deciding: one already in force is refused
  // (DecisionConflict, naming who decided what) unless --override. With --version the decision
  // is for that photo version only: refused (PhotoSuperseded) when a newer one arrived.
  const std::string student = normalize_student_no(a.student);
  DecisionBasis basis{std::nullopt, a.override_confirmed, std::nullopt, {}};
  if (a.version > 0) {
    for (const auto& sub : store->submissions(student))
      if (sub.version == a.version) basis.seen_submission = sub.id;
    if (!basis.seen_submission)
      throw UserError("学号 " + student + " 没有第 " + std::to_string(a.version) + " 版照片 (no such photo version)");
  }
  const std::string reviewer = acting_reviewer(*store, a.reviewer);
  DecisionEvent e = decide(*store, {student, *verdict, a.reasons, a.note, reviewer, a.student_note}, basis);
  if (a.json)
    print_json(event_json(e));
  else
    std::cout << "已记录 (recorded): " << terminal_safe(e.student_no) << " 第 " << e.version << " 版照片 → " << e.kind
              << (e.reasons.empty() ? "" : " [" + terminal_safe(reason_labels_zh(e.reasons, store->reasons())) + "]")
              << "  审核人 " << terminal_safe(e.reviewer) << "  " << terminal_safe(e.at) << "\n";
  return 0;
}

int cmd_undo(const std::string& db, const std::string& reviewer, bool json) {
  auto store = open_store(db);
  auto e = store->undo_last(acting_reviewer(*store, reviewer));
  if (!e) {
    std::cerr << "photoaudit: 审核人 " << terminal_safe(reviewer) << " 没有可撤销的结论 (nothing to undo)\n";
    return 1;
  }
  if (json)
    print_json(event_json(*e));
  else
    std::cout << "已撤销 (undone): " << terminal_safe(e->student_no) << " 第 " << e->version << " 版照片的结论 #" << *e->undoes
              << "\n";
  return 0;
}

int cmd_stats(const std::string& db, const std::string& college, bool json) {
  auto store = open_audit(db, college);  // the college scope is the store's (store/scoped_store.h)
  AuditStats s = compute_stats(*store, {});
  if (json)
    print_json(to_json(s));
  else
    std::cout << to_text(s, store->reasons());
  return 0;
}

// `check`: no database; files analyzed in parallel, printed in argument order.
int cmd_check(const std::vector<std::string>& files, bool json, unsigned jobs, std::uint64_t max_pixels) {
  const auto& engine = quality::Engine::instance();
  engine.load_model();  // once, before the clock of any photo starts
  analysis::configure_threads();
  struct Result {
    std::string error;
    analysis::Outcome outcome;
  };
  int failures = 0;
  ordered_parallel<Result>(
      files.size(), jobs ? jobs : default_jobs(), 32,
      [&](std::size_t i) {
        Result r;
        std::string bytes;
        try {  // a folder, FIFO, /dev/zero or an oversized file is refused unread
          bytes = read_regular_file(files[i], kMaxSourceEntryBytes, kPhotoFileRole);
        } catch (const UserError& e) {
          r.error = e.message();  // printed after the file's name
          return r;
        }
        // A truncated or corrupt file is an error, not a half-rendered photo to judge.
        if (ImageInfo info; !validate_image(bytes, &info, &r.error, max_pixels)) return r;
        r.outcome = analysis::analyze_bytes(engine, bytes, nullptr, max_pixels);
        return r;
      },
      [&](std::size_t i, Result r) {
        if (!r.error.empty()) {
          ++failures;
          if (json)
            print_json({{"file", files[i]}, {"error", r.error}});
          else
            std::cout << terminal_safe(files[i]) << ": 错误 (error): " << terminal_safe(r.error) << "\n";
          return;
        }
        const analysis::Outcome& o = r.outcome;
        if (!o.record.ok) ++failures;
        if (json) {
          nlohmann::json out = {{"file", files[i]}};
          const nlohmann::json record = nlohmann::json::parse(o.record.result_json);
          for (const auto& [k, v] : record.items()) out[k] = v;
          print_json(out);
          return;
        }
        if (!o.analysis) {  // the engine could not analyze it
          std::cout << terminal_safe(files[i]) << ": 自动检查失败 (automatic checks failed): " << terminal_safe(o.error) << "\n";
          return;
        }
        std::cout << terminal_safe(files[i]) << ": " << (o.record.ok ? "通过 (ok)" : "不通过 (fail)") << "  "
                  << static_cast<int>(o.analysis->ms) << " ms\n";
        for (const auto* f : o.analysis->findings())
          std::cout << "  [" << quality::to_string(f->severity) << "] " << f->code << ": " << terminal_safe(f->message) << "\n";
      });
  return failures ? 4 : 0;
}

std::atomic<bool> g_interrupted{false};

int cmd_analyze(const std::string& db, unsigned jobs) {
  auto store = open_store(db);
  const auto& engine = quality::Engine::instance();
  engine.load_model();
  analysis::configure_threads();
  std::signal(SIGINT, [](int) { g_interrupted = true; });
  std::signal(SIGTERM, [](int) { g_interrupted = true; });
  analysis::AnalyzeOptions opt;
  opt.jobs = jobs;
  opt.progress = terminal_progress("分析 analyze");
  opt.stop = &g_interrupted;
  analysis::AnalyzeReport r = analysis::analyze_audit(*store, engine, opt);
  std::cout << "引擎版本 (engine) " << r.engine_version << ": 待分析 (to do) " << r.todo << ", 本次完成 (analyzed) "
            << r.analyzed << ", 建议不合格 (suggested reject) " << r.suggested_reject << "\n";
  if (r.interrupted) {
    std::cout << "已中断，已完成的结果已保存；再次运行将继续 (interrupted: finished results are saved, run again to resume)\n";
    return 130;
  }
  return 0;
}

// The GUI's options shared by `review`, `demo` and no subcommand; the testing ones are hidden.
void add_gui_options(CLI::App* c, ui::GuiOptions& g) {
  c->add_option("--reviewer", g.reviewer, "审核人 (reviewer name, default: $USER)");
  c->add_option("--lang", g.lang, "界面语言 zh | en (UI language)");
  c->add_option("--student", g.select, "打开该学号 (open at this 学号)");
  c->add_option("--college", g.college, "学院协调人：只看该学院 (coordinator: only this college)");
  c->add_option("--role", g.role, "reviewer | coordinator | trainer");
  c->add_option("--screen", g.screen, "queue | review | sheet | dashboard | trainer | quiz | spotcheck | exports")->group("");
  c->add_option("--screenshot", g.screenshot, "write a PNG of the window and quit")->group("");
  c->add_option("--frames", g.frames, "quit after N frames")->group("");
  c->add_option("--overlays", g.overlays, "overlay bit set")->group("");
  c->add_option("--split", g.split, "split position 0..1")->group("");
  c->add_flag("--wait-analysis", g.wait_analysis, "screenshot once the photo is analyzed")->group("");
  c->add_option("--press", g.press, "keys pressed before the screenshot, e.g. r,4")->group("");
  c->add_option("--bench", g.bench, "flip through photos and write timings as JSON")->group("");
  c->add_option("--bench-photos", g.bench_photos, "photos to flip through (review: decisions to make)")->group("");
  c->add_option("--bench-mode", g.bench_mode, "flip | review (decide by keys: A, R + reason + Enter, Shift+digit)")
      ->check(CLI::IsMember({"flip", "review"}))->group("");
  c->add_option("--size", [&g](const CLI::results_t& r) {
    return std::sscanf(r[0].c_str(), "%dx%d", &g.width, &g.height) == 2;
  }, "window size WxH")->group("");
}

// The log of why the workstation did not open, in the user's data folder: the one place a person
// who started it from a desktop entry (no terminal) can read it later. The newest 200 lines are
// kept; written atomically, owner-only. Nothing personal: the reason and the command.
fs::path no_window_log() { return data_dir() / "photoaudit.log"; }

void append_no_window_log(const std::string& line) {
  std::error_code ec;
  fs::create_directories(data_dir(), ec);
  std::vector<std::string> lines;
  {
    std::ifstream f(no_window_log());
    for (std::string l; std::getline(f, l);) lines.push_back(l);
  }
  lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > 200 ? lines.size() - 200 : 0; i < lines.size(); ++i) out += lines[i] + "\n";
  try {
    write_file_atomically(no_window_log().string(), out);
  } catch (const UserError&) {  // the message on stderr (and the notification) still go out
  }
}

// A desktop notification (notify-send, when installed): for a workstation started without a
// terminal, where stderr goes nowhere anyone looks. Waits for it (it returns at once).
void notify_desktop(const std::string& summary, const std::string& body) {
  std::string s = summary, b = body;
  char app_name[] = "--app-name=photoaudit";
  char* argv[] = {const_cast<char*>("notify-send"), app_name, s.data(), b.data(), nullptr};
  pid_t pid = 0;
  if (::posix_spawnp(&pid, "notify-send", nullptr, nullptr, argv, environ) != 0) return;
  int status = 0;
  ::waitpid(pid, &status, 0);
}

// Why the workstation did not open, where a person will see it: one line on stderr, the log in
// the data folder, and a desktop notification when stderr is not a terminal. kExitNoWindow.
int report_no_window(const std::string& command, const std::string& reason) {
  const std::string line =
      "photoaudit" + (command.empty() ? std::string() : " " + command) + ": 审核窗口未打开 (no window opened): " + reason;
  append_no_window_log(now_iso_utc() + " " + line);
  std::cerr << terminal_safe(line) << "（记录在 (logged in) " << terminal_safe(no_window_log().string()) << "）\n";
  if (!::isatty(STDERR_FILENO))
    notify_desktop("photoaudit: 审核窗口未打开 (no window opened)",
                   reason + "\n" + "记录在 (logged in) " + no_window_log().string());
  return kExitNoWindow;
}

// Why no window can open here before trying: no display to open it on (Linux: X11 or Wayland).
std::string missing_display() {
#ifdef __linux__
  const char* x11 = std::getenv("DISPLAY");
  const char* wl = std::getenv("WAYLAND_DISPLAY");
  if ((!x11 || !*x11) && (!wl || !*wl))
    return "没有图形显示：DISPLAY 和 WAYLAND_DISPLAY 都未设置，请在桌面中或用 xvfb-run 运行 (no display: neither "
           "DISPLAY nor WAYLAND_DISPLAY is set; run it on a desktop or under xvfb-run)";
#endif
  return {};
}

// Opens the review workstation on `db` (through the launcher main() gave) and remembers it as the
// last audit. A workstation that cannot open says why (report_no_window), with or without a terminal.
int open_gui(const GuiLauncher& launch_gui, ui::GuiOptions g, const std::string& db, const std::string& command) {
  g.db = db;
  g.data_dir = data_dir().string();
  std::error_code ec;
  fs::create_directories(data_dir(), ec);
  try {  // atomic and 0600; never over an audit (core/output_file.h)
    write_file_atomically((data_dir() / "last_audit").string(), is_server_url(db) ? db : fs::absolute(db).string(),
                          {db});
  } catch (const UserError& e) {  // the workstation opens all the same
    std::cerr << "photoaudit: 警告 (warning): " << terminal_safe(e.what()) << "\n";
  }
  if (const std::string why = missing_display(); !why.empty())
    return report_no_window(command, command == "demo" ? why + "；演示审核已导入，只导入请加 --no-gui (the demo audit is "
                                                                "imported: --no-gui imports only)"
                                                       : why);
  try {
    return launch_gui(g);
  } catch (const DecisionConflict&) {
    throw;
  } catch (const UserError& e) {  // the audit or the window could not be opened
    return report_no_window(command, e.what());
  }
}

// `photoaudit` alone: the last audit opened, else the default audit in the data directory.
int cmd_open_last(const GuiLauncher& launch_gui, ui::GuiOptions g) {
  std::string db;
  std::ifstream f(data_dir() / "last_audit");
  if (f) std::getline(f, db);
  if (db.empty() || (!is_server_url(db) && !fs::exists(db))) db = (data_dir() / "audit.db").string();
  if (!is_server_url(db) && !fs::exists(db))  // said where a person started from a desktop entry sees it too
    return report_no_window("", "还没有审核数据库：请先导入一批照片 (photoaudit import --db 审核.db --photos … --roster …)，"
                                "或运行 photoaudit demo 试用 (no audit yet: import a batch first, or try `photoaudit demo`)");
  std::cerr << "photoaudit: 打开 (opening) " << terminal_safe(db) << "\n";
  return open_gui(launch_gui, g, db, "");
}

int cmd_demo(std::string dir, std::string db) {
  if (dir.empty()) dir = (data_dir() / "demo").string();
  if (db.empty()) db = (fs::path(dir) / "demo.db").string();
  // Nothing the demo did not create is ever replaced: a real audit at --db, or a folder at
  // --dir without the demo's marker, is refused before anything is written.
  check_demo_db_replaceable(db);
  DemoBatch batch = write_demo_batch(dir);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  auto store = create_store(db);
  mark_demo_audit(*store);  // first: a demo import that fails leaves an audit the next demo may replace
  ImportReport r = import_batch(*store, {batch.roster, batch.photos, "演示批次 demo", 0, {}, kMaxImagePixels});
  std::cout << "演示批次 (demo batch): " << terminal_safe(batch.photos) << "\n花名册 (roster): "
            << terminal_safe(batch.roster) << "\n数据库 (database): " << terminal_safe(db) << "\n\n"
            << to_text(r, batch.roster) << "\n"
            << to_text(compute_stats(*store, {}), store->reasons());
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv, const GuiLauncher& launch_gui) {
  CLI::App app{"photoaudit — 毕业生图像信息审核工作站 (graduate ID photo audit workstation)"};
  app.set_version_flag("--version", std::string("photoaudit ") + PHOTOAUDIT_VERSION);
  app.require_subcommand(0, 1);

  ImportArgs ia;
  auto* imp = app.add_subcommand("import", "导入一批照片和花名册 (import a batch: photos + roster)");
  imp->add_option("--db", ia.db, "审核数据库 (audit database file)")->required()->envname("PHOTOAUDIT_DB");
  imp->add_option("--photos", ia.photos, "照片文件夹或 zip (folder or .zip of photos)")->required();
  imp->add_option("--roster", ia.roster, "花名册 CSV (roster CSV: UTF-8 or GB18030)")->required();
  imp->add_option("--batch", ia.batch, "批次名称 (batch name)");
  imp->add_option("--jobs", ia.jobs, "工作线程数 (worker threads, default: all cores)");
  imp->add_option("--max-pixels", ia.max_pixels, "像素数上限，更大的照片不解码即拒绝 (pixel limit: larger photos are refused before decoding)");
  imp->add_flag("--json", ia.json, "输出 JSON (print one JSON object)");

  DecideArgs da;
  auto* dec = app.add_subcommand("decide", "记录审核结论 (record a decision)");
  dec->add_option("--db", da.db)->required()->envname("PHOTOAUDIT_DB");
  dec->add_option("--student", da.student, "学号 (student number)")->required();
  dec->add_option("--verdict", da.verdict, "approve | reject | reshoot")->required();
  dec->add_option("--reason", da.reasons, "原因代码，可重复 (reason code, repeatable)");
  dec->add_option("--note", da.note, "内部备注，不给学生看 (internal note, never shown to the student; required with reason `other`)");
  dec->add_option("--student-note", da.student_note, "给学生的说明，写入重拍通知 (a note for the student: notices copy it)");
  dec->add_option("--version", da.version, "所审照片版本，有更新版本时拒绝 (the photo version decided on: refused when a newer one arrived)");
  dec->add_option("--reviewer", da.reviewer, "审核人；在服务器上就是登录账号 (reviewer name; on a server, the login)");
  dec->add_flag("--json", da.json);
  dec->add_flag("--override", da.override_confirmed,
                "覆盖他人已作出的结论 (replace the decision in force, made by another reviewer)");

  std::string undo_db, undo_reviewer;
  bool undo_json = false;
  auto* und = app.add_subcommand("undo", "撤销该审核人最近一次结论 (undo the reviewer's last decision)");
  und->add_option("--db", undo_db)->required()->envname("PHOTOAUDIT_DB");
  und->add_option("--reviewer", undo_reviewer, "审核人；在服务器上就是登录账号 (reviewer; on a server, the login)");
  und->add_flag("--json", undo_json);

  std::string stats_db, stats_college;
  bool stats_json = false;
  auto* sta = app.add_subcommand("stats", "审核进度统计 (audit statistics)");
  sta->add_option("--db", stats_db)->required()->envname("PHOTOAUDIT_DB");
  sta->add_option("--college", stats_college, "只统计该学院 (only this college)");
  sta->add_flag("--json", stats_json);

  ServerCommands server;
  add_server_commands(app, server);  // server init | add-user | users, migrate
  auto office = add_office_commands(app);  // export, notify, spotcheck, example, calendar
  AuditTrailCommands audit_trail;
  add_audit_trail_commands(app, audit_trail);  // verify, decide-stream

  std::vector<std::string> check_files;
  bool check_json = false;
  unsigned check_jobs = 0;
  auto* chk = app.add_subcommand("check", "检查照片质量，不用数据库 (check photos, no database)");
  chk->add_option("files", check_files, "照片文件 (photo files)")->required();
  chk->add_flag("--json", check_json, "每个文件输出一行 JSON (one JSON object per line per file)");
  chk->add_option("--jobs", check_jobs, "工作线程数 (worker threads, default: all cores)");
  std::uint64_t check_max_pixels = kMaxImagePixels;
  chk->add_option("--max-pixels", check_max_pixels, "像素数上限 (pixel limit, refused before decoding)");

  std::string analyze_db;
  unsigned analyze_jobs = 0;
  auto* ana = app.add_subcommand("analyze", "分析审核中尚未分析的照片 (analyze submissions lacking results)");
  ana->add_option("--db", analyze_db)->required()->envname("PHOTOAUDIT_DB");
  ana->add_option("--jobs", analyze_jobs, "工作线程数 (worker threads, default: all cores)");

  std::string demo_dir, demo_db;
  auto* dem = app.add_subcommand("demo", "生成演示批次并导入 (build and import the demo batch)");
  dem->add_option("--dir", demo_dir, "演示文件目录 (where to write the demo batch)");
  dem->add_option("--db", demo_db, "演示数据库 (demo database)");

  ui::GuiOptions gui;
  std::string review_db;
  auto* rev = app.add_subcommand("review", "打开审核工作站 (open the review workstation)");
  rev->add_option("--db", review_db, "审核数据库 (audit database file)")->required()->envname("PHOTOAUDIT_DB");
  add_gui_options(rev, gui);
  bool demo_no_gui = false;
  dem->add_flag("--no-gui", demo_no_gui, "只导入并打印统计，不打开窗口 (import and print stats only)");
  bool demo_gui = false;  // the default now; kept so that scripts passing it still run
  dem->add_flag("--gui", demo_gui, "打开审核窗口（默认） (open the workstation: the default)")->group("");
  add_gui_options(dem, gui);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  // A 学号 typed on the command line compares as the roster's do (full-width digits, stray spaces).
  gui.select = normalize_student_no(gui.select);

  try {
    if (*imp) return cmd_import(ia);
    if (*dec) return cmd_decide(da);
    if (*und) return cmd_undo(undo_db, undo_reviewer, undo_json);
    if (*sta) return cmd_stats(stats_db, stats_college, stats_json);
    if (auto rc = run_server_command(server)) return *rc;
    if (auto rc = run_office_command(*office)) return *rc;
    if (auto rc = run_audit_trail_command(audit_trail)) return *rc;
    if (*dem) {
      if (demo_db.empty()) demo_db = ((demo_dir.empty() ? data_dir() / "demo" : fs::path(demo_dir)) / "demo.db").string();
      const int rc = cmd_demo(demo_dir, demo_db);
      if (rc != 0 || demo_no_gui) return rc;
      // The window, terminal or not (a desktop entry has none): when it cannot open, the person
      // is told why wherever they look (open_gui). Scripts that want the import only pass --no-gui.
      return open_gui(launch_gui, gui, demo_db, "demo");
    }
    if (*rev) {
      gui.first_pending = gui.select.empty();
      if (!is_server_url(review_db) && !fs::exists(review_db))
        throw UserError("审核数据库不存在 (no such audit database)", review_db);
      if (gui.screen.empty()) gui.screen = "review";
      return open_gui(launch_gui, gui, review_db, "review");
    }
    if (app.get_subcommands().empty()) return cmd_open_last(launch_gui, gui);
    if (*chk) return cmd_check(check_files, check_json, check_jobs, check_max_pixels);
    if (*ana) return cmd_analyze(analyze_db, analyze_jobs);
  } catch (const DecisionConflict& e) {
    std::cerr << "photoaudit: 冲突 (conflict): " << terminal_safe(e.what()) << "\n";
    return kExitConflict;
  } catch (const UserError& e) {
    std::cerr << "photoaudit: 错误 (error): " << terminal_safe(e.what()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "photoaudit: 内部错误 (internal error): " << terminal_safe(e.what()) << "\n";
    return 3;
  }
  return 2;
}

}  // namespace pa
