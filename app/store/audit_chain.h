// Tamper evidence for the decision events: each event carries a SHA-256 chained to the event
// before it, so editing, deleting or reordering any event breaks the chain from that event on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

// The hash of an event: SHA-256 (lower-case hex) over its id, submission, 学号, photo version,
// photo hash, reviewer, time, kind, reason codes (sorted, so a reordered catalog changes
// nothing), note, the event it undoes and `prev_hash` (the hash of the event before it, "" for
// the first). Fields are length-prefixed, so no two different events serialise alike.
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

}  // namespace pa
