// The command line of issue 6: `verify` (integrity and the decision hash chain) and the hidden
// `decide-stream` the crash and concurrency tests drive.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace pa {

struct ReliabilityCommands {
  CLI::App* verify = nullptr;
  std::string verify_db, verify_expect_head;
  bool verify_json = false;
  CLI::App* stream = nullptr;
  std::string stream_db, stream_reviewer;
  bool stream_override = false;
};

// Adds the subcommands to `app` (before parsing).
void add_reliability_commands(CLI::App& app, ReliabilityCommands& c);
// Runs the parsed subcommand of these; nullopt when the command line named another one.
std::optional<int> run_reliability_command(const ReliabilityCommands& c);

// Exit codes.
inline constexpr int kExitConflict = 5;       // another reviewer decided meanwhile (no --override)
inline constexpr int kExitAuditBroken = 6;    // verify: the file or the audit trail does not verify

}  // namespace pa
