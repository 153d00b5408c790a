// Contact sheet: thumbnails of the filtered queue with verdict badges; select many, approve the
// clean ones after a confirmation that says how many.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/views/contact_sheet_view.h"
#include "ui/views/review_view.h"
#include "ui/views/reviewer_view.h"
#include "ui/workstation.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/ui_common.h"
#include "review/policy.h"

namespace pa::ui {

std::vector<ScreenEntry> ContactSheetView::screens() const {
  return {ScreenEntry{Screen::sheet, "screen.sheet", "联系表", "Contact sheet", "联系表", "Contact sheet", {{GLFW_KEY_F4}}, true}};
}

void ContactSheetView::register_actions(ActionRegistry& actions) {
  auto on_sheet = [this] { return ws_.screen() == Screen::sheet; };
  auto has_selection = [this] { return ws_.screen() == Screen::sheet && !selection_.empty(); };
  actions.add({"sheet.select_all", "全选", "Select all", {{GLFW_KEY_A, true}}, [this] {
                 const auto& q = ws_.session().queue();
                 for (std::size_t i = 0; i < q.size(); ++i)
                   if (q.at(i).has_photo()) selection_.insert(q.at(i).state.student.student_no);
               }, on_sheet});
  actions.add({"sheet.approve_clean", "批准所选中无问题的照片…", "Approve the clean ones in the selection…", {{GLFW_KEY_A}},
               [this] { open_approve_confirm(); }, has_selection});
  actions.add({"sheet.reject", "驳回所选照片…", "Reject the selected photos…", {{GLFW_KEY_R}},
               [this] { open_batch_picker(Verdict::reject); }, has_selection});
  actions.add({"sheet.reshoot", "所选照片需重拍…", "Flag the selected photos for reshoot…", {{GLFW_KEY_S}},
               [this] { open_batch_picker(Verdict::reshoot); }, has_selection});
  // The arrow keys move the cursor; with Shift they extend the selection from the anchor.
  struct Move {
    const char* id;
    const char* zh;
    const char* en;
    int key;
    int by;  // 0: a row down, -1000: a row up
  };
  for (const Move& m : {Move{"sheet.left", "光标左移（Shift 扩选）", "Cursor left (Shift extends)", GLFW_KEY_LEFT, -1},
                        Move{"sheet.right", "光标右移（Shift 扩选）", "Cursor right (Shift extends)", GLFW_KEY_RIGHT, 1},
                        Move{"sheet.up", "光标上移（Shift 扩选）", "Cursor up (Shift extends)", GLFW_KEY_UP, -1000},
                        Move{"sheet.down", "光标下移（Shift 扩选）", "Cursor down (Shift extends)", GLFW_KEY_DOWN, 0}}) {
    const int by = m.by;
    actions.add({m.id, m.zh, m.en, {{m.key, false, false, true}, {m.key, false, true, true}}, [this, by] {
                   const int delta = by == 0 ? cols_ : by == -1000 ? -cols_ : by;
                   move_cursor(delta, ImGui::GetIO().KeyShift);
                 }, on_sheet});
  }
  actions.add({"sheet.open", "在审核界面打开光标处的照片", "Open the photo at the cursor on the review screen", {{GLFW_KEY_ENTER}},
               [this] {
                 ws_.session().go_to(*cursor_);
                 ws_.navigated();
                 ws_.set_screen(Screen::review);
               },
               [this] { return ws_.screen() == Screen::sheet && cursor_ && *cursor_ < ws_.session().queue().size(); }});
}

void ContactSheetView::select_range(std::size_t a, std::size_t b, bool add) {
  const auto& q = ws_.session().queue();
  if (!add) selection_.clear();
  for (std::size_t i = std::min(a, b); i <= std::max(a, b) && i < q.size(); ++i)
    if (q.at(i).has_photo()) selection_.insert(q.at(i).state.student.student_no);
}

void ContactSheetView::click(std::size_t pos, bool ctrl, bool shift) {
  const auto& q = ws_.session().queue();
  if (pos >= q.size()) return;
  before_click_ = selection_;
  const QueueRow& r = q.at(pos);
  const std::string& no = r.state.student.student_no;
  if (shift) {
    // Shift-click extends from the anchor (the last plain or Ctrl click); Ctrl+Shift adds the range.
    select_range(anchor_.value_or(pos), pos, ctrl);
  } else if (ctrl) {
    if (!selection_.erase(no) && r.has_photo()) selection_.insert(no);
    anchor_ = pos;
  } else {
    selection_.clear();
    if (r.has_photo()) selection_.insert(no);
    anchor_ = pos;
  }
  cursor_ = pos;
}

void ContactSheetView::double_click(std::size_t pos) {
  if (pos >= ws_.session().queue().size()) return;
  // The double click's first click selected the photo: opening it leaves the selection as it was.
  selection_ = before_click_;
  cursor_ = pos;
  ws_.session().go_to(pos);
  ws_.navigated();
  ws_.set_screen(Screen::review);
}

void ContactSheetView::move_cursor(int delta, bool extend) {
  const auto& q = ws_.session().queue();
  if (q.size() == 0) return;
  const long n = static_cast<long>(q.size());
  const long to = cursor_ ? std::clamp(static_cast<long>(*cursor_) + delta, 0L, n - 1) : 0;
  cursor_ = static_cast<std::size_t>(to);
  if (extend) {
    if (!anchor_) anchor_ = cursor_;
    select_range(*anchor_, *cursor_, false);
  } else {
    anchor_ = cursor_;
    selection_.clear();
    const QueueRow& r = q.at(*cursor_);
    if (r.has_photo()) selection_.insert(r.state.student.student_no);
  }
  scroll_to_cursor_ = true;
}

// The selected photos with a photo, each with the version and the analysis the sheet shows.
std::vector<ReviewSession::ShownPhoto> ContactSheetView::selection_with_photo() const {
  std::vector<ReviewSession::ShownPhoto> out;
  const auto& q = ws_.session().queue();
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto& st = q.at(i).state;
    if (!selection_.count(st.student.student_no) || !q.at(i).has_photo()) continue;
    out.push_back({st.student.student_no, st.submission_id, st.photo_sha256,
                   ws_.photos().record_for(st.photo_sha256, st.submission_id)});
  }
  return out;
}

