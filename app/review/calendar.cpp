#include "review/calendar.h"

#include <cctype>
#include <chrono>
#include <cstdio>
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

// Minutes since midnight of "HH:MM"; -1 when it is not a time of day.
int minutes_of(const std::string& t) {
  unsigned h = 0, m = 0;
  char tail = 0;
  if (t.size() != 5 || std::sscanf(t.c_str(), "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59) return -1;
  return static_cast<int>(h * 60 + m);
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
  try {
    cal.title = j.value("title", "");
    cal.daily_from = j.value("daily_from", cal.daily_from);
    cal.daily_to = j.value("daily_to", cal.daily_to);
    for (const std::string* t : {&cal.daily_from, &cal.daily_to})
      if (minutes_of(*t) < 0) throw UserError("每日采集时间须为 HH:MM (the daily hours must be HH:MM): " + *t);
    if (minutes_of(cal.daily_to) <= minutes_of(cal.daily_from))
      throw UserError("每日采集结束时间须晚于开始时间 (the daily hours must end after they start): " + cal.daily_from +
                      "—" + cal.daily_to);
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

std::string calendar_json(const AuditCalendar& cal) {
  nlohmann::json j = {{"title", cal.title}, {"daily_from", cal.daily_from}, {"daily_to", cal.daily_to},
                      {"campuses", nlohmann::json::array()}};
  for (const auto& c : cal.campuses) {
    nlohmann::json phases = nlohmann::json::array();
    for (const auto& p : c.phases) phases.push_back({{"id", p.id}, {"label_zh", p.label_zh}, {"from", p.from}, {"to", p.to}});
    j["campuses"].push_back({{"campus", c.campus}, {"phases", std::move(phases)}});
  }
  return j.dump(2);
}

bool audit_has_calendar(AuditStore& store) { return store.meta_value(kCalendarMetaKey).has_value(); }

std::optional<AuditCalendar> load_calendar(AuditStore& store) {
  if (auto own = store.meta_value(kCalendarMetaKey)) return parse_calendar(*own);
  return std::nullopt;
}

void set_audit_calendar(AuditStore& store, const std::string& json) {
  parse_calendar(json);
  store.set_meta_value(kCalendarMetaKey, json);
}

AuditCalendar notice_calendar_for_year(int year) {
  AuditCalendar cal = parse_calendar(asset_text("calendar.json"));
  int pattern_year = 0;
  auto moved = [&](const std::string& date) {
    const year_month_day d = *parse_date(date);
    if (!pattern_year) pattern_year = static_cast<int>(d.year());
    year_month_day to{std::chrono::year{year + static_cast<int>(d.year()) - pattern_year}, d.month(), d.day()};
    if (!to.ok()) to = year_month_day{std::chrono::year_month_day_last{to.year(), std::chrono::month_day_last{to.month()}}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(to.year()), static_cast<unsigned>(to.month()),
                  static_cast<unsigned>(to.day()));
    return std::string(buf);
  };
  for (auto& c : cal.campuses)
    for (auto& p : c.phases) {
      p.from = moved(p.from);
      p.to = moved(p.to);
    }
  // "2025届…": the class graduating the year after the pattern's dates moves with them.
  std::size_t digits = 0;
  while (digits < cal.title.size() && std::isdigit(static_cast<unsigned char>(cal.title[digits]))) ++digits;
  if (pattern_year && digits == 4 && cal.title.compare(4, 3, "届") == 0)
    cal.title = std::to_string(std::stoi(cal.title.substr(0, 4)) + year - pattern_year) + cal.title.substr(4);
  return cal;
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

AuditCalendar notice_calendar_ahead(const std::string& today) {
  const int year = year_of(today);
  AuditCalendar cal = notice_calendar_for_year(year);
  for (const auto& c : cal.campuses)
    for (const auto& p : c.phases)
      if (day_of(p.to) >= day_of(today)) return cal;
  return notice_calendar_for_year(year + 1);
}

std::string describe_en(const PhaseNow& p) {
  auto days = [](int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); };
  switch (p.state) {
    case PhaseNow::State::during: return phase_label_en(*p.phase) + " · " + days(p.days_left) + " left";
    case PhaseNow::State::before:
    case PhaseNow::State::between: return phase_label_en(*p.phase) + " starts in " + days(p.days_left);
    case PhaseNow::State::after: return "over";
  }
  return {};
}

std::string date_range_en(const CalendarPhase& p) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto a = *parse_date(p.from), b = *parse_date(p.to);
  auto d = [](const year_month_day& x) { return std::to_string(static_cast<unsigned>(x.day())); };
  auto m = [](const year_month_day& x) { return std::string(kMonths[static_cast<unsigned>(x.month()) - 1]); };
  auto y = [](const year_month_day& x) { return std::to_string(static_cast<int>(x.year())); };
  if (a == b) return d(a) + " " + m(a) + " " + y(a);
  if (a.year() != b.year()) return d(a) + " " + m(a) + " " + y(a) + " – " + d(b) + " " + m(b) + " " + y(b);
  if (a.month() != b.month()) return d(a) + " " + m(a) + " – " + d(b) + " " + m(b) + " " + y(b);
  return d(a) + "–" + d(b) + " " + m(b) + " " + y(b);
}

std::string phase_label_en(const CalendarPhase& p) {
  if (p.id == "capture") return "Capture";
  if (p.id == "review") return "School review";
  if (p.id == "reshoot") return "Reshoot";
  return p.label_zh;
}

int year_of(const std::string& date) { return static_cast<int>(year_month_day{day_of(date)}.year()); }

std::string today_local() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace pa
