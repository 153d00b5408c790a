// The decision journal: decisions the audit could not take when the key was pressed (a read-only
// file, a full disk, a lost server) are kept on the workstation, in the user's data folder, until
// they are saved. One JSON object per line, the file readable by its owner only, fsync'd before
// append() returns, so a crash or a quit loses none of them. Nothing here decides whether they
// are still valid: each one goes through the store's usual checks (what the reviewer saw, the
// photo version) when it is replayed (ReviewSession).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

struct JournalEntry {
  std::string id;      // unique within the journal
  std::string audit;   // the audit it belongs to (absolute path)
  std::string at;      // when the reviewer decided (ISO 8601 UTC)
  NewDecision decision;
  DecisionBasis basis;
  std::optional<AnalysisRecord> analysis;  // the engine's findings shown with it, if any
  std::string error;   // why the audit did not take it
};

class DecisionJournal {
 public:
  // The journal of the audit at `audit_path`: <data_dir>/journal/<hash of the path>.jsonl.
  DecisionJournal(const std::string& audit_path, const std::filesystem::path& data_dir);

  // Appends the entry (a fresh id is set when it has none); durable when it returns. Throws
  // pa::UserError when the journal cannot be written either.
  void append(JournalEntry& e);
  // Removes an entry once the audit holds it (or it was dropped): the file is rewritten atomically.
  void remove(const std::string& id);
  // Entries in the order they were appended. A last line torn by a crash is ignored.
  std::vector<JournalEntry> entries() const;
  const std::filesystem::path& file() const { return file_; }
  const std::string& audit() const { return audit_; }

 private:
  void rewrite(const std::vector<JournalEntry>& keep) const;
  std::string audit_;
  std::filesystem::path file_;
};

}  // namespace pa