void ContactSheetView::open_batch_picker(Verdict v) {
  if (ws_.session().reviewer().empty()) {
    ws_.reviewer_name().open_dialog();
    ws_.toast().show(T("请先填写审核人姓名", "Name the reviewer first"));
    return;
  }
  batch_ = selection_with_photo();
  if (batch_.empty()) {
    ws_.toast().show(T("所选学生都没有照片", "None of the selected students has a photo"));
    return;
  }
  // Pre-ticked: the codes that failed on every selected photo; marked: those raised on any.
  std::vector<std::string> failing, warned;
  for (const auto& reason : ws_.session().catalog()) {
    bool all_fail = true, any = false;
    for (const auto& p : batch_) {
      const QueueRow* row = ws_.session().queue().find(p.student_no);
      all_fail = all_fail && row && row->has_failing(reason.code);
      any = any || (row && row->has_finding(reason.code));
    }
    if (all_fail) failing.push_back(reason.code);
    else if (any) warned.push_back(reason.code);
  }
  char title[160];
  std::snprintf(title, sizeof title, v == Verdict::reject ? T("驳回所选 %zu 张照片：", "Reject the %zu selected photos: ")
                                                          : T("所选 %zu 张照片需重拍：", "Reshoot for the %zu selected photos: "),
                batch_.size());
  ws_.open_reason_picker(title, failing, warned, [this, v](widgets::ReasonPicker::Result res) {
    if (res != widgets::ReasonPicker::Result::confirmed) {
      batch_.clear();
      return;
    }
    const auto& p = ws_.picker();
    decide_batch(v, p.selected(), p.note(), p.student_note());
  });
}

void ContactSheetView::decide_batch(Verdict v, const std::vector<std::string>& reasons, const std::string& note,
                                    const std::string& student_note) {
  if (batch_.empty()) batch_ = selection_with_photo();
  const auto result = ws_.session().decide_many(v, reasons, note, student_note, batch_);
  batch_.clear();
  selection_.clear();
  show_batch_result(v, result);
}

