// The photoaudit command line: import, decide, undo, stats, export, demo.
#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/error.h"
#include "core/idcard.h"
#include "ingest/importer.h"
#include "review/decisions.h"
#include "review/demo.h"
#include "review/export.h"
#include "review/stats.h"
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

void print_json(const nlohmann::json& j) { std::cout << j.dump(-1, ' ', false) << std::endl; }

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
};

int cmd_import(const ImportArgs& a) {
  auto store = open_sqlite_store(a.db);
  ImportOptions opt{a.roster, a.photos, a.batch, a.jobs, a.json ? nullptr : terminal_progress("导入 import")};
  ImportReport r = import_batch(*store, opt);
  if (a.json)
    print_json(to_json(r));
  else
    std::cout << to_text(r, a.roster);
  return 0;
}

struct DecideArgs {
  std::string db, student, verdict, note, reviewer;
  std::vector<std::string> reasons;
  bool json = false;
};

nlohmann::json event_json(const DecisionEvent& e) {
  nlohmann::json j = {{"id", e.id},         {"student", e.student_no}, {"version", e.version},
                      {"kind", e.kind},     {"reasons", e.reasons},    {"note", e.note},
                      {"reviewer", e.reviewer}, {"at", e.at},          {"photo_sha256", e.photo_sha256}};
  if (e.undoes) j["undoes"] = *e.undoes;
  return j;
}

int cmd_decide(const DecideArgs& a) {
  auto verdict = verdict_from_string(a.verdict);
  if (!verdict) throw UserError("结论须为 approve、reject 或 reshoot (verdict must be approve|reject|reshoot)");
  auto store = open_sqlite_store(a.db);
  DecisionEvent e = decide(*store, {a.student, *verdict, a.reasons, a.note, a.reviewer});
  if (a.json)
    print_json(event_json(e));
  else
    std::cout << "已记录 (recorded): " << e.student_no << " 第 " << e.version << " 版照片 → " << e.kind
              << (e.reasons.empty() ? "" : " [" + reason_labels_zh(e.reasons, store->reasons()) + "]")
              << "  审核人 " << e.reviewer << "  " << e.at << "\n";
  return 0;
}

int cmd_undo(const std::string& db, const std::string& reviewer, bool json) {
  auto store = open_sqlite_store(db);
  auto e = store->undo_last(reviewer);
  if (!e) {
    std::cerr << "photoaudit: 审核人 " << reviewer << " 没有可撤销的结论 (nothing to undo)\n";
    return 1;
  }
  if (json)
    print_json(event_json(*e));
  else
    std::cout << "已撤销 (undone): " << e->student_no << " 第 " << e->version << " 版照片的结论 #" << *e->undoes
              << "\n";
  return 0;
}

int cmd_stats(const std::string& db, const std::string& college, bool json) {
  auto store = open_sqlite_store(db);
  Scope scope;
  if (!college.empty()) scope.college = college;
  AuditStats s = compute_stats(*store, scope);
  if (json)
    print_json(to_json(s));
  else
    std::cout << to_text(s, store->reasons());
  return 0;
}

struct ExportArgs {
  std::string db, what, format = "csv", out, college;
  bool reveal_ids = false;
};

int cmd_export(const ExportArgs& a) {
  auto kind = export_kind_from_string(a.what);
  if (!kind) throw UserError("--what 须为 decisions、reshoot 或 missing (decisions|reshoot|missing)");
  if (a.format != "csv") throw UserError("格式 " + a.format + " 暂不支持 (only --format csv is available)");
  auto store = open_sqlite_store(a.db);
  ExportOptions opt{*kind, {}, a.reveal_ids};
  if (!a.college.empty()) opt.scope.college = a.college;
  ExportTable t = build_export(*store, opt);
  const std::string csv = to_csv(t);
  std::ofstream f(a.out, std::ios::binary | std::ios::trunc);
  if (!f.write(csv.data(), static_cast<std::streamsize>(csv.size())))
    throw UserError("无法写入 (cannot write)", a.out);
  std::cout << "已导出 (exported) " << t.rows.size() << " 行 (rows) → " << a.out << "\n";
  return 0;
}

