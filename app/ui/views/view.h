// One screen (or one layer of dialogs) of the workstation behind one small interface, as ImHex's
// views and Tracy's TracyView_* files are: each draws itself, registers its own actions (keys,
// menus, buttons) and says which roles may open it. The Workstation owns them and calls them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ui/actions.h"

namespace pa::ui {

class Workstation;

// The screens, as the command line (--screen) and the saved view state name them.
enum class Screen { queue, review, sheet, dashboard, trainer, quiz, spotcheck, exports };
Screen screen_from_name(const std::string& name);  // unknown names: review
const char* screen_name(Screen s);
// Trainer screens never show who is in a photo.
inline bool is_trainer_screen(Screen s) { return s == Screen::trainer || s == Screen::quiz; }

// How a screen appears in the menu bar and which key opens it.
struct ScreenEntry {
  Screen screen;
  const char* action;            // "screen.queue": the action that opens it
  const char* label_zh;          // the action's label (menus, help)
  const char* label_en;
  const char* tab_zh;            // the tab's label (the key is added from the registry)
  const char* tab_en;
  std::vector<KeyChord> keys;
  bool reviewers_menu;           // listed in the View menu (the reviewers' screens)
};

class View {
 public:
  explicit View(Workstation& ws) : ws_(ws) {}
  virtual ~View() = default;
  View(const View&) = delete;
  View& operator=(const View&) = delete;

  // The screens this view draws (dialog layers draw none; the trainer view two).
  virtual std::vector<ScreenEntry> screens() const { return {}; }
  // Which roles may open its screens (reviewer, coordinator, trainer): a trainer only gets screens
  // without names, 学号 or ID numbers.
  virtual bool allowed_for(const std::string& role) const { return role != "trainer"; }
  virtual void register_actions(ActionRegistry& actions) { (void)actions; }
  // Each frame, after the keys were handled, before anything is drawn.
  virtual void before_frame() {}
  // The body of the current screen, when it is one of this view's.
  virtual void draw() {}
  // Dialogs and windows above every screen (drawn each frame, after the screen).
  virtual void draw_dialogs() {}
  // A modal dialog of this view is open: the workstation's keys wait.
  virtual bool modal_open() const { return false; }
  // The screen was opened (set_screen); the current student changed.
  virtual void on_open() {}
  virtual void on_navigate() {}
  // Photos this view needs uploaded (kept when the loader's results arrive).
  virtual void wanted_photos(std::set<std::string>& out) const { (void)out; }
  // Texts of the audit this view draws, for the font atlas.
  virtual void glyph_texts(std::vector<std::string>& out) const { (void)out; }

 protected:
  Workstation& ws_;
};

}  // namespace pa::ui
