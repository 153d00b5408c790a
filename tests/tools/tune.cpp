// photoaudit_tune: learns the data of assets/quality.json that comes from photos rather than from
// the standard. Run by hand (docs/quality.md says when and on which photos); not part of the product.
//
//   photoaudit_tune pose [--modes K] [--write quality.json] FILE...
//       learns "head_pose_model" (head_pose.h) from the largest face of each FILE (frontal photos
//       of different people); prints the section, or replaces it in quality.json.
//   photoaudit_tune angles [--refine-above A] [--scale K] [--mirror] FILE...
//       prints the engine's yaw, pitch and roll (with their uncertainties), face width and whether
//       the pose was refined on the steady landmarks, per FILE, after scaling it by K and
//       mirroring it (tab-separated). --refine-above: detector.pose_refine_above (0: always
//       refine, 1000: never).
//   photoaudit_tune frame OUT VIDEO N
//       writes frame N of a video (scripts/fetch-people.sh).
//   photoaudit_tune crop OUT FILE@x,y,w,h
//       writes a region of a photo (to look at one face of a group photo).
//   photoaudit_tune glare OUT FILE
//       writes the photo with the specular highlights the engine found painted red.
//   photoaudit_tune faces FILE...
//       lists the faces the detector finds (width >= 80 px) with a head-and-shoulders region around
//       each, FILE@x,y,w,h (to pick people for tests/data/*.tsv).
//   photoaudit_tune compose OUT FILE[@x,y,w,h]
//       cuts the person out (pa::synth::make_portrait) and places them at the standard geometry
//       (face 220 px wide, eyes level at 240,260) on light blue, 480x640: a compliant photo as the
//       collection centre delivers it, when the person in FILE is one.
//   photoaudit_tune sweep [--list build/fixtures/people/list.tsv] [--sweeps tests/data/sweeps.tsv]
//                         [--root .] [--chart PNG] [--strip ID DIR]
//       the severity sweeps (pa::synth::run_sweeps) on every person of the list, both halves:
//       prints per sweep and level the share of each half failing (and failing or warning) the
//       sweep's code, as markdown; --chart draws them; --strip writes, per sweep, one person's head
//       and shoulders at every level side by side into DIR (to judge by looking where a reviewer
//       starts to reject).
// A FILE may name a region, FILE@x,y,w,h: one face of a group photo.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "core/parallel.h"
#include "demo/sweep.h"
#include "demo/synth.h"
#include "quality/engine.h"
#include "quality/face_model.h"
#include "quality/geometry.h"
#include "quality/head_pose.h"

namespace {

// Depth of each of HeadPoseModel::points() behind the nose tip, millimetres: a generic adult head
// (the jaw's outline from the ear to the chin, the brows' ridge, the nose, the eye corners and
// lids). Only the depths are assumed; the frontal layout and the modes are learned.
std::vector<double> generic_depths_mm() {
  const double jaw[9] = {95, 90, 84, 76, 66, 54, 42, 32, 27};       // 0..8 (8: the chin)
  const double brow[5] = {42, 32, 26, 22, 20};                       // 17..21, outer to inner
  const double nose[9] = {20, 15, 9, 0, 17, 14, 12, 14, 17};         // 27..35
  const double eye[6] = {36, 29, 28, 26, 28, 30};                    // 36..41
  std::vector<double> d(68);
  for (int i = 0; i <= 8; ++i) d[i] = d[16 - i] = jaw[i];
  for (int i = 0; i < 5; ++i) d[17 + i] = d[26 - i] = brow[i];
  for (int i = 0; i < 9; ++i) d[27 + i] = nose[i];
  for (int i = 0; i < 6; ++i) d[36 + i] = eye[i];
  for (int i = 36; i <= 41; ++i) d[pa::quality::mirror_landmark(i)] = d[i];
  std::vector<double> used;
  for (int i : pa::quality::HeadPoseModel::points()) used.push_back(d[i]);
  return used;
}

// FILE or FILE@x,y,w,h (a region of it: one face of a group photo).
cv::Mat read_image(const std::string& arg, int flags) { return pa::synth::read_region(arg, "", flags); }

int usage() {
  std::fprintf(stderr, "usage: photoaudit_tune pose [--modes K] [--write quality.json] FILE...\n"
                       "       photoaudit_tune angles [--refine-above A] [--scale K] [--mirror] FILE...\n"
                       "       photoaudit_tune frame OUT VIDEO N\n"
                       "       photoaudit_tune crop OUT FILE@x,y,w,h\n"
                       "       photoaudit_tune glare OUT FILE\n"
                       "       photoaudit_tune faces FILE...\n"
                       "       photoaudit_tune compose OUT FILE[@x,y,w,h]\n"
                       "       photoaudit_tune sweep [--list L] [--sweeps S] [--root R] [--chart PNG] [--strip ID DIR]\n");
  return 2;
}

}  // namespace

