// College coordinators (学院): the spot-check sample, second reviews, the disagreements the
// 学籍科 settles, and the list of students to notify. The college scope itself is enforced by the
// store (store/scoped_store.h); everything here works on whatever store it is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "review/calendar.h"
#include "review/export.h"
#include "store/store.h"

namespace pa {

// Elements ordered by a keyed hash of (seed, key): the same seed always gives the same order, on
// every machine and build (no std:: distribution is involved), and adding students elsewhere
// does not reshuffle the rest.
std::vector<std::size_t> seeded_order(const std::vector<std::string>& keys, const std::string& seed);

struct SampleSpec {
  std::string seed;
  double percent = 0;  // share of the decided photos, 0-100
  int count = 0;       // or a fixed number (wins when > 0)
  std::string label() const;  // "seed=…;count=…" kept with every spot check
};

// A reproducible random sample of the scope's decided photos (a decision in force on the newest
// version), in sample order. Throws pa::UserError for an empty seed or a size out of range.
std::vector<StudentState> draw_sample(AuditStore& store, const Scope& scope, const SampleSpec& spec);

// The coordinator's second review of the decision in force on the student's photo. Disagreeing
// needs the checker's own reasons (catalog codes) or a note; `other` needs a note.
SpotCheckRecord record_second_review(AuditStore& store, const std::string& student_no, bool agree,
                                     const std::vector<std::string>& reasons, const std::string& note,
                                     const std::string& checker, const std::string& sample = {});

// A disagreement and, once the 学籍科 has settled it, the settlement.
struct Disagreement {
  SpotCheckRecord check;
  std::optional<SettlementRecord> settlement;
};
std::vector<Disagreement> disagreements(AuditStore& store, const Scope& scope, bool open_only = false);
SettlementRecord settle(AuditStore& store, std::int64_t spot_check_id, const std::string& outcome,
                        const std::string& note, const std::string& settled_by);

// The notice's rule and the advice for a reason code (assets/guidance.json); empty when unknown.
struct Guidance {
  std::string rule, fix;
};
Guidance guidance_for(const std::string& code);

// Students to notify: rejected or flagged for reshoot (why, in plain Chinese: the reasons and the
// reviewer's note for the student — never the internal note —, what to do, and the reshoot
// window of their campus), then students whose newest file was corrupt (kFileCorruptSituation,
// the file's error), then students without a photo. A window is printed only from the audit's
// own calendar (`calendar`, load_calendar: nullopt when the audit has none; never the notice's
// pattern) and only while it has not passed on `today` (YYYY-MM-DD, default: today); otherwise the
// cell says it will be announced (kWindowToBeAnnounced).
ExportTable build_notify(AuditStore& store, const Scope& scope, const std::optional<AuditCalendar>& calendar,
                         const std::string& today = {});
inline constexpr const char* kWindowToBeAnnounced = "重拍时间另行通知，请留意学院通知";
// The notice's situation (情况) of a student whose newest file was corrupt: they must send a photo again.
inline constexpr const char* kFileCorruptSituation = "照片文件损坏，需重新提交";
// What notify says when the audit has no calendar (audit_has_calendar).
inline constexpr const char* kNotifyNoCalendar =
    "本审核尚未设置审核日历，通知中不写重拍日期（在工作站的进度看板或用 photoaudit calendar --set 设置） (the audit has no "
    "calendar of its own: notices give no reshoot dates; set one on the workstation's dashboard or with `photoaudit "
    "calendar --set`)";
// Why no window could be printed ("" when the audit's calendar is set and current): for the
// notify command to say so.
std::string notify_calendar_warning(AuditStore& store, const std::string& today = {});
// The same list as messages a coordinator can send, one paragraph per student. Text from the
// roster and the notes is made safe (no control characters or line breaks from data).
std::string notify_text(const ExportTable& notify);

}  // namespace pa
