#include "review/analyze.h"

#include "core/parallel.h"

namespace pa {

nlohmann::json analysis_json(const quality::Analysis& a) {
  nlohmann::json j = quality::to_json(a);
  nlohmann::json codes = nlohmann::json::array();
  for (const auto* f : a.findings())
    if (f->verdict == quality::CheckResult::fail &&
        std::find(codes.begin(), codes.end(), f->code) == codes.end())
      codes.push_back(f->code);
  j["suggested"] = a.ok() ? "approve" : "reject";
  j["suggested_codes"] = codes;
  j["engine_version"] = a.version;
  j["ms"] = a.ms;
  return j;
}

namespace {

struct Interrupted {};

struct Done {
  std::int64_t submission_id = 0;
  bool ok = false;
  std::string json;
};

}  // namespace

AnalyzeReport analyze_audit(AuditStore& store, const quality::Engine& engine, const AnalyzeOptions& o) {
  AnalyzeReport report;
  report.engine_version = engine.version();
  const std::vector<Submission> todo = store.submissions_without_analysis(engine.version());
  report.todo = todo.size();

  std::vector<AnalysisRecord> pending;
  auto flush = [&] {
    store.save_analyses(pending);
    report.analysed += pending.size();
    pending.clear();
  };
  auto stopped = [&] { return o.stop && o.stop->load(); };

  try {
    ordered_parallel<Done>(
        todo.size(), o.jobs ? o.jobs : default_jobs(), 64,
        [&](std::size_t i) {
          Done d{todo[i].id};
          if (stopped()) return d;  // drained unused once the consumer stops
          auto bytes = store.photo_bytes(todo[i].sha256);
          quality::Analysis a = engine.analyze_bytes(bytes ? *bytes : std::string());
          d.ok = a.ok();
          d.json = analysis_json(a).dump();
          return d;
        },
        [&](std::size_t i, Done d) {
          if (stopped()) throw Interrupted{};
          if (!d.ok) ++report.suggested_reject;
          pending.push_back({d.submission_id, engine.version(), d.ok, std::move(d.json), {}});
          if (pending.size() >= o.commit_every) flush();
          if (o.progress) o.progress(i + 1, todo.size());
        });
  } catch (const Interrupted&) {
    report.interrupted = true;
  }
  flush();
  return report;
}

}  // namespace pa
