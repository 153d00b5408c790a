// The frame around the screens: the menu bar (menus from the action registry, a tab per screen
// the role may open) and the status bar (reviewer, progress, the model, the cache).
#pragma once

namespace pa::ui {

class Workstation;

void draw_menu_bar(Workstation& ws);
void draw_status_bar(Workstation& ws);

}  // namespace pa::ui
