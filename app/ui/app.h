// The review workstation's state and screens, independent of the window: the GLFW/GL main loop
// (main_loop.cpp) and the headless tests both drive App::frame() between ImGui::NewFrame() and
// ImGui::Render(). One view per file: view_queue.cpp, view_review.cpp, view_reshoot.cpp,
// view_contact_sheet.cpp, view_help.cpp.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "review/session.h"
#include "store/store.h"
#include "ui/actions.h"
#include "ui/coord_state.h"
#include "ui/platform/gpu.h"
#include "ui/gui.h"
#include "ui/photos/photo_data.h"
#include "ui/photos/photo_loader.h"
#include "ui/view_state.h"
#include "widgets/image_viewer.h"
#include "widgets/reason_picker.h"
#include "widgets/toast.h"

namespace pa::ui {

// queue, review, sheet: the reviewers' screens; the others are the coordinators' and trainers'
// (view_dashboard.cpp, view_trainer.cpp, view_spotcheck.cpp, view_exports.cpp), registered in
// app_coord.cpp.
enum class Screen { queue, review, sheet, dashboard, trainer, quiz, spotcheck, exports };
Screen screen_from_name(const std::string& name);  // unknown names: review
const char* screen_name(Screen s);
// Trainer screens never show who is in a photo.
inline bool is_trainer_screen(Screen s) { return s == Screen::trainer || s == Screen::quiz; }

// What the UI keeps of an analysed photo besides its textures (checks, geometry).
struct PhotoMeta {
  int width = 0, height = 0;          // full resolution
  int tex_width = 0, tex_height = 0;  // display copy
  bool analysed = false;
  quality::Geometry geometry;
  double lighting_left = 0, lighting_right = 0;
  std::vector<quality::CheckResult> checks;
  std::optional<AnalysisRecord> record;  // the analysis owner's record of the photo (PhotoData::record)
  std::string analysis_error;  // the engine could not analyse the photo: why
  std::string error;           // the photo could not be loaded: why (nothing to decide on)
};

// The earlier version of a reshoot round.
struct EarlierVersion {
  std::string student_no;
  Submission submission;
  std::optional<DecisionEvent> decision;  // the reject / reshoot decision on it
};

class App {
 public:
  // `gl` false: no GL calls (headless tests); photos still decode on the workers.
  App(std::unique_ptr<AuditStore> store, GuiOptions options, bool gl);
  ~App();

  void frame();                 // one UI frame (between NewFrame and Render)
  bool quit_requested() const { return quit_; }
  // The reviewer asks to quit (Ctrl+Q, the window's close button): with decisions the audit has
  // not taken yet, a dialog asks first (they stay in the journal either way).
  void request_quit();
  bool quit_confirm_open() const { return quit_confirm_; }
  // The test harnesses (screenshot, benchmark, frame count) end the session without asking.
  void force_quit() { quit_ = true; }
  // Decisions an earlier session could not save: offered for replay at start.
  bool journal_offer_open() const { return journal_offer_; }
  void accept_journal_replay();
  void postpone_journal_replay() { journal_offer_ = false; }
  // Whether a decision can be made on what is on screen now; `why` says why not.
  bool can_decide(std::string* why = nullptr);
  void save_view();

  // For tests and the main loop.
  ActionRegistry& actions() { return actions_; }
  ReviewSession& session() { return *session_; }
  widgets::ReasonPicker& picker() { return picker_; }
  widgets::Toast& toast() { return toast_; }
  ViewState& view() { return view_; }
  Screen screen() const { return screen_; }
  void set_screen(Screen s);
  bool help_open() const { return show_help_; }
  bool id_revealed() const { return reveal_id_; }
  const PhotoMeta* current_meta() const;
  const GpuPhoto* current_gpu();
  bool current_photo_ready();   // texture on screen for the current student
  bool current_analysis_ready();
  std::set<std::string>& sheet_selection() { return sheet_selection_; }
  int clean_in_selection() const;
  bool approve_confirm_open() const { return confirm_approve_; }
  // Opens the confirmation with what the sheet shows now (per photo: its version and analysis);
  // confirming approves exactly those.
  void open_approve_confirm();
  void confirm_approve_selected();
  std::size_t texture_cache_bytes() const { return textures_.bytes(); }
  std::size_t texture_cache_entries() const { return textures_.size(); }
  bool models_ready() const { return loader_ && loader_->models_ready(); }
  // Photo-switch latency: ms from the last navigation to the photo being on screen.
  double last_switch_ms() const { return last_switch_ms_; }
  std::optional<std::string> last_error() const { return error_; }
  std::vector<std::string> glyph_texts() const;  // every string of the audit the font must draw
  Compositor& compositor() { return compositor_; }
  const std::optional<EarlierVersion>& earlier() const { return earlier_; }
  // The role's screens, and the state of the coordinators' / trainers' screens.
  bool screen_allowed(Screen s) const;
  CoordState& coord() { return *coord_; }
  void coord_reload();

