#include "store/ledger.h"

namespace pa::sql {

LedgerEntry Ledger::append(const std::string& kind, std::optional<std::int64_t> ref, const std::string& at,
                           const std::string& actor, const std::string& body) {
  LedgerEntry e;
  {
    Stmt last(db_, head_query());
    if (last.step() && !last.is_null(0)) {
      e.seq = last.i64(0) + 1;
      e.prev_hash = last.text(1);
    } else {
      e.seq = 1;
    }
  }
  e.kind = kind;
  e.ref = ref;
  e.at = at;
  e.actor = actor;
  e.body = body;
  e.hash = ledger_hash(e);
  Stmt ins(db_, "INSERT INTO ledger (seq, kind, ref, at, actor, body, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  ins.bind(1, e.seq).bind(2, e.kind).bind(3, e.ref).bind(4, e.at).bind(5, e.actor).bind(6, e.body);
  ins.bind(7, e.prev_hash).bind(8, e.hash);
  ins.run();
  Stmt head(db_, "INSERT INTO meta (key, value) VALUES ('ledger_head', ?1) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  head.bind(1, std::to_string(e.seq) + ":" + e.hash);
  head.run();
  return e;
}

std::vector<LedgerEntry> Ledger::entries() {
  Stmt st(db_, "SELECT seq, kind, ref, at, actor, body, prev_hash, hash FROM ledger ORDER BY seq");
  std::vector<LedgerEntry> out;
  while (st.step()) {
    LedgerEntry e;
    e.seq = st.i64(0);
    e.kind = st.text(1);
    if (!st.is_null(2)) e.ref = st.i64(2);
    e.at = st.text(3);
    e.actor = st.text(4);
    e.body = st.text(5);
    e.prev_hash = st.text(6);
    e.hash = st.text(7);
    out.push_back(std::move(e));
  }
  return out;
}

std::string Ledger::head_query() const {
  // On a server, a login may append entries it may not read (a coordinator): the head comes
  // from a function that reads it on the owner's behalf.
  return db_.dialect() == Dialect::postgresql ? "SELECT seq, hash FROM photoaudit_ledger_head()"
                                              : "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1";
}

AuditHead Ledger::newest() {
  Stmt st(db_, head_query());
  if (!st.step() || st.is_null(0)) return {};
  return {st.i64(0), st.text(1)};
}

std::pair<std::int64_t, std::string> Ledger::recorded_head() {
  Stmt st(db_, "SELECT value FROM meta WHERE key = 'ledger_head'");
  if (!st.step()) return {0, ""};
  const std::string v = st.text(0);
  const auto colon = v.find(':');
  if (colon == std::string::npos) return {-1, v};
  try {
    return {std::stoll(v.substr(0, colon)), v.substr(colon + 1)};
  } catch (const std::exception&) {
    return {-1, v};
  }
}

}  // namespace pa::sql
