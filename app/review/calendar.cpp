#include "review/calendar.h"

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/error.h"

namespace pa {

namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

std::optional<year_month_day> parse_date(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

sys_days day_of(const std::string& s) {
  auto d = parse_date(s);
  if (!d) throw UserError("日期须为 YYYY-MM-DD (a date must be YYYY-MM-DD): " + s);
  return sys_days{*d};
}

int days_between(const std::string& a, const std::string& b) { return static_cast<int>((day_of(b) - day_of(a)).count()); }

}  // namespace

const CalendarPhase* CampusCalendar::find(const std::string& id) const {
  for (const auto& p : phases)
    if (p.id == id) return &p;
  return nullptr;
}

const CampusCalendar* AuditCalendar::find(const std::string& campus) const {
  for (const auto& c : campuses)
    if (c.campus == campus) return &c;
  return nullptr;
}

AuditCalendar parse_calendar(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("campuses") || !j["campuses"].is_array())
    throw UserError("审核日历须为含 campuses 数组的 JSON 对象 (the calendar must be a JSON object with a campuses array)");
  AuditCalendar cal;
  cal.title = j.value("title", "");
  cal.daily_from = j.value("daily_from", cal.daily_from);
  cal.daily_to = j.value("daily_to", cal.daily_to);
  try {
    for (const auto& c : j["campuses"]) {
      CampusCalendar cc;
      cc.campus = c.at("campus").get<std::string>();
      for (const auto& p : c.at("phases")) {
        CalendarPhase ph{p.at("id").get<std::string>(), p.value("label_zh", p.at("id").get<std::string>()),
                         p.at("from").get<std::string>(), p.at("to").get<std::string>()};
        if (day_of(ph.to) < day_of(ph.from))
          throw UserError("日历阶段结束早于开始 (a phase ends before it starts): " + cc.campus + " " + ph.label_zh);
        if (!cc.phases.empty() && day_of(ph.from) <= day_of(cc.phases.back().to))
          throw UserError("日历阶段须按日期先后排列 (phases must follow each other): " + cc.campus + " " + ph.label_zh);
        cc.phases.push_back(std::move(ph));
      }
      cal.campuses.push_back(std::move(cc));
    }
  } catch (const nlohmann::json::exception& e) {
    throw UserError(std::string("审核日历格式错误 (malformed calendar): ") + e.what());
  }
  return cal;
}

AuditCalendar load_calendar(AuditStore& store) {
  if (auto own = store.meta_value(kCalendarMetaKey)) return parse_calendar(*own);
  return parse_calendar(asset_text("calendar.json"));
}

void set_audit_calendar(AuditStore& store, const std::string& json) {
  parse_calendar(json);
  store.set_meta_value(kCalendarMetaKey, json);
}

PhaseNow phase_on(const CampusCalendar& c, const std::string& date) {
  PhaseNow now;
  const sys_days today = day_of(date);
  for (const auto& p : c.phases) {
    if (today < day_of(p.from)) {
      now.state = &p == &c.phases.front() ? PhaseNow::State::before : PhaseNow::State::between;
      now.phase = p;
      now.days_left = days_between(date, p.from);
      return now;
    }
    if (today <= day_of(p.to)) {
      now.state = PhaseNow::State::during;
      now.phase = p;
      now.days_left = days_between(date, p.to) + 1;
      return now;
    }
  }
  now.state = PhaseNow::State::after;
  return now;
}

std::string describe_zh(const PhaseNow& p) {
  switch (p.state) {
    case PhaseNow::State::during:
      return p.phase->label_zh + " · 还剩 " + std::to_string(p.days_left) + " 天";
    case PhaseNow::State::before:
    case PhaseNow::State::between:
      return "距" + p.phase->label_zh + "开始还有 " + std::to_string(p.days_left) + " 天";
    case PhaseNow::State::after: return "已结束";
  }
  return {};
}

std::string date_range_zh(const CalendarPhase& p) {
  const auto a = *parse_date(p.from), b = *parse_date(p.to);
  auto md = [](const year_month_day& d) {
    return std::to_string(static_cast<unsigned>(d.month())) + "月" + std::to_string(static_cast<unsigned>(d.day())) + "日";
  };
  std::string s = std::to_string(static_cast<int>(a.year())) + "年" + md(a);
  if (a != b) s += "—" + (a.year() == b.year() ? md(b) : std::to_string(static_cast<int>(b.year())) + "年" + md(b));
  return s;
}

std::string today_local() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace pa
