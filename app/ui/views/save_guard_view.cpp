// SaveGuardView: recording decisions, and what could not be recorded as it was (views/save_guard_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <utility>

#include "core/error.h"
#include "review/decisions.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/ui_common.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui/platform/fonts.h"

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

// "：背景不符合要求、光照不均": the reasons recorded, as the reviewer reads them in the picker.
std::string reasons_said(const std::vector<std::string>& reasons, const std::vector<Reason>& catalog) {
  if (reasons.empty()) return {};
  std::string out = T("：", ": ");
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i) out += T("、", ", ");
    out += reason_short(reasons[i], catalog);
  }
  return out;
}

}  // namespace

SaveGuardView::SaveGuardView(Workstation& ws) : View(ws), journal_offer_(ws.session().journal_replay_pending()) {}

void SaveGuardView::register_actions(ActionRegistry& actions) {
  actions.add({"app.quit", "退出", "Quit", {{GLFW_KEY_Q, true}}, [this] { request_quit(); }});
}

void SaveGuardView::before_frame() {
  if (!ws_.session().unsaved().empty() && !override_ && std::chrono::steady_clock::now() >= next_retry_)
    retry_unsaved_decision();
}

void SaveGuardView::draw_dialogs() {
  draw_override_confirm();
  draw_held_confirm();
  draw_unsaved_banner();
  draw_quit_confirm();
  draw_journal_offer();
}

void SaveGuardView::record(Verdict v, std::vector<std::string> reasons, std::string note, bool override_confirmed,
                 std::string student_note) {
  const QueueRow* r = ws_.session().current();
  if (!r) return;
  const std::string no = r->state.student.student_no;
  const std::string who = displayable(no + " " + r->state.student.name);
  if (!r->held_by.empty() && !std::exchange(held_confirmed_, false)) {
    held_ = PendingHeld{no, v, std::move(reasons), std::move(note), std::move(student_note), override_confirmed, r->held_by};
    return;
  }
  // The photo on screen: the decision belongs to it, and is refused if a newer one arrived.
  const std::string shown = ws_.current_photo_ready() ? r->state.photo_sha256 : std::string();
  try {
    ws_.session().decide(v, reasons, note, ws_.review().shown_analysis(), override_confirmed, shown, student_note);
    ws_.toast().show(done_label(v) + who + reasons_said(reasons, ws_.session().catalog()), T("撤销 (Ctrl+Z)", "Undo (Ctrl+Z)"),
                     [this] { ws_.review().undo(); });
  } catch (const PhotoSuperseded& e) {
    // No override: the reviewer must look at the new photo first (the row shows it now).
    ws_.toast().show(std::string(T("未记录：该学生有新版本照片，请先查看新照片。", "Not recorded: a newer photo of this student "
                                                                        "arrived; look at it first. ")));
    ws_.set_error(e.what());
  } catch (const DecisionConflict& c) {
    override_ = PendingOverride{no, v, std::move(reasons), std::move(note), std::move(student_note), c.current()};
  } catch (const std::exception& e) {
    // A store failure keeps the decision (journal first; the banner shows it); anything else is
    // the reviewer's to fix.
    const auto& u = ws_.session().unsaved();
    if (u.empty() || u.back().decision.student_no != no)
      ws_.toast().show(std::string(T("未能记录：", "Not recorded: ")) + e.what());
    next_retry_ = std::chrono::steady_clock::now() + kRetryEvery;
  }
  ws_.navigated();
}

void SaveGuardView::confirm_override() {
  if (!override_) return;
  PendingOverride o = std::move(*override_);
  override_.reset();
  if (!ws_.session().go_to_student(o.student_no)) return;
  ws_.navigated();
  std::string why;
  if (!ws_.review().can_decide(&why)) {  // the photo must be on screen again before the override is recorded
    ws_.toast().show(why);
    return;
  }
  record(o.verdict, std::move(o.reasons), std::move(o.note), true, std::move(o.student_note));
}

