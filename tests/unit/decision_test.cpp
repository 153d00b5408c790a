// Decisions: the rules for a valid decision, append-only events, undo, durability.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "audit_test_util.h"
#include "child_process.h"
#include "review/decisions.h"

namespace {

using namespace pa::test;
using pa::Verdict;

class Decision : public ::testing::Test {
 protected:
  SmallAudit a;

  pa::DecisionEvent decide(const std::string& no, Verdict v, std::vector<std::string> reasons,
                           const std::string& reviewer, const std::string& note = "") {
    return pa::decide(*a.store, {no, v, std::move(reasons), note, reviewer});
  }
  pa::UserError refused(const std::string& no, Verdict v, std::vector<std::string> reasons,
                        const std::string& reviewer, const std::string& note = "") {
    auto e = user_error_from([&] { decide(no, v, std::move(reasons), reviewer, note); });
    EXPECT_EQ(event_count(), 0) << "a refused decision must record nothing";
    return e;
  }
  long long event_count() {
    RawDb raw(a.db);
    return raw.num("SELECT count(*) FROM decisions");
  }
  pa::Status status(const std::string& no) { return a.store->student(no)->status; }
};

TEST_F(Decision, RejectAndReshootNeedAReason) {
  auto e1 = refused("2021001", Verdict::reject, {}, "alice");
  EXPECT_TRUE(contains(e1.what(), "reason")) << e1.what();
  auto e2 = refused("2021001", Verdict::reshoot, {}, "alice");
  EXPECT_TRUE(contains(e2.what(), "reason")) << e2.what();
  EXPECT_EQ(status("2021001"), pa::Status::pending);
}

TEST_F(Decision, UnknownCodeIsRefusedWithTheListOfValidCodes) {
  auto e = refused("2021001", Verdict::reject, {"blurry", "too_ugly"}, "alice");
  const std::string msg = e.what();
  EXPECT_TRUE(contains(msg, "too_ugly")) << msg;
  for (const auto& r : a.store->reasons()) EXPECT_TRUE(contains(msg, r.code)) << r.code << " missing from: " << msg;
}

TEST_F(Decision, OtherNeedsANote) {
  auto e = refused("2021001", Verdict::reject, {"other"}, "alice");
  EXPECT_TRUE(contains(e.what(), "note")) << e.what();
  refused("2021001", Verdict::reshoot, {"blurry", "other"}, "alice", "   ");
  auto ev = decide("2021001", Verdict::reject, {"other"}, "alice", "穿了校服以外的外套");
  EXPECT_EQ(ev.kind, "reject");
  EXPECT_EQ(ev.reasons, (std::vector<std::string>{"other"}));
  EXPECT_EQ(ev.note, "穿了校服以外的外套");
  EXPECT_EQ(status("2021001"), pa::Status::rejected);
}

TEST_F(Decision, ApproveTakesNoReasons) {
  auto e = refused("2021001", Verdict::approve, {"blurry"}, "alice");
  EXPECT_TRUE(contains(e.what(), "approve")) << e.what();
  auto ev = decide("2021001", Verdict::approve, {}, "alice");
  EXPECT_EQ(ev.kind, "approve");
  EXPECT_TRUE(ev.reasons.empty());
}

TEST_F(Decision, ReviewerIsRequired) { refused("2021001", Verdict::approve, {}, "  "); }

TEST_F(Decision, UnknownStudentAndStudentWithoutPhotoAreRefused) {
  auto e1 = refused("2099999", Verdict::approve, {}, "alice");
  EXPECT_TRUE(contains(e1.what(), "2099999")) << e1.what();
  auto e2 = refused("2021005", Verdict::reject, {"blurry"}, "alice");
  EXPECT_TRUE(contains(e2.what(), "2021005")) << e2.what();
  EXPECT_TRUE(contains(e2.what(), "photo")) << e2.what();
  EXPECT_EQ(status("2021005"), pa::Status::without_photo);
}

TEST_F(Decision, EventRecordsWhoWhenWhatAndWhichPhoto) {
  auto ev = decide("2021003", Verdict::reshoot, {"background", "blurry", "blurry"}, "王老师", "背景发灰");
  EXPECT_GT(ev.id, 0);
  EXPECT_EQ(ev.student_no, "2021003");
  EXPECT_EQ(ev.reviewer, "王老师");
  EXPECT_EQ(ev.kind, "reshoot");
  EXPECT_EQ(ev.version, 1);
  EXPECT_EQ(ev.photo_sha256, a.store->student("2021003")->photo_sha256);
  EXPECT_EQ(ev.note, "背景发灰");
  // Codes once each, in catalog order.
  EXPECT_EQ(ev.reasons, (std::vector<std::string>{"blurry", "background"}));
  EXPECT_TRUE(std::regex_match(ev.at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << ev.at;
  EXPECT_FALSE(ev.undoes.has_value());

  auto s = a.store->student("2021003");
  EXPECT_EQ(s->status, pa::Status::reshoot);
  ASSERT_TRUE(s->decision.has_value());
  EXPECT_EQ(s->decision->id, ev.id);
  EXPECT_EQ(s->decision->reasons, ev.reasons);
}

TEST_F(Decision, LaterDecisionWinsAndBothStayInHistory) {
  auto first = decide("2021001", Verdict::approve, {}, "alice");
  // bob decides having seen alice's decision (otherwise: DecisionConflict, ConcurrencyConflict.*).
  auto second = pa::decide(*a.store, {"2021001", Verdict::reject, {"eyes_closed"}, "", "bob"}, {first.id});
  EXPECT_GT(second.id, first.id);
  EXPECT_EQ(status("2021001"), pa::Status::rejected);
  auto h = a.store->history("2021001");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].id, first.id);
  EXPECT_EQ(h[1].id, second.id);
}

// The decision in force is the store's rule (one SQL predicate): the latest event on the
// submission that is not an undo and that no undo cancels; undoing walks back to the one before.
TEST_F(Decision, TheStoreSaysWhichDecisionIsInForce) {
  const auto sub = a.store->student("2021001")->submission_id;
  EXPECT_FALSE(a.store->decision_in_force(sub));
  EXPECT_FALSE(a.store->last_decision_in_force("alice"));
  auto first = decide("2021001", Verdict::approve, {}, "alice");
  ASSERT_TRUE(a.store->decision_in_force(sub));
  EXPECT_EQ(a.store->decision_in_force(sub)->id, first.id);
  auto second = pa::decide(*a.store, {"2021001", Verdict::reject, {"eyes_closed"}, "", "bob"}, {first.id});
  EXPECT_EQ(a.store->decision_in_force(sub)->id, second.id);
  EXPECT_EQ(a.store->decision_in_force(sub)->kind, "reject");
  EXPECT_EQ(a.store->last_decision_in_force("BOB ")->id, second.id);  // reviewers by name_key
  EXPECT_EQ(a.store->last_decision_in_force("alice")->id, first.id);
  auto undo = a.store->undo_last("bob");
  ASSERT_TRUE(undo);
  EXPECT_EQ(*undo->undoes, second.id);
  // Bob's reject is undone: alice's approve is in force again, and bob has nothing left to undo.
  EXPECT_EQ(a.store->decision_in_force(sub)->id, first.id);
  EXPECT_FALSE(a.store->last_decision_in_force("bob"));
  EXPECT_FALSE(a.store->undo_last("bob"));
  a.store->undo_last("alice");
  EXPECT_FALSE(a.store->decision_in_force(sub));
}

TEST_F(Decision, EventsAreAppendOnlyInTheDatabase) {
  decide("2021001", Verdict::reject, {"blurry"}, "alice", "note");
  const long long before = event_count();
  RawDb raw(a.db);
  const std::string dump = raw.dump();
  EXPECT_NE(raw.try_exec("UPDATE decisions SET kind = 'approve'"), SQLITE_OK);
  EXPECT_TRUE(contains(raw.last_error(), "append-only")) << raw.last_error();
  EXPECT_NE(raw.try_exec("UPDATE decisions SET note = ''"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("DELETE FROM decisions"), SQLITE_OK);
  // The codes are part of the event too.
  EXPECT_NE(raw.try_exec("DELETE FROM decision_reasons"), SQLITE_OK);
  EXPECT_NE(raw.try_exec("UPDATE decision_reasons SET code = 'other'"), SQLITE_OK);
  EXPECT_EQ(raw.dump(), dump);
  EXPECT_EQ(event_count(), before);
  EXPECT_EQ(status("2021001"), pa::Status::rejected);
}

TEST_F(Decision, UndoAppendsAnEventAndRestoresPending) {
  auto ev = decide("2021001", Verdict::approve, {}, "alice");
  auto u = a.store->undo_last("alice");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->kind, "undo");
  ASSERT_TRUE(u->undoes.has_value());
  EXPECT_EQ(*u->undoes, ev.id);
  EXPECT_EQ(u->student_no, "2021001");
  EXPECT_EQ(u->reviewer, "alice");
  EXPECT_EQ(status("2021001"), pa::Status::pending);
  EXPECT_FALSE(a.store->student("2021001")->decision.has_value());
  auto h = a.store->history("2021001");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].kind, "approve");
  EXPECT_EQ(h[1].kind, "undo");
  EXPECT_EQ(event_count(), 2);
}

