#include "store/scoped_store.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/text.h"

namespace pa {

namespace {

class ScopedStore final : public AuditStore {
 public:
  ScopedStore(std::unique_ptr<AuditStore> inner, std::string college)
      : inner_(std::move(inner)), college_(std::move(college)) {}

  std::unique_ptr<ImportSession> begin_import(const BatchInfo&) override {
    refuse("导入批次 (importing a batch)");
  }
  std::vector<Reason> reasons() override { return inner_->reasons(); }
  std::optional<std::string> account() override { return inner_->account(); }

  DecisionEvent record_decision(const NewDecision& d, const DecisionBasis& basis) override {
    require_student(d.student_no);
    return inner_->record_decision(d, basis);
  }
  // The chain spans every college; verifying it reveals no student.
  AuditVerification verify_audit(const std::optional<std::string>& expect_head) override {
    return inner_->verify_audit(expect_head);
  }
  AuditHead audit_head() override { return inner_->audit_head(); }
  // A coordinator's export with full ID numbers is recorded like anyone's.
  void record_reveal(const RevealAct& r) override {
    if (!r.student_no.empty()) require_student(r.student_no);
    inner_->record_reveal(r);
  }
  std::optional<DecisionEvent> undo_last(const std::string& reviewer) override {
    // The reviewer's newest decision still in force must be one of this college's.
    const auto last = inner_->last_decision_in_force(reviewer);
    if (!last) return std::nullopt;
    require_student(last->student_no);
    return inner_->undo_last(reviewer);
  }
  std::optional<DecisionEvent> decision_in_force(std::int64_t submission_id) override {
    auto d = inner_->decision_in_force(submission_id);
    return d && in_scope(d->student_no) ? d : std::nullopt;
  }
  std::optional<DecisionEvent> last_decision_in_force(const std::string& reviewer) override {
    auto d = inner_->last_decision_in_force(reviewer);
    return d && in_scope(d->student_no) ? d : std::nullopt;
  }

  std::vector<StudentState> students(const Scope& scope) override {
    auto s = narrow(scope);
    return s ? inner_->students(*s) : std::vector<StudentState>{};
  }
  std::optional<StudentState> student(const std::string& student_no) override {
    auto s = inner_->student(student_no);
    if (!s || s->student.college != college_) return std::nullopt;
    return s;
  }
  std::vector<DecisionEvent> history(const std::string& student_no) override {
    return in_scope(student_no) ? inner_->history(student_no) : std::vector<DecisionEvent>{};
  }
  std::optional<std::string> photo_bytes(const std::string& sha256) override {
    if (!known(sha256, shas_)) return std::nullopt;
    return inner_->photo_bytes(sha256);
  }
  std::vector<Submission> submissions(const std::string& student_no) override {
    return in_scope(student_no) ? inner_->submissions(student_no) : std::vector<Submission>{};
  }

  void save_analyses(const std::vector<AnalysisRecord>& batch) override {
    std::vector<AnalysisRecord> mine;
    for (const auto& a : batch)
      if (known(a.submission_id, submission_ids_)) mine.push_back(a);
    inner_->save_analyses(mine);
  }
  std::optional<AnalysisRecord> analysis(std::int64_t submission_id, const std::string& engine_version) override {
    if (!known(submission_id, submission_ids_)) return std::nullopt;
    return inner_->analysis(submission_id, engine_version);
  }
  std::vector<AnalysisRecord> analyses(const std::string& engine_version) override {
    auto all = inner_->analyses(engine_version);
    refresh();
    std::erase_if(all, [&](const AnalysisRecord& a) { return !submission_ids_.count(a.submission_id); });
    return all;
  }
  std::vector<Submission> submissions_without_analysis(const std::string& engine_version) override {
    auto all = inner_->submissions_without_analysis(engine_version);
    refresh();
    std::erase_if(all, [&](const Submission& s) { return !submission_ids_.count(s.id); });
    return all;
  }

  std::vector<Submission> claim_analysis_work(const std::string&, const std::string&, std::size_t, int) override {
    refuse("分配分析任务 (sharing out the analysis of the whole audit)");
  }
  void release_analysis_claims(const std::string& worker) override { inner_->release_analysis_claims(worker); }

  // A coordinator reviews decisions already made: no leases to hold, the college's changes only.
  bool take_lease(const std::string&, const std::string&, int) override { return true; }
  void release_lease(const std::string&, const std::string&) override {}
  std::vector<PhotoLease> live_leases() override { return {}; }
  ChangeMarks change_marks() override { return inner_->change_marks(); }
  AuditChanges changes_since(const ChangeMarks& since) override {
    AuditChanges c = inner_->changes_since(since);
    std::erase_if(c.decisions, [&](const DecisionEvent& e) {
      const auto st = inner_->student(e.student_no);
      return !st || st->student.college != college_;
    });
    return c;
  }
  bool others_changed() override { return inner_->others_changed(); }

