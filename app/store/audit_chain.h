// Tamper evidence. Two hash chains, both backend-independent (the SQL backends only store and
// fetch what is computed here):
//  - the decision events' own chain (schema v3): each event carries a SHA-256 chained to the
//    event before it, so editing, deleting or reordering any event breaks the chain from there;
//  - the audit ledger (schema v5): one entry per act of record — a decision event, a spot check,
//    a settlement, a teaching example, a reveal of ID numbers — each carrying the canonical JSON
//    of what it records, chained the same way. Its head ("审核记录 #812 · 9f3a…") is printed on
//    every export, notice and `stats`, so it can be kept outside the file and checked later
//    (`verify --expect-head`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

// The hash of an event: SHA-256 (lower-case hex) over its id, submission, 学号, photo version,
// photo hash, reviewer, time, kind, reason codes (sorted, so a reordered catalog changes
// nothing), note, the event it undoes, the note for the student and the batch when there are, and
// `prev_hash` (the hash of the event before it, "" for the first). Fields are length-prefixed,
// so no two different events serialise alike.
std::string event_hash(const DecisionEvent& e, const std::string& prev_hash);

// One event as stored: its content and the chain columns.
struct ChainedEvent {
  DecisionEvent event;
  std::string prev_hash;  // as stored ("" = none)
  std::string hash;       // as stored ("" = never sealed)
};

// Walks the events in id order and returns the first break: an event whose hash does not match
// its content (edited), whose prev_hash is not the hash of the event before it (an event deleted
// or reordered before it), a gap in the ids (deleted), or, past the last event, a chain head
// (`head_id`/`head_hash`, kept apart from the events) the last event does not match (the newest
// events deleted). nullopt when the whole chain verifies.
std::optional<ChainBreak> find_chain_break(const std::vector<ChainedEvent>& events,
                                           std::int64_t head_id, const std::string& head_hash);

// ---- the audit ledger ---------------------------------------------------------------------------

// What a ledger entry records.
namespace ledger_kind {
inline constexpr const char* decision = "decision";
inline constexpr const char* spot_check = "spot_check";
inline constexpr const char* settlement = "settlement";
inline constexpr const char* teaching_example = "teaching_example";
inline constexpr const char* reveal = "reveal";
}  // namespace ledger_kind

struct LedgerEntry {
  std::int64_t seq = 0;             // 1, 2, 3 … without gaps
  std::string kind;                 // ledger_kind::*
  std::optional<std::int64_t> ref;  // the record's id in its own table (none for a reveal)
  std::string at;                   // ISO 8601 UTC
  std::string actor;                // who acted (reviewer, checker, …)
  std::string body;                 // canonical JSON of the record (ledger_body)
  std::string prev_hash;
  std::string hash;
};

// The canonical JSON of each kind of record (sorted keys, UTF-8): what a ledger entry holds and
// what verify recomputes from the record tables to detect an edited record.
std::string ledger_body(const DecisionEvent& e);
std::string ledger_body(const SpotCheckRecord& c);
std::string ledger_body(const SettlementRecord& s);
std::string ledger_body(const TeachingExample& t);
std::string ledger_body(const RevealAct& r);

// SHA-256 over every field but `hash`, length-prefixed.
std::string ledger_hash(const LedgerEntry& e);

// The first break of the ledger, as find_chain_break for events (seq order, head kept apart).
std::optional<ChainBreak> find_ledger_break(const std::vector<LedgerEntry>& entries, std::int64_t head_seq,
                                            const std::string& head_hash);

// "审核记录 #812 · 9f3a1c2d5e6f7a8b" (the first 16 hex digits: enough to recognise it).
std::string head_label(const AuditHead& h);

// Whether `expected` ("812:9f3a…", "#812 9f3a…", "9f3a1c2d5e6f…": a hash prefix of at least 12
// hex digits, optionally with its entry number) names an entry of the (verified) ledger.
// Throws pa::UserError for text that is not such a head.
bool ledger_contains_head(const std::vector<LedgerEntry>& entries, const std::string& expected);

}  // namespace pa
