// The built-in demo batch: a roster and photos made from real portraits shipped by Debian
// packages, so a new user sees the workstation at work without any real student data.
#pragma once

#include <string>

namespace pa {

struct DemoBatch {
  std::string roster;  // CSV in GB18030, as Excel on Chinese Windows writes it
  std::string photos;  // folder of photos named by 学号 or 身份证号
  int students = 0;
};

// Path of a real portrait ("grace_hopper.jpg", "astronaut.png"): $PHOTOAUDIT_PORTRAITS, the
// source tree's build/fixtures (scripts/setup.sh), then the Debian packages' install paths.
// Throws pa::UserError saying how to get it when none is found.
std::string find_portrait(const std::string& name);

// Writes the demo batch into `dir` (created; earlier demo files are replaced).
DemoBatch write_demo_batch(const std::string& dir);

}  // namespace pa
