// Trainer mode: teaching examples per reason code, the presentation and the quiz.
//
// Trainer views never see who is in a photo: TrainerExample has no field for a name, a 学号 or an
// ID number, and trainer_topics() is the only way from the store to it.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/store.h"

namespace pa {

struct TrainerExample {
  std::int64_t decision_id = 0;
  std::int64_t submission_id = 0;     // for the stored analysis (the overlays)
  std::string photo_sha256;
  bool good = false;                  // approved: a good example of the rule
  std::string code;                   // the rule it was marked for
  std::vector<std::string> answer;    // the decision's reason codes (empty when good)
};

struct TrainerTopic {
  std::string code;
  std::vector<TrainerExample> bad, good;
};

// Teaching examples grouped per reason code, catalog order; identities are dropped here.
std::vector<TrainerTopic> trainer_topics(AuditStore& store, const Scope& scope);

// One screen of the presentation: a bad example of the rule beside a good one (of the same rule
// when one was marked, else any good example).
struct Slide {
  std::string code;
  TrainerExample bad;
  std::optional<TrainerExample> good;
};
std::vector<Slide> presentation(const std::vector<TrainerTopic>& topics);

class Quiz {
 public:
  Quiz() = default;
  // Every example once (a photo marked for several codes counts once), in a seeded order.
  Quiz(const std::vector<TrainerTopic>& topics, const std::string& seed);

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  std::size_t index() const { return index_; }
  const TrainerExample& current() const { return items_[index_]; }

  void toggle(const std::string& code);  // ignored once revealed
  const std::set<std::string>& picked() const { return picked_; }
  void reveal();
  bool revealed() const { return revealed_; }
  struct Score {
    int correct = 0, missed = 0, wrong = 0;
    // Which codes: ticked and in the answer, in the answer but not ticked, ticked but not in it.
    std::vector<std::string> correct_codes, missed_codes, wrong_codes;
    bool exact() const { return missed == 0 && wrong == 0; }
  };
  Score score() const;  // of the current example against its answer
  void next();          // the next example (wraps), picks cleared
  int answered() const { return answered_; }
  int exact() const { return exact_; }

 private:
  std::vector<TrainerExample> items_;
  std::size_t index_ = 0;
  std::set<std::string> picked_;
  bool revealed_ = false;
  int answered_ = 0, exact_ = 0;
};

}  // namespace pa