void SaveGuardView::retry_unsaved_decision() {
  if (ws_.session().unsaved().empty()) return;
  next_retry_ = std::chrono::steady_clock::now() + kRetryEvery;
  std::optional<ReviewSession::UnsavedDecision> first;
  for (const auto& u : ws_.session().unsaved())
    if (!u.from_earlier_session) {
      first = u;
      break;
    }
  if (!first) return;
  try {
    if (const int n = ws_.session().retry_unsaved(); n > 0) {
      char buf[160];
      std::snprintf(buf, sizeof buf, T("已保存 %d 条先前未保存的结论", "Saved %d decisions that were waiting"), n);
      ws_.toast().show(buf);
    }
  } catch (const PhotoSuperseded&) {
    ws_.toast().show(std::string(T("一条未保存的结论已作废：该学生有新版本照片 ", "A waiting decision was dropped: a newer photo of ")) +
                first->decision.student_no);
  } catch (const DecisionConflict& c) {
    override_ = PendingOverride{first->decision.student_no, first->decision.verdict, first->decision.reasons,
                                first->decision.note, first->decision.student_note, c.current()};
  }
}

void SaveGuardView::draw_unsaved_banner() {
  const auto& all = ws_.session().unsaved();
  if (all.empty() || journal_offer_) return;
  const auto& u = all.front();
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, ImGui::GetFrameHeight() * 2}, ImGuiCond_Always, {0.5f, 0});
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.55f, 0.05f, 0.05f, 0.95f));
  ImGui::Begin("##unsaved", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::Text(T("%zu 条结论尚未写入审核数据库（最早：%s → %s，第 %d 次尝试）", "%zu decisions not yet in the audit (first: %s → %s, attempt %d)"),
              all.size(), u.decision.student_no.c_str(), to_string(u.decision.verdict), u.attempts);
  ImGui::PushTextWrapPos(io.DisplaySize.x * 0.6f);
  ImGui::TextWrapped("%s", displayable(u.error).c_str());
  if (const DecisionJournal* j = ws_.session().journal(); j && !u.journal_id.empty())
    ImGui::TextWrapped(T("已保存在本机日志 %s，将自动重试，结论不会丢失。", "Kept in the local journal %s; retrying automatically, nothing is lost."),
                       j->file().string().c_str());
  else
    ImGui::TextWrapped("%s", T("本机日志也无法写入：请不要退出，恢复后将自动重试。",
                               "The local journal cannot be written either: do not quit; retrying automatically."));
  ImGui::PopTextWrapPos();
  if (ImGui::Button(T("立即重试", "Retry now"))) {
    if (ws_.session().journal_replay_pending())
      accept_journal_replay();  // the earlier session's decisions, postponed at start: sent now
    else
      retry_unsaved_decision();
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

void SaveGuardView::request_quit() {
  if (ws_.session().unsaved().empty()) {
    ws_.quit();
    return;
  }
  quit_confirm_ = true;
}

namespace {

enum class Choice { none, first, second };

// The guard's dialogs: one centred modal, its body, then two buttons; the second answers Esc, the
// first Enter when `first_on_enter` (quitting with unsaved decisions takes a click). The popup is
// closed and ended before the choice is returned, so the caller may act at once.
Choice two_button_modal(const char* id, const std::function<void()>& body, const char* first, const char* second,
                        bool first_on_enter = true) {
  if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar))
    return Choice::none;
  body();
  ImGui::Separator();
  Choice c = Choice::none;
  if (ImGui::Button(first, {180, 0}) || (first_on_enter && ImGui::IsKeyPressed(GLFW_KEY_ENTER, false))) c = Choice::first;
  ImGui::SameLine();
  if (c == Choice::none && (ImGui::Button(second, {180, 0}) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)))
    c = Choice::second;
  if (c != Choice::none) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return c;
}

}  // namespace

void SaveGuardView::draw_quit_confirm() {
  if (!quit_confirm_) return;
  const Choice c = two_button_modal(
      "##quit_confirm",
      [&] {
        const auto& all = ws_.session().unsaved();
        const bool journaled = std::all_of(all.begin(), all.end(), [](const auto& u) { return !u.journal_id.empty(); });
        ImGui::Text(T("还有 %zu 条结论尚未写入审核数据库。", "%zu decisions are not in the audit yet."), all.size());
        if (journaled)
          ImGui::TextUnformatted(T("它们已保存在本机日志中，下次打开本审核时可重新提交。", "They are kept in the local journal and offered again next time."));
        else
          ImGui::TextColored({1, 0.5f, 0.4f, 1}, "%s", T("其中有的连本机日志也无法写入，退出将丢失它们！", "Some could not be journaled either: quitting loses them!"));
      },
      T("仍然退出", "Quit anyway"), T("取消 (Esc)", "Cancel (Esc)"), false);
  if (c == Choice::first) {
    quit_confirm_ = false;
    ws_.quit();
  } else if (c == Choice::second) {
    quit_confirm_ = false;
  }
}

