// Review screen: original | overlay side by side (synchronised zoom/pan, split compare, live
// shader overlays), the earlier version of a reshoot round, the student card, the findings panel
// with region highlight, the geometry drawing; and the decisions made on it (approve, reject or
// reshoot with the reason picker, undo, revealing an ID number). Its methods are in three files:
// review_view.cpp (actions, decisions), review_screen.cpp (the panes), review_sidebar.cpp.
#pragma once

#include <optional>
#include <string>

#include "ui/platform/gpu.h"
#include "ui/photos/photo_cache.h"
#include "ui/views/view.h"
#include "widgets/image_viewer.h"
#include "widgets/reason_picker.h"

namespace pa::ui {

struct ViewState;

// The earlier version of a reshoot round.
struct EarlierVersion {
  std::string student_no;
  Submission submission;
  std::optional<DecisionEvent> decision;  // the reject / reshoot decision on it
};

class ReviewView final : public View {
 public:
  explicit ReviewView(Workstation& ws);
  std::vector<ScreenEntry> screens() const override;
  void register_actions(ActionRegistry& actions) override;  // the decisions
  void register_view_actions(ActionRegistry& actions);       // overlays, zoom, revealing the ID
  void before_frame() override;
  void draw() override;
  void on_navigate() override;
  void wanted_photos(std::set<std::string>& out) const override;

  // Whether a decision can be made on what is on screen now; `why` says why not.
  bool can_decide(std::string* why = nullptr);
  void approve();
  void open_picker(Verdict v);
  void quick_reject(const std::string& code);  // Shift+digit: reject for that one reason, no picker
  void undo();
  void toggle_reveal_id();  // I: shows the full ID number, recorded in the audit ledger first
  bool id_revealed() const { return reveal_id_; }
  const std::optional<EarlierVersion>& earlier() const { return earlier_; }
  std::string earlier_sha256() const { return earlier_ ? earlier_->submission.sha256 : std::string(); }
  // The overlays chosen for the photo on screen when "auto" is on: those that explain its top
  // failing check (quality::overlays_for), the landmarks when nothing fails; `code` is that check's
  // reason code ("" when nothing fails).
  struct AutoOverlays {
    unsigned overlays = 0;
    std::string code;
  };
  AutoOverlays auto_overlays() const;
  // 1:1: one photo pixel per screen pixel, centred on the midpoint of the eyes when a face is known.
  void one_to_one();
  // The findings panel: the checks' names and reason codes shown ("no check ids unless asked"),
  // the passing checks listed (collapsed into one line otherwise).
  bool check_ids_shown() const { return show_check_ids_; }
  void show_check_ids(bool on) { show_check_ids_ = on; }
  bool passing_shown() const { return show_passing_; }
  void show_passing(bool on) { show_passing_ = on; }
  // The analysis the workstation made of the photo on screen (goes with a decision when the
  // audit lacks one).
  std::optional<AnalysisRecord> shown_analysis() const;
  void save_transform(ViewState& v) const;

 private:
  void apply_picker_result(Verdict v, widgets::ReasonPicker::Result res);
  void load_earlier();
  void draw_toolbar();
  void draw_overlay_controls();
  void draw_reshoot_pane(float width, float height);
  void draw_sidebar();
  void draw_student_card();
  void draw_findings();
  void draw_geometry(ImDrawList* dl, const widgets::ImagePlacement& pl, const PhotoMeta& m, float tex_scale);
  // The checks of the photo on screen in the findings panel's order: failing, then warnings, then
  // passing, each in the engine's order. The live analysis when there is one, else the audit's
  // stored findings (which hold no passing checks).
  std::vector<quality::CheckResult> shown_checks() const;
  // The overlays shown in the overlay pane: the automatic choice or the reviewer's.
  unsigned shown_overlays() const;
  // The first of `texts` (longest first) that fits in `width` pixels, "" when none does: a label
  // on a single line says as much as its room allows and is never cut.
  static std::string fitting(const std::vector<std::string>& texts, float width);

  widgets::ViewTransform vt_;
  CompositeParams composite_;   // must live until the frame renders
  bool show_original_ = false;  // Space held
  bool reveal_id_ = false;
  std::string hovered_finding_;
  bool show_check_ids_ = false;
  bool show_passing_ = false;
  bool sidebar_to_top_ = false;  // the findings panel starts at the top for every student
  std::optional<EarlierVersion> earlier_;
};

}  // namespace pa::ui
