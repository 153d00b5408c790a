#pragma once

#include <string_view>
#include <vector>

namespace pa::schema {

// Marks an SQLite file as a photoaudit audit (PRAGMA application_id), "PhAu".
constexpr int kApplicationId = 0x50684175;

// migrations()[i] takes a database from user_version i to i + 1.
const std::vector<std::string_view>& migrations();

// The version whose migration adds the decision hash chain: events older than it are sealed in
// the same transaction (store/audit_chain.h).
constexpr int kChainVersion = 3;

// The version whose migration adds reviewers' name keys and the audit ledger: both are filled
// from the existing rows in the same transaction.
constexpr int kLedgerVersion = 5;

// The version whose migration adds the bad files of imports (bad_files): an older audit opened
// read-only has none.
constexpr int kBadFilesVersion = 7;

// The version whose migration adds decisions.batch (the batch approve a decision was part of):
// an audit older than it reads every decision as made alone.
constexpr int kBatchVersion = 8;

// The schema on a PostgreSQL server (store/postgres_schema.cpp): an audit on a server is created
// at kPostgresBaseline; postgres_migrations()[i] takes it from kPostgresBaseline + i to the next
// version, so that both engines always end at migrations().size().
constexpr int kPostgresBaseline = 5;
std::string_view postgres_baseline();
const std::vector<std::string_view>& postgres_migrations();

}  // namespace pa::schema
