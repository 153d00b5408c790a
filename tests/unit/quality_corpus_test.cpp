// The corpus (quality_corpus.h): every degradation raises its code, the clean photos raise only
// what is true of the person, and the detection / false-alarm table of docs/quality.md.
//   ./build-quality/photoaudit_tests --gtest_filter='QualityCorpus.Report'   (prints it)
// PA_CORPUS_VERBOSE=1 adds every check of every sample; PA_CORPUS_DUMP=<dir> writes the images.
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "audit_test_util.h"
#include "quality/codes.h"
#include "quality_corpus.h"

namespace pa::test::corpus {
namespace {

std::string describe(const pa::quality::Analysis& a) {
  std::string s;
  for (const auto* f : a.findings()) s += "\n  " + f->code + "/" + f->check + " " + to_string(f->severity) + ": " + f->message;
  return s.empty() ? " (nothing raised)" : s;
}

class QualityCorpusSample : public ::testing::TestWithParam<std::string> {};

// Each sample raises the codes of its degradation, at least at the severity it calls for.
TEST_P(QualityCorpusSample, RaisesItsCodes) {
  const Sample& s = sample(GetParam());
  const auto& a = analysis(s.name);
  for (const auto& [code, least] : s.must) {
    if (s.natural.count(code)) continue;  // judged on the clean photos (below)
    if (s.known_misses.count(code)) continue;
    const auto* f = a.finding(code);
    ASSERT_NE(f, nullptr) << s.name << " must raise " << code << "; it raised:" << describe(a);
    EXPECT_GE(f->severity, least) << s.name << " raised " << code << " only as " << to_string(f->severity);
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Quality, QualityCorpusSample, ::testing::ValuesIn(sample_names()), test_name);

// The clean photos raise what is true of the person (Grace Hopper's cap, the astronaut's parted
// lips) and nothing else; in particular none of the codes the degradations are about.
TEST(QualityCorpus, CleanPhotosRaiseOnlyWhatIsTrue) {
  for (const std::string base : {"grace", "astronaut"})
    for (const std::string deg : {"clean", "clean_white"}) {
      const Sample& s = sample(base + "/" + deg);
      const auto& a = analysis(s.name);
      EXPECT_TRUE(a.ok()) << s.name << describe(a);
      for (const auto* f : a.findings())
        EXPECT_TRUE(s.natural.count(f->code)) << s.name << " raised " << f->code << ": " << f->message;
      for (const auto& code : s.natural)
        EXPECT_NE(a.finding(code), nullptr) << s.name << " should raise " << code << describe(a);
    }
}

// Every degradation's code is one the clean photos do not raise: the detections above are not
// alarms that fire on every photo.
TEST(QualityCorpus, DegradationCodesAreSilentOnCleanPhotos) {
  std::set<std::string> degradation_codes;
  for (const auto& s : samples())
    for (const auto& [code, v] : s.must)
      if (!s.natural.count(code)) degradation_codes.insert(code);
  for (const std::string base : {"grace", "astronaut"}) {
    const auto& a = analysis(base + "/clean");
    for (const auto& code : degradation_codes)
      EXPECT_EQ(a.finding(code), nullptr) << base << "/clean raised " << code;
  }
}

// The detection / false-alarm figures docs/quality.md states, read from its table (code |
// auto | detected d/p | false alarms f/n | ...): the bounds are the docs' own figures, so the test
// fails when the engine regresses below what the docs claim (or the docs claim more than it does).
struct Claimed {
  int detected = 0, positives = 0, false_alarms = 0, negatives = 0;
};
std::map<std::string, Claimed> claimed_in_docs(std::string* error) {
  const fs::path doc = source_dir() / "docs" / "quality.md";
  std::map<std::string, Claimed> out;
  std::istringstream in(read_file(doc));
  std::string line;
  while (std::getline(in, line)) {
    // | blurry | yes | 4/4 | 0/57 | — | — |
    std::vector<std::string> cells;
    std::istringstream row(line);
    std::string cell;
    if (line.rfind("| ", 0) != 0) continue;
    while (std::getline(row, cell, '|')) {
      const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? std::string() : cell.substr(b, e - b + 1));
    }
    if (cells.size() < 5 || (cells[2] != "yes" && cells[2] != "hint")) continue;
    Claimed c;
    char slash1 = 0, slash2 = 0;
    std::istringstream d(cells[3]), f(cells[4]);
    if (!(d >> c.detected >> slash1 >> c.positives) || !(f >> c.false_alarms >> slash2 >> c.negatives) ||
        slash1 != '/' || slash2 != '/') {
      *error = doc.string() + ": cannot read the figures of " + cells[1] + ": " + line;
      return {};
    }
    out[cells[1]] = c;
  }
  if (out.empty()) *error = doc.string() + " has no detection table";
  return out;
}

TEST(QualityCorpus, Report) {
  if (std::getenv("PA_CORPUS_VERBOSE"))
    for (const auto& n : sample_names()) {
      const auto& a = analysis(n);
      std::cout << "== " << n << " (" << a.ms << " ms)\n";
      for (const auto& c : a.checks)
        std::cout << "   " << (c.severity == Severity::fail ? "FAIL" : c.severity == Severity::warn ? "warn" : "    ")
                  << " " << c.code << "/" << c.check << " = " << c.value << " (thr " << c.threshold << ")\n";
    }
  std::string table = markdown_table();
  std::cout << table;
  for (const auto& info : pa::quality::raisable_codes())
    EXPECT_NE(table.find("| " + std::string(info.code) + " |"), std::string::npos) << info.code;

  // Each code detects at least the share of its samples docs/quality.md states, and raises false
  // alarms on at most the share it states (the docs' figures are the bounds; rates, so that adding
  // samples to the corpus does not by itself break the test).
  std::string error;
  const auto claimed = claimed_in_docs(&error);
  ASSERT_TRUE(error.empty()) << error;
  const auto stats = code_stats();
  for (const auto& info : pa::quality::raisable_codes()) {
    const std::string code(info.code);
    SCOPED_TRACE(code);
    auto c = claimed.find(code);
    ASSERT_NE(c, claimed.end()) << "docs/quality.md has no row for " << code;
    const CodeStats& st = stats.at(code);
    const Claimed& doc = c->second;
    if (doc.positives > 0) {
      ASSERT_GT(st.positives, 0) << "the corpus has no sample that must raise " << code;
      // detected / positives >= doc.detected / doc.positives
      EXPECT_GE(static_cast<long>(st.detected) * doc.positives, static_cast<long>(doc.detected) * st.positives)
          << code << " detected " << st.detected << "/" << st.positives << ", docs claim " << doc.detected << "/"
          << doc.positives;
    }
    if (st.negatives > 0) {
      // false_alarms / negatives <= doc.false_alarms / doc.negatives
      EXPECT_LE(static_cast<long>(st.false_alarms) * doc.negatives, static_cast<long>(doc.false_alarms) * st.negatives)
          << code << " raised " << st.false_alarms << "/" << st.negatives << " false alarms, docs claim "
          << doc.false_alarms << "/" << doc.negatives;
    }
  }
  EXPECT_EQ(claimed.size(), pa::quality::raisable_codes().size()) << "docs/quality.md lists codes the engine does not raise";
}

}  // namespace
}  // namespace pa::test::corpus
