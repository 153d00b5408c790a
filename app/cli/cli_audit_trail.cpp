#include "cli/cli_audit_trail.h"
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <chrono>
#include <random>
#include <thread>

#include "core/error.h"
#include "core/text.h"
#include "review/decisions.h"
#include "review/session.h"
#include "store/audit_chain.h"
#include "store/store.h"

namespace pa {

namespace {

int cmd_verify(const std::string& db, const std::string& expect_head, bool json) {
  auto store = open_store_read_only(db);  // never migrated, never written
  const AuditVerification v =
      store->verify_audit(expect_head.empty() ? std::nullopt : std::optional<std::string>(expect_head));
  if (json) {
    nlohmann::json j = {{"ok", v.ok()},           {"integrity", v.integrity}, {"events", v.events},
                        {"head_hash", v.head_hash}, {"photo_mismatches", v.photo_mismatches},
                        {"ledger", {{"present", v.ledger_present}, {"entries", v.ledger_head.entries},
                                    {"head", v.ledger_head.hash}}}};
    if (v.chain_break) j["first_broken_event"] = {{"id", v.chain_break->event_id}, {"reason", v.chain_break->reason}};
    if (v.ledger_break)
      j["first_broken_ledger_entry"] = {{"seq", v.ledger_break->event_id}, {"reason", v.ledger_break->reason}};
    if (v.expected_head) j["expected_head"] = {{"head", *v.expected_head}, {"found", v.expected_head_found}};
    std::cout << j.dump() << std::endl;
  } else {
    std::cout << "数据库完整性 (integrity_check): " << terminal_safe(v.integrity) << "\n"
              << "决定事件 (decision events): " << v.events << "，事件链尾 (event chain head): "
              << (v.head_hash.empty() ? "-" : v.head_hash) << "\n";
    if (v.ledger_present)
      std::cout << head_label(v.ledger_head) << "\n";
    else
      std::cout << "没有审核记录总账：数据库版本较旧，用本版本打开一次即会建立 (no audit ledger: an older schema; "
                   "opening it once with this build adds it)\n";
    if (v.chain_break) std::cout << "审核记录被改动 (audit trail broken): " << terminal_safe(v.chain_break->reason) << "\n";
    if (v.ledger_break) std::cout << "审核记录总账被改动 (audit ledger broken): " << terminal_safe(v.ledger_break->reason) << "\n";
    if (v.expected_head && !v.expected_head_found)
      std::cout << "审核记录中没有所给的链尾 " << terminal_safe(*v.expected_head)
                << "：其后的记录被删除，或整条链被重建 (the ledger does not contain the head given: entries after it "
                   "were removed, or the chain was rebuilt)\n";
    for (const auto& sha : v.photo_mismatches)
      std::cout << "照片内容与哈希不符 (photo bytes do not match their hash): " << terminal_safe(sha) << "\n";
    if (v.ok())
      std::cout << "审核记录完整 (audit trail intact)" << (v.expected_head ? "，包含所给的链尾 (contains the head given)" : "")
                << "; 链尾哈希 (head hash): " << (v.ledger_head.hash.empty() ? "-" : v.ledger_head.hash) << "\n";
  }
  return v.ok() ? 0 : kExitAuditBroken;
}

// Reads "学号 verdict [code...]" lines from stdin and records each; after each commit prints
// "committed <event id> <学号>" and flushes, so a parent process knows what is durable.
int cmd_decide_stream(const std::string& db, const std::string& reviewer, bool override_confirmed) {
  auto store = open_store(db);
  std::string line;
  int failures = 0;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string no, verdict_text, code;
    if (!(in >> no >> verdict_text)) continue;
    NewDecision d{no, Verdict::approve, {}, {}, reviewer};
    while (in >> code) d.reasons.push_back(code);
    try {
      auto verdict = verdict_from_string(verdict_text);
      if (!verdict) throw UserError("unknown verdict " + verdict_text);
      d.verdict = *verdict;
      const DecisionEvent e = decide(*store, d, {std::nullopt, override_confirmed});
      std::cout << "committed " << e.id << " " << terminal_safe(e.student_no) << std::endl;
    } catch (const UserError& e) {
      ++failures;
      std::cerr << "photoaudit: " << terminal_safe(no) << ": " << terminal_safe(e.what()) << std::endl;
    }
  }
  return failures ? 1 : 0;
}

// A reviewer going through the queue as the workstation does (tests of several workstations on
// one audit): first pending photo not held by another, its lease taken, approved, next; prints
// "committed <event id> <学号>" per decision and "conflict <学号>" for each one refused because
// somebody else decided it first. Stops after `count` decisions or when nothing is pending.
int cmd_review_stream(const std::string& db, const std::string& reviewer, int count) {
  auto store = open_store(db);
  ReviewSession session(*store, acting_reviewer(*store, reviewer));
  // Each workstation starts somewhere of its own in the queue, then goes on from there.
  if (session.queue().size()) session.go_to(static_cast<std::size_t>(std::random_device{}()) % session.queue().size());
  int done = 0, idle = 0;
  while (done < count) {
    session.follow_changes();
    auto free_to_decide = [&](const QueueRow* r) {
      return r && r->state.status == Status::pending && r->held_by.empty() && session.holds_current();
    };
    const QueueRow* row = session.current();
    if (!free_to_decide(row)) {
      session.next_pending();
      row = session.current();
    }
    if (!free_to_decide(row)) {
      // Nothing free in this view: look again (others' leases lapse, decisions arrive).
      if (++idle > 200) break;
      session.reload();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    idle = 0;
    const std::string no = row->state.student.student_no;
    try {
      const DecisionEvent e = session.decide(Verdict::approve, {}, {});
      std::cout << "committed " << e.id << " " << terminal_safe(e.student_no) << std::endl;
      ++done;
    } catch (const DecisionConflict& e) {
      std::cout << "conflict " << terminal_safe(no) << std::endl;
      std::cerr << "photoaudit: " << terminal_safe(e.what()) << std::endl;
    }
  }
  return 0;
}

}  // namespace

void add_audit_trail_commands(CLI::App& app, AuditTrailCommands& c) {
  c.verify = app.add_subcommand("verify", "校验数据库与审核记录哈希链 (verify the file and the decision hash chain)");
  c.verify->add_option("--db", c.verify_db, "审核数据库 (audit database file)")->required()->envname("PHOTOAUDIT_DB");
  c.verify->add_flag("--json", c.verify_json, "输出 JSON (print one JSON object)");
  c.verify->add_option("--expect-head", c.verify_expect_head,
                       "先前记下的链尾，如 812:9f3a1c2d5e6f：其后的记录被删或链被重建则失败 (a head printed earlier: "
                       "fails when entries after it were removed or the chain rebuilt)");

  c.stream = app.add_subcommand("decide-stream", "decisions from stdin, one per line (tests)");
  c.stream->group("");
  c.stream->add_option("--db", c.stream_db)->required()->envname("PHOTOAUDIT_DB");
  c.stream->add_option("--reviewer", c.stream_reviewer)->required();
  c.stream->add_flag("--override", c.stream_override);

  c.review_stream = app.add_subcommand("review-stream", "approve pending photos as a workstation does (tests)");
  c.review_stream->group("");
  c.review_stream->add_option("--db", c.stream_db)->required()->envname("PHOTOAUDIT_DB");
  c.review_stream->add_option("--reviewer", c.stream_reviewer);
  c.review_stream->add_option("--count", c.stream_count)->required();
}

std::optional<int> run_audit_trail_command(const AuditTrailCommands& c) {
  if (*c.verify) return cmd_verify(c.verify_db, c.verify_expect_head, c.verify_json);
  if (*c.stream) return cmd_decide_stream(c.stream_db, c.stream_reviewer, c.stream_override);
  if (*c.review_stream) return cmd_review_stream(c.stream_db, c.stream_reviewer, c.stream_count);
  return std::nullopt;
}

}  // namespace pa
