// Several workstations on one audit: the queue follows what the others record (their decisions,
// new imports, who holds which photo) a few times a second, and the status bar says quietly who
// decided what. No screen of its own.
#pragma once

#include <chrono>
#include <string>

#include "ui/views/view.h"

namespace pa::ui {

class TeamView final : public View {
 public:
  explicit TeamView(Workstation& ws) : View(ws) {}
  void before_frame() override;
  // "李老师 判定 2021003 合格" for a while after it arrived ("" when nothing recent).
  std::string recent_note() const;
  // Polls now (tests), whatever the time since the last poll.
  void poll();
  // The audit could not be reached at the last poll (a server gone): the status bar says so.
  bool offline() const { return offline_; }

 private:
  std::chrono::steady_clock::time_point next_poll_{}, note_until_{};
  std::string note_;
  bool offline_ = false;
};

}  // namespace pa::ui