int angles(int argc, char** argv) {
  double scale = 1;
  bool mirror = false;
  std::unique_ptr<pa::quality::Engine> own;  // --refine-above A: the engine with another detector.pose_refine_above
  const pa::quality::Engine* engine = &pa::quality::Engine::instance();
  std::printf("file\tface_width\tyaw\tyaw_sd\tpitch\tpitch_sd\troll\trefined\n");
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--refine-above" && i + 1 < argc) {
      nlohmann::json j = pa::quality::Config::load_default().json();
      j["detector"]["pose_refine_above"] = std::stod(argv[++i]);
      own = std::make_unique<pa::quality::Engine>(pa::quality::Config::parse(j.dump()));
      engine = own.get();
      continue;
    }
    if (a == "--scale" && i + 1 < argc) { scale = std::stod(argv[++i]); continue; }
    if (a == "--mirror") { mirror = true; continue; }
    cv::Mat img = read_image(a, cv::IMREAD_COLOR);
    if (img.empty()) { std::fprintf(stderr, "%s: cannot read\n", a.c_str()); return 1; }
    if (scale != 1) cv::resize(img, img, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    if (mirror) cv::flip(img, img, 1);
    auto r = engine->analyze(img, pa::quality::FileFacts{});
    const auto& g = r.geometry;
    std::printf("%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\n", a.c_str(), g.face_width, g.pose.yaw,
                g.pose.yaw_sd, g.pose.pitch, g.pose.pitch_sd, g.eye_line_deg, int(g.pose.refined));
  }
  return 0;
}

