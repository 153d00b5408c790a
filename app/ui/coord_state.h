// State of the coordinators' and trainers' screens (dashboard, trainer gallery / presentation / quiz, spot checks,
// exports), kept by App in one object so the review screens' state stays as it was.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "review/calendar.h"
#include "review/coordination.h"
#include "review/dashboard.h"
#include "review/trainer.h"
#include "ui/platform/gpu.h"

namespace pa::ui {

struct CoordState {
  bool loaded = false;  // reloaded from the store when a screen of these is opened
  std::string today;    // YYYY-MM-DD (local)
  Dashboard dashboard;
  std::optional<AuditCalendar> calendar;
  std::string calendar_error;

  // Trainer mode: only anonymous examples (review/trainer.h), never a StudentState.
  std::vector<TrainerTopic> topics;
  std::vector<Slide> slides;
  std::size_t topic = 0;        // gallery: the selected topic
  std::size_t slide = 0;        // presentation: the slide on screen
  bool presenting = false;      // full-screen presentation
  Quiz quiz;
  std::set<std::string> wanted; // photos the trainer screens need loaded
  std::map<std::string, CompositeParams> composite;  // per pane: must live until the frame renders

  // Spot checks.
  char seed[64] = "2024";
  int sample_mode = 0;          // 0 = percent, 1 = count
  float percent = 10;
  int count = 5;
  std::vector<StudentState> sample;
  std::string sample_label;
  std::size_t sample_pos = 0;
  std::set<std::string> check_reasons;
  char check_note[256] = {};
  std::vector<Disagreement> disputes;
  char settle_note[256] = {};

  // Marking a teaching example (from the review screen).
  bool mark_open = false;
  std::set<std::string> mark_codes;

  // Exports with the built-in file dialog.
  int export_what = 0;          // decisions | reshoot | missing | notify
  int export_format = 1;        // csv | xlsx
  bool by_college = false, reveal_ids = false;
  std::string dir;              // folder shown in the file dialog
  char file_name[256] = {};
  std::string last_export;
};

// The texts these screens draw from the assets (the notice's rules and advice), for the font atlas.
std::vector<std::string> coord_glyph_texts(const std::vector<Reason>& catalog);

}  // namespace pa::ui
