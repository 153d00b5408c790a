// What the workstation remembers per audit between sessions (zoom, overlays, filters, position),
// its JSON and the file it lives in. The GUI's own state: the core (review/session.h) knows only
// the QueueFilter it applies.
#pragma once

#include <filesystem>
#include <string>

#include "quality/overlays.h"
#include "review/queue.h"

namespace pa::ui {

struct ViewState {
  float zoom = 0;            // 0 = fit
  float pan_x = 0.5f, pan_y = 0.5f;  // view centre in image UV
  unsigned overlays = quality::ov_lighting;  // bit set of overlay kinds (quality/overlays.h)
  bool overlays_on = true;
  // The overlay pane shows what explains the top failing check of the photo on screen (the review
  // view chooses: ReviewView::auto_overlays) rather than `overlays`, the reviewer's own choice.
  bool overlays_auto = true;
  float opacity = 0.6f;
  float split = 1.0f;        // 1 = whole overlay pane shows the overlay
  float glare_threshold = 0.5f;
  float lighting_low = 0.0f, lighting_high = 1.0f;
  std::string current;       // 学号 of the student on screen
  std::string screen = "review";
  std::string language = "zh";
  QueueFilter filter;
  bool skip_without_photo = false;  // J/K (and the arrows) pass over students without a photo to look at
  bool operator==(const ViewState&) const = default;
};

std::string view_state_to_json(const ViewState& v);
ViewState view_state_from_json(const std::string& text);  // lenient: unknown/missing keys keep defaults
// Where the view state of the audit at `db_path` lives: <data dir>/views/<hash of the absolute path>.json
std::filesystem::path view_state_path(const std::string& db_path, const std::filesystem::path& data_dir);
ViewState load_view_state(const std::filesystem::path& file);
void save_view_state(const std::filesystem::path& file, const ViewState& v);  // atomic (tmp + rename)

}  // namespace pa::ui
