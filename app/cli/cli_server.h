// The office's commands: `server init`, `server add-user`, `server users` (an audit on a
// PostgreSQL server, store/server_admin.h) and `migrate` (between a file and a server).
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace pa {

struct ServerCommands {
  CLI::App* server = nullptr;
  CLI::App* init = nullptr;
  CLI::App* add_user = nullptr;
  CLI::App* users = nullptr;
  std::string db, login, role, college;
  bool password_stdin = false;
  CLI::App* migrate = nullptr;
  std::string from, to;
};

void add_server_commands(CLI::App& app, ServerCommands& c);
std::optional<int> run_server_command(const ServerCommands& c);

}  // namespace pa
