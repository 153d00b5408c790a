// The audit store's contract, run against both engines: a SQLite file and a database on the
// tests' PostgreSQL cluster (tests/unit/pg_test_support.h). Whatever the engine, an import is one
// transaction, photos are content-addressed versions, decisions are checked against what the
// reviewer saw, undo cancels the reviewer's newest decision, analyses are shared out by claims,
// and every act of record is chained and verifiable.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <set>

#include "audit_test_util.h"
#include "core/sha256.h"
#include "pg_test_support.h"
#include "store/store.h"

namespace {

using namespace pa::test;

enum class Engine { sqlite, postgresql };

pa::Student person(const std::string& no, const std::string& name, const std::string& college) {
  pa::Student s;
  s.student_no = no;
  s.name = name;
  s.id_number = id_with_check("32010219900101" + no.substr(no.size() - 3));
  s.college = college;
  s.extra = {{"联系电话", "13800001111"}};
  s.line = 2;
  return s;
}

pa::NewDecision decision(const std::string& no, pa::Verdict v, const std::string& reviewer,
                         std::vector<std::string> reasons = {}) {
  pa::NewDecision d;
  d.student_no = no;
  d.verdict = v;
  d.reviewer = reviewer;
  d.reasons = std::move(reasons);
  return d;
}

class StoreEngines : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::postgresql) {
      pg_ = std::make_unique<PgTestDatabase>();
      PA_NEED_PG(*pg_);
      where_ = pg_->url();
    } else {
      where_ = (dir_ / "audit.db").string();
    }
    store_ = pa::create_store(where_);
  }

  // Three students of two colleges; the first two with a photo.
  void import_three() {
    auto imp = store_->begin_import({"第一批", "roster.csv", "photos/"});
    imp->upsert_student(person("2021001", "王𠈌", "水利水电学院"));
    imp->upsert_student(person("2021002", "李四", "水利水电学院"));
    imp->upsert_student(person("2021003", "赵五", "商学院"));
    EXPECT_EQ(imp->add_photo("2021001", photo_blob(photo1_, "2021001.jpg")), pa::PhotoOutcome::imported);
    EXPECT_EQ(imp->add_photo("2021002", photo_blob(photo2_, "2021002.jpg")), pa::PhotoOutcome::imported);
    imp->commit({3, 2, 0});
  }

  TempDir dir_;
  std::unique_ptr<PgTestDatabase> pg_;
  std::string where_;
  std::unique_ptr<pa::AuditStore> store_;
  // Who a record names: the name passed on a file, the logged-in account on a server.
  std::string who(const std::string& typed) { return store_->account().value_or(typed); }
  // Bytes of every value, NUL and high bytes included: photos must come back byte for byte.
  const std::string photo1_ = std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", 12) + portrait_jpeg(1);
  const std::string photo2_ = portrait_jpeg(2);
};

TEST_P(StoreEngines, AnImportIsOneTransaction) {
  {
    auto imp = store_->begin_import({"中断的一批", "roster.csv", "photos/"});
    imp->upsert_student(person("2021001", "王𠈌", "水利水电学院"));
    imp->add_photo("2021001", photo_blob(photo1_, "2021001.jpg"));
    // destroyed without commit: an error anywhere in the import
  }
  EXPECT_TRUE(store_->students({}).empty());
  import_three();
  const auto all = store_->students({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].student.student_no, "2021001");
  EXPECT_EQ(all[0].student.name, "王𠈌");  // a character outside the BMP survives
  EXPECT_EQ(all[0].student.extra, (std::vector<std::pair<std::string, std::string>>{{"联系电话", "13800001111"}}));
  EXPECT_EQ(all[0].status, pa::Status::pending);
  EXPECT_EQ(all[2].status, pa::Status::without_photo);
  EXPECT_EQ(store_->students({std::string("商学院")}).size(), 1u);
}

