#include "review/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/audit_key.h"
#include "core/error.h"
#include "core/output_file.h"
#include "core/timeutil.h"

namespace pa {

namespace fs = std::filesystem;

namespace {

nlohmann::json to_json(const JournalEntry& e) {
  nlohmann::json j = {{"id", e.id},
                      {"audit", e.audit},
                      {"at", e.at},
                      {"student", e.decision.student_no},
                      {"verdict", to_string(e.decision.verdict)},
                      {"reasons", e.decision.reasons},
                      {"note", e.decision.note},
                      {"student_note", e.decision.student_note},
                      {"reviewer", e.decision.reviewer},
                      {"override", e.basis.override_confirmed},
                      {"photo_sha256", e.basis.seen_photo_sha256},
                      {"error", e.error}};
  j["seen_decision"] = e.basis.seen_decision ? nlohmann::json(*e.basis.seen_decision) : nlohmann::json();
  j["seen_submission"] = e.basis.seen_submission ? nlohmann::json(*e.basis.seen_submission) : nlohmann::json();
  if (e.analysis)
    j["analysis"] = {{"submission", e.analysis->submission_id}, {"engine", e.analysis->engine_version},
                     {"ok", e.analysis->ok}, {"result", e.analysis->result_json}, {"at", e.analysis->analyzed_at}};
  return j;
}

std::optional<JournalEntry> from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    JournalEntry e;
    e.id = j.at("id").get<std::string>();
    e.audit = j.value("audit", "");
    e.at = j.value("at", "");
    e.decision.student_no = j.at("student").get<std::string>();
    const auto v = verdict_from_string(j.at("verdict").get<std::string>());
    if (!v) return std::nullopt;
    e.decision.verdict = *v;
    e.decision.reasons = j.value("reasons", std::vector<std::string>{});
    e.decision.note = j.value("note", "");
    e.decision.student_note = j.value("student_note", "");
    e.decision.reviewer = j.at("reviewer").get<std::string>();
    e.basis.override_confirmed = j.value("override", false);
    e.basis.seen_photo_sha256 = j.value("photo_sha256", "");
    if (j.contains("seen_decision") && j["seen_decision"].is_number_integer())
      e.basis.seen_decision = j["seen_decision"].get<std::int64_t>();
    if (j.contains("seen_submission") && j["seen_submission"].is_number_integer())
      e.basis.seen_submission = j["seen_submission"].get<std::int64_t>();
    if (j.contains("analysis") && j["analysis"].is_object()) {
      const auto& a = j["analysis"];
      e.analysis = AnalysisRecord{a.value("submission", std::int64_t{0}), a.value("engine", ""), a.value("ok", false),
                                  a.value("result", ""), a.value("at", "")};
    }
    e.error = j.value("error", "");
    return e;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

[[noreturn]] void fail(const std::string& what, const fs::path& file, int err) {
  throw UserError("无法写入本机结论日志 (cannot write the local decision journal): " + what + ": " +
                      std::strerror(err),
                  file.string());
}

void write_all(int fd, const std::string& bytes, const fs::path& file) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", file, errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

DecisionJournal::DecisionJournal(const std::string& audit_path, const fs::path& data_dir) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(audit_path), ec);
  audit_ = ec ? audit_path : abs.string();
  file_ = data_dir / "journal" / (audit_key(audit_path) + ".jsonl");
}

void DecisionJournal::append(JournalEntry& e) {
  if (e.id.empty()) {
    std::random_device rd;
    e.id = now_iso_utc() + "-" + std::to_string(rd());
  }
  e.audit = audit_;
  std::error_code ec;
  fs::create_directories(file_.parent_path(), ec);
  ::chmod(file_.parent_path().c_str(), 0700);
  const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) fail("open", file_, errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  ::fchmod(fd, 0600);
  write_all(fd, to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", file_);
  if (::fsync(fd) != 0) fail("fsync", file_, errno);
}

std::vector<JournalEntry> DecisionJournal::entries() const {
  std::vector<JournalEntry> out;
  std::ifstream f(file_, std::ios::binary);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;  // a line torn by a crash while it was written
    if (auto e = from_json(j)) out.push_back(std::move(*e));
  }
  return out;
}

void DecisionJournal::remove(const std::string& id) {
  std::vector<JournalEntry> keep;
  for (auto& e : entries())
    if (e.id != id) keep.push_back(std::move(e));
  rewrite(keep);
}

void DecisionJournal::rewrite(const std::vector<JournalEntry>& keep) const {
  std::error_code ec;
  if (keep.empty()) {
    fs::remove(file_, ec);
    return;
  }
  std::string bytes;
  for (const auto& e : keep) bytes += to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  write_file_atomically(file_.string(), bytes, {audit_});  // 0600, never half-written
}

}  // namespace pa
