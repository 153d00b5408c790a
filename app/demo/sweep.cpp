#include "demo/sweep.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/parallel.h"

namespace pa::synth {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

double number(const std::string& s, const std::string& where) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != s.size()) throw std::runtime_error(where + ": not a number: \"" + s + "\"");
  return v;
}

}  // namespace

std::vector<Sweep> read_sweeps(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<Sweep> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(n);
    auto f = split(line, '\t');
    if (f.size() != 7) throw std::runtime_error(where + ": expected 7 tab-separated columns, found " + std::to_string(f.size()));
    Sweep s;
    s.kind = f[0];
    if (std::find(sweep_kinds().begin(), sweep_kinds().end(), s.kind) == sweep_kinds().end())
      throw std::runtime_error(where + ": unknown sweep \"" + s.kind + "\"");
    s.code = f[1];
    s.unit = f[2];
    for (const auto& l : split(f[3], ',')) s.levels.push_back(number(l, where));
    if (s.levels.size() < 2) throw std::runtime_error(where + ": a sweep needs at least two levels");
    s.reject = number(f[4], where);
    if (std::find(s.levels.begin(), s.levels.end(), s.reject) == s.levels.end() ||
        std::find(s.levels.begin(), s.levels.end(), s.half()) == s.levels.end())
      throw std::runtime_error(where + ": the reject level and half of it must both be among the levels");
    if (f[5] != "all" && f[5] != "top" && f[5] != "sharp")
      throw std::runtime_error(where + ": people must be all, top or sharp");
    s.needs_top = f[5] == "top";
    s.needs_sharp = f[5] == "sharp";
    s.why = f[6];
    out.push_back(std::move(s));
  }
  return out;
}

SweepPerson prepare_person(const std::string& id, const std::string& half, const std::string& spec,
                           const std::string& root) {
  cv::Mat img = read_region(spec, root);
  if (img.empty()) throw std::runtime_error(spec + ": cannot read");
  SweepPerson p;
  p.id = id;
  p.half = half;
  try {
    p.portrait = make_portrait(img);
  } catch (const std::exception& e) {
    throw std::runtime_error(spec + ": " + e.what());
  }
  const auto& l = p.portrait.lms;
  p.has_top = img.rows - l[8].y >= 0.5 * cv::norm(l[16] - l[0]);
  p.sharp = cv::norm(l[16] - l[0]) >= kStandardFaceWidth;
  return p;
}

std::vector<SweepOutcome> run_sweeps(const quality::Engine& engine, const std::vector<SweepPerson>& people,
                                     const std::vector<Sweep>& sweeps, bool only_half_and_reject, unsigned jobs) {
  struct Job {
    const SweepPerson* person;
    const Sweep* sweep;
    double level;
  };
  std::vector<Job> todo;
  for (const auto& s : sweeps)
    for (const auto& p : people) {
      if ((s.needs_top && !p.has_top) || (s.needs_sharp && !p.sharp)) continue;
      for (double l : s.levels)
        if (!only_half_and_reject || l == s.clean() || l == s.half() || l == s.reject) todo.push_back({&p, &s, l});
    }
  std::vector<SweepOutcome> out(todo.size());
  ordered_parallel<SweepOutcome>(
      todo.size(), jobs, 4 * jobs,
      [&](std::size_t i) {
        const Job& j = todo[i];
        std::vector<uchar> jpeg;
        cv::imencode(".jpg", sweep_photo(j.person->portrait, j.sweep->kind, j.level), jpeg,
                     {cv::IMWRITE_JPEG_QUALITY, 92});
        auto a = engine.analyze_bytes(std::string_view(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
        SweepOutcome o{j.person->id, j.person->half, j.sweep->kind, j.level};
        for (const auto& c : a.checks)  // the code's worst check (the first of them when all pass)
          if (c.code == j.sweep->code) {
            o.values.emplace_back(c.check, c.value);
            if (o.check.empty() || c.severity > o.severity) {
              o.severity = c.severity;
              o.value = c.value;
              o.check = c.check;
            }
          }
        return o;
      },
      [&](std::size_t i, SweepOutcome&& o) { out[i] = std::move(o); });
  return out;
}

std::set<std::string> left_out(const std::vector<SweepOutcome>& outcomes, const Sweep& sweep) {
  std::set<std::string> out;
  for (const auto& o : outcomes)
    if (o.kind == sweep.kind && o.level == sweep.clean() && o.severity == quality::Severity::fail)
      out.insert(o.person);
  return out;
}

Rate rate(const std::vector<SweepOutcome>& outcomes, const Sweep& sweep, double level, const std::string& half,
          quality::Severity at_least) {
  const auto out = level == sweep.clean() ? std::set<std::string>{} : left_out(outcomes, sweep);
  Rate r;
  for (const auto& o : outcomes) {
    if (o.kind != sweep.kind || o.level != level || (!half.empty() && o.half != half)) continue;
    if (out.count(o.person)) continue;
    ++r.total;
    if (o.severity >= at_least) ++r.hits;
  }
  return r;
}

}  // namespace pa::synth
