#include "ui/actions.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <stdexcept>

#include "widgets/i18n.h"

namespace pa::ui {

std::string chord_label(const KeyChord& k) {
  std::string s;
  if (k.ctrl) s += "Ctrl+";
  if (k.key == GLFW_KEY_SLASH && k.shift) return s + "?";
  if (k.shift) s += "Shift+";
  if (k.key >= GLFW_KEY_A && k.key <= GLFW_KEY_Z) return s + static_cast<char>('A' + (k.key - GLFW_KEY_A));
  if (k.key >= GLFW_KEY_0 && k.key <= GLFW_KEY_9) return s + static_cast<char>('0' + (k.key - GLFW_KEY_0));
  if (k.key >= GLFW_KEY_F1 && k.key <= GLFW_KEY_F12) return s + "F" + std::to_string(k.key - GLFW_KEY_F1 + 1);
  switch (k.key) {
    case GLFW_KEY_RIGHT: return s + "→";
    case GLFW_KEY_LEFT: return s + "←";
    case GLFW_KEY_UP: return s + "↑";
    case GLFW_KEY_DOWN: return s + "↓";
    case GLFW_KEY_SPACE: return s + "Space";
    case GLFW_KEY_ENTER: return s + "Enter";
    case GLFW_KEY_ESCAPE: return s + "Esc";
    case GLFW_KEY_TAB: return s + "Tab";
    case GLFW_KEY_EQUAL: return s + "=";
    case GLFW_KEY_MINUS: return s + "-";
    case GLFW_KEY_SLASH: return s + "/";
    default: return s + "#" + std::to_string(k.key);
  }
}

void ActionRegistry::add(Action a) {
  if (find(a.id)) throw std::logic_error("duplicate action " + a.id);
  if (a.section_zh.empty()) a.section_zh = section_zh_, a.section_en = section_en_;
  actions_.push_back(std::move(a));
}

const Action* ActionRegistry::find(const std::string& id) const {
  for (const auto& a : actions_)
    if (a.id == id) return &a;
  return nullptr;
}

bool ActionRegistry::rebind(const std::string& id, std::vector<KeyChord> keys) {
  for (auto& a : actions_)
    if (a.id == id) {
      a.keys = std::move(keys);
      return true;
    }
  return false;
}

std::string labelled(const ActionRegistry& registry, const char* action_id, const char* zh, const char* en,
                     const char* sep) {
  std::string s = T(zh, en);
  const Action* a = registry.find(action_id);
  if (a && !a->keys.empty()) s += sep + chord_label(a->keys.front());
  return s;
}

bool ActionRegistry::run(const std::string& id) {
  const Action* a = find(id);
  if (!a || !a->run) return false;
  if (a->enabled && !a->enabled()) return false;
  a->run();
  return true;
}

std::string ActionRegistry::dispatch(int key, bool ctrl, bool shift) {
  // Several actions may share a key on different screens: the first enabled one runs.
  std::vector<std::string> ids;
  for (const auto& a : actions_)
    for (const auto& k : a.keys)
      if (k.key == key && k.ctrl == ctrl && k.shift == shift) ids.push_back(a.id);
  for (const auto& id : ids)
    if (run(id)) return id;
  return {};
}

std::vector<std::string> ActionRegistry::poll_imgui() {
  std::vector<std::string> ran;
  if (blocked_) return ran;
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return ran;
  std::vector<std::pair<std::string, KeyChord>> hits;
  for (const auto& a : actions_)
    for (const auto& k : a.keys)
      if (k.key >= 0 && k.key < 512 && ImGui::IsKeyPressed(k.key, k.repeat) && io.KeyCtrl == k.ctrl &&
          io.KeyShift == k.shift)
        hits.emplace_back(a.id, k);
  // One action per pressed chord: the first enabled one (actions are checked in registry order).
  std::vector<int> done_keys;
  for (const auto& [id, k] : hits) {
    const int code = k.key | (k.ctrl ? 1 << 12 : 0) | (k.shift ? 1 << 13 : 0);
    if (std::find(done_keys.begin(), done_keys.end(), code) != done_keys.end()) continue;
    if (run(id)) ran.push_back(id), done_keys.push_back(code);
  }
  return ran;
}

}  // namespace pa::ui
