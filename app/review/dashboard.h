// What the dashboards draw: progress per college and campus, the reason distribution and each
// reviewer's decisions per hour. GUI-independent; the charts are in app/ui/view_dashboard.cpp.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "review/stats.h"
#include "store/store.h"

namespace pa {

struct HourlyThroughput {
  std::vector<std::string> hours;                         // local "MM-DD HH时", consecutive, oldest first
  std::map<std::string, std::vector<float>> by_reviewer;  // decisions per hour, aligned with `hours`
  std::map<std::string, double> per_active_hour;          // decisions per hour the reviewer worked
};

struct Dashboard {
  AuditStats stats;
  std::vector<std::pair<std::string, int>> reasons;  // code, count: catalog order, only codes in use
  HourlyThroughput throughput;
};

// Decisions (undo events excluded) bucketed by hour over the last `max_hours` hours up to the
// newest decision.
HourlyThroughput hourly_throughput(const std::vector<DecisionEvent>& events, int max_hours = 24);
Dashboard build_dashboard(AuditStore& store, const Scope& scope, int max_hours = 24);

}  // namespace pa
