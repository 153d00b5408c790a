// Setting up an audit on a PostgreSQL server for an office: the schema, the roles of the people
// who work on it, and their logins. The server itself enforces who may do what:
//  - reviewers (学籍科) read everything and may append decision events, never change or delete one;
//  - coordinators (学院) see only their college's students, photos and decisions (row-level
//    security, so even psql with their login shows nothing else) and may append spot checks;
//  - trainers read the teaching examples through a view without names, 学号 or ID numbers.
// The login is the reviewer: every record made on a connection names its account.
#pragma once

#include <string>
#include <vector>

namespace pa {

enum class ServerRole { reviewer, coordinator, trainer };
const char* to_string(ServerRole r);
// "reviewer" | "coordinator" | "trainer"; throws pa::UserError otherwise.
ServerRole server_role_from(const std::string& s);

struct ServerAccount {
  std::string login;
  ServerRole role = ServerRole::reviewer;
  std::string college;  // coordinators only
};

// Creates the audit's schema on an empty database (or upgrades it), its three group roles and
// their privileges and policies. Run by the database's owner; running it again changes nothing.
void server_init(const std::string& url);
// Creates a login in one of the audit's roles. The password travels to the server already
// encrypted (SCRAM-SHA-256): it is never in the server's log, a file of ours or a command line.
// Throws pa::UserError for a login that exists, a coordinator without a college or a college
// given to another role.
void server_add_user(const std::string& url, const ServerAccount& account, const std::string& password);
std::vector<ServerAccount> server_users(const std::string& url);

}  // namespace pa
