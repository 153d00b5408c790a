// Helpers shared by the tests and benchmarks: temporary folders, files, portraits, running the CLI.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pa::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

void write_file(const fs::path& p, const std::string& bytes);
std::string read_file(const fs::path& p);

// UTF-8 -> GB18030, for writing rosters the way Excel on Chinese Windows does.
std::string to_gb18030(const std::string& utf8);

// Real portraits shipped by Debian packages (unpacked by scripts/setup.sh into build/fixtures).
fs::path fixture(const std::string& name);  // grace_hopper.jpg, astronaut.png
// The photoaudit executable under test, the fixtures folder (<src>/build/fixtures) and the source
// tree's assets/ (reasons.json, quality.json as written). Only test_support.cpp is compiled with
// these paths: no other object, and nothing in app/, depends on where the tree is.
const std::string& photoaudit_bin();
const fs::path& fixtures_dir();
const fs::path& assets_dir();
// A 480x640 JPEG crop of a real portrait, with a per-`variant` brightness/shift change so that
// different variants give different bytes. Encoded at `quality`.
std::string portrait_jpeg(int variant = 0, int quality = 90);
std::string portrait_png(int variant = 0);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs build/photoaudit with the given arguments (no shell), capturing stdout and stderr.
RunResult run_cli(const std::vector<std::string>& args);

// Sets (or, with nullopt, removes) an environment variable for the scope; the old value comes back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace pa::test
