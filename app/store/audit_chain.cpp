#include "store/audit_chain.h"

#include <algorithm>

#include "core/sha256.h"

namespace pa {

namespace {

void field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string event_hash(const DecisionEvent& e, const std::string& prev_hash) {
  std::vector<std::string> codes = e.reasons;
  std::sort(codes.begin(), codes.end());
  std::string s = "photoaudit-event-v1;";
  field(s, std::to_string(e.id));
  field(s, std::to_string(e.submission_id));
  field(s, e.student_no);
  field(s, std::to_string(e.version));
  field(s, e.photo_sha256);
  field(s, e.reviewer);
  field(s, e.at);
  field(s, e.kind);
  field(s, std::to_string(codes.size()));
  for (const auto& c : codes) field(s, c);
  field(s, e.note);
  field(s, e.undoes ? std::to_string(*e.undoes) : std::string());
  field(s, prev_hash);
  return sha256_hex(s);
}

std::optional<ChainBreak> find_chain_break(const std::vector<ChainedEvent>& events,
                                           std::int64_t head_id, const std::string& head_hash) {
  std::string prev;
  std::int64_t prev_id = 0;
  for (const auto& c : events) {
    const std::int64_t id = c.event.id;
    const std::string at = "事件 #" + std::to_string(id) + " (event #" + std::to_string(id) + "): ";
    if (c.hash.empty())
      return ChainBreak{id, at + "没有哈希，不是本程序写入的 (no hash: not written by photoaudit)"};
    if (id != prev_id + 1)
      return ChainBreak{id, at + "之前的事件 #" + std::to_string(prev_id + 1) +
                                " 缺失 (the event before it, #" + std::to_string(prev_id + 1) +
                                ", was deleted)"};
    if (c.prev_hash != prev)
      return ChainBreak{id, at + "与前一事件不衔接 (does not chain to the event before it: an earlier "
                                 "event was edited, deleted or reordered)"};
    if (event_hash(c.event, c.prev_hash) != c.hash)
      return ChainBreak{id, at + "内容与哈希不符，已被修改 (content does not match its hash: edited)"};
    prev = c.hash;
    prev_id = id;
  }
  if (head_id != prev_id || head_hash != prev) {
    const std::int64_t missing = std::max(head_id, prev_id + 1);
    return ChainBreak{missing, "事件 #" + std::to_string(missing) + " (event #" + std::to_string(missing) +
                                   "): 链尾不符，最新的事件被删除或修改 (the chain head does not match: the "
                                   "newest events were deleted or changed)"};
  }
  return std::nullopt;
}

}  // namespace pa
