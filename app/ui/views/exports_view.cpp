// ExportsView: the exports screen and its file dialog (views/exports_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <imgui_stdlib.h>

#include "core/output_file.h"
#include "review/export_files.h"
#include "ui/views/exports_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace fs = std::filesystem;

std::vector<ScreenEntry> ExportsView::screens() const {
  return {ScreenEntry{Screen::exports, "screen.exports", "导出…", "Export…", "导出", "Export", {{GLFW_KEY_F9}}, false}};
}

namespace {
const char* const kWhat[] = {"decisions", "reshoot", "missing", "notify"};
const char* const kFormat[] = {"csv", "xlsx"};
}  // namespace

void ExportsView::register_actions(ActionRegistry& actions) {
  actions.add({"exports.write", "导出到所选文件", "Export to the file chosen", {{GLFW_KEY_E, true}}, [this] { run_export(); },
               [this] { return ws_.screen() == Screen::exports && !c_.checked_path.empty() && c_.refusal.empty(); }});
}

std::string ExportsView::start_dir() const {
  std::error_code ec;
  const std::string& db = ws_.options().db;
  if (!db.empty() && !is_server_url(db)) {
    const fs::path folder = fs::absolute(db, ec).parent_path();
    if (!ec && fs::is_directory(folder, ec)) return folder.string();
  }
  const char* home = std::getenv("HOME");
  return home && *home ? home : fs::current_path(ec).string();
}

std::string ExportsView::out_path() const { return (fs::path(c_.dir) / c_.file_name).string(); }

bool ExportsView::apply_path_field() {
  auto& c = c_;
  std::error_code ec;
  fs::path p = c.path_field;
  if (p.empty()) return false;
  if (p.is_relative()) p = fs::path(c.dir) / p;
  if (fs::is_directory(p, ec)) {
    c.dir = p.lexically_normal().string();
  } else if (p.has_parent_path() && fs::is_directory(p.parent_path(), ec) && p.has_filename()) {
    c.dir = p.parent_path().lexically_normal().string();
    std::snprintf(c.file_name, sizeof c.file_name, "%s", p.filename().string().c_str());
  } else {
    c.last_export = std::string(T("没有这个文件夹：", "No such folder: ")) + c.path_field;
    c.last_failed = true;
    return false;
  }
  c.path_field = c.dir;
  return true;
}

void ExportsView::run_export() {
  auto& c = c_;
  const std::string out = out_path();
  try {
    // ws_.options().db: the open audit is never written over, whatever name is typed
    const ExportResult r = write_export(ws_.store(), {kWhat[c.export_what], kFormat[c.export_format], out, c.by_college,
                                                      c.reveal_ids && c.export_what != 3, ws_.options().db,
                                                      ws_.session().reviewer()});
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  T("已导出 %zu 行、%zu 个工作表 → %s", r.sheets == 1 ? "Exported %zu rows, %zu sheet → %s" : "Exported %zu rows, %zu sheets → %s"),
                  r.rows, r.sheets, out.c_str());
    c.last_export = buf;
    c.last_failed = false;
  } catch (const std::exception& e) {
    c.last_export = e.what();
    c.last_failed = true;
  }
  c.checked_path.clear();  // the file may exist now
  // The toast says it where the eye is; the status line keeps it (the toast stays above it).
  ws_.toast().show(c.last_export);
}

