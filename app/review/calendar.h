// The audit calendar of the notice: per campus, the capture, school review and reshoot windows
// (dates inclusive, capture only between 08:00 and 18:00). The default is assets/calendar.json;
// an audit may carry its own in the meta table (key setting.calendar).
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
constexpr const char* kCalendarMetaKey = "setting.calendar";
// The audit's own calendar when it has one, else the embedded assets/calendar.json.
AuditCalendar load_calendar(AuditStore& store);
// Checks the JSON and stores it as the audit's calendar.
void set_audit_calendar(AuditStore& store, const std::string& json);

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

// Today in the local time zone, YYYY-MM-DD.
std::string today_local();

}  // namespace pa
