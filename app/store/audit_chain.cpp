#include "store/audit_chain.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/sha256.h"

namespace pa {

namespace {

void field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

// A chain as the walk needs it: per link its number, the stored prev/hash and the hash its
// content gives.
struct Link {
  std::int64_t id = 0;
  const std::string* prev_hash = nullptr;
  const std::string* hash = nullptr;
  std::string content_hash;
};

// `what` names the links in messages: "事件"/"event" or "审核记录"/"ledger entry".
std::optional<ChainBreak> find_break(const std::vector<Link>& links, std::int64_t head_id,
                                     const std::string& head_hash, const char* what_zh, const char* what_en) {
  std::string prev;
  std::int64_t prev_id = 0;
  auto name = [&](std::int64_t id) {
    return std::string(what_zh) + " #" + std::to_string(id) + " (" + what_en + " #" + std::to_string(id) + "): ";
  };
  for (const auto& c : links) {
    const std::int64_t id = c.id;
    const std::string at = name(id);
    if (c.hash->empty()) return ChainBreak{id, at + "没有哈希，不是本程序写入的 (no hash: not written by photoaudit)"};
    if (id != prev_id + 1)
      return ChainBreak{id, at + "之前的 #" + std::to_string(prev_id + 1) + " 缺失 (the one before it, #" +
                                std::to_string(prev_id + 1) + ", was deleted)"};
    if (*c.prev_hash != prev)
      return ChainBreak{id, at + "与前一条不衔接 (does not chain to the one before it: an earlier one was edited, "
                                 "deleted or reordered)"};
    if (c.content_hash != *c.hash)
      return ChainBreak{id, at + "内容与哈希不符，已被修改 (content does not match its hash: edited)"};
    prev = *c.hash;
    prev_id = id;
  }
  if (head_id != prev_id || head_hash != prev) {
    const std::int64_t missing = std::max(head_id, prev_id + 1);
    return ChainBreak{missing, name(missing) + "链尾不符，最新的记录被删除或修改 (the chain head does not match: the "
                                               "newest ones were deleted or changed)"};
  }
  return std::nullopt;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json optional_id(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

std::string event_hash(const DecisionEvent& e, const std::string& prev_hash) {
  std::string s = "photoaudit-event-v1;";
  field(s, std::to_string(e.id));
  field(s, std::to_string(e.submission_id));
  field(s, e.student_no);
  field(s, std::to_string(e.version));
  field(s, e.photo_sha256);
  field(s, e.reviewer);
  field(s, e.at);
  field(s, e.kind);
  const std::vector<std::string> codes = sorted(e.reasons);
  field(s, std::to_string(codes.size()));
  for (const auto& c : codes) field(s, c);
  field(s, e.note);
  field(s, e.undoes ? std::to_string(*e.undoes) : std::string());
  // Added with schema v5: present only when there is one, so every older event hashes as before.
  if (!e.student_note.empty()) {
    field(s, "student_note");
    field(s, e.student_note);
  }
  // Added with schema v7, the same way: only a decision of a batch approve has it.
  if (!e.batch.empty()) {
    field(s, "batch");
    field(s, e.batch);
  }
  field(s, prev_hash);
  return sha256_hex(s);
}

std::optional<ChainBreak> find_chain_break(const std::vector<ChainedEvent>& events, std::int64_t head_id,
                                           const std::string& head_hash) {
  std::vector<Link> links;
  links.reserve(events.size());
  for (const auto& c : events) links.push_back({c.event.id, &c.prev_hash, &c.hash, event_hash(c.event, c.prev_hash)});
  return find_break(links, head_id, head_hash, "事件", "event");
}

std::string ledger_body(const DecisionEvent& e) {
  nlohmann::json j = {{"id", e.id},
                      {"submission", e.submission_id},
                      {"student", e.student_no},
                      {"version", e.version},
                      {"photo", e.photo_sha256},
                      {"reviewer", e.reviewer},
                      {"at", e.at},
                      {"kind", e.kind},
                      {"reasons", sorted(e.reasons)},
                      {"note", e.note},
                      {"student_note", e.student_note},
                      {"undoes", optional_id(e.undoes)}};
  if (!e.batch.empty()) j["batch"] = e.batch;  // schema v7: older entries read as they were written
  return dump(j);
}

std::string ledger_body(const SpotCheckRecord& c) {
  return dump({{"id", c.id},
               {"decision", c.decision_id},
               {"checker", c.checker},
               {"at", c.at},
               {"agree", c.agree},
               {"reasons", sorted(c.reasons)},
               {"note", c.note},
               {"sample", c.sample}});
}

std::string ledger_body(const SettlementRecord& s) {
  return dump({{"id", s.id},
               {"spot_check", s.spot_check_id},
               {"by", s.settled_by},
               {"at", s.at},
               {"outcome", s.outcome},
               {"note", s.note},
               {"decision", optional_id(s.decision_id)}});
}

std::string ledger_body(const TeachingExample& t) {
  return dump({{"id", t.id}, {"decision", t.decision_id}, {"code", t.code}, {"by", t.marked_by}, {"at", t.at}});
}

std::string ledger_body(const RevealAct& r) {
  return dump({{"what", r.what},
               {"by", r.actor},
               {"student", r.student_no},
               {"export", r.export_what},
               {"format", r.format},
               {"file", r.file},
               {"rows", r.rows},
               {"college", r.college}});
}

std::string ledger_hash(const LedgerEntry& e) {
  std::string s = "photoaudit-ledger-v1;";
  field(s, std::to_string(e.seq));
  field(s, e.kind);
  field(s, e.ref ? std::to_string(*e.ref) : std::string());
  field(s, e.at);
  field(s, e.actor);
  field(s, e.body);
  field(s, e.prev_hash);
  return sha256_hex(s);
}

std::optional<ChainBreak> find_ledger_break(const std::vector<LedgerEntry>& entries, std::int64_t head_seq,
                                            const std::string& head_hash) {
  std::vector<Link> links;
  links.reserve(entries.size());
  for (const auto& e : entries) links.push_back({e.seq, &e.prev_hash, &e.hash, ledger_hash(e)});
  return find_break(links, head_seq, head_hash, "审核记录", "ledger entry");
}

std::string head_label(const AuditHead& h) {
  if (h.entries == 0) return "审核记录 #0 (audit ledger: empty)";
  return "审核记录 #" + std::to_string(h.entries) + " · " + h.hash.substr(0, 16) + " (audit ledger head)";
}

bool ledger_contains_head(const std::vector<LedgerEntry>& entries, const std::string& expected) {
  // Accepts "812:9f3a…", "#812 · 9f3a…", "审核记录 #812 · 9f3a…" or a bare hash prefix.
  static const std::regex numbered(R"((?:#\s*|^\s*)(\d+)\s*[:·\s])");
  static const std::regex hash(R"([0-9A-Fa-f]{12,64})");
  std::smatch m;
  std::optional<std::int64_t> seq;
  std::string rest = expected;
  if (std::regex_search(expected, m, numbered)) {
    seq = std::stoll(m[1].str());
    rest = m.suffix().str();
  }
  if (!std::regex_search(rest, m, hash))
    throw UserError("--expect-head 须为审核记录链尾哈希（至少 12 位十六进制），如 812:9f3a1c2d5e6f (expected a ledger "
                    "head: at least 12 hex digits of its hash, optionally with its number): " + expected);
  std::string hex = m[0].str();
  for (auto& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::any_of(entries.begin(), entries.end(), [&](const LedgerEntry& e) {
    return (!seq || e.seq == *seq) && e.hash.compare(0, hex.size(), hex) == 0;
  });
}

}  // namespace pa
