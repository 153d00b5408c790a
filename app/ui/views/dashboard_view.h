// Dashboard: progress per college and campus as stacked bars, the reason distribution, each
// reviewer's decisions per hour (batch approvals apart), and the audit's calendar with today's
// phase; the dialog that sets the calendar. Anonymous: trainers may open it too.
#pragma once

#include <optional>
#include <string>

#include "review/calendar.h"
#include "review/dashboard.h"
#include "ui/views/view.h"

namespace pa::ui {

class DashboardView final : public View {
 public:
  struct State {
    bool loaded = false;  // reloaded from the store when the screen is opened
    std::string today;    // YYYY-MM-DD (local)
    Dashboard dashboard;
    std::optional<AuditCalendar> calendar;  // the audit's own; nullopt: none set (or unreadable)
    std::string calendar_error;
    // The calendar dialog: a draft of the calendar, stored only when it passes parse_calendar.
    bool calendar_open = false;
    bool draft_from_notice = false;  // prefilled from the notice's pattern for this year
    AuditCalendar draft;
    std::string draft_error;
  };

  explicit DashboardView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  bool allowed_for(const std::string&) const override { return true; }
  void register_actions(ActionRegistry& actions) override;
  void draw() override;
  void draw_dialogs() override;  // the calendar dialog
  bool modal_open() const override { return c_.calendar_open; }
  void on_open() override { reload(); }
  void glyph_texts(std::vector<std::string>& out) const override;
  void reload();
  State& state() { return c_; }
  // Who may set the calendar: the 学籍科's reviewers (not a coordinator's college view, not a trainer).
  bool may_set_calendar() const;
  // Opens the dialog on the audit's calendar, or on the notice's pattern moved to this year.
  void open_calendar_dialog();
  // Checks the draft (parse_calendar's rules) and stores it; false with draft_error when refused.
  bool save_calendar();

 private:
  void draw_calendar_panel();
  void draw_calendar_dialog();
  State c_;
};

}  // namespace pa::ui
