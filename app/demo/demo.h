// The built-in demo batch: a roster and photos made from real portraits shipped by Debian
// packages, so a new user sees the workstation at work without any real student data.
#pragma once

#include <string>

#include "store/store.h"

namespace pa {

struct DemoBatch {
  std::string roster;  // CSV in GB18030, as Excel on Chinese Windows writes it
  std::string photos;  // folder of photos named by 学号 or 身份证号
  int students = 0;
};

// Path of a real portrait ("grace_hopper.jpg", "astronaut.png"): $PHOTOAUDIT_PORTRAITS, then a
// `fixtures` folder beside the running executable (build/fixtures, beside build/photoaudit, is
// where scripts/setup.sh puts them), then the Debian packages' install paths. No source-tree
// path is compiled in.
// Throws pa::UserError saying how to get it when none is found.
std::string find_portrait(const std::string& name);

// Writes the demo batch into `dir`. The folder is created with a marker file (kDemoMarker); an
// existing folder is only written into when it is empty or carries the marker, so the demo
// never replaces anything it did not create (pa::UserError naming the folder otherwise).
DemoBatch write_demo_batch(const std::string& dir);
inline constexpr const char* kDemoMarker = ".photoaudit-demo";

// The meta key marking an audit the demo created (set by `demo` after its import).
inline constexpr const char* kDemoMetaKey = "setting.demo_audit";
// Whether `db` may be replaced by a new demo audit: it does not exist, or it is an audit the demo
// made. Throws pa::UserError naming the file when it is anything else (a real audit, a file that
// is not an audit, a stray -wal or -shm).
void check_demo_db_replaceable(const std::string& db);
// Marks the audit as the demo's.
void mark_demo_audit(AuditStore& store);

}  // namespace pa