TEST_F(Decision, UndoRestoresTheEarlierDecisionOfAnotherReviewer) {
  auto bobs = decide("2021002", Verdict::reject, {"blurry"}, "bob");
  pa::decide(*a.store, {"2021002", Verdict::approve, {}, "", "alice"}, {bobs.id});  // having seen bob's
  EXPECT_EQ(status("2021002"), pa::Status::approved);
  ASSERT_TRUE(a.store->undo_last("alice").has_value());
  auto s = a.store->student("2021002");
  EXPECT_EQ(s->status, pa::Status::rejected);
  ASSERT_TRUE(s->decision.has_value());
  EXPECT_EQ(s->decision->id, bobs.id);
  EXPECT_EQ(s->decision->reviewer, "bob");
}

TEST_F(Decision, UndoTwiceUndoesTheReviewersTwoLatestDecisionsInOrder) {
  auto d1 = decide("2021001", Verdict::approve, {}, "alice");
  auto d2 = decide("2021002", Verdict::reshoot, {"head_pose"}, "alice");
  auto u1 = a.store->undo_last("alice");
  ASSERT_TRUE(u1.has_value());
  EXPECT_EQ(*u1->undoes, d2.id);
  EXPECT_EQ(status("2021002"), pa::Status::pending);
  EXPECT_EQ(status("2021001"), pa::Status::approved);
  auto u2 = a.store->undo_last("alice");
  ASSERT_TRUE(u2.has_value());
  EXPECT_EQ(*u2->undoes, d1.id);
  EXPECT_EQ(status("2021001"), pa::Status::pending);
  EXPECT_FALSE(a.store->undo_last("alice").has_value());
  EXPECT_EQ(event_count(), 4);
}