  std::vector<DecisionEvent> decision_events(const Scope& scope) override {
    auto s = narrow(scope);
    return s ? inner_->decision_events(*s) : std::vector<DecisionEvent>{};
  }
  std::optional<std::string> meta_value(const std::string& key) override { return inner_->meta_value(key); }
  void set_meta_value(const std::string&, const std::string&) override { refuse("修改审核设置 (changing audit settings)"); }

  SpotCheckRecord record_spot_check(const NewSpotCheck& c) override {
    const auto events = inner_->decision_events({college_});
    if (std::none_of(events.begin(), events.end(), [&](const DecisionEvent& e) { return e.id == c.decision_id; }))
      throw UserError("该结论不属于本学院 (the decision is not one of " + college_ + "'s students)");
    return inner_->record_spot_check(c);
  }
  std::vector<SpotCheckRecord> spot_checks(const Scope& scope) override {
    auto s = narrow(scope);
    return s ? inner_->spot_checks(*s) : std::vector<SpotCheckRecord>{};
  }
  SettlementRecord settle_spot_check(const NewSettlement&, const std::optional<NewDecision>&) override {
    refuse("裁定抽查分歧 (settling spot-check disagreements)");
  }
  std::vector<SettlementRecord> settlements(const Scope& scope) override {
    auto s = narrow(scope);
    return s ? inner_->settlements(*s) : std::vector<SettlementRecord>{};
  }
  std::vector<TeachingExample> mark_teaching_example(const std::string& student_no,
                                                     const std::vector<std::string>& codes,
                                                     const std::string& marked_by) override {
    require_student(student_no);
    return inner_->mark_teaching_example(student_no, codes, marked_by);
  }
  std::vector<TeachingExample> teaching_examples(const Scope& scope) override {
    auto s = narrow(scope);
    return s ? inner_->teaching_examples(*s) : std::vector<TeachingExample>{};
  }

 private:
  [[noreturn]] void refuse(const std::string& what) const {
    throw UserError("学院协调人视图 (" + college_ + ") 不能" + what + " (not allowed in a college-scoped audit)");
  }
  // The caller's scope within this college; nullopt when it asks for another college.
  std::optional<Scope> narrow(Scope s) const {
    if (s.college && *s.college != college_) return std::nullopt;
    s.college = college_;
    return s;
  }
  bool in_scope(const std::string& student_no) { return student(student_no).has_value(); }
  void require_student(const std::string& student_no) {
    if (!in_scope(student_no))
      throw UserError("学号 " + student_no + " 不在本学院 (" + college_ + ") 的名单中 (not a student of this college)");
  }
  // Photo hashes and submission ids of the college's students (every version). Reloaded when a
  // lookup misses, so photos imported since are found and nothing else ever is.
  void refresh() {
    shas_.clear();
    submission_ids_.clear();
    for (const auto& s : inner_->students({college_}))
      for (const auto& sub : inner_->submissions(s.student.student_no)) {
        shas_.insert(sub.sha256);
        submission_ids_.insert(sub.id);
      }
  }
  template <class T>
  bool known(const T& key, const std::set<T>& set) {
    if (set.count(key)) return true;
    refresh();
    return set.count(key) > 0;
  }

  std::unique_ptr<AuditStore> inner_;
  std::string college_;
  std::set<std::string> shas_;
  std::set<std::int64_t> submission_ids_;
};

}  // namespace

std::unique_ptr<AuditStore> scoped_store(std::unique_ptr<AuditStore> inner, const std::string& college) {
  if (college.empty()) throw UserError("学院名称为空 (empty college name)");
  return std::make_unique<ScopedStore>(std::move(inner), college);
}

std::unique_ptr<AuditStore> open_audit(const std::string& path, const std::string& college) {
  auto store = open_store(path);
  if (college.empty()) return store;
  // A misspelt college would show an empty audit: name the colleges there are instead.
  std::set<std::string> colleges;
  for (const auto& s : store->students({})) colleges.insert(s.student.college);
  if (!colleges.empty() && !colleges.count(college)) {
    std::string list;
    for (const auto& c : colleges) list += (list.empty() ? "" : "、") + c;
    throw UserError("本审核中没有学院 “" + college + "” (no such college); 现有学院 (colleges): " + list, path);
  }
  return scoped_store(std::move(store), college);
}

}  // namespace pa
