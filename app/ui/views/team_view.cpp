#include "ui/views/team_view.h"

#include "ui/platform/fonts.h"
#include "ui/views/dashboard_view.h"
#include "ui/ui_common.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace {

constexpr auto kPollEvery = std::chrono::milliseconds(250);
constexpr auto kNoteFor = std::chrono::seconds(15);

const char* verdict_word(const std::string& kind) {
  if (kind == "approve") return T("合格", "approved");
  if (kind == "reject") return T("不合格", "rejected");
  if (kind == "reshoot") return T("需重拍", "reshoot");
  return T("撤销了结论", "undone");
}

}  // namespace

void TeamView::poll() {
  std::vector<DecisionEvent> others;
  try {
    others = ws_.session().follow_changes();
    offline_ = false;
  } catch (const std::exception&) {
    offline_ = true;  // unreachable just now: the reviewer goes on with what is loaded (journal)
    return;
  }
  if (others.empty()) return;
  if (ws_.screen() == Screen::dashboard) ws_.dashboard().reload();  // its counts follow too
  const DecisionEvent& e = others.back();
  note_ = displayable(e.reviewer) + " " + T("判定", "decided") + " " + e.student_no + " " + verdict_word(e.kind);
  if (others.size() > 1)
    note_ += T("（等 ", " (and ") + std::to_string(others.size() - 1) + T(" 条）", " more)");
  note_until_ = std::chrono::steady_clock::now() + kNoteFor;
}

void TeamView::before_frame() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_poll_) return;
  next_poll_ = now + kPollEvery;
  poll();
}

std::string TeamView::recent_note() const {
  return std::chrono::steady_clock::now() < note_until_ ? note_ : std::string();
}

}  // namespace pa::ui