// Photos and their versions are written in batches (COPY on a server): whatever the bytes and
// the file names hold, what comes back is what went in, a photo two students share is stored
// once, and a photo sent twice in one import is one version. More than one batch's worth of bytes
// (32 MB) makes the import write in several pieces.
TEST_P(StoreEngines, AnImportWritesPhotosInBatchesAndKeepsEveryByteAndCharacter) {
  std::string every_byte;
  for (int i = 0; i < 256; ++i) every_byte += static_cast<char>(i);
  const std::string odd_name = "王𠈌\t\\x\\N\n\r.jpg";  // a tab, a backslash, \N, newlines
  auto imp = store_->begin_import({"第一批", "roster.csv", "photos/"});
  std::vector<std::string> photos;
  for (int i = 0; i < 18; ++i) {
    const std::string no = "20210" + std::to_string(10 + i);
    imp->upsert_student(person(no, "学生" + std::to_string(i), "水利水电学院"));
    // About 2 MB each: 36 MB in all, more than one batch.
    std::string bytes = every_byte + std::to_string(i);
    bytes.resize(2u << 20, static_cast<char>(i * 7));
    photos.push_back(bytes);
    EXPECT_EQ(imp->add_photo(no, photo_blob(bytes, i == 0 ? odd_name : no + ".jpg")), pa::PhotoOutcome::imported);
    EXPECT_TRUE(imp->has_submission(no));
  }
  EXPECT_EQ(imp->add_photo("2021010", photo_blob(photos[0], "again.jpg")), pa::PhotoOutcome::unchanged);
  imp->upsert_student(person("2021099", "赵五", "商学院"));
  EXPECT_EQ(imp->add_photo("2021099", photo_blob(photos[1], "shared.jpg")), pa::PhotoOutcome::imported);
  EXPECT_FALSE(imp->has_submission("2021098"));
  imp->commit({19, 19, 1});

  for (int i = 0; i < 18; ++i) {
    const std::string no = "20210" + std::to_string(10 + i);
    const auto subs = store_->submissions(no);
    ASSERT_EQ(subs.size(), 1u) << no;
    EXPECT_EQ(subs[0].version, 1);
    EXPECT_EQ(subs[0].file_name, i == 0 ? odd_name : no + ".jpg");
    EXPECT_EQ(store_->photo_bytes(subs[0].sha256), photos[static_cast<std::size_t>(i)]) << no;
  }
  const auto shared = store_->submissions("2021099");
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].sha256, pa::sha256_hex(photos[1]));
}

TEST_P(StoreEngines, PhotosAreContentAddressedVersionsReadBackByteForByte) {
  import_three();
  EXPECT_EQ(store_->photo_bytes(pa::sha256_hex(photo1_)), photo1_);
  EXPECT_FALSE(store_->photo_bytes(std::string(64, '0')));
  const std::string reshoot = portrait_jpeg(7);
  {
    auto imp = store_->begin_import({"重拍", "roster.csv", "photos/"});
    imp->upsert_student(person("2021001", "王𠈌", "水利水电学院"));
    EXPECT_EQ(imp->add_photo("2021001", photo_blob(photo1_, "a.jpg")), pa::PhotoOutcome::unchanged);
    EXPECT_EQ(imp->add_photo("2021001", photo_blob(reshoot, "b.jpg")), pa::PhotoOutcome::imported);
    EXPECT_EQ(imp->add_photo("2021001", photo_blob(photo1_, "c.jpg")), pa::PhotoOutcome::unchanged);  // an old one again
    imp->commit({1, 1, 2});
  }
  const auto subs = store_->submissions("2021001");
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].version, 1);
  EXPECT_EQ(subs[1].version, 2);
  EXPECT_EQ(subs[1].sha256, pa::sha256_hex(reshoot));
  EXPECT_EQ(store_->student("2021001")->versions, 2);
}

TEST_P(StoreEngines, ADecisionIsCheckedAgainstWhatTheReviewerSaw) {
  import_three();
  const auto first = store_->record_decision(decision("2021001", pa::Verdict::reject, "王老师", {"blurry", "glasses_glare"}));
  EXPECT_EQ(first.reasons, (std::vector<std::string>{"blurry", "glasses_glare"}));  // catalog order
  // Another reviewer who saw no decision is refused, naming who decided.
  try {
    store_->record_decision(decision("2021001", pa::Verdict::approve, "李老师"));
    FAIL() << "no conflict";
  } catch (const pa::DecisionConflict& e) {
    EXPECT_TRUE(contains(e.what(), who("王老师"))) << e.what();
    ASSERT_TRUE(e.current());
    EXPECT_EQ(e.current()->id, first.id);
  }
  pa::DecisionBasis seen;
  seen.seen_decision = first.id;
  const auto second = store_->record_decision(decision("2021001", pa::Verdict::approve, "李老师"), seen);
  EXPECT_EQ(store_->decision_in_force(second.submission_id)->id, second.id);
  EXPECT_EQ(store_->student("2021001")->status, pa::Status::approved);
  // A photo version the reviewer did not see: refused, no override.
  pa::DecisionBasis old;
  old.seen_decision = second.id;
  old.seen_submission = second.submission_id + 1000;
  old.override_confirmed = true;
  EXPECT_THROW(store_->record_decision(decision("2021001", pa::Verdict::reject, "李老师", {"blurry"}), old),
               pa::PhotoSuperseded);
  // Unknown students, students without a photo and unknown codes record nothing.
  EXPECT_THROW(store_->record_decision(decision("2029999", pa::Verdict::approve, "王老师")), pa::UserError);
  EXPECT_THROW(store_->record_decision(decision("2021003", pa::Verdict::approve, "王老师")), pa::UserError);
  EXPECT_ANY_THROW(store_->record_decision(decision("2021002", pa::Verdict::reject, "王老师", {"no_such_code"})));
  EXPECT_EQ(store_->history("2021001").size(), 2u);
  EXPECT_TRUE(store_->history("2021002").empty());
  EXPECT_TRUE(store_->verify_audit().ok());
}

