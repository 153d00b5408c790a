// The severity sweeps on real people (issue 12; docs/quality.md "Severity sweeps"): for every sweep of
// tests/data/sweeps.tsv, on the report half of tests/data/people.tsv (people no threshold was set
// on), the sweep's code fails on at least 95 % of the photos at the level where a careful reviewer
// starts to reject, and on at most 5 % at half of it. Known shortfalls are listed with why and
// still checked against the figure measured when they were listed, so they cannot get worse
// unnoticed. Prints its table (the figures of docs/quality.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/parallel.h"
#include "demo/sweep.h"
#include "quality/engine.h"
#include "test_support.h"

namespace pa::synth {
namespace {

struct Shortfall {
  int min_caught;  // photos failed at the reject level (the criterion: 95 %)
  int max_false;   // photos failed at half of it (the criterion: 5 %)
  const char* why;
};

// Sweeps that miss a criterion on the report half today (2026-12-02; hot_spot_count 2026-12-03), with the figures measured
// then (RelWithDebInfo build) and why (docs/quality.md, Severity sweeps). The bounds allow one
// photo of slack: the sanitizer build's floating point moves a borderline face across a threshold
// (lighting_ramp measured 7 of 11 and 2 of 11 there: one more clean photo left out). The other
// sweeps must meet the criteria outright.
const std::map<std::string, Shortfall> kShortfalls = {
    {"blur_gaussian", {2, 0, "3 report-half sources are not enlarged; clm_connery's film grain reads as sharpness (0.52)"}},
    {"blur_motion", {2, 0, "as blur_gaussian: clm_connery's grain keeps motion 8 px at 0.53"}},
    {"lighting_ramp", {8, 3, "cheek balance depends on the person's own lighting by as much as the ramp: 4 miss at 0.3, 3 fail at 0.15"}},
    {"overexposed", {11, 1, "audun_00000's webcam frame clips only 9.8 % at 0.6 EV; bald_jason_statham's shining head 21 % at 0.3 EV"}},
    {"hot_spot_size", {10, 1, "clm_cranston's face is not found with the spots; the astronaut's own cheek highlight with 4.5 % spots"}},
    {"hot_spot_count", {6, 1, "hot_spot_count counts spots of radius >= 5.0 %: a 6 % spot measures 3.7-6.2 with the face, and 5.0 is as low as the clean astronaut's two highlights allow"}},
    {"roll", {11, 0, "clm_cranston's face is not found rotated (the others' turns measure within 1.3 degrees)"}},
};

TEST(QualitySweep, EachCodeFailsWhereAReviewerRejectsAndNotAtHalfOfIt) {
  const auto src = pa::test::fixtures_dir().parent_path().parent_path();
  const auto sweeps = read_sweeps((src / "tests/data/sweeps.tsv").string());
  ASSERT_EQ(sweeps.size(), sweep_kinds().size()) << "every sweep kind has a row in tests/data/sweeps.tsv";
  std::vector<SweepPerson> people;
  for (const auto& r : read_list((pa::test::fixtures_dir() / "people" / "list.tsv").string()))
    if (r.fifth == "report") people.push_back(prepare_person(r.id, r.fifth, r.spec, src.string()));
  ASSERT_EQ(people.size(), 12u);
  const auto out = run_sweeps(quality::Engine::instance(), people, sweeps, true, pa::default_jobs());
  std::printf("| sweep | code | reject at | failed there | failed at half of it (level) |\n|---|---|---|---|---|\n");
  for (const auto& s : sweeps) {
    const Rate caught = rate(out, s, s.reject, "report", quality::Severity::fail);
    const Rate false_at_half = rate(out, s, s.half(), "report", quality::Severity::fail);
    std::printf("| %s | %s | %g | %d/%d | %d/%d (%g) |\n", s.kind.c_str(), s.code.c_str(), s.reject, caught.hits,
                caught.total, false_at_half.hits, false_at_half.total, s.half());
    ASSERT_GT(caught.total, 0) << s.kind << ": no report-half person to sweep";
    auto known = kShortfalls.find(s.kind);
    if (known == kShortfalls.end()) {
      EXPECT_GE(caught.share(), 0.95) << s.kind << " at " << s.reject << " " << s.unit;
      EXPECT_LE(false_at_half.share(), 0.05) << s.kind << " at " << s.half() << " " << s.unit;
    } else {
      constexpr int kSlack = 1;
      EXPECT_GE(caught.hits, known->second.min_caught - kSlack) << s.kind << ": " << known->second.why;
      EXPECT_LE(false_at_half.hits, known->second.max_false + kSlack) << s.kind << ": " << known->second.why;
    }
  }
}

}  // namespace
}  // namespace pa::synth

namespace pa::synth {
namespace {

// In-plane rotations are measured within 1° (issue 12): every one of the 25 people of
// tests/data/people.tsv turned at each level of the roll sweep; the measured roll (the check's
// value, the steady landmarks' eye line once it passes pose_refine_above) minus the person's own
// at level 0 is within 1° of the turn for at least 95 % of the photos and within 1.5° for all.
// Faces the detector does not find turned are counted apart (none may be lost at 5° or less).
TEST(QualitySweep, InPlaneRotationsOfRealPeopleAreMeasuredWithinADegree) {
  const auto src = pa::test::fixtures_dir().parent_path().parent_path();
  std::vector<Sweep> roll;
  for (const auto& s : read_sweeps((src / "tests/data/sweeps.tsv").string()))
    if (s.kind == "roll") roll.push_back(s);
  ASSERT_EQ(roll.size(), 1u);
  std::vector<SweepPerson> people;
  for (const auto& r : read_list((pa::test::fixtures_dir() / "people" / "list.tsv").string()))
    people.push_back(prepare_person(r.id, r.fifth, r.spec, src.string()));
  ASSERT_EQ(people.size(), 25u);
  const auto out = run_sweeps(quality::Engine::instance(), people, roll, false, pa::default_jobs());
  auto roll_of = [](const SweepOutcome& o, double* v) {
    for (const auto& [name, value] : o.values)
      if (name == "roll") return *v = value, true;
    return false;
  };
  std::map<std::string, double> own;
  for (const auto& o : out)
    if (double v; o.level == 0 && roll_of(o, &v)) own[o.person] = v;
  int photos = 0, within1 = 0, lost = 0;
  double worst = 0;
  for (const auto& o : out) {
    if (o.level == 0) continue;
    double v;
    if (!roll_of(o, &v) || !own.count(o.person)) {
      ++lost;
      EXPECT_GT(o.level, 5) << o.person << " not found turned by " << o.level;
      continue;
    }
    const double error = std::fabs(v - own[o.person] - o.level);
    ++photos;
    within1 += error <= 1.0;
    worst = std::max(worst, error);
    EXPECT_LE(error, 1.5) << o.person << " turned " << o.level << " measured " << v - own[o.person];
  }
  std::printf("roll: %d of %d turned photos within 1 degree, worst %.2f; %d faces not found turned\n", within1,
              photos, worst, lost);
  ASSERT_GT(photos, 150);
  EXPECT_GE(within1, 0.95 * photos);
  EXPECT_LE(lost, 8);
}

}  // namespace
}  // namespace pa::synth