void ContactSheetView::show_batch_result(Verdict v, const ReviewSession::BatchResult& result) {
  char buf[256];
  const char* what = v == Verdict::approve ? T("已批准", "Approved") : v == Verdict::reject ? T("已驳回", "Rejected")
                                                                                           : T("已标记需重拍", "Flagged for reshoot");
  if (result.refused.empty())
    std::snprintf(buf, sizeof buf, T("%s %zu 张照片", "%s %zu photos"), what, result.decided.size());
  else
    std::snprintf(buf, sizeof buf, T("%s %zu 张；%zu 张未记录（照片已更新或已被他人审核）",
                                     "%s %zu; %zu not recorded (a newer photo, or decided by someone else)"),
                  what, result.decided.size(), result.refused.size());
  ws_.toast().show(buf, T("撤销整批 (Ctrl+Z)", "Undo the batch (Ctrl+Z)"), [this] { ws_.review().undo(); });
}

void ContactSheetView::before_frame() {
  if (confirm_ && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
    confirm_ = false;
    snapshot_.clear();
  }
}

// The selected photos the sheet shows as clean and pending, each with the version and the
// analysis it shows. What "clean" means is the review policy's (review/policy.h): no failing
// check, no warning on a code a reviewer would reject for, an analysis of this very version.
std::vector<ReviewSession::ShownPhoto> ContactSheetView::clean_selection_now() const {
  std::vector<ReviewSession::ShownPhoto> out;
  for (const auto& row : ws_.session().queue().all()) {
    const auto& st = row.state;
    if (!selection_.count(st.student.student_no) || !clean_for_batch(row, ws_.session().policy())) continue;
    ReviewSession::ShownPhoto p{st.student.student_no, st.submission_id, st.photo_sha256, std::nullopt};
    // An analysis the workstation made itself and the audit lacks goes with the decision.
    p.analysis = ws_.photos().record_for(st.photo_sha256, st.submission_id);
    out.push_back(std::move(p));
  }
  return out;
}

int ContactSheetView::clean_in_selection() const { return static_cast<int>(clean_selection_now().size()); }

void ContactSheetView::open_approve_confirm() {
  if (ws_.session().reviewer().empty()) {
    ws_.reviewer_name().open_dialog();
    ws_.toast().show(T("请先填写审核人姓名", "Name the reviewer first"));
    return;
  }
  snapshot_ = clean_selection_now();
  if (snapshot_.empty()) {  // nothing to confirm: say why instead of an empty dialog
    ws_.toast().show(T("所选照片中没有可批量批准的（有不合格项、需人工判断的警告、未分析或已审）",
                       "Nothing in the selection can be approved in a batch (a failed check, a warning to judge, not "
                       "analyzed, or decided)"));
    return;
  }
  confirm_ = true;
}

void ContactSheetView::confirm_approve_selected() {
  const auto result = ws_.session().approve_many(snapshot_);
  snapshot_.clear();
  selection_.clear();
  confirm_ = false;
  show_batch_result(Verdict::approve, result);
}

