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
//   photoaudit_tune faces FILE...
//       lists the faces the detector finds (width >= 80 px) with a head-and-shoulders region around
//       each, FILE@x,y,w,h (to pick people for tests/data/*.tsv).
//   photoaudit_tune compose OUT FILE[@x,y,w,h]
//       cuts the person out (pa::synth::make_portrait) and places them at the standard geometry
//       (face 220 px wide, eyes level at 240,260) on light blue, 480x640: a compliant photo as the
//       collection centre delivers it, when the person in FILE is one.
// A FILE may name a region, FILE@x,y,w,h: one face of a group photo.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

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
cv::Mat read_image(const std::string& arg, int flags) {
  auto at = arg.rfind('@');
  cv::Mat img = cv::imread(arg.substr(0, at), flags);
  if (img.empty() || at == std::string::npos) return img;
  int x, y, w, h;
  if (std::sscanf(arg.c_str() + at + 1, "%d,%d,%d,%d", &x, &y, &w, &h) != 4) return cv::Mat();
  cv::Rect r = cv::Rect(x, y, w, h) & cv::Rect(0, 0, img.cols, img.rows);
  return r.area() > 0 ? img(r).clone() : cv::Mat();
}

int usage() {
  std::fprintf(stderr, "usage: photoaudit_tune pose [--modes K] [--write quality.json] FILE...\n"
                       "       photoaudit_tune angles [--refine-above A] [--scale K] [--mirror] FILE...\n"
                       "       photoaudit_tune frame OUT VIDEO N\n"
                       "       photoaudit_tune crop OUT FILE@x,y,w,h\n"
                       "       photoaudit_tune faces FILE...\n"
                       "       photoaudit_tune compose OUT FILE[@x,y,w,h]\n");
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

int main(int argc, char** argv) {
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
      auto scene = pa::synth::place(pa::synth::make_portrait(img), 220, {240, 260});
      return cv::imwrite(argv[2], scene.render(), {cv::IMWRITE_JPEG_QUALITY, 92}) ? 0 : 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", argv[3], e.what());
      return 1;
    }
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