int cmd_demo(std::string dir, std::string db) {
  if (dir.empty()) dir = (data_dir() / "demo").string();
  if (db.empty()) db = (fs::path(dir) / "demo.db").string();
  DemoBatch batch = write_demo_batch(dir);
  fs::remove(db);
  fs::remove(db + "-wal");
  fs::remove(db + "-shm");
  auto store = open_sqlite_store(db);
  ImportReport r = import_batch(*store, {batch.roster, batch.photos, "演示批次 demo", 0, {}});
  std::cout << "演示批次 (demo batch): " << batch.photos << "\n花名册 (roster): " << batch.roster
            << "\n数据库 (database): " << db << "\n\n"
            << to_text(r, batch.roster) << "\n"
            << to_text(compute_stats(*store, {}), store->reasons());
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"photoaudit — 毕业生图像信息审核工作站 (graduate ID photo audit workstation)"};
  app.set_version_flag("--version", std::string("photoaudit ") + PHOTOAUDIT_VERSION);
  app.require_subcommand(1);

  ImportArgs ia;
  auto* imp = app.add_subcommand("import", "导入一批照片和花名册 (import a batch: photos + roster)");
  imp->add_option("--db", ia.db, "审核数据库 (audit database file)")->required();
  imp->add_option("--photos", ia.photos, "照片文件夹或 zip (folder or .zip of photos)")->required();
  imp->add_option("--roster", ia.roster, "花名册 CSV (roster CSV: UTF-8 or GB18030)")->required();
  imp->add_option("--batch", ia.batch, "批次名称 (batch name)");
  imp->add_option("--jobs", ia.jobs, "工作线程数 (worker threads, default: all cores)");
  imp->add_flag("--json", ia.json, "输出 JSON (print one JSON object)");

  DecideArgs da;
  auto* dec = app.add_subcommand("decide", "记录审核结论 (record a decision)");
  dec->add_option("--db", da.db)->required();
  dec->add_option("--student", da.student, "学号 (student number)")->required();
  dec->add_option("--verdict", da.verdict, "approve | reject | reshoot")->required();
  dec->add_option("--reason", da.reasons, "原因代码，可重复 (reason code, repeatable)");
  dec->add_option("--note", da.note, "备注 (note; required with reason `other`)");
  dec->add_option("--reviewer", da.reviewer, "审核人 (reviewer name)")->required();
  dec->add_flag("--json", da.json);

  std::string undo_db, undo_reviewer;
  bool undo_json = false;
  auto* und = app.add_subcommand("undo", "撤销该审核人最近一次结论 (undo the reviewer's last decision)");
  und->add_option("--db", undo_db)->required();
  und->add_option("--reviewer", undo_reviewer)->required();
  und->add_flag("--json", undo_json);

  std::string stats_db, stats_college;
  bool stats_json = false;
  auto* sta = app.add_subcommand("stats", "审核进度统计 (audit statistics)");
  sta->add_option("--db", stats_db)->required();
  sta->add_option("--college", stats_college, "只统计该学院 (only this college)");
  sta->add_flag("--json", stats_json);

  ExportArgs ea;
  auto* exp = app.add_subcommand("export", "导出名单 (export a list)");
  exp->add_option("--db", ea.db)->required();
  exp->add_option("--what", ea.what, "decisions | reshoot | missing")->required();
  exp->add_option("--format", ea.format, "csv");
  exp->add_option("--out", ea.out, "输出文件 (output file)")->required();
  exp->add_option("--college", ea.college, "只导出该学院 (only this college)");
  exp->add_flag("--reveal-ids", ea.reveal_ids, "导出完整身份证号 (export full ID numbers)");

  std::string demo_dir, demo_db;
  auto* dem = app.add_subcommand("demo", "生成演示批次并导入 (build and import the demo batch)");
  dem->add_option("--dir", demo_dir, "演示文件目录 (where to write the demo batch)");
  dem->add_option("--db", demo_db, "演示数据库 (demo database)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*imp) return cmd_import(ia);
    if (*dec) return cmd_decide(da);
    if (*und) return cmd_undo(undo_db, undo_reviewer, undo_json);
    if (*sta) return cmd_stats(stats_db, stats_college, stats_json);
    if (*exp) return cmd_export(ea);
    if (*dem) return cmd_demo(demo_dir, demo_db);
  } catch (const UserError& e) {
    std::cerr << "photoaudit: 错误 (error): " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "photoaudit: 内部错误 (internal error): " << e.what() << "\n";
    return 3;
  }
  return 2;
}

}  // namespace pa
