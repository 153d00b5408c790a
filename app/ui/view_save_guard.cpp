// Nothing a reviewer decides is lost or silently replaces another reviewer's decision:
//  - another workstation decided the same photo meanwhile: a dialog shows that decision and asks
//    whether to override it (ReviewSession refuses otherwise, DecisionConflict);
//  - the store failed (disk full, read-only, locked too long): a red banner keeps the unsaved
//    decision on screen and it is retried every few seconds and on demand.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "core/error.h"
#include "review/decisions.h"
#include "ui/app.h"
#include "ui/i18n.h"
#include "ui/fonts.h"

namespace pa::ui {

namespace {

constexpr auto kRetryEvery = std::chrono::seconds(3);

const char* done_label(Verdict v) {
  switch (v) {
    case Verdict::approve: return T("已批准 ", "Approved ");
    case Verdict::reject: return T("已驳回 ", "Rejected ");
    default: return T("已标记重拍 ", "Reshoot ");
  }
}

}  // namespace

void App::record(Verdict v, std::vector<std::string> reasons, std::string note, bool override_confirmed) {
  const QueueRow* r = session_->current();
  if (!r) return;
  const std::string no = r->state.student.student_no;
  const std::string who = displayable(no + " " + r->state.student.name);
  try {
    session_->decide(v, reasons, note, analysis_record_for_current(), override_confirmed);
    toast_.show(done_label(v) + who, T("撤销 (Ctrl+Z)", "Undo (Ctrl+Z)"), [this] { undo(); });
  } catch (const DecisionConflict& c) {
    override_ = PendingOverride{no, v, std::move(reasons), std::move(note), c.current()};
  } catch (const std::exception& e) {
    // A store failure keeps the decision as unsaved (the banner shows it); anything else is the
    // reviewer's to fix.
    if (!session_->unsaved() || session_->unsaved()->decision.student_no != no)
      toast_.show(std::string(T("未能记录：", "Not recorded: ")) + e.what());
    next_retry_ = std::chrono::steady_clock::now() + kRetryEvery;
  }
  on_navigate();
}

void App::confirm_override() {
  if (!override_) return;
  PendingOverride o = std::move(*override_);
  override_.reset();
  if (!session_->go_to_student(o.student_no)) return;
  record(o.verdict, std::move(o.reasons), std::move(o.note), true);
}

void App::retry_unsaved_decision() {
  if (!session_->unsaved()) return;
  const ReviewSession::UnsavedDecision pending = *session_->unsaved();
  next_retry_ = std::chrono::steady_clock::now() + kRetryEvery;
  try {
    if (auto e = session_->retry_unsaved())
      toast_.show(std::string(T("已保存 ", "Saved ")) + done_label(pending.decision.verdict) + e->student_no);
  } catch (const DecisionConflict& c) {
    override_ = PendingOverride{pending.decision.student_no, pending.decision.verdict, pending.decision.reasons,
                                pending.decision.note, c.current()};
  }
}

void App::draw_unsaved_banner() {
  const auto& u = session_->unsaved();
  if (!u) return;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, ImGui::GetFrameHeight() * 2}, ImGuiCond_Always, {0.5f, 0});
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.55f, 0.05f, 0.05f, 0.95f));
  ImGui::Begin("##unsaved", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::Text(T("未保存 (not saved): %s → %s，第 %d 次尝试", "Not saved: %s → %s, attempt %d"),
              u->decision.student_no.c_str(), to_string(u->decision.verdict), u->attempts);
  ImGui::TextWrapped("%s", displayable(u->error).c_str());
  ImGui::TextUnformatted(T("将自动重试，结论不会丢失。", "Retrying automatically; the decision is kept."));
  if (ImGui::Button(T("立即重试", "Retry now"))) retry_unsaved_decision();
  ImGui::End();
  ImGui::PopStyleColor();
}

void App::draw_override_confirm() {
  if (!override_) return;
  const char* id = "##override_confirm";
  if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
    ImGui::TextUnformatted(T("另一位审核人刚刚对这张照片作出了结论", "Another reviewer has just decided this photo"));
    if (const auto& t = override_->theirs) {
      std::string codes = reason_labels_zh(t->reasons, session_->catalog());
      ImGui::Text("%s: %s  %s%s%s  %s", t->student_no.c_str(), displayable(t->reviewer).c_str(), t->kind.c_str(),
                  codes.empty() ? "" : " · ", displayable(codes).c_str(), t->at.c_str());
    } else {
      ImGui::TextUnformatted(T("您看到的结论已被撤销。", "The decision you saw has been undone."));
    }
    ImGui::Text(T("用您的结论（%s）覆盖？", "Override it with yours (%s)?"), to_string(override_->verdict));
    ImGui::Separator();
    if (ImGui::Button(T("覆盖 (Enter)", "Override (Enter)"), {180, 0}) || ImGui::IsKeyPressed(GLFW_KEY_ENTER, false)) {
      ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
      confirm_override();
      return;
    }
    ImGui::SameLine();
    if (ImGui::Button(T("保留对方结论 (Esc)", "Keep theirs (Esc)"), {180, 0}) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
      override_.reset();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace pa::ui