void SaveGuardView::accept_journal_replay() {
  journal_offer_ = false;
  try {
    const int n = ws_.session().replay_journal();
    char buf[160];
    std::snprintf(buf, sizeof buf, T("已提交上次未保存的 %d 条结论", "Submitted %d decisions from last time"), n);
    ws_.toast().show(buf);
  } catch (const PhotoSuperseded&) {
    ws_.toast().show(T("一条上次的结论已作废：该学生已有新版本照片", "A decision from last time was dropped: a newer photo arrived"));
  } catch (const DecisionConflict& c) {
    // Dropped from the journal: another reviewer's decision stands; the reviewer sees it in the row.
    ws_.toast().show(std::string(T("一条上次的结论与他人的结论冲突，未提交：", "A decision from last time conflicts with another "
                                                                  "reviewer's and was not submitted: ")) + c.what());
  }
  next_retry_ = std::chrono::steady_clock::now() + kRetryEvery;
  ws_.session().reload();
  ws_.navigated();
}

void SaveGuardView::draw_journal_offer() {
  if (!journal_offer_) return;
  const Choice c = two_button_modal(
      "##journal_offer",
      [&] {
        const auto& all = ws_.session().unsaved();
        ImGui::Text(T("上次有 %zu 条结论未能写入审核数据库：", "%zu decisions could not be written to the audit last time:"), all.size());
        int shown = 0;
        for (const auto& u : all) {
          if (!u.from_earlier_session || ++shown > 8) continue;
          ImGui::BulletText("%s → %s  %s", u.decision.student_no.c_str(), to_string(u.decision.verdict),
                            displayable(reason_labels(u.decision.reasons, ws_.session().catalog())).c_str());
        }
        ImGui::TextDisabled("%s", T("提交时每条仍会检查是否已有他人结论或新照片。", "Each is still checked against other reviewers' decisions and newer photos."));
      },
      T("现在提交 (Enter)", "Submit now (Enter)"), T("稍后 (Esc)", "Later (Esc)"));
  if (c == Choice::first) accept_journal_replay();
  else if (c == Choice::second) postpone_journal_replay();
}

void SaveGuardView::draw_override_confirm() {
  if (!override_) return;
  const Choice c = two_button_modal(
      "##override_confirm",
      [&] {
        ImGui::TextUnformatted(T("另一位审核人刚刚对这张照片作出了结论", "Another reviewer has just decided this photo"));
        if (const auto& t = override_->theirs) {
          std::string codes = reason_labels(t->reasons, ws_.session().catalog());
          ImGui::Text("%s: %s  %s%s%s  %s", t->student_no.c_str(), displayable(t->reviewer).c_str(), t->kind.c_str(),
                      codes.empty() ? "" : " · ", displayable(codes).c_str(), t->at.c_str());
        } else {
          ImGui::TextUnformatted(T("您看到的结论已被撤销。", "The decision you saw has been undone."));
        }
        ImGui::Text(T("用您的结论（%s）覆盖？", "Override it with yours (%s)?"), verdict_label(override_->verdict));
      },
      T("覆盖 (Enter)", "Override (Enter)"), T("保留对方结论 (Esc)", "Keep theirs (Esc)"));
  if (c == Choice::first) confirm_override();
  else if (c == Choice::second) override_.reset();
}

void SaveGuardView::confirm_held() {
  if (!held_) return;
  PendingHeld h = std::move(*held_);
  held_.reset();
  const QueueRow* r = ws_.session().current();
  if (!r || r->state.student.student_no != h.student_no) return;  // moved on meanwhile: nothing recorded
  held_confirmed_ = true;
  record(h.verdict, std::move(h.reasons), std::move(h.note), h.override_confirmed, std::move(h.student_note));
  held_confirmed_ = false;
}

void SaveGuardView::draw_held_confirm() {
  if (!held_) return;
  const Choice c = two_button_modal(
      "##held_confirm",
      [&] {
        ImGui::Text(T("%s 正在审核这张照片（%s）", "%s has this photo on screen (%s)"),
                    displayable(holder_label(held_->theirs_holder)).c_str(), held_->student_no.c_str());
        ImGui::Text(T("仍要记录您的结论（%s）吗？", "Record your decision (%s) all the same?"), verdict_label(held_->verdict));
      },
      T("仍要记录 (Enter)", "Record (Enter)"), T("取消 (Esc)", "Cancel (Esc)"));
  if (c == Choice::first) confirm_held();
  else if (c == Choice::second) held_.reset();
}

}  // namespace pa::ui