void ContactSheetView::draw() {
  const auto& q = ws_.session().queue();
  const float fs = ImGui::GetFontSize() / 17.0f;
  ImGui::AlignTextToFramePadding();
  ImGui::Text(T("已选 %zu 张，其中无问题待审 %d 张", "%zu selected, %d of them clean and pending"), selection_.size(), clean_in_selection());
  ImGui::SameLine(0, 16);
  if (ImGui::Button(labelled(ws_.actions(), "sheet.select_all", "全选", "Select all").c_str())) ws_.actions().run("sheet.select_all");
  ImGui::SameLine();
  if (ImGui::Button(T("清除选择", "Clear selection"))) selection_.clear();
  ImGui::SameLine();
  ImGui::BeginDisabled(clean_in_selection() == 0);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.18f, 0.5f, 0.28f, 1));
  if (ImGui::Button(labelled(ws_.actions(), "sheet.approve_clean", "批准所选中无问题的…", "Approve the clean ones…").c_str())) open_approve_confirm();
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  ImGui::SameLine(0, 16);
  ImGui::SetNextItemWidth(140 * fs);
  ImGui::SliderFloat(T("缩略图", "Thumbs"), &thumb_, 90, 260, "%.0f px");

  const float cell_w = thumb_ * fs, img_h = cell_w * 4 / 3, cell_h = img_h + ImGui::GetTextLineHeightWithSpacing() * 2 + 8;
  ImGui::BeginChild("##sheet", {0, 0}, false);
  const float avail = ImGui::GetContentRegionAvail().x;
  const int cols = std::max(1, static_cast<int>(avail / (cell_w + 10)));
  cols_ = cols;
  const int rows = static_cast<int>((q.size() + cols - 1) / cols);
  ImGuiListClipper clipper;
  clipper.Begin(rows, cell_h + 10);
  if (scroll_to_cursor_ && cursor_) clipper.ForceDisplayRangeByIndices(static_cast<int>(*cursor_) / cols, static_cast<int>(*cursor_) / cols + 1);
  ImGuiIO& io = ImGui::GetIO();
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      for (int c = 0; c < cols; ++c) {
        const std::size_t i = static_cast<std::size_t>(row) * cols + c;
        if (i >= q.size()) break;
        const QueueRow& r = q.at(i);
        const auto& st = r.state;
        if (c) ImGui::SameLine(0, 10);
        ImGui::BeginGroup();
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const bool selected = selection_.count(st.student.student_no) != 0;
        if (ImGui::InvisibleButton("##cell", {cell_w, cell_h})) click(i, io.KeyCtrl, io.KeyShift);
        if (ImGui::IsItemHovered() && r.analysis_failed())
          ImGui::SetTooltip(T("自动检查失败：%s", "Automatic checks failed: %s"), displayable(r.analysis_error).c_str());
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0)) double_click(i);
        if (scroll_to_cursor_ && cursor_ && *cursor_ == i) {  // scrolls only as far as the cell needs
          const float a = ImGui::GetItemRectMin().y, b = ImGui::GetItemRectMax().y;
          const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowHeight();
          if (a < top) ImGui::SetScrollFromPosY(a - top - 4, 0.0f);
          else if (b > bottom) ImGui::SetScrollFromPosY(b - top + 4, 1.0f);
          scroll_to_cursor_ = false;
        }
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, {p.x + cell_w, p.y + cell_h}, selected ? IM_COL32(40, 70, 120, 255) : IM_COL32(34, 36, 41, 255), 4);
        if (!st.photo_sha256.empty()) {
          GpuPhoto* t = ws_.photos().thumbnail(st.photo_sha256);
          if (t && t->photo) {
            const float s = std::min(cell_w / t->width, img_h / t->height);
            const float w = t->width * s, h = t->height * s;
            const ImVec2 a{p.x + (cell_w - w) / 2, p.y + 4 + (img_h - h) / 2};
            dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t->photo)), a, {a.x + w, a.y + h});
          } else {
            dl->AddRectFilled({p.x + 6, p.y + 6}, {p.x + cell_w - 6, p.y + img_h}, IM_COL32(55, 58, 66, 255), 3);
          }
        } else {
          const char* t = T("无照片", "no photo");
          const ImVec2 ts = ImGui::CalcTextSize(t);
          dl->AddText({p.x + (cell_w - ts.x) / 2, p.y + img_h / 2}, IM_COL32(150, 150, 150, 255), t);
        }
        // Verdict badge (status) top-left, engine suggestion top-right.
        const ImVec4 sc = status_colour(st.status);
        const char* sl = status_label(st.status);
        const ImVec2 ts = ImGui::CalcTextSize(sl);
        dl->AddRectFilled({p.x + 4, p.y + 4}, {p.x + 12 + ts.x, p.y + 6 + ts.y}, ImGui::ColorConvertFloat4ToU32({sc.x * 0.6f, sc.y * 0.6f, sc.z * 0.6f, 0.95f}), 3);
        dl->AddText({p.x + 8, p.y + 5}, IM_COL32(255, 255, 255, 255), sl);
        if (r.analyzed) {
          // A failed analysis is its own state ("?", purple): never the green "no findings".
          const bool failed = r.analysis_failed(), bad = r.fails > 0, warn = r.warns > 0;
          const ImU32 col = failed ? IM_COL32(150, 60, 160, 240)
                            : bad  ? IM_COL32(200, 50, 50, 240)
                            : warn ? IM_COL32(200, 140, 30, 240)
                                   : IM_COL32(50, 160, 80, 240);
          char n[16];
          std::snprintf(n, sizeof n, "%s", failed ? "?" : bad ? "×" : warn ? "!" : "√");
          dl->AddCircleFilled({p.x + cell_w - 14, p.y + 14}, 10, col);
          const ImVec2 ns = ImGui::CalcTextSize(n);
          dl->AddText({p.x + cell_w - 14 - ns.x / 2, p.y + 14 - ns.y / 2}, IM_COL32(255, 255, 255, 255), n);
        }
        if (selected) dl->AddRect(p, {p.x + cell_w, p.y + cell_h}, IM_COL32(90, 160, 255, 255), 4, 0, 2.5f);
        if (cursor_ && *cursor_ == i)  // the keyboard's cursor: a white frame inside the cell
          dl->AddRect({p.x + 3, p.y + 3}, {p.x + cell_w - 3, p.y + cell_h - 3}, IM_COL32(255, 255, 255, 230), 4, 0, 1.5f);
        const std::string name = displayable(st.student.name);
        dl->AddText({p.x + 6, p.y + img_h + 8}, IM_COL32(235, 235, 235, 255), name.c_str());
        dl->AddText({p.x + 6, p.y + img_h + 8 + ImGui::GetTextLineHeight()}, IM_COL32(150, 155, 165, 255), st.student.student_no.c_str());
        ImGui::PopID();
        ImGui::EndGroup();
      }
    }
  }
  ImGui::EndChild();
}

