// What the dashboards draw: progress per college and campus, the reason distribution and each
// reviewer's decisions per hour. GUI-independent; the charts are in app/ui/views/dashboard_view.cpp.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "review/stats.h"
#include "store/store.h"

namespace pa {

struct HourlyThroughput {
  std::vector<std::string> hours;                         // local "MM-DD HH:00", consecutive, oldest first
  // Decisions made one at a time: a reviewer's pace.
  std::map<std::string, std::vector<float>> by_reviewer;  // decisions per hour, aligned with `hours`
  std::map<std::string, double> per_active_hour;          // decisions per hour the reviewer decided alone
  // Batch approvals (the contact sheet's approve-the-clean-ones: DecisionEvent::batch), apart:
  // a hundred photos approved with one key are no reviewer's speed.
  std::vector<float> batch_approvals;                     // photos approved in batches per hour, aligned with `hours`
  struct BatchTotals {
    int batches = 0, photos = 0;
  };
  std::map<std::string, BatchTotals> batches_by_reviewer;  // in the hours shown
};

struct Dashboard {
  AuditStats stats;
  std::vector<std::pair<std::string, int>> reasons;  // code, count: catalog order, only codes in use
  HourlyThroughput throughput;
};

// Decisions (undo events excluded) bucketed by hour over the last `max_hours` hours up to the
// newest decision; single decisions per reviewer, batch approvals apart.
HourlyThroughput hourly_throughput(const std::vector<DecisionEvent>& events, int max_hours = 24);
Dashboard build_dashboard(AuditStore& store, const Scope& scope, int max_hours = 24);

}  // namespace pa
