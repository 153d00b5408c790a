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
    SampleSpec sample_spec;       // how the sample on screen was drawn
    std::string sample_label;     // its label as recorded with every spot check (SampleSpec::label)
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
  // The sample in words: "随机抽取 10%，种子 2024：1 张" / "Random 10%, seed 2024: 1 photo".
  static std::string describe_sample(const SampleSpec& spec, std::size_t drawn);

 private:
  State c_;
};

}  // namespace pa::ui
