// Spot checks: the coordinator draws a seeded sample of the college's decided photos, reviews
// each again (agree / disagree with own reasons), and the 学籍科 settles the disagreements.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "review/coordination.h"
#include "ui/views/view.h"

namespace pa::ui {

class SpotcheckView final : public View {
 public:
  struct State {
    bool loaded = false;
    char seed[64] = "2024";
    int sample_mode = 0;          // 0 = percent, 1 = count
    float percent = 10;
    int count = 5;
    std::vector<StudentState> sample;
    std::string sample_label;
    std::size_t sample_pos = 0;
    std::set<std::string> check_reasons;
    char check_note[256] = {};
    std::vector<Disagreement> disputes;
    char settle_note[256] = {};
  };

  explicit SpotcheckView(Workstation& ws) : View(ws) {}
  std::vector<ScreenEntry> screens() const override;
  void draw() override;
  void on_open() override { reload(); }
  void reload();
  State& state() { return c_; }

 private:
  State c_;
};

}  // namespace pa::ui
