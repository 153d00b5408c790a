// Queue screen: filters, search, sort, and a virtualised table of every student. It also owns
// moving through the queue (next, previous, next pending), which the review screen shares.
#pragma once

#include "ui/views/view.h"

namespace pa::ui {

class QueueView final : public View {
 public:
  explicit QueueView(Workstation& ws);
  std::vector<ScreenEntry> screens() const override;
  void register_actions(ActionRegistry& actions) override;
  void before_frame() override;
  void draw() override;
  void on_open() override { scroll_to_current_ = true; }
  void on_navigate() override { scroll_to_current_ = true; }

  // J/K and the arrows: the next / previous student, past those without a photo to look at when
  // the view state says so (nav.skip_without_photo).
  void next();
  void previous();
  // Enter in the search box: the first student the search and filters leave opens on the review
  // screen; false (and the screen says so) when none is left.
  bool open_first_match();

 private:
  void draw_filters();
  bool scroll_to_current_ = true;
  bool table_hovered_ = false;  // the mouse is over the table: live results do not move its rows
  char search_[128] = {};
};

}  // namespace pa::ui
