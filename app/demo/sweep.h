// Severity sweeps (issue 12, docs/quality.md "Severity sweeps"): each automatic code's degradation
// applied at increasing strength to real people composed at the standard framing, and the engine's
// verdict on that code at every level. The sweeps (kind, code, levels, the level where a careful
// reviewer starts to reject) are data: tests/data/sweeps.tsv, read by `read_sweeps`. Used by
// `photoaudit_tune sweep` (the tables and the chart) and by QualitySweep.* (the criteria in CI).
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "demo/synth.h"
#include "quality/engine.h"

namespace pa::synth {

struct Sweep {
  std::string kind;            // one of sweep_kinds()
  std::string code;            // the reason code it must raise
  std::string unit;            // the level's unit, for tables and charts
  std::vector<double> levels;  // levels.front() is the clean photo
  double reject = 0;           // where a careful reviewer starts to reject (judged by looking)
  bool needs_top = false;      // only people whose photo shows their top (clothing)
  bool needs_sharp = false;    // only people whose source is not enlarged to the standard framing (blur)
  std::string why;             // how `reject` was judged

  double clean() const { return levels.front(); }
  double half() const { return (clean() + reject) / 2; }  // half the severity of `reject`
};

// tests/data/sweeps.tsv: kind, code, unit, levels (comma-separated), reject, people (all|top|sharp), why.
// Throws std::runtime_error naming the file and line of a malformed row or an unknown kind.
std::vector<Sweep> read_sweeps(const std::string& path);

// One person of tests/data/people.tsv, prepared (cut out) once.
struct SweepPerson {
  std::string id, half;  // half: "tune" or "report"
  Portrait portrait;
  bool has_top = false;  // the source reaches at least half a face width below the chin
  bool sharp = false;    // the source's face is at least kStandardFaceWidth wide: composing does not enlarge it
};
// Reads `spec` (FILE[@x,y,w,h], relative to `root`) and cuts the person out; throws naming the spec.
SweepPerson prepare_person(const std::string& id, const std::string& half, const std::string& spec,
                           const std::string& root);

struct SweepOutcome {
  std::string person, half, kind;
  double level = 0;
  quality::Severity severity = quality::Severity::pass;  // the code's worst check
  double value = 0;                                      // that check's raw value
  std::string check;                                     // that check (the first of the code's when all pass)
  std::vector<std::pair<std::string, double>> values;    // every check of the code: name, raw value
};

// Every person × sweep × level (or only the clean level, half and reject),
// each photo JPEG-encoded at quality 92 and analysed by `engine` on `jobs` threads. In order.
std::vector<SweepOutcome> run_sweeps(const quality::Engine& engine, const std::vector<SweepPerson>& people,
                                     const std::vector<Sweep>& sweeps, bool only_half_and_reject, unsigned jobs);

// The people whose clean photo already fails the sweep's code (a collar crop for clothing, a
// native shine for hot spots): they are left out of that sweep's other levels.
std::set<std::string> left_out(const std::vector<SweepOutcome>& outcomes, const Sweep& sweep);

// How many of the photos of (sweep, level, half) raise the code at least at `at_least` (half "" =
// both halves), people whose clean photo fails it left out above the clean level.
struct Rate {
  int hits = 0, total = 0;
  double share() const { return total ? double(hits) / total : -1; }
};
Rate rate(const std::vector<SweepOutcome>& outcomes, const Sweep& sweep, double level, const std::string& half,
          quality::Severity at_least);

}  // namespace pa::synth