TEST_P(StoreEngines, UndoCancelsTheReviewersNewestDecisionInForce) {
  import_three();
  const auto a = store_->record_decision(decision("2021001", pa::Verdict::reject, "王老师", {"blurry"}));
  const auto b = store_->record_decision(decision("2021002", pa::Verdict::approve, " 王老师 "));  // the same person
  EXPECT_EQ(b.reviewer, who("王老师"));
  EXPECT_EQ(store_->last_decision_in_force("王老师")->id, b.id);
  const auto u = store_->undo_last("王老师");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->kind, "undo");
  EXPECT_EQ(u->undoes, b.id);
  EXPECT_EQ(store_->student("2021002")->status, pa::Status::pending);
  EXPECT_FALSE(store_->decision_in_force(b.submission_id));
  EXPECT_EQ(store_->last_decision_in_force("王老师")->id, a.id);
  EXPECT_TRUE(store_->undo_last("王老师"));
  EXPECT_FALSE(store_->undo_last("王老师"));
  if (!store_->account()) EXPECT_FALSE(store_->undo_last("nobody"));  // on a server, "nobody" is the login
  const auto events = store_->decision_events({});
  ASSERT_EQ(events.size(), 4u);
  for (std::size_t i = 1; i < events.size(); ++i) EXPECT_EQ(events[i].id, events[i - 1].id + 1);  // no gaps
  const auto v = store_->verify_audit();
  EXPECT_TRUE(v.ok()) << (v.chain_break ? v.chain_break->reason : "");
  EXPECT_EQ(v.events, 4);
  EXPECT_EQ(store_->audit_head().entries, 4);
}

TEST_P(StoreEngines, AnalysesAreSavedReplacedAndSharedOutByClaims) {
  import_three();
  const auto subs = store_->submissions_without_analysis("e1");
  ASSERT_EQ(subs.size(), 2u);
  const auto a = store_->claim_analysis_work("e1", "pc-1", 1, 60);
  const auto b = store_->claim_analysis_work("e1", "pc-2", 5, 60);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NE(a[0].id, b[0].id);
  EXPECT_TRUE(store_->claim_analysis_work("e1", "pc-3", 5, 60).empty());
  store_->release_analysis_claims("pc-2");
  EXPECT_EQ(store_->claim_analysis_work("e1", "pc-3", 5, 60).size(), 1u);
  store_->save_analysis({a[0].id, "e1", false, R"({"ok":false})", ""});
  store_->save_analysis({a[0].id, "e1", true, R"({"ok":true})", ""});  // replaces
  const auto r = store_->analysis(a[0].id, "e1");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(r->result_json, R"({"ok":true})");
  EXPECT_EQ(store_->analyses("e1").size(), 1u);
  EXPECT_EQ(store_->submissions_without_analysis("e1").size(), 1u);
  EXPECT_EQ(store_->submissions_without_analysis("e2").size(), 2u);
}