void ExportsView::draw() {
  auto& c = c_;
  const float fs_px = ImGui::GetFontSize();
  if (c.dir.empty()) c.dir = c.path_field = start_dir();
  const char* what_labels[] = {T("审核结论", "Decisions"), T("需重拍名单", "Reshoot list"), T("未交照片名单", "Without photo"),
                               T("通知名单（谁需重拍、为什么）", "Notify list (who must reshoot and why)")};

  ImGui::BeginChild("##export_opts", {28 * fs_px, 0}, true);
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", T("导出内容", "What"));
  for (int i = 0; i < 4; ++i) ImGui::RadioButton(what_labels[i], &c.export_what, i);
  ImGui::Spacing();
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", T("格式", "Format"));
  ImGui::RadioButton("CSV (UTF-8 BOM)", &c.export_format, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Excel (.xlsx)", &c.export_format, 1);
  if (c.export_format == 0) c.by_college = false;
  ImGui::BeginDisabled(c.export_format == 0);
  ImGui::Checkbox(T("每个学院一个工作表", "One sheet per college"), &c.by_college);
  ImGui::EndDisabled();
  ImGui::BeginDisabled(c.export_what == 3);
  ImGui::Checkbox(T("导出完整身份证号（将记入日志）", "Full ID numbers (logged)"), &c.reveal_ids);
  ImGui::EndDisabled();
  if (!ws_.options().college.empty()) ImGui::TextColored({1, 0.8f, 0.35f, 1}, T("只导出 %s 的学生", "Only %s's students"), ws_.options().college.c_str());
  ImGui::EndChild();
  ImGui::SameLine();

  ImGui::BeginChild("##file_dialog", {0, 0}, true);
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", T("保存到", "Save to"));
  if (ImGui::Button(T("↑ 上一级", "↑ Up")) && fs::path(c.dir).has_parent_path()) c.dir = c.path_field = fs::path(c.dir).parent_path().string();
  ImGui::SameLine();
  // The path field: a folder (or a file's full path) typed or pasted, applied with Enter.
  ImGui::SetNextItemWidth(-5 * fs_px);
  if (ImGui::InputText("##path", &c.path_field, ImGuiInputTextFlags_EnterReturnsTrue)) apply_path_field();
  ImGui::SameLine();
  if (ImGui::Button(T("前往", "Go"))) apply_path_field();
  // Room below the list: the file name row and the status line, which the toast stays above.
  const float list_h = ImGui::GetContentRegionAvail().y - 2.6f * ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild("##entries", {0, list_h}, true);
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(c.dir, fs::directory_options::skip_permission_denied, ec))
    if (e.path().filename().string()[0] != '.') entries.push_back(e);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.is_directory() != b.is_directory()) return a.is_directory();
    return a.path().filename() < b.path().filename();
  });
  std::string open_dir;
  for (const auto& e : entries) {
    const std::string name = e.path().filename().string();
    if (e.is_directory()) {
      if (ImGui::Selectable(("[" + name + "]").c_str(), false, ImGuiSelectableFlags_AllowDoubleClick) &&
          ImGui::IsMouseDoubleClicked(0))
        open_dir = e.path().string();
    } else if (ImGui::Selectable(name.c_str())) {
      std::snprintf(c.file_name, sizeof c.file_name, "%s", name.c_str());
    }
  }
  if (!open_dir.empty()) c.dir = c.path_field = open_dir;
  ImGui::EndChild();
  if (!c.file_name[0])
    std::snprintf(c.file_name, sizeof c.file_name, "%s.%s", kWhat[c.export_what], kFormat[c.export_format]);
  c.status_top = ImGui::GetCursorScreenPos().y;  // the file name row and the status line under it
  ws_.toast().keep_above(c.status_top);          // the toast never covers them
  ImGui::SetNextItemWidth(-12 * fs_px);
  ImGui::InputText(T("文件名", "File name"), c.file_name, sizeof c.file_name);
  ImGui::SameLine();
  const std::string out = out_path();
  if (out != c.checked_path) {  // the guard's verdict, said before the button is pressed
    c.checked_path = out;
    c.refusal.clear();
    try {
      check_output_path(out, OutputGuard{ws_.options().db});
    } catch (const std::exception& e) {
      c.refusal = e.what();
    }
  }
  const bool exists = fs::exists(out, ec);
  ImGui::BeginDisabled(!c.refusal.empty());
  if (ImGui::Button(exists ? labelled(ws_.actions(), "exports.write", "覆盖导出", "Overwrite").c_str()
                           : labelled(ws_.actions(), "exports.write", "导出", "Export").c_str()))
    run_export();
  ImGui::EndDisabled();
  // The status line: why this path is refused, else what the last export did.
  if (!c.refusal.empty())
    ImGui::TextColored({1, 0.45f, 0.4f, 1}, "%s", c.refusal.c_str());
  else if (!c.last_export.empty())
    ImGui::TextColored(c.last_failed ? ImVec4(1, 0.45f, 0.4f, 1) : ImVec4(0.6f, 0.85f, 0.6f, 1), "%s", c.last_export.c_str());
  ImGui::EndChild();
}

}  // namespace pa::ui