// One panel per sweep: the share failing the code per level (solid: report half, grey: tune half;
// thin: failing or warning, report half), the reviewer's reject level (red) and half of it (orange).
cv::Mat sweep_chart(const std::vector<pa::synth::Sweep>& sweeps, const std::vector<pa::synth::SweepOutcome>& out) {
  using pa::quality::Severity;
  const int W = 380, H = 250, cols = 3, rows = int(sweeps.size() + cols - 1) / cols;
  cv::Mat img(rows * H, cols * W, CV_8UC3, cv::Scalar(255, 255, 255));
  const auto font = cv::FONT_HERSHEY_SIMPLEX;
  for (std::size_t k = 0; k < sweeps.size(); ++k) {
    const auto& s = sweeps[k];
    cv::Mat panel = img(cv::Rect(int(k % cols) * W, int(k / cols) * H, W, H));
    const int L = 50, R = W - 15, T = 35, B = H - 45;
    const double last = s.levels.back();
    auto X = [&](double l) { return L + int((l - s.clean()) / (last - s.clean()) * (R - L)); };
    auto Y = [&](double share) { return B - int(share * (B - T)); };
    cv::putText(panel, s.kind + " -> " + s.code, {L, 20}, font, 0.5, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    for (double y : {0.0, 0.5, 1.0}) {
      cv::line(panel, {L, Y(y)}, {R, Y(y)}, cv::Scalar(225, 225, 225), 1);
      cv::putText(panel, std::to_string(int(y * 100)) + "%", {8, Y(y) + 4}, font, 0.35, cv::Scalar(90, 90, 90), 1,
                  cv::LINE_AA);
    }
    for (double y : {0.05, 0.95}) cv::line(panel, {L, Y(y)}, {R, Y(y)}, cv::Scalar(200, 230, 200), 1);  // the criteria
    cv::line(panel, {X(s.reject), T}, {X(s.reject), B}, cv::Scalar(40, 40, 220), 2);
    cv::line(panel, {X(s.half()), T}, {X(s.half()), B}, cv::Scalar(0, 150, 255), 1);
    for (double l : s.levels) {
      char t[32];
      std::snprintf(t, sizeof t, "%g", l);
      cv::putText(panel, t, {X(l) - 8, B + 16}, font, 0.35, cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    }
    cv::putText(panel, s.unit, {L, B + 34}, font, 0.38, cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
    auto curve = [&](const std::string& half, Severity at_least, cv::Scalar colour, int width) {
      std::vector<cv::Point> pts;
      for (double l : s.levels) {
        double r = pa::synth::rate(out, s, l, half, at_least).share();
        if (r >= 0) pts.emplace_back(X(l), Y(r));
      }
      cv::polylines(panel, pts, false, colour, width, cv::LINE_AA);
      for (const auto& q : pts) cv::circle(panel, q, width + 1, colour, cv::FILLED, cv::LINE_AA);
    };
    curve("tune", Severity::fail, cv::Scalar(160, 160, 160), 2);
    curve("report", Severity::warn, cv::Scalar(200, 120, 40), 1);
    curve("report", Severity::fail, cv::Scalar(160, 60, 0), 2);
  }
  if (sweeps.size() % cols) {  // the legend, in the first free panel
    cv::Mat panel = img(cv::Rect(int(sweeps.size() % cols) * W, int(sweeps.size() / cols) * H, W, H));
    const std::pair<cv::Scalar, const char*> rows[] = {
        {cv::Scalar(160, 60, 0), "report half: share failing the code"},
        {cv::Scalar(200, 120, 40), "report half: failing or warning"},
        {cv::Scalar(160, 160, 160), "tune half: share failing the code"},
        {cv::Scalar(40, 40, 220), "where a careful reviewer rejects"},
        {cv::Scalar(0, 150, 255), "half of that severity"},
        {cv::Scalar(200, 230, 200), "the criteria: >= 95 % / <= 5 %"}};
    int y = 40;
    for (const auto& [colour, text] : rows) {
      cv::line(panel, {20, y - 4}, {60, y - 4}, colour, 3, cv::LINE_AA);
      cv::putText(panel, text, {70, y}, font, 0.42, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
      y += 26;
    }
    cv::putText(panel, "people whose clean photo fails the code: left out", {20, y + 6}, font, 0.38,
                cv::Scalar(60, 60, 60), 1, cv::LINE_AA);
  }
  return img;
}

int sweep(int argc, char** argv) {
  std::string list = "build/fixtures/people/list.tsv", sweeps_file = "tests/data/sweeps.tsv", root = ".", chart,
              strip_id, strip_dir;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--list" && i + 1 < argc) list = argv[++i];
    else if (a == "--sweeps" && i + 1 < argc) sweeps_file = argv[++i];
    else if (a == "--root" && i + 1 < argc) root = argv[++i];
    else if (a == "--chart" && i + 1 < argc) chart = argv[++i];
    else if (a == "--strip" && i + 2 < argc) { strip_id = argv[++i]; strip_dir = argv[++i]; }
    else return usage();
  }
  try {
    const auto sweeps = pa::synth::read_sweeps(sweeps_file);
    std::vector<pa::synth::SweepPerson> people;
    for (const auto& r : pa::synth::read_list(list))
      if (strip_id.empty() || r.id == strip_id) people.push_back(pa::synth::prepare_person(r.id, r.fifth, r.spec, root));
    if (!strip_id.empty()) {
      if (people.empty()) throw std::runtime_error(strip_id + ": not in " + list);
      for (const auto& s : sweeps) {  // one strip per sweep: the head and shoulders at every level, side by side
        std::vector<cv::Mat> tiles;
        for (double l : s.levels) {
          cv::Mat photo = pa::synth::sweep_photo(people[0].portrait, s.kind, l), tile;
          if (s.kind == "face_width" || s.kind == "clothing_blue" || s.kind == "roll")  // the whole photo
            cv::resize(photo, tile, cv::Size(300, 400), 0, 0, cv::INTER_AREA);
          else  // the face at full size
            tile = photo(cv::Rect(90, 100, 300, 400)).clone();
          char t[32];
          std::snprintf(t, sizeof t, "%g", l);
          cv::putText(tile, t, {8, 22}, cv::FONT_HERSHEY_SIMPLEX, 0.7, cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
          tiles.push_back(tile);
        }
        cv::Mat strip;
        cv::hconcat(tiles, strip);
        const std::string name = strip_dir + "/" + strip_id + "_" + s.kind + ".png";
        if (!cv::imwrite(name, strip)) throw std::runtime_error(name + ": cannot write");
      }
      return 0;
    }
    const auto out = pa::synth::run_sweeps(pa::quality::Engine::instance(), people, sweeps, false, pa::default_jobs());
    using pa::quality::Severity;
    for (const auto& s : sweeps) {
      std::printf("\n**%s → %s** (%s; reviewer rejects from %g, half of it %g)\n\n", s.kind.c_str(), s.code.c_str(),
                  s.unit.c_str(), s.reject, s.half());
      std::printf("| level | tune: fail | tune: fail or warn | report: fail | report: fail or warn |\n|---|---|---|---|---|\n");
      for (double l : s.levels) {
        auto cell = [&](const std::string& half, Severity at) {
          auto r = pa::synth::rate(out, s, l, half, at);
          char t[48];
          std::snprintf(t, sizeof t, "%d/%d", r.hits, r.total);
          return std::string(t);
        };
        std::printf("| %g%s | %s | %s | %s | %s |\n", l, l == s.reject ? " (reject)" : l == s.half() ? " (half)" : "",
                    cell("tune", Severity::fail).c_str(), cell("tune", Severity::warn).c_str(),
                    cell("report", Severity::fail).c_str(), cell("report", Severity::warn).c_str());
      }
    }
    std::printf("\nper photo (person, half, sweep, level, severity, deciding check, its value, every check of the code; "
                "* = its clean photo fails the code: left out):\n");
    std::map<std::string, std::set<std::string>> left_out;  // per sweep kind
    for (const auto& s : sweeps) left_out[s.kind] = pa::synth::left_out(out, s);
    for (const auto& o : out) {
      std::string all;
      for (const auto& [check, value] : o.values) all += " " + check + "=" + std::to_string(value);
      std::printf("%s%s\t%s\t%s\t%g\t%s\t%s\t%.3f\t%s\n", o.person.c_str(),
                  left_out[o.kind].count(o.person) ? "*" : "", o.half.c_str(), o.kind.c_str(), o.level,
                  pa::quality::to_string(o.severity), o.check.c_str(), o.value, all.c_str());
    }
    if (!chart.empty() && !cv::imwrite(chart, sweep_chart(sweeps, out))) throw std::runtime_error(chart + ": cannot write");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sweep: %s\n", e.what());
    return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "sweep") return sweep(argc, argv);
  if (argc >= 2 && std::string(argv[1]) == "angles") return angles(argc, argv);
  if (argc == 5 && std::string(argv[1]) == "frame") {  // frame OUT VIDEO N: one frame of a video
    cv::VideoCapture video(argv[3]);
    cv::Mat img;
    video.set(cv::CAP_PROP_POS_FRAMES, std::stod(argv[4]));
    if (!video.isOpened() || !video.read(img) || img.empty()) {
      std::fprintf(stderr, "%s: no frame %s\n", argv[3], argv[4]);
      return 1;
    }
    return cv::imwrite(argv[2], img) ? 0 : 1;
  }
  if (argc >= 3 && std::string(argv[1]) == "faces") {
    const auto& model = pa::quality::FaceModel::shared();
    for (int i = 2; i < argc; ++i) {
      cv::Mat grey = cv::imread(argv[i], cv::IMREAD_GRAYSCALE);
      if (grey.empty()) { std::fprintf(stderr, "%s: cannot read\n", argv[i]); return 1; }
      for (const auto& f : model.detect(grey, std::max(grey.cols, grey.rows))) {
        if (f.box.width < 80) continue;
        cv::Rect r(int(f.box.x - 0.9 * f.box.width), int(f.box.y - 0.9 * f.box.height), int(2.8 * f.box.width),
                   int(3.2 * f.box.height));
        r &= cv::Rect(0, 0, grey.cols, grey.rows);
        std::printf("%s@%d,%d,%d,%d\tface %.0f px\n", argv[i], r.x, r.y, r.width, r.height, f.box.width);
      }
    }
    return 0;
  }
  if (argc == 4 && std::string(argv[1]) == "compose") {
    cv::Mat img = read_image(argv[3], cv::IMREAD_COLOR);
    if (img.empty()) { std::fprintf(stderr, "%s: cannot read\n", argv[3]); return 1; }
    try {
      auto scene = pa::synth::place(pa::synth::make_portrait(img), pa::synth::kStandardFaceWidth,
                                    pa::synth::kStandardEye);
      return cv::imwrite(argv[2], scene.render(), {cv::IMWRITE_JPEG_QUALITY, 92}) ? 0 : 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", argv[3], e.what());
      return 1;
    }
  }
  if (argc == 4 && std::string(argv[1]) == "glare") {  // glare OUT FILE: the photo with its glare mask in red
    cv::Mat img = read_image(argv[3], cv::IMREAD_COLOR);
    if (img.empty()) { std::fprintf(stderr, "%s: cannot read\n", argv[3]); return 1; }
    pa::quality::Maps maps;
    pa::quality::Engine::instance().analyze(img, pa::quality::FileFacts{}, &maps);
    if (!maps.glare_mask.empty()) img.setTo(cv::Scalar(0, 0, 255), maps.glare_mask > 0.5);
    return cv::imwrite(argv[2], img) ? 0 : 1;
  }
  if (argc == 4 && std::string(argv[1]) == "crop") {  // crop OUT FILE@x,y,w,h: to look at a region
    cv::Mat img = read_image(argv[3], cv::IMREAD_COLOR);
    return img.empty() || !cv::imwrite(argv[2], img) ? 1 : 0;
  }
  if (argc < 3 || std::string(argv[1]) != "pose") return usage();
  int modes = 4;
  std::string write;
  std::vector<std::string> files;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--modes" && i + 1 < argc) modes = std::stoi(argv[++i]);
    else if (a == "--write" && i + 1 < argc) write = argv[++i];
    else files.push_back(a);
  }
  const auto& model = pa::quality::FaceModel::shared();
  std::vector<std::vector<cv::Point2f>> faces;
  std::vector<std::string> used;
  for (const auto& f : files) {
    cv::Mat grey = read_image(f, cv::IMREAD_GRAYSCALE);
    if (grey.empty()) {
      std::fprintf(stderr, "%s: cannot read\n", f.c_str());
      return 1;
    }
    auto found = model.detect(grey, std::max(grey.cols, grey.rows));
    if (found.empty()) {
      std::fprintf(stderr, "%s: no face\n", f.c_str());
      return 1;
    }
    faces.push_back(model.steady_landmarks(grey, found[0].box));
    used.push_back(f.substr(f.find_last_of('/') + 1));
  }
  // Leave one out: each person's frontal face fitted by the model learned on the others.
  double ss_yaw = 0, ss_pitch = 0;
  for (std::size_t i = 0; i < faces.size(); ++i) {
    auto others = faces;
    others.erase(others.begin() + long(i));
    pa::quality::Pose p =
        pa::quality::HeadPoseModel::learn(others, generic_depths_mm(), modes).fit(faces[i]);
    std::fprintf(stderr, "leave-one-out %s: yaw %+.2f pitch %+.2f\n", used[i].c_str(), p.yaw, p.pitch);
    ss_yaw += p.yaw * p.yaw;
    ss_pitch += p.pitch * p.pitch;
  }
  double loo_yaw = std::sqrt(ss_yaw / faces.size()), loo_pitch = std::sqrt(ss_pitch / faces.size());
  std::fprintf(stderr, "leave-one-out RMS (%d modes): yaw %.2f pitch %.2f\n", modes, loo_yaw, loo_pitch);
  auto learned = pa::quality::HeadPoseModel::learn(faces, generic_depths_mm(), modes);
  learned.set_person_sd(loo_yaw, loo_pitch);
  nlohmann::json j = learned.to_json();
  std::string names;
  for (const auto& u : used) names += (names.empty() ? "" : " ") + u;
  j["doc"] = "Deformable face for the head pose (head_pose.h), learned by `photoaudit_tune pose --modes " +
             std::to_string(modes) + "` from the frontal photos of " + std::to_string(used.size()) +
             " people (each also mirrored): " + names +
             ". x, y: frontal layout (inter-eye units); z: generic depths; modes: how the people differ;"
             " person_*_sd: leave-one-out RMS angle of those frontal faces.";
  std::string line = "  \"head_pose_model\": " + j.dump() + "\n";
  if (write.empty()) {
    std::cout << line;
    return 0;
  }
  std::ifstream in(write);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  auto at = s.find("  \"head_pose_model\": ");
  if (at == std::string::npos) {
    std::fprintf(stderr, "%s: no \"head_pose_model\" line to replace\n", write.c_str());
    return 1;
  }
  auto end = s.find('\n', at);
  s.replace(at, end + 1 - at, line);
  std::ofstream(write) << s;
  std::fprintf(stderr, "%s: head_pose_model learned from %zu faces\n", write.c_str(), used.size());
  return 0;
}
