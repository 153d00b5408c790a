// The tests' PostgreSQL server: a throwaway cluster (scripts/pg-test-cluster.sh) that CTest starts
// before the tests and stops after them (the pg_cluster fixture, tests/CMakeLists.txt). Each test
// gets a fresh database of its own, dropped when it ends.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace pa::test {

// The cluster's superuser URL (its `postgres` database), from $PHOTOAUDIT_TEST_PG_DIR/url; nullopt
// when no cluster runs.
std::optional<std::string> pg_cluster_url();
// True when a missing cluster must fail the test rather than skip it: a cluster was named
// ($PHOTOAUDIT_TEST_PG_DIR, which CTest, and so CI, always sets), so a run never silently leaves
// the server backend untested. Without it (a bare photoaudit_tests run) the server tests skip.
bool pg_required();
// The cluster's loopback TCP address ("127.0.0.1:PORT"), where logins need their password.
std::string pg_tcp_address();

class PgTestDatabase {
 public:
  PgTestDatabase();   // a fresh, empty database (no cluster: url() is empty)
  ~PgTestDatabase();  // dropped, whoever is still connected
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;
  bool available() const { return !url_.empty(); }
  const std::string& name() const { return name_; }
  // The superuser's URL of this database (over the cluster's socket).
  const std::string& url() const { return url_; }
  // The URL for `login` with `password` over TCP (password authentication).
  std::string tcp_url(const std::string& login, const std::string& password = {}) const;
  // Runs SQL as the superuser; throws std::runtime_error with the server's message.
  void exec(const std::string& sql) const;
  // Every row, cells as text (NULL -> "<null>").
  std::vector<std::vector<std::string>> rows(const std::string& sql) const;
  std::string text(const std::string& sql) const;

 private:
  std::string name_, url_;
};

}  // namespace pa::test

// Skips the test (fails it under CTest, where a cluster must run) when no server is available.
#define PA_NEED_PG(db)                                                                         \
  do {                                                                                         \
    if (!(db).available()) {                                                                   \
      if (::pa::test::pg_required()) FAIL() << "the tests' PostgreSQL cluster is not running"; \
      GTEST_SKIP() << "no PostgreSQL test cluster (scripts/pg-test-cluster.sh start DIR, "     \
                      "PHOTOAUDIT_TEST_PG_DIR=DIR)";                                           \
    }                                                                                          \
  } while (0)
