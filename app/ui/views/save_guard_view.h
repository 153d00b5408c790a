// Nothing a reviewer decides is lost or silently replaces another reviewer's decision: every
// decision of the workstation is recorded here, and what could not be recorded as it was is
// handled here:
//  - another workstation decided the same photo meanwhile: a dialog shows that decision and asks
//    whether to override it (ReviewSession refuses otherwise, DecisionConflict);
//  - the store failed (disk full, read-only, locked too long): the decision is in the local
//    journal, a red banner keeps it on screen and it is retried every few seconds and on demand;
//  - quitting with such decisions asks first; an earlier session's are offered for replay at start.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "store/store.h"
#include "ui/views/view.h"

namespace pa::ui {

class SaveGuardView final : public View {
 public:
  explicit SaveGuardView(Workstation& ws);
  void register_actions(ActionRegistry& actions) override;
  void before_frame() override;   // retries the unsaved decisions when it is time
  void draw_dialogs() override;
  bool modal_open() const override {
    return override_.has_value() || held_.has_value() || quit_confirm_ || journal_offer_;
  }

  // Records a decision on the photo on screen (its version and the analysis shown go with it).
  void record(Verdict v, std::vector<std::string> reasons, std::string note, bool override_confirmed = false,
              std::string student_note = {});
  bool override_confirm_open() const { return override_.has_value(); }
  const std::optional<DecisionEvent>& override_theirs() const { return override_->theirs; }
  void confirm_override();
  // Deciding on a photo another workstation has on screen asks first (a server's leases).
  bool held_confirm_open() const { return held_.has_value(); }
  const std::string& held_by() const { return held_->theirs_holder; }
  void confirm_held();
  void cancel_held() { held_.reset(); }
  void cancel_override() { override_.reset(); }
  void retry_unsaved_decision();
  // The reviewer asks to quit (Ctrl+Q, the window's close button): with decisions the audit has
  // not taken yet, a dialog asks first (they stay in the journal either way).
  void request_quit();
  bool quit_confirm_open() const { return quit_confirm_; }
  bool journal_offer_open() const { return journal_offer_; }
  void accept_journal_replay();
  void postpone_journal_replay() { journal_offer_ = false; }

 private:
  void draw_override_confirm();
  void draw_held_confirm();
  void draw_unsaved_banner();
  void draw_quit_confirm();
  void draw_journal_offer();

  struct PendingOverride {
    std::string student_no;
    Verdict verdict = Verdict::approve;
    std::vector<std::string> reasons;
    std::string note, student_note;
    std::optional<DecisionEvent> theirs;  // the decision in force now (nullopt: the one seen was undone)
  };
  std::optional<PendingOverride> override_;
  struct PendingHeld {
    std::string student_no;
    Verdict verdict = Verdict::approve;
    std::vector<std::string> reasons;
    std::string note, student_note;
    bool override_confirmed = false;
    std::string theirs_holder;
  };
  std::optional<PendingHeld> held_;
  bool held_confirmed_ = false;  // the reviewer said yes: the next record() goes ahead
  std::chrono::steady_clock::time_point next_retry_{};
  bool quit_confirm_ = false, journal_offer_ = false;
};

}  // namespace pa::ui