TEST_F(Decision, UndoByOneReviewerNeverTouchesAnothersDecisions) {
  auto alices = decide("2021001", Verdict::approve, {}, "alice");
  decide("2021002", Verdict::reject, {"blurry"}, "bob");
  auto u = a.store->undo_last("bob");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->student_no, "2021002");
  EXPECT_EQ(status("2021002"), pa::Status::pending);
  EXPECT_FALSE(a.store->undo_last("bob").has_value());
  EXPECT_EQ(status("2021001"), pa::Status::approved);
  EXPECT_EQ(a.store->student("2021001")->decision->id, alices.id);
}

TEST_F(Decision, UndoWithNothingToUndoReturnsNulloptAndRecordsNothing) {
  EXPECT_FALSE(a.store->undo_last("alice").has_value());
  EXPECT_FALSE(a.store->undo_last("nobody at all").has_value());
  EXPECT_EQ(event_count(), 0);
  RawDb raw(a.db);
  EXPECT_EQ(raw.num("SELECT count(*) FROM reviewers"), 0);
}

// Durability: a decision is in the file the moment `decide` has returned. Another photoaudit
// process records it (`decide-stream` prints "committed <id> <学号>" once decide has returned) and
// is SIGKILLed the moment it says so, while it still holds the audit open and waits on its stdin
// (a FIFO kept open) for the next line: no close, no checkpoint, no exit handler. A fresh process
// then finds the decision, and `verify` passes. (ReliabilityCrash.* kill streams at random points.)
TEST_F(Decision, DecisionIsDurableWhenDecideReturns) {
  a.store.reset();  // this process holds no connection to the audit
  TempDir work;
  const fs::path fifo = work / "stdin";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  CliChild child({"decide-stream", "--db", a.db.string(), "--reviewer", "alice"}, fifo, work / "err");
  // The child opens the FIFO for reading before exec; open the writing end (bounded wait).
  int w = -1;
  for (int i = 0; i < 2000 && w < 0; ++i) {
    w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (w < 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(w, 0) << "decide-stream did not open its stdin";
  const std::string line = "2021004 reshoot uneven_lighting glasses_glare\n";
  ASSERT_EQ(::write(w, line.data(), line.size()), static_cast<ssize_t>(line.size()));
  const auto reported = child.read_line_within(std::chrono::seconds(60));
  child.kill9();  // at once: the child is waiting for the next line
  ::close(w);
  EXPECT_EQ(child.wait(), 128 + SIGKILL) << "decide-stream exited by itself: " << read_file(work / "err");
  ASSERT_TRUE(reported) << read_file(work / "err");
  std::istringstream words(*reported);
  std::string committed, no;
  long long id = 0;
  words >> committed >> id >> no;
  ASSERT_EQ(committed, "committed") << *reported;
  EXPECT_EQ(no, "2021004");

  // A fresh process: integrity, the hash chain and the photo hashes verify, with the one event.
  RunResult v = run_cli({"verify", "--db", a.db.string(), "--json"});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_TRUE(contains(v.out, "\"events\":1,")) << v.out;
  // And a fresh connection reads the decision as reported.
  auto fresh = pa::open_store_read_only(a.db.string());
  auto s = fresh->student("2021004");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->status, pa::Status::reshoot);
  ASSERT_TRUE(s->decision.has_value());
  EXPECT_EQ(s->decision->id, id);
  EXPECT_EQ(s->decision->reviewer, "alice");
  EXPECT_EQ(std::set<std::string>(s->decision->reasons.begin(), s->decision->reasons.end()),
            (std::set<std::string>{"uneven_lighting", "glasses_glare"}));
}

TEST_F(Decision, ReasonLabelsAreChinese) {
  const auto catalog = a.store->reasons();
  EXPECT_EQ(pa::reason_labels_zh({"blurry", "overexposed"}, catalog), "图像模糊；曝光过度");
  EXPECT_EQ(pa::reason_labels_zh({}, catalog), "");
}

}  // namespace
