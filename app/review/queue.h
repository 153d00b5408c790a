// The review queue: every student with a photo (and those without), the engine's suggestion and
// findings, filtered, searched and sorted for the reviewer. GUI-independent (no ImGui, no GL) so
// the GUI, the CLI and the tests share it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace pa {

// A finding of the engine as stored in the analyses table ({"code","severity","value",...}).
struct QueueFinding {
  std::string code;
  std::string severity;  // fail | warn
  double value = 0, threshold = 0;
  std::string message;
  std::string check;  // the measure (quality.json's section), e.g. "lighting_balance"; "" in old records
};

struct QueueRow {
  StudentState state;
  bool analyzed = false;        // the engine has a result for the newest submission
  bool suggested_ok = true;     // the engine's suggested verdict (true = approve)
  std::vector<QueueFinding> findings;
  int fails = 0, warns = 0;
  std::string analysis_error;   // the engine could not analyze the photo ("自动检查失败"): why
  std::int64_t analyzed_submission = 0;  // the submission the analysis belongs to
  std::string held_by;          // another workstation has the photo on screen ("王老师 @ PC-3")
  bool has_finding(const std::string& code) const;  // a failing or a warning check of that code
  bool has_failing(const std::string& code) const;  // a failing check of that code
  bool analysis_failed() const { return analyzed && !analysis_error.empty(); }
  // A photo to look at and decide on: one was received, and the newest file the student sent is
  // not a corrupt one (status file_corrupt shows the file's error instead).
  bool has_photo() const { return state.submission_id != 0 && state.status != Status::file_corrupt; }
  // The decision in force gives this reason code (the reasons recorded).
  bool has_reason(const std::string& code) const;
};

// The one place a stored analysis becomes a row's findings, suggestion, fail/warn counts and
// failure state (the store's rows, a session's refresh and the GUI's live results all use it).
void apply_analysis(QueueRow& row, std::int64_t submission_id, const std::string& result_json, bool ok);

struct QueueFilter {
  std::string college;             // empty = any
  std::string campus;
  std::optional<Status> status;
  std::string finding;             // reason code the engine raised; empty = any
  std::string reviewer;            // reviewer of the decision in force
  std::string reason;              // reason code of the decision in force; empty = any
  bool resubmitted = false;        // only students who sent a newer photo after a rejection (重新提交)
  std::string search;              // substring of 学号 or 姓名 (case-insensitive for ASCII)
  enum class Sort { failures_first, student_no, name, status } sort = Sort::failures_first;
  bool operator==(const QueueFilter&) const = default;
};

// Parses the analyses table's result_json into findings (unknown shapes give none; a result that
// records a failed analysis gives none either: see apply_analysis).
std::vector<QueueFinding> parse_findings(const std::string& result_json, bool* ok = nullptr);

// Loads every student and their newest analysis of `engine_version` (empty: no analyses).
std::vector<QueueRow> load_queue_rows(AuditStore& store, const std::string& engine_version);

class ReviewQueue {
 public:
  ReviewQueue() = default;
  explicit ReviewQueue(std::vector<QueueRow> rows) { set_rows(std::move(rows)); }

  void set_rows(std::vector<QueueRow> rows);
  void set_filter(const QueueFilter& f);
  const QueueFilter& filter() const { return filter_; }

  // Rows after filter and sort, as indices into all().
  const std::vector<std::size_t>& visible() const { return visible_; }
  const std::vector<QueueRow>& all() const { return rows_; }
  std::size_t size() const { return visible_.size(); }
  const QueueRow& at(std::size_t visible_pos) const { return rows_[visible_[visible_pos]]; }
  QueueRow* find(const std::string& student_no);
  // Position in visible() of the student, or nullopt when filtered out.
  std::optional<std::size_t> position_of(const std::string& student_no) const;

  // The next / previous pending row after / before `pos` in visible order (wrapping around);
  // nullopt when nothing is pending. from = nullopt starts at the top.
  std::optional<std::size_t> next_pending(std::optional<std::size_t> from) const;
  std::optional<std::size_t> prev_pending(std::size_t from) const;
  std::size_t pending_count() const;

  // Replaces one student's row (a live analysis arrived) keeping the visible order as it is; when
  // the row's place under the sort changed, the order is outdated until resort().
  void update_row(const QueueRow& row);
  // Rows changed their place under the sort since the order was last made (live analyses under
  // failures-first), or a resort kept rows above a position where they were.
  bool sort_outdated() const { return outdated_ || prefix_kept_; }
  // Sorts the visible rows again. `keep_through`: the rows up to and including that position stay
  // where they are and only the rows after it are sorted (the reviewer walking the queue with
  // J/K never meets a student twice nor misses one); nullopt sorts every row. Nothing is done
  // while the order holds (sort_outdated()); returns whether rows were sorted.
  bool resort(std::optional<std::size_t> keep_through);
  // Who holds which photo (学号 -> holder); every other row is held by nobody.
  void set_holders(const std::unordered_map<std::string, std::string>& held_by);

  // Distinct values for the filter combos.
  std::vector<std::string> colleges() const;
  std::vector<std::string> campuses() const;
  std::vector<std::string> reviewers() const;
  std::vector<std::string> finding_codes() const;
  std::vector<std::string> reason_codes() const;  // codes of the decisions in force

 private:
  void apply();
  bool before(std::size_t a, std::size_t b) const;  // rows_[a] sorts before rows_[b] under the filter's sort
  std::vector<QueueRow> rows_;
  std::vector<std::size_t> visible_;
  QueueFilter filter_;
  bool outdated_ = false, prefix_kept_ = false;
};

}  // namespace pa
