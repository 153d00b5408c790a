// The photoaudit command line. It links no UI: the commands that open the workstation (`review`,
// `demo`, no command) call the launcher app/main.cpp hands in.
#pragma once

#include <functional>

// ui/gui.h declares only GuiOptions (a plain struct) and run_gui: the one header of app/ui the
// command line may include (scripts/check-layers.sh holds it to that).
#include "ui/gui.h"

namespace pa {

// Opens the review workstation with these options and returns the process exit code.
using GuiLauncher = std::function<int(const ui::GuiOptions&)>;

// Runs the photoaudit command line; returns the process exit code.
int run_cli(int argc, char** argv, const GuiLauncher& launch_gui);

// Exit codes besides 0 and 1 (an error the user must act on).
inline constexpr int kExitConflict = 5;       // another reviewer decided meanwhile (no --override)
inline constexpr int kExitAuditBroken = 6;    // verify: the file or the audit trail does not verify
inline constexpr int kExitNoWindow = 7;       // the workstation could not open (no display, no OpenGL 3.3, …)

}  // namespace pa
