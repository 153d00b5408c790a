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
  // The part of the workstation it belongs to (the help lists keys by it): set by the registry
  // from set_section() when the action is added.
  std::string section_zh, section_en;
};

class ActionRegistry {
 public:
  // Actions added from now on belong to this part of the workstation ("审核界面", "联系表"…).
  void set_section(std::string zh, std::string en) { section_zh_ = std::move(zh), section_en_ = std::move(en); }
  void add(Action a);
  const Action* find(const std::string& id) const;
  // Binds the action to other keys (every label drawn with labelled() follows); false when no
  // action has that id.
  bool rebind(const std::string& id, std::vector<KeyChord> keys);
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
  std::string section_zh_, section_en_;
  bool blocked_ = false;
};

// A button's, tab's or checkbox's label: the text in the UI's language, `sep`, then the first key
// of the action ("批准  A", "撤销 Ctrl+Z"), so that re-binding a key changes every label that names
// it. Only the text when the action is unknown or has no key.
std::string labelled(const ActionRegistry& registry, const char* action_id, const char* zh, const char* en,
                     const char* sep = " ");

}  // namespace pa::ui
