// Dashboard: progress per college and campus as stacked bars, the reason distribution, each
// reviewer's decisions per hour, and the audit calendar with today's phase. Anonymous: trainers
// may open it too.
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
    std::optional<AuditCalendar> calendar;
    std::string calendar_error;
  };

  explicit DashboardView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  bool allowed_for(const std::string&) const override { return true; }
  void draw() override;
  void on_open() override { reload(); }
  void reload();
  State& state() { return c_; }

 private:
  void draw_calendar_panel();
  State c_;
};

}  // namespace pa::ui
