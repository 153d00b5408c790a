// The review workstation, independent of the window: it owns the audit store, the review session,
// the photos (loader and caches), the action registry, the views and which screen is current;
// everything drawn is a view's (app/ui/views/). The GLFW/GL main loop and the headless tests both
// drive frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "review/session.h"
#include "store/store.h"
#include "ui/actions.h"
#include "ui/platform/gpu.h"
#include "ui/gui.h"
#include "ui/photos/photo_cache.h"
#include "ui/view_state.h"
#include "ui/views/view.h"
#include "widgets/reason_picker.h"
#include "widgets/toast.h"

namespace pa::ui {

class QueueView;
class ReviewView;
class ContactSheetView;
class DashboardView;
class TrainerView;
class SpotcheckView;
class ExportsView;
class HelpView;
class SaveGuardView;
class ReviewerView;
class TeamView;

class Workstation {
 public:
  // `gl` false: no GL calls (headless tests); photos still decode on the workers.
  Workstation(std::unique_ptr<AuditStore> store, GuiOptions options, bool gl);
  ~Workstation();
  Workstation(const Workstation&) = delete;
  Workstation& operator=(const Workstation&) = delete;

  void frame();  // one UI frame (between NewFrame and Render)

  // What it owns.
  AuditStore& store() { return *store_; }
  ReviewSession& session() { return *session_; }
  const ReviewSession& session() const { return *session_; }
  const GuiOptions& options() const { return opt_; }
  PhotoCache& photos() { return *photos_; }
  const PhotoCache& photos() const { return *photos_; }
  ActionRegistry& actions() { return actions_; }
  widgets::ReasonPicker& picker() { return picker_; }
  // Opens the reason picker over the catalog (labels in the UI language): `failing` codes are
  // pre-ticked, `warned` ones marked; `done` hears how it closed (confirmed or cancelled) once.
  void open_reason_picker(std::string title, const std::vector<std::string>& failing, const std::vector<std::string>& warned,
                          std::function<void(widgets::ReasonPicker::Result)> done);
  widgets::Toast& toast() { return toast_; }
  ViewState& view_state() { return view_; }
  Compositor& compositor() { return compositor_; }

  // The views.
  QueueView& queue() { return *queue_; }
  ReviewView& review() { return *review_; }
  ContactSheetView& sheet() { return *sheet_; }
  DashboardView& dashboard() { return *dashboard_; }
  TrainerView& trainer() { return *trainer_; }
  SpotcheckView& spotcheck() { return *spotcheck_; }
  ExportsView& exports() { return *exports_; }
  HelpView& help() { return *help_; }
  TeamView& team() { return *team_; }
  SaveGuardView& guard() { return *guard_; }
  ReviewerView& reviewer_name() { return *reviewer_; }
  const std::vector<std::unique_ptr<View>>& views() const { return views_; }

  // Which screen is current; the role's screens.
  Screen screen() const { return screen_; }
  void set_screen(Screen s);
  bool screen_allowed(Screen s) const;
  // The session's current student changed (or may have): the views hear of it, photos are asked for.
  void navigated();
  // The photo of the current student: its kept data, its texture, whether it is on screen.
  const PhotoMeta* current_meta() const;
  GpuPhoto* current_gpu();
  bool current_photo_ready() const;

  // Quitting (Ctrl+Q, the window's close button) goes through the save guard, which asks first
  // when decisions are not in the audit yet. The test harnesses end the session without asking.
  bool quit_requested() const { return quit_; }
  void quit() { quit_ = true; }
  void force_quit() { quit_ = true; }

  void set_error(std::string e) { error_ = std::move(e); }
  std::optional<std::string> last_error() const { return error_; }
  bool models_ready() const { return photos_->loader().models_ready(); }
  // Photo-switch latency: ms from the last navigation to the photo being on screen.
  double last_switch_ms() const { return last_switch_ms_; }
  std::vector<std::string> glyph_texts() const;  // every string of the audit the font must draw
  void save_view();

 private:
  template <class V>
  V* add_view();
  void register_actions();
  View* view_of(Screen s) const;  // the view that draws the screen

  std::unique_ptr<AuditStore> store_;
  GuiOptions opt_;
  bool gl_;
  std::unique_ptr<ReviewSession> session_;
  std::unique_ptr<PhotoCache> photos_;
  Compositor compositor_;
  ActionRegistry actions_;
  widgets::ReasonPicker picker_;
  std::function<void(widgets::ReasonPicker::Result)> picker_done_;
  widgets::Toast toast_;
  ViewState view_;
  std::filesystem::path view_file_;
  std::vector<std::unique_ptr<View>> views_;
  QueueView* queue_ = nullptr;
  ReviewView* review_ = nullptr;
  ContactSheetView* sheet_ = nullptr;
  DashboardView* dashboard_ = nullptr;
  TrainerView* trainer_ = nullptr;
  SpotcheckView* spotcheck_ = nullptr;
  ExportsView* exports_ = nullptr;
  HelpView* help_ = nullptr;
  TeamView* team_ = nullptr;
  SaveGuardView* guard_ = nullptr;
  ReviewerView* reviewer_ = nullptr;
  Screen screen_ = Screen::review;
  bool quit_ = false;
  std::string shown_student_;
  std::chrono::steady_clock::time_point nav_time_;
  bool nav_pending_ = false;
  double last_switch_ms_ = 0;
  std::optional<std::string> error_;
};

}  // namespace pa::ui
