// One registry of named actions behind keys, buttons and menus. An action has an id, a label in
// both languages, its key chords, an optional enabled() test and what it does. Keys use GLFW key
// codes (the index Dear ImGui 1.86's GLFW backend writes into io.KeysDown[]).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace pa::ui {

struct KeyChord {
  int key = 0;         // GLFW_KEY_*
  bool ctrl = false;
  bool shift = false;
  bool repeat = false; // fires again while held (navigation)
};
std::string chord_label(const KeyChord& k);  // "Ctrl+Z", "J", "→", "?"

struct Action {
  std::string id;                  // "decide.approve"
  std::string label_zh, label_en;
  std::vector<KeyChord> keys;
  std::function<void()> run;
  std::function<bool()> enabled;   // empty = always
  bool in_help = true;
};

class ActionRegistry {
 public:
  void add(Action a);
  const Action* find(const std::string& id) const;
  const std::vector<Action>& all() const { return actions_; }
  // Runs the action when enabled; returns whether it ran.
  bool run(const std::string& id);
  // The action bound to the chord (exact modifiers), run when enabled; returns its id or "".
  std::string dispatch(int key, bool ctrl, bool shift);
  // Polls Dear ImGui's key state for every chord (call once per frame, between NewFrame and
  // Render). Skipped while a text field has keyboard focus. Returns the ids that ran.
  std::vector<std::string> poll_imgui();
  // Disables key handling (a modal such as the reason picker owns the keyboard).
  void set_keys_blocked(bool b) { blocked_ = b; }
  bool keys_blocked() const { return blocked_; }

 private:
  std::vector<Action> actions_;
  bool blocked_ = false;
};

}  // namespace pa::ui