  // Actions (also bound to keys, buttons and menus through the registry).
  void approve();
  void open_picker(Verdict v);
  void toggle_reveal_id();  // I: shows the full ID number, recorded in the audit ledger first
  // Decisions that could not be recorded as they were (view_save_guard.cpp): another workstation
  // decided meanwhile (a dialog asks to override, showing that decision), or the store failed (a
  // red banner keeps the unsaved decision on screen and it is retried).
  bool override_confirm_open() const { return override_.has_value(); }
  const std::optional<DecisionEvent>& override_theirs() const { return override_->theirs; }
  void confirm_override();
  void cancel_override() { override_.reset(); }
  void retry_unsaved_decision();
  void undo();
  void next();
  void previous();

 private:
  void register_actions();
  void pump_loader();
  void request_photos();
  void on_navigate();
  void apply_picker_result(widgets::ReasonPicker::Result r);
  void record(Verdict v, std::vector<std::string> reasons, std::string note, bool override_confirmed = false,
              std::string student_note = {});
  void draw_override_confirm();
  void draw_unsaved_banner();
  void draw_quit_confirm();
  void draw_journal_offer();
  std::vector<ReviewSession::ShownPhoto> clean_selection_now() const;
  void draw_menu_bar();
  void draw_status_bar(float height);
  void draw_queue();
  void draw_review();
  void draw_review_toolbar();
  void draw_overlay_controls();
  void draw_sidebar();
  void draw_findings();
  void draw_student_card();
  void draw_reshoot_pane(float width, float height);
  void draw_sheet();
  void draw_help();
  void draw_approve_confirm();
  void register_coord_actions();
  void draw_coord_tabs();
  void draw_dashboard();
  void draw_calendar_panel();
  void draw_trainer();
  void draw_presentation();
  void draw_quiz();
  void draw_example_photo(const TrainerExample& e, ImVec2 size, bool overlay, const char* id);
  void draw_mark_example();
  void draw_spotcheck();
  void draw_exports();
  void draw_geometry(ImDrawList* dl, const widgets::ImagePlacement& pl, const PhotoMeta& m, float tex_scale);
  std::optional<AnalysisRecord> analysis_record_for_current() const;
  PhotoMeta* meta(const std::string& sha);
  void load_earlier();

  std::unique_ptr<AuditStore> store_;
  GuiOptions opt_;
  bool gl_;
  std::unique_ptr<ReviewSession> session_;
  std::unique_ptr<PhotoLoader> loader_;
  TextureCache textures_;
  TextureCache thumbs_;
  Compositor compositor_;
  std::unordered_map<std::string, PhotoMeta> meta_;
  std::deque<std::string> meta_order_;
  std::deque<Loaded> backlog_;  // worker results waiting for their GL upload
  ActionRegistry actions_;
  widgets::ReasonPicker picker_;
  std::optional<Verdict> picker_verdict_;
  widgets::Toast toast_;
  ViewState view_;
  widgets::ViewTransform vt_;
  std::filesystem::path view_file_;
  Screen screen_ = Screen::review;
  bool quit_ = false, show_help_ = false, reveal_id_ = false, confirm_approve_ = false;
  bool quit_confirm_ = false, journal_offer_ = false;
  std::vector<ReviewSession::ShownPhoto> approve_snapshot_;  // what the approve dialog will approve
  bool show_original_ = false;  // Space held
  std::string hovered_finding_;
  std::string shown_student_;
  std::chrono::steady_clock::time_point nav_time_;
  bool nav_pending_ = false;
  double last_switch_ms_ = 0;
  std::optional<std::string> error_;
  struct PendingOverride {
    std::string student_no;
    Verdict verdict = Verdict::approve;
    std::vector<std::string> reasons;
    std::string note, student_note;
    std::optional<DecisionEvent> theirs;  // the decision in force now (nullopt: the one seen was undone)
  };
  std::optional<PendingOverride> override_;
  std::chrono::steady_clock::time_point next_retry_{};
  std::optional<EarlierVersion> earlier_;
  std::set<std::string> sheet_selection_;
  CompositeParams composite_;
  bool queue_scroll_to_current_ = true;
  char search_buf_[128] = {};
  float sheet_thumb_ = 150;
  std::unique_ptr<CoordState> coord_ = std::make_unique<CoordState>();
};

}  // namespace pa::ui
