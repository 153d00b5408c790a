#include "review/analyze.h"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "core/parallel.h"

namespace pa {

nlohmann::json analysis_json(const quality::Analysis& a) {
  nlohmann::json j = quality::to_json(a);
  nlohmann::json codes = nlohmann::json::array();
  for (const auto* f : a.findings())
    if (f->severity == quality::Severity::fail &&
        std::find(codes.begin(), codes.end(), f->code) == codes.end())
      codes.push_back(f->code);
  j["suggested"] = a.ok() ? "approve" : "reject";
  j["suggested_codes"] = codes;
  j["engine_version"] = a.version;
  j["ms"] = a.ms;
  return j;
}

nlohmann::json failed_analysis_json(const std::string& engine_version, const std::string& error) {
  return {{"ok", false},
          {"error", error},
          {"findings", nlohmann::json::array()},
          {"suggested", "manual"},
          {"suggested_codes", nlohmann::json::array()},
          {"engine_version", engine_version}};
}

std::string analysis_error(const std::string& result_json) {
  auto j = nlohmann::json::parse(result_json, nullptr, false);
  if (j.is_discarded()) return "分析结果无法读取 (the stored result cannot be read)";
  if (j.is_object() && j.contains("error") && j["error"].is_string()) return j["error"].get<std::string>();
  return {};
}

namespace {

struct Interrupted {};

struct Done {
  std::int64_t submission_id = 0;
  bool ok = false;
  std::string json;
};

std::string default_worker() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::random_device rd;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(rd());
}

}  // namespace

AnalyzeReport analyze_audit(AuditStore& store, const quality::Engine& engine, const AnalyzeOptions& o) {
  AnalyzeReport report;
  report.engine_version = engine.version();
  report.todo = store.submissions_without_analysis(engine.version()).size();
  const std::string worker = o.worker.empty() ? default_worker() : o.worker;
  const unsigned jobs = o.jobs ? o.jobs : default_jobs();
  const std::size_t chunk = std::max<std::size_t>(o.commit_every, jobs * 8);

  std::vector<AnalysisRecord> pending;
  auto flush = [&] {
    store.save_analyses(pending);
    report.analysed += pending.size();
    pending.clear();
  };
  auto stopped = [&] { return o.stop && o.stop->load(); };

  try {
    std::size_t done = 0;
    for (;;) {
      if (stopped()) throw Interrupted{};
      const std::vector<Submission> todo = store.claim_analysis_work(engine.version(), worker, chunk, o.lease_seconds);
      if (todo.empty()) break;
      ordered_parallel<Done>(
          todo.size(), jobs, 64,
          [&](std::size_t i) {
            Done d{todo[i].id};
            if (stopped()) return d;  // drained unused once the consumer stops
            try {
              auto bytes = store.photo_bytes(todo[i].sha256);
              quality::Analysis a = engine.analyze_bytes(bytes ? *bytes : std::string());
              d.ok = a.ok();
              d.json = analysis_json(a).dump();
            } catch (const std::exception& e) {
              d.ok = false;
              d.json = failed_analysis_json(engine.version(), e.what()).dump();
            }
            return d;
          },
          [&](std::size_t, Done d) {
            if (stopped()) throw Interrupted{};
            if (!d.ok) ++report.suggested_reject;
            pending.push_back({d.submission_id, engine.version(), d.ok, std::move(d.json), {}});
            if (pending.size() >= o.commit_every) flush();
            ++done;
            if (o.progress) o.progress(std::min(done, report.todo), report.todo);
          });
      flush();
    }
  } catch (const Interrupted&) {
    report.interrupted = true;
  }
  flush();
  if (o.progress && !report.interrupted) o.progress(report.todo, report.todo);
  store.release_analysis_claims(worker);  // what was claimed and not finished goes back at once
  return report;
}

}  // namespace pa
