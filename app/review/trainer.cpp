#include "review/trainer.h"

#include <algorithm>

#include "review/coordination.h"

namespace pa {

std::vector<TrainerTopic> trainer_topics(AuditStore& store, const Scope& scope) {
  std::vector<TrainerTopic> topics;
  for (const auto& te : store.teaching_examples(scope)) {  // catalog order of the code
    if (topics.empty() || topics.back().code != te.code) topics.push_back({te.code, {}, {}});
    TrainerExample ex{te.decision_id, te.submission_id, te.photo_sha256, te.decision_kind == "approve", te.code,
                      te.decision_kind == "approve" ? std::vector<std::string>{} : te.decision_reasons};
    (ex.good ? topics.back().good : topics.back().bad).push_back(std::move(ex));
  }
  return topics;
}

std::vector<Slide> presentation(const std::vector<TrainerTopic>& topics) {
  std::optional<TrainerExample> any_good;
  for (const auto& t : topics)
    if (!t.good.empty() && !any_good) any_good = t.good.front();
  std::vector<Slide> slides;
  for (const auto& t : topics) {
    for (std::size_t i = 0; i < t.bad.size(); ++i)
      slides.push_back({t.code, t.bad[i], t.good.empty() ? any_good : std::optional(t.good[i % t.good.size()])});
  }
  return slides;
}

Quiz::Quiz(const std::vector<TrainerTopic>& topics, const std::string& seed) {
  std::vector<TrainerExample> all;
  for (const auto& t : topics)
    for (const auto* list : {&t.bad, &t.good})
      for (const auto& e : *list)
        if (std::none_of(all.begin(), all.end(), [&](const TrainerExample& x) { return x.decision_id == e.decision_id; }))
          all.push_back(e);
  std::vector<std::string> keys;
  for (const auto& e : all) keys.push_back(std::to_string(e.decision_id));
  for (std::size_t i : seeded_order(keys, seed)) items_.push_back(all[i]);
}

void Quiz::toggle(const std::string& code) {
  if (revealed_ || empty()) return;
  if (!picked_.erase(code)) picked_.insert(code);
}

void Quiz::reveal() {
  if (revealed_ || empty()) return;
  revealed_ = true;
  ++answered_;
  exact_ += score().exact();
}

Quiz::Score Quiz::score() const {
  Score s;
  if (empty()) return s;
  const auto& answer = current().answer;
  for (const auto& c : answer) {
    const bool ticked = picked_.count(c) > 0;
    (ticked ? s.correct : s.missed)++;
    (ticked ? s.correct_codes : s.missed_codes).push_back(c);
  }
  for (const auto& c : picked_)
    if (std::find(answer.begin(), answer.end(), c) == answer.end()) {
      ++s.wrong;
      s.wrong_codes.push_back(c);
    }
  return s;
}

void Quiz::next() {
  if (empty()) return;
  index_ = (index_ + 1) % items_.size();
  picked_.clear();
  revealed_ = false;
}

}  // namespace pa
