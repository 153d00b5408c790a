// The review policy (review/policy.h): what keeps a photo out of a batch approve, and how an
// audit carries its own.
#include <gtest/gtest.h>

#include "audit_test_util.h"
#include "core/error.h"
#include "review/policy.h"
#include "test_support.h"

namespace pa {
namespace {

QueueRow analyzed_row(const std::string& json, bool ok) {
  QueueRow r;
  r.state.student.student_no = "2021001";
  r.state.submission_id = 7;
  r.state.status = Status::pending;
  apply_analysis(r, 7, json, ok);
  return r;
}

TEST(ReviewPolicy, TheDefaultHoldsWarningsAReviewerRejectsForAndLetsOthersThrough) {
  test::SmallAudit a;
  const ReviewPolicy p = load_review_policy(*a.store);
  for (const char* code : {"head_covering", "mouth_open", "eyes_closed", "glasses_glare", "head_pose", "retouched"})
    EXPECT_TRUE(p.batch_warnings_hold.count(code)) << code;
  EXPECT_FALSE(p.batch_warnings_hold.count("uneven_lighting"));
  EXPECT_TRUE(clean_for_batch(analyzed_row(R"({"ok":true,"findings":[]})", true), p));
  EXPECT_TRUE(clean_for_batch(analyzed_row(R"({"ok":true,"findings":[{"code":"uneven_lighting","severity":"warn"}]})", true), p));
  EXPECT_FALSE(clean_for_batch(analyzed_row(R"({"ok":true,"findings":[{"code":"mouth_open","severity":"warn"}]})", true), p));
  EXPECT_FALSE(clean_for_batch(analyzed_row(R"({"ok":false,"findings":[{"code":"uneven_lighting","severity":"fail"}]})", false), p));
  QueueRow decided = analyzed_row(R"({"ok":true,"findings":[]})", true);
  decided.state.status = Status::approved;
  EXPECT_FALSE(clean_for_batch(decided, p));
  QueueRow other_version = analyzed_row(R"({"ok":true,"findings":[]})", true);
  other_version.state.submission_id = 8;  // a newer photo arrived: the analysis is of version 7
  EXPECT_FALSE(clean_for_batch(other_version, p));
  QueueRow unanalyzed;
  unanalyzed.state.submission_id = 7;
  EXPECT_FALSE(clean_for_batch(unanalyzed, p));
}

TEST(ReviewPolicy, AnAuditCarriesItsOwnAndABadFileChangesNothing) {
  test::SmallAudit a;
  const auto catalog = a.store->reasons();
  EXPECT_THROW(parse_review_policy(R"({"batch_approve":{"warnings_hold":["no_such_code"]}})", catalog), UserError);
  EXPECT_THROW(parse_review_policy(R"({"batch_approve":{"warnings_hold":[3]}})", catalog), UserError);
  EXPECT_THROW(parse_review_policy("not json", catalog), UserError);
  try {
    parse_review_policy(R"({"batch_approve":{"warnings_hold":["mouth_open","typo"]}})", catalog);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("warnings_hold[1]"), std::string::npos) << e.what();  // names the entry
    EXPECT_NE(std::string(e.what()).find("typo"), std::string::npos) << e.what();
  }
  EXPECT_THROW(set_review_policy(*a.store, R"({"batch_approve":{"warnings_hold":["typo"]}})"), UserError);
  EXPECT_FALSE(a.store->meta_value(kReviewPolicyMetaKey));
  set_review_policy(*a.store, R"({"batch_approve":{"warnings_hold":["uneven_lighting"]}})");
  EXPECT_EQ(load_review_policy(*a.store).batch_warnings_hold, (std::set<std::string>{"uneven_lighting"}));
}

TEST(ReviewPolicy, TheCommandShowsAndSetsThePolicyAndRefusesABadFile) {
  test::SmallAudit a;
  a.store.reset();
  const std::string db = a.db.string();
  auto shown = test::run_cli({"policy", "--db", db});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("默认审核规则"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("head_covering"), std::string::npos) << shown.out;
  const auto bad = a.dir / "bad.json";
  test::write_file(bad, R"({"batch_approve":{"warnings_hold":["head_coverin"]}})");
  auto refused = test::run_cli({"policy", "--db", db, "--set", bad.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("head_coverin"), std::string::npos) << refused.err;
  const auto good = a.dir / "good.json";
  test::write_file(good, R"({"batch_approve":{"warnings_hold":["mouth_open"]}})");
  auto set = test::run_cli({"policy", "--db", db, "--set", good.string()});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("本审核自己的审核规则"), std::string::npos) << set.out;
  EXPECT_NE(set.out.find("mouth_open"), std::string::npos);
  EXPECT_EQ(set.out.find("head_covering"), std::string::npos) << set.out;
}

}  // namespace
}  // namespace pa
