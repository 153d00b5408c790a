// The audit calendar of the notice: per campus, the capture, school review and reshoot windows
// (dates inclusive, capture only between 08:00 and 18:00). An audit's calendar is its own, in the
// meta table (key setting.calendar), set with `photoaudit calendar --set` or the dashboard's
// dialog. assets/calendar.json is the notice's pattern (its year's dates), never an audit's
// calendar: it only prefills a new one, shifted to the audit's year (notice_calendar_for_year).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

struct CalendarPhase {
  std::string id;        // capture | review | reshoot
  std::string label_zh;  // 初次采集 …
  std::string from, to;  // YYYY-MM-DD, inclusive
};

struct CampusCalendar {
  std::string campus;
  std::vector<CalendarPhase> phases;  // in date order
  const CalendarPhase* find(const std::string& id) const;
};

struct AuditCalendar {
  std::string title;
  std::string daily_from = "08:00", daily_to = "18:00";
  std::vector<CampusCalendar> campuses;
  const CampusCalendar* find(const std::string& campus) const;
};

// Parses and checks the JSON (dates valid, from <= to, phases in order); throws pa::UserError.
AuditCalendar parse_calendar(const std::string& json);
// The calendar as JSON that parse_calendar reads back (what set_audit_calendar stores).
std::string calendar_json(const AuditCalendar& cal);
constexpr const char* kCalendarMetaKey = "setting.calendar";
// The one rule for "the audit has no calendar": it carries none of its own. Nothing falls back
// to the notice's pattern where a user sees dates (dashboard, notices, `photoaudit calendar`).
bool audit_has_calendar(AuditStore& store);
// The audit's own calendar; nullopt when it has none.
std::optional<AuditCalendar> load_calendar(AuditStore& store);
// Checks the JSON and stores it as the audit's calendar.
void set_audit_calendar(AuditStore& store, const std::string& json);
// The notice's pattern (assets/calendar.json) moved to `year`: every date keeps its month and
// day (29 February becomes the 28th), the class in the title ("2025届…") moves with it. What a
// new audit's calendar is prefilled with, for the school to check against this year's notice.
AuditCalendar notice_calendar_for_year(int year);
// The notice's pattern for the audit ahead on `today` (YYYY-MM-DD): today's year, or the next one
// when this year's dates have all passed (a calendar set up in December is next spring's).
AuditCalendar notice_calendar_ahead(const std::string& today);

// Where a campus stands on `date` (YYYY-MM-DD).
struct PhaseNow {
  enum class State { before, during, between, after } state = State::before;
  std::optional<CalendarPhase> phase;  // during: the current phase; before/between: the next one
  int days_left = 0;  // during: days left including today; before/between: days until the next phase
};
PhaseNow phase_on(const CampusCalendar& c, const std::string& date);
// "学校审核 · 还剩 3 天", "距初次采集开始还有 5 天", "已结束".
std::string describe_zh(const PhaseNow& p);
// "2024年5月10日" / "2024年4月7日—4月11日".
std::string date_range_zh(const CalendarPhase& p);
// The English of the same: "Reshoot · 3 days left", "Capture starts in 5 days", "over";
// "10 May 2024" / "7–11 Apr 2024"; a phase's name by its id ("School review"; else label_zh).
std::string describe_en(const PhaseNow& p);
std::string date_range_en(const CalendarPhase& p);
std::string phase_label_en(const CalendarPhase& p);

// The year of a YYYY-MM-DD date; throws pa::UserError for anything else.
int year_of(const std::string& date);
// Today in the local time zone, YYYY-MM-DD.
std::string today_local();

}  // namespace pa
