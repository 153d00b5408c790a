// ExportsView: the exports screen and its file dialog (views/exports_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "review/export_files.h"
#include "ui/views/exports_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace fs = std::filesystem;

std::vector<ScreenEntry> ExportsView::screens() const {
  return {ScreenEntry{Screen::exports, "screen.exports", "导出…", "Export…", "导出", "Export", {{GLFW_KEY_F9}}, false}};
}

void ExportsView::draw() {
  auto& c = c_;
  const float fs_px = ImGui::GetFontSize();
  if (c.dir.empty()) {
    const char* home = std::getenv("HOME");
    c.dir = home && *home ? home : fs::current_path().string();
  }
  static const char* kWhat[] = {"decisions", "reshoot", "missing", "notify"};
  static const char* kFormat[] = {"csv", "xlsx"};
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
  if (ImGui::Button(T("↑ 上一级", "↑ Up")) && fs::path(c.dir).has_parent_path()) c.dir = fs::path(c.dir).parent_path().string();
  ImGui::SameLine();
  ImGui::TextUnformatted(c.dir.c_str());
  const float list_h = ImGui::GetContentRegionAvail().y - 3.5f * ImGui::GetFrameHeightWithSpacing();
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
  if (!open_dir.empty()) c.dir = open_dir;
  ImGui::EndChild();
  if (!c.file_name[0])
    std::snprintf(c.file_name, sizeof c.file_name, "%s.%s", kWhat[c.export_what], kFormat[c.export_format]);
  ImGui::SetNextItemWidth(-12 * fs_px);
  ImGui::InputText(T("文件名", "File name"), c.file_name, sizeof c.file_name);
  ImGui::SameLine();
  const fs::path out = fs::path(c.dir) / c.file_name;
  const bool exists = fs::exists(out, ec);
  if (ImGui::Button(exists ? T("覆盖导出", "Overwrite") : T("导出", "Export"))) {
    try {
      // ws_.options().db: the open audit is never written over, whatever name is typed
      const ExportResult r = write_export(ws_.store(), {kWhat[c.export_what], kFormat[c.export_format], out.string(),
                                                    c.by_college, c.reveal_ids && c.export_what != 3, ws_.options().db,
                                                    ws_.session().reviewer()});
      char buf[512];
      std::snprintf(buf, sizeof buf, T("已导出 %zu 行、%zu 个工作表 → %s", "Exported %zu rows, %zu sheets → %s"), r.rows,
                    r.sheets, out.string().c_str());
      c.last_export = buf;
      ws_.toast().show(buf);
    } catch (const std::exception& e) {
      c.last_export = e.what();
      ws_.toast().show(e.what());
    }
  }
  if (!c.last_export.empty()) ImGui::TextDisabled("%s", c.last_export.c_str());
  ImGui::EndChild();
}

}  // namespace pa::ui
