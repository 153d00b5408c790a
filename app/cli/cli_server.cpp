#include "cli/cli_server.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "core/error.h"
#include "core/text.h"
#include "store/audit_chain.h"
#include "store/migrate.h"
#include "store/server_admin.h"
#include "store/store.h"

namespace pa {

namespace {

// A password from the terminal (not echoed, asked twice) or one line of stdin: never from the
// command line, where `ps` shows it.
std::string read_password(bool from_stdin) {
  std::string pw;
  if (from_stdin || !::isatty(STDIN_FILENO)) {
    std::getline(std::cin, pw);
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
  }
  termios old {};
  ::tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string again;
  std::cerr << "新账号的密码 (password for the new login): " << std::flush;
  std::getline(std::cin, pw);
  std::cerr << "\n再输入一次 (again): " << std::flush;
  std::getline(std::cin, again);
  std::cerr << "\n";
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (pw != again) throw UserError("两次输入的密码不同 (the passwords differ)");
  return pw;
}

}  // namespace

void add_server_commands(CLI::App& app, ServerCommands& c) {
  c.server = app.add_subcommand("server", "办公室审核服务器 (the office's audit server, PostgreSQL)");
  c.server->require_subcommand(1);
  c.init = c.server->add_subcommand("init", "在服务器上建立审核、角色和权限 (set up the audit, its roles and rights)");
  c.init->add_option("--db", c.db, "服务器地址 postgresql://管理员@主机:端口/数据库 (the server URL, as its owner)")
      ->required()
      ->envname("PHOTOAUDIT_DB");
  c.add_user = c.server->add_subcommand("add-user", "新建登录账号 (create a login)");
  c.add_user->add_option("name", c.login, "登录名 (login name)")->required();
  c.add_user->add_option("--role", c.role, "reviewer | coordinator | trainer")->required();
  c.add_user->add_option("--college", c.college, "学院（协调人）(the coordinator's college)");
  c.add_user->add_flag("--password-stdin", c.password_stdin, "从标准输入读密码 (read the password from stdin)");
  c.add_user->add_option("--db", c.db)->required()->envname("PHOTOAUDIT_DB");
  c.users = c.server->add_subcommand("users", "列出账号 (list the logins)");
  c.users->add_option("--db", c.db)->required()->envname("PHOTOAUDIT_DB");

  c.migrate = app.add_subcommand("migrate", "在本机文件和服务器之间迁移审核 (move an audit between a file and a server)");
  c.migrate->add_option("--from", c.from, "来源：审核文件或服务器地址 (the audit to copy: a file or a server URL)")->required();
  c.migrate->add_option("--to", c.to, "目标：新文件或空的服务器数据库 (a new file or an empty server database)")->required();
}

std::optional<int> run_server_command(const ServerCommands& c) {
  if (*c.migrate) {
    const MigrationReport r = migrate_audit(c.from, c.to);
    std::cout << "已迁移并校验 (moved and verified): 学生 " << r.students << "，照片 " << r.photos << "，结论事件 "
              << r.decisions << "，审核记录 " << r.ledger_entries << " 条 (students, photos, decision events, ledger "
              << "entries)\n" << head_label(r.head) << "\n";
    return 0;
  }
  if (!*c.server) return std::nullopt;
  if (*c.init) {
    server_init(c.db);
    std::cout << "审核服务器已就绪 (the audit server is set up); 下一步：photoaudit server add-user 姓名 --role reviewer "
                 "(next: add the logins)\n";
    return 0;
  }
  if (*c.add_user) {
    const ServerAccount a{c.login, server_role_from(c.role), c.college};
    server_add_user(c.db, a, read_password(c.password_stdin));
    std::cout << "已新建账号 (login created): " << terminal_safe(a.login) << " (" << to_string(a.role)
              << (a.college.empty() ? "" : ", " + terminal_safe(a.college)) << ")\n";
    return 0;
  }
  if (*c.users) {
    for (const auto& a : server_users(c.db))
      std::cout << terminal_safe(a.login) << "\t" << to_string(a.role) << "\t" << terminal_safe(a.college) << "\n";
    return 0;
  }
  return std::nullopt;
}

}  // namespace pa
