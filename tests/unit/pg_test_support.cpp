#include "pg_test_support.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace pa::test {

namespace {

std::string read_first_line(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  return line;
}

std::string cluster_dir() {
  const char* d = std::getenv("PHOTOAUDIT_TEST_PG_DIR");
  return d ? d : "";
}

struct Conn {
  explicit Conn(const std::string& url) : c(PQconnectdb(url.c_str())) {
    if (PQstatus(c) != CONNECTION_OK) {
      const std::string msg = PQerrorMessage(c);
      PQfinish(c);
      c = nullptr;
      throw std::runtime_error("test cluster: " + msg);
    }
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  }
  ~Conn() {
    if (c) PQfinish(c);
  }
  PGresult* run(const std::string& sql) const {
    PGresult* r = PQexec(c, sql.c_str());
    const auto s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
      const std::string msg = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(msg + " in: " + sql);
    }
    return r;
  }
  PGconn* c;
};

// The URL with another database: the cluster's URL names `postgres`.
std::string with_database(const std::string& url, const std::string& db) {
  const auto slash = url.find("/postgres?");
  return url.substr(0, slash) + "/" + db + url.substr(slash + 9);
}

}  // namespace

std::optional<std::string> pg_cluster_url() {
  const std::string dir = cluster_dir();
  if (dir.empty()) return std::nullopt;
  const std::string url = read_first_line(dir + "/url");
  if (url.empty()) return std::nullopt;
  return url;
}

bool pg_required() { return !cluster_dir().empty(); }

std::string pg_tcp_address() { return read_first_line(cluster_dir() + "/tcp"); }

PgTestDatabase::PgTestDatabase() {
  const auto cluster = pg_cluster_url();
  if (!cluster) return;
  static std::atomic<int> counter{0};
  name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  Conn admin(*cluster);
  PQclear(admin.run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"));
  PQclear(admin.run("CREATE DATABASE " + name_));
  url_ = with_database(*cluster, name_);
}

PgTestDatabase::~PgTestDatabase() {
  if (url_.empty()) return;
  try {
    Conn admin(*pg_cluster_url());
    PQclear(admin.run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"));
  } catch (const std::exception&) {
    // the cluster is gone (a test stopped it): nothing left to drop
  }
}

std::string PgTestDatabase::tcp_url(const std::string& login, const std::string& password) const {
  return "postgresql://" + login + (password.empty() ? "" : ":" + password) + "@" + pg_tcp_address() + "/" + name_;
}

void PgTestDatabase::exec(const std::string& sql) const {
  Conn c(url_);
  PQclear(c.run(sql));
}

std::vector<std::vector<std::string>> PgTestDatabase::rows(const std::string& sql) const {
  Conn c(url_);
  PGresult* r = c.run(sql);
  std::vector<std::vector<std::string>> out;
  for (int i = 0; i < PQntuples(r); ++i) {
    std::vector<std::string> row;
    for (int j = 0; j < PQnfields(r); ++j)
      row.emplace_back(PQgetisnull(r, i, j) ? "<null>" : PQgetvalue(r, i, j));
    out.push_back(std::move(row));
  }
  PQclear(r);
  return out;
}

std::string PgTestDatabase::text(const std::string& sql) const {
  const auto r = rows(sql);
  return r.empty() || r[0].empty() ? std::string() : r[0][0];
}

}  // namespace pa::test
