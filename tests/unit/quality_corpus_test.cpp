// The corpus (quality_corpus.h): every degradation raises its code, the clean photos raise only
// what is true of the person, and the detection / false-alarm table of docs/quality.md.
//   ./build-quality/photoaudit_tests --gtest_filter='QualityCorpus.Report'   (prints it)
// PA_CORPUS_VERBOSE=1 adds every check of every sample; PA_CORPUS_DUMP=<dir> writes the images.
#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>

#include "quality/codes.h"
#include "quality_corpus.h"

namespace pa::test::corpus {
namespace {

std::string describe(const pa::quality::Analysis& a) {
  std::string s;
  for (const auto* f : a.findings()) s += "\n  " + f->code + "/" + f->check + " " + to_string(f->verdict) + ": " + f->message;
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
    EXPECT_GE(f->verdict, least) << s.name << " raised " << code << " only as " << to_string(f->verdict);
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

TEST(QualityCorpus, Report) {
  if (std::getenv("PA_CORPUS_VERBOSE"))
    for (const auto& n : sample_names()) {
      const auto& a = analysis(n);
      std::cout << "== " << n << " (" << a.ms << " ms)\n";
      for (const auto& c : a.checks)
        std::cout << "   " << (c.verdict == Verdict::fail ? "FAIL" : c.verdict == Verdict::warn ? "warn" : "    ")
                  << " " << c.code << "/" << c.check << " = " << c.value << " (thr " << c.threshold << ")\n";
    }
  std::string table = markdown_table();
  std::cout << table;
  for (const auto& info : pa::quality::raisable_codes())
    EXPECT_NE(table.find("| " + std::string(info.code) + " |"), std::string::npos) << info.code;
}

}  // namespace
}  // namespace pa::test::corpus
