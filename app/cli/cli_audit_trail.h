// The audit trail's commands: `verify` (integrity and the decision hash chain) and the hidden
// `decide-stream` the crash and concurrency tests drive.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace pa {

struct AuditTrailCommands {
  CLI::App* verify = nullptr;
  std::string verify_db, verify_expect_head;
  bool verify_json = false;
  CLI::App* stream = nullptr;
  std::string stream_db, stream_reviewer;
  bool stream_override = false;
  CLI::App* review_stream = nullptr;
  int stream_count = 0;
};

// Adds the subcommands to `app` (before parsing).
void add_audit_trail_commands(CLI::App& app, AuditTrailCommands& c);
// Runs the parsed subcommand of these; nullopt when the command line named another one.
std::optional<int> run_audit_trail_command(const AuditTrailCommands& c);

}  // namespace pa