// Exactly the photos the batch will approve, as thumbnails with name and 学号 (a scrolling grid).
void ContactSheetView::draw_preview() {
  const float fs = ImGui::GetFontSize() / 17.0f;
  const float cell_w = 86 * fs, img_h = cell_w * 4 / 3, line = ImGui::GetTextLineHeight();
  const float cell_h = img_h + line * 2 + 6;
  const int cols = 8;
  const int rows = (static_cast<int>(snapshot_.size()) + cols - 1) / cols;
  const float view_h = std::min(3.0f, static_cast<float>(std::max(rows, 1))) * (cell_h + 8) + 8;
  ImGui::BeginChild("##approve_preview", {cols * (cell_w + 8) + 16, view_h}, true);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < snapshot_.size(); ++i) {
    const auto& shown = snapshot_[i];
    if (i % cols) ImGui::SameLine(0, 8);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy({cell_w, cell_h});
    if (!ImGui::IsItemVisible()) continue;
    GpuPhoto* t = shown.sha256.empty() ? nullptr : ws_.photos().thumbnail(shown.sha256);
    if (t && t->photo) {
      const float s = std::min(cell_w / t->width, img_h / t->height);
      const float w = t->width * s, h = t->height * s;
      const ImVec2 a{p.x + (cell_w - w) / 2, p.y + (img_h - h) / 2};
      dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t->photo)), a, {a.x + w, a.y + h});
    } else {
      dl->AddRectFilled(p, {p.x + cell_w, p.y + img_h}, IM_COL32(55, 58, 66, 255), 3);
    }
    const QueueRow* row = ws_.session().queue().find(shown.student_no);
    const std::string name = row ? displayable(row->state.student.name) : std::string();
    dl->PushClipRect(p, {p.x + cell_w, p.y + cell_h}, true);
    dl->AddText({p.x + 2, p.y + img_h + 2}, IM_COL32(235, 235, 235, 255), name.c_str());
    dl->AddText({p.x + 2, p.y + img_h + 2 + line}, IM_COL32(150, 155, 165, 255), shown.student_no.c_str());
    dl->PopClipRect();
  }
  ImGui::EndChild();
}

void ContactSheetView::draw_dialogs() {
  if (!confirm_) return;
  const char* id = "##approve_confirm";
  if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
    const int clean = static_cast<int>(snapshot_.size());
    ImGui::Text(T("将批准以下 %d 张无问题的待审照片：", "These %d clean pending photos will be approved:"), clean);
    const int skipped = static_cast<int>(selection_.size()) - clean;
    if (skipped > 0)
      ImGui::TextDisabled(T("所选的另外 %d 张（有不合格项、需人工判断的警告、未分析或已审）不会批准。",
                            "The other %d selected (a failed check, a warning to judge, not analyzed, or decided) are left alone."),
                          skipped);
    draw_preview();
    ImGui::TextDisabled("%s", T("批准后可按 Ctrl+Z 一次撤销整批。", "Ctrl+Z afterwards undoes the whole batch at once."));
    ImGui::Separator();
    if (ImGui::Button(T("批准 (Enter)", "Approve (Enter)"), {180, 0}) || ImGui::IsKeyPressed(GLFW_KEY_ENTER, false)) {
      confirm_approve_selected();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(T("取消 (Esc)", "Cancel (Esc)"), {180, 0}) || !confirm_) {
      confirm_ = false;
      snapshot_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace pa::ui
