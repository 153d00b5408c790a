// photoaudit: the command line (pa_cli) with the review workstation (pa_ui) injected, so that the
// command line itself links no ImGui, GLFW or GL.
#include "cli/cli.h"
#include "ui/gui.h"

int main(int argc, char** argv) { return pa::run_cli(argc, argv, pa::ui::run_gui); }