TEST_P(StoreEngines, SpotChecksSettlementsAndTeachingExamplesAreRecordsOfTheAudit) {
  import_three();
  const auto d = store_->record_decision(decision("2021001", pa::Verdict::approve, "王老师"));
  pa::NewSpotCheck c;
  c.decision_id = d.id;
  c.checker = "水利学院协调人";
  c.agree = false;
  c.reasons = {"head_pose", "blurry"};
  c.note = "头偏";
  const auto check = store_->record_spot_check(c);
  EXPECT_EQ(check.reasons, (std::vector<std::string>{"blurry", "head_pose"}));
  EXPECT_EQ(check.college, "水利水电学院");
  EXPECT_EQ(store_->spot_checks({std::string("商学院")}).size(), 0u);
  const auto s = store_->settle_spot_check({check.id, "李老师", "spot_check", "同意协调人"},
                                           decision("", pa::Verdict::reject, "李老师", {"head_pose"}));
  ASSERT_TRUE(s.decision_id);
  EXPECT_EQ(store_->student("2021001")->status, pa::Status::rejected);
  EXPECT_THROW(store_->settle_spot_check({check.id, "李老师", "first_review", ""}), pa::UserError);
  const auto ex = store_->mark_teaching_example("2021001", {"head_pose"}, "培训老师");
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(store_->mark_teaching_example("2021001", {"head_pose"}, "培训老师").size(), 1u);  // twice: harmless
  EXPECT_EQ(store_->teaching_examples({}).size(), 1u);
  store_->set_meta_value("setting.calendar", R"({"start":"2027-03-01"})");
  EXPECT_EQ(store_->meta_value("setting.calendar"), R"({"start":"2027-03-01"})");
  EXPECT_THROW(store_->set_meta_value("chain_head", "1:x"), pa::UserError);
  store_->record_reveal({"王老师", "on_screen", "2021001", "", "", "", 0, ""});
  const auto v = store_->verify_audit();
  EXPECT_TRUE(v.ok()) << (v.ledger_break ? v.ledger_break->reason : "");
  // decision, spot check, the settlement's decision, settlement, example, reveal
  EXPECT_EQ(v.ledger_head.entries, 6);
  EXPECT_EQ(store_->settlements({}).size(), 1u);
}

TEST_P(StoreEngines, TheReasonCatalogAndTheSchemaVersionAreTheSameOnBothEngines) {
  const auto reasons = store_->reasons();
  ASSERT_GE(reasons.size(), 20u);
  EXPECT_EQ(reasons.front().code, "uneven_lighting");
  EXPECT_EQ(reasons.back().code, "other");
  // Reopened: nothing migrates twice, nothing is lost.
  import_three();
  store_ = pa::open_store(where_);
  EXPECT_EQ(store_->students({}).size(), 3u);
  auto ro = pa::open_store_read_only(where_);
  EXPECT_EQ(ro->students({}).size(), 3u);
  EXPECT_TRUE(ro->verify_audit().ok());
  EXPECT_THROW(ro->record_decision(decision("2021001", pa::Verdict::approve, "王老师")), pa::UserError);
}

TEST_P(StoreEngines, LeasesAreOneHoldersAtATimeAndLapse) {
  import_three();
  EXPECT_TRUE(store_->take_lease("2021001", "王老师 @ PC-1", 60));
  EXPECT_TRUE(store_->take_lease("2021001", "王老师 @ PC-1", 60));  // renewed
  EXPECT_FALSE(store_->take_lease("2021001", "李老师 @ PC-2", 60));
  ASSERT_EQ(store_->live_leases().size(), 1u);
  EXPECT_EQ(store_->live_leases()[0].holder, "王老师 @ PC-1");
  store_->release_lease("2021001", "李老师 @ PC-2");  // not theirs: nothing happens
  EXPECT_FALSE(store_->take_lease("2021001", "李老师 @ PC-2", 60));
  store_->release_lease("2021001", "王老师 @ PC-1");
  EXPECT_TRUE(store_->take_lease("2021001", "李老师 @ PC-2", 0));  // lapses at once (a dead workstation)
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(store_->live_leases().empty());
  EXPECT_TRUE(store_->take_lease("2021001", "王老师 @ PC-1", 60));
}

TEST_P(StoreEngines, AnotherConnectionSeesWhatWasRecordedSinceItLooked) {
  import_three();
  auto other = pa::open_store(where_);
  const pa::ChangeMarks seen = other->change_marks();
  other->others_changed();  // from now on
  const auto e = store_->record_decision(decision("2021001", pa::Verdict::reject, "王老师", {"blurry"}));
  bool changed = false;
  for (int i = 0; i < 100 && !changed; ++i) {  // a server's notification arrives after the commit
    changed = other->others_changed();
    if (!changed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(changed);
  const auto c = other->changes_since(seen);
  ASSERT_EQ(c.decisions.size(), 1u);
  EXPECT_EQ(c.decisions[0].id, e.id);
  EXPECT_FALSE(c.imported);
  EXPECT_EQ(other->changes_since(c.marks).decisions.size(), 0u);
  {
    auto imp = store_->begin_import({"重拍", "roster.csv", "photos/"});
    imp->add_photo("2021003", photo_blob(portrait_jpeg(9), "2021003.jpg"));
    imp->commit({0, 1, 0});
  }
  EXPECT_TRUE(other->changes_since(c.marks).imported);
}

INSTANTIATE_TEST_SUITE_P(Both, StoreEngines, ::testing::Values(Engine::sqlite, Engine::postgresql),
                         [](const auto& info) { return info.param == Engine::sqlite ? "SQLite" : "PostgreSQL"; });

}  // namespace
