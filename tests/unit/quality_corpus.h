// The quality engine's test corpus: real portraits (grace_hopper.jpg, astronaut.png from Debian
// packages) framed to the 480x640 standard on a plain background, plus controlled degradations.
// Built once per test binary (static cache); every sample says which codes it must raise and
// which it may raise as a side effect of its degradation.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "quality/engine.h"

namespace pa::test::corpus {

using Severity = pa::quality::Severity;

struct Sample {
  std::string name;         // "<base>/<degradation>", e.g. "grace/blur_gaussian"
  std::string base;         // "grace", "astronaut" or "mixed"
  std::string degradation;  // "clean", "blur_gaussian", ...
  std::string bytes;        // the file as it would be delivered (JPEG unless the sample is about format)
  // Codes the sample must raise, with the least severity that counts (warn for hints): those of
  // its degradation plus those true of the person (`natural`).
  std::map<std::string, Severity> must;
  std::set<std::string> natural;  // Grace Hopper wears a cap; the astronaut smiles with parted lips
  // Codes of `must` the engine is known to miss on this sample, with why (docs/quality.md); they
  // count as misses in the table and the tests do not insist on them.
  std::map<std::string, std::string> known_misses;
  // Codes it may raise as a side effect (e.g. rotating the whole photo also tilts the shoulders).
  std::set<std::string> may;
};

// Every sample, built on first use. Throws when a fixture is missing (run scripts/setup.sh).
const std::vector<Sample>& samples();
const Sample& sample(const std::string& name);
// The names, without building anything (for parameterised tests).
std::vector<std::string> sample_names();

// The engine's analysis of a sample (default engine; computed once and cached).
const pa::quality::Analysis& analysis(const std::string& name);

// A clean 480x640 portrait as a BGR image with its landmarks, for tests that degrade it
// themselves: "grace" or "astronaut" on light blue.
struct Clean {
  cv::Mat bgr;
  std::vector<cv::Point2f> landmarks;
};
const Clean& clean(const std::string& base);

std::string encode_jpeg(const cv::Mat& bgr, int quality = 92);

// The engine with detector.pose_refine_above = 0: every head pose measured on the steady
// landmarks (the estimator itself; the default engine uses them only where a verdict could
// depend on them). Built once.
const pa::quality::Engine& steady_pose_engine();

// The detection / false-alarm table per code over the corpus, as Markdown.
struct CodeStats {
  int positives = 0, detected = 0;    // samples that must raise the code, and those that did
  int negatives = 0, false_alarms = 0;  // samples where the code is neither a must nor a may
  std::vector<std::string> missed, alarms;  // sample names
};
std::map<std::string, CodeStats> code_stats();
std::string markdown_table();

}  // namespace pa::test::corpus
