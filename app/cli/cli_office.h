// The office's commands: exports (CSV / XLSX, per college), the coordinators' notify list
// and spot checks, teaching examples, the audit calendar. Every command that takes --college
// opens the audit through open_audit(), so the scope is the store's, not the command's.
#pragma once

#include <memory>
#include <optional>

namespace CLI {
class App;
}

namespace pa {

struct OfficeCommands;
struct OfficeCommandsDeleter {
  void operator()(OfficeCommands* c) const;
};

// Adds the subcommands to `app` (before parsing).
std::unique_ptr<OfficeCommands, OfficeCommandsDeleter> add_office_commands(CLI::App& app);
// Runs the parsed subcommand of these; nullopt when the command line named another one.
// Throws pa::UserError like the other commands.
std::optional<int> run_office_command(OfficeCommands& c);

}  // namespace pa
