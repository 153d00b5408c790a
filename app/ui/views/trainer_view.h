// Trainer mode: a gallery per reason code, a full-screen presentation (bad example with its
// overlay beside a good example, the reason and the notice's rule in large type, ← → to move) and
// a quiz; and marking a decided photo as a teaching example from the review screen. These screens
// only ever get TrainerExample (review/trainer.h): no name, 学号 or ID number exists in what they draw.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "review/trainer.h"
#include "ui/platform/gpu.h"
#include "ui/views/view.h"
#include "widgets/reason_picker.h"

struct ImVec2;

namespace pa::ui {

class TrainerView final : public View {
 public:
  struct State {
    bool loaded = false;          // reloaded from the store when a screen of these is opened
    std::vector<TrainerTopic> topics;
    std::vector<Slide> slides;
    std::size_t topic = 0;        // gallery: the selected topic
    std::size_t slide = 0;        // presentation: the slide on screen
    bool presenting = false;      // full-screen presentation
    std::string quiz_seed = "2024";
    Quiz quiz;
    std::set<std::string> wanted; // photos these screens need loaded
    std::map<std::string, CompositeParams> composite;  // per pane: must live until the frame renders
    // Marking a teaching example (from the review screen): the reason picker's list and keys,
    // without its notes; the 学号 it was opened on.
    widgets::ReasonPicker mark_picker;
    std::string mark_student;
  };

  explicit TrainerView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  bool allowed_for(const std::string&) const override { return true; }
  void register_actions(ActionRegistry& actions) override;
  void draw() override;
  void draw_dialogs() override;  // the presentation, the mark dialog
  bool modal_open() const override { return c_.mark_picker.is_open(); }
  void on_open() override { reload(); }
  void wanted_photos(std::set<std::string>& out) const override { out.insert(c_.wanted.begin(), c_.wanted.end()); }
  void glyph_texts(std::vector<std::string>& out) const override;
  void reload();
  State& state() { return c_; }
  // One stored photo in a pane framed good (green) or bad (red), or neutral when `verdict_frame`
  // is false (the quiz before its answer is revealed), loaded on demand; `overlay`: with the
  // overlays of its code. The spot-check screen shows its sample with it too.
  void draw_example_photo(const TrainerExample& e, ImVec2 size, bool overlay, const char* id, bool verdict_frame = true);
  // Opens the mark dialog on the current student's decision (its codes ticked).
  void open_mark_dialog();

 private:
  void draw_gallery();
  void draw_presentation();
  void draw_quiz();
  void draw_mark_example();
  State c_;
};

}  // namespace pa::ui
