#include "review/dashboard.h"

#include <chrono>
#include <ctime>
#include <set>

namespace pa {

namespace {
// Hours since the epoch of an ISO 8601 UTC time ("2024-04-29T09:15:00.000Z"); -1 when malformed.
long long utc_hour(const std::string& iso) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2u-%2uT%2u", &y, &mo, &d, &h) != 4) return -1;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{mo}, std::chrono::day{d}};
  if (!ymd.ok() || h > 23) return -1;
  return std::chrono::sys_days{ymd}.time_since_epoch().count() * 24LL + h;
}
std::string local_hour_label(long long hour) {
  const std::time_t t = static_cast<std::time_t>(hour * 3600);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%m-%d %H:00", &tm);  // the same in both languages
  return buf;
}
}  // namespace

HourlyThroughput hourly_throughput(const std::vector<DecisionEvent>& events, int max_hours) {
  HourlyThroughput t;
  long long newest = -1;
  for (const auto& e : events)
    if (e.kind != "undo") newest = std::max(newest, utc_hour(e.at));
  if (newest < 0 || max_hours <= 0) return t;
  const long long first = newest - max_hours + 1;
  for (long long h = first; h <= newest; ++h) t.hours.push_back(local_hour_label(h));
  t.batch_approvals.assign(t.hours.size(), 0);
  std::map<std::string, std::set<long long>> active;
  std::map<std::string, std::set<std::string>> batches;
  for (const auto& e : events) {
    const long long h = utc_hour(e.at);
    if (e.kind == "undo" || h < first) continue;
    const auto slot = static_cast<std::size_t>(h - first);
    if (!e.batch.empty()) {
      t.batch_approvals[slot] += 1;
      batches[e.reviewer].insert(e.batch);
      ++t.batches_by_reviewer[e.reviewer].photos;
      continue;
    }
    auto& v = t.by_reviewer[e.reviewer];
    v.resize(t.hours.size());
    v[slot] += 1;
    active[e.reviewer].insert(h);
  }
  for (const auto& [who, keys] : batches) t.batches_by_reviewer[who].batches = static_cast<int>(keys.size());
  for (const auto& [who, v] : t.by_reviewer) {
    float sum = 0;
    for (float x : v) sum += x;
    t.per_active_hour[who] = sum / static_cast<double>(active[who].size());
  }
  return t;
}

Dashboard build_dashboard(AuditStore& store, const Scope& scope, int max_hours) {
  Dashboard d;
  d.stats = compute_stats(store, scope);
  for (const auto& r : store.reasons())
    if (auto it = d.stats.by_reason.find(r.code); it != d.stats.by_reason.end()) d.reasons.emplace_back(r.code, it->second);
  d.throughput = hourly_throughput(store.decision_events(scope), max_hours);
  return d;
}

}  // namespace pa
