#include "review/demo.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "core/error.h"
#include "core/text.h"

#ifndef PHOTOAUDIT_SOURCE_DIR
#define PHOTOAUDIT_SOURCE_DIR "."
#endif

namespace pa {

namespace fs = std::filesystem;

std::string find_portrait(const std::string& name) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("PHOTOAUDIT_PORTRAITS")) dirs.emplace_back(env);
  dirs.emplace_back(fs::path(PHOTOAUDIT_SOURCE_DIR) / "build" / "fixtures");
  dirs.emplace_back("/usr/share/matplotlib/mpl-data/sample_data");
  dirs.emplace_back("/usr/lib/python3/dist-packages/skimage/data");
  for (const auto& d : dirs)
    if (fs::exists(d / name)) return (d / name).string();
  throw UserError("找不到演示用人像 " + name + " (demo portrait not found); 请先运行 scripts/setup.sh (run scripts/setup.sh first)");
}

namespace {

// 480x640 (3:4) crop of a portrait, head centred.
cv::Mat standard_crop(const cv::Mat& m, double top_fraction) {
  const double scale = std::max(480.0 / m.cols, 640.0 / (m.rows * (1.0 - top_fraction)));
  cv::Mat r;
  cv::resize(m, r, cv::Size(), scale, scale, cv::INTER_AREA);
  const int x = (r.cols - 480) / 2;
  const int y = std::min(static_cast<int>(r.rows * top_fraction), r.rows - 640);
  return r(cv::Rect(x, y, 480, 640)).clone();
}

void write_jpeg(const fs::path& p, const cv::Mat& m, int quality = 90) {
  cv::imwrite(p.string(), m, {cv::IMWRITE_JPEG_QUALITY, quality});
}

// ISO 7064 MOD 11-2 check character for the first 17 digits.
char id_check_char(const std::string& first17) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * w[i];
  return "10X98765432"[sum % 11];
}

struct DemoPerson {
  const char* name;
  const char* gender;
};

// Names include rare characters (𠈌 is outside the BMP) that the GUI font must render.
const DemoPerson kPeople[] = {
    {"王𠈌", "男"}, {"李堃", "男"}, {"张喆", "男"}, {"陈赟", "女"}, {"刘犇", "男"}, {"赵燚", "男"},
    {"黄淼", "女"}, {"周鑫", "男"}, {"吴垚", "男"}, {"徐龑", "男"}, {"孙䶮", "男"}, {"马骉", "男"},
    {"朱昇", "男"}, {"胡玥", "女"}, {"郭珺", "女"}, {"何琤", "女"}, {"高彧", "男"}, {"林翀", "男"},
    {"罗璟", "女"}, {"郑晞", "女"}, {"梁旻", "男"}, {"谢婧", "女"}, {"宋祎", "女"}, {"唐颢", "男"},
};

const char* kColleges[][3] = {
    {"水利水电学院", "水利水电工程", "南京校区"},
    {"计算机与软件学院", "软件工程", "南京校区"},
    {"商学院", "会计学", "常州校区"},
    {"机电工程学院", "机械工程", "常州校区"},
};

// The common failures of the notice (附件2), applied to a real portrait so that every overlay of
// the workstation has something to show. Index 0 is the photo as taken.
cv::Mat degrade(const cv::Mat& src, int kind) {
  cv::Mat out = src.clone();
  switch (kind) {
    case 1: {  // 问题一: one side of the face lit, the other dark
      cv::Mat ramp(src.size(), CV_32FC3);
      for (int x = 0; x < src.cols; ++x)
        ramp.col(x).setTo(cv::Scalar::all(0.35 + 0.9 * x / src.cols));
      cv::Mat f;
      src.convertTo(f, CV_32FC3);
      cv::multiply(f, ramp, f);
      f.convertTo(out, CV_8UC3);
      break;
    }
    case 2:  // 问题三: out of focus
      cv::GaussianBlur(src, out, {0, 0}, 4.0);
      break;
    case 3:  // 问题四: over-exposed
      src.convertTo(out, -1, 1.6, 60);
      break;
    case 4:  // 问题六: too dark
      src.convertTo(out, -1, 0.35, -10);
      break;
    case 5:  // 问题七: the subject far too small in the frame
      out.setTo(cv::Scalar(255, 197, 100));
      cv::resize(src, out(cv::Rect(150, 260, 180, 240)), {180, 240}, 0, 0, cv::INTER_AREA);
      break;
    case 6: {  // head tilted (歪头)
      cv::Mat rot = cv::getRotationMatrix2D({src.cols / 2.0f, src.rows / 2.5f}, 14, 1.0);
      cv::warpAffine(src, out, rot, src.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      break;
    }
    case 7:  // specular hot spots on the face (面部高光)
      for (int k = 0; k < 6; ++k)
        cv::circle(out, {200 + 18 * k, 300 + (k % 2) * 30}, 7, cv::Scalar::all(255), cv::FILLED, cv::LINE_AA);
      break;
    default:
      break;
  }
  return out;
}
constexpr int kDegradations = 8;

}  // namespace

DemoBatch write_demo_batch(const std::string& dir_text) {
  const fs::path dir(dir_text);
  const fs::path photos = dir / "photos";
  fs::remove_all(photos);
  fs::create_directories(photos);

  const cv::Mat hopper = cv::imread(find_portrait("grace_hopper.jpg"), cv::IMREAD_COLOR);
  const cv::Mat astronaut = cv::imread(find_portrait("astronaut.png"), cv::IMREAD_COLOR);
  if (hopper.empty() || astronaut.empty()) throw UserError("演示人像无法解码 (demo portrait unreadable)");
  const cv::Mat base[2] = {standard_crop(hopper, 0.0), standard_crop(astronaut, 0.0)};

  std::string csv = "学号,姓名,性别,身份证号,学院,专业,班级,校区,联系电话\r\n";
  const int n = static_cast<int>(std::size(kPeople));
  for (int i = 0; i < n; ++i) {
    const auto& college = kColleges[i % 4];
    const std::string no = "21" + std::to_string(10 + i % 4) + "0101" + (i < 9 ? "0" : "") + std::to_string(i + 1);
    std::string id17 = "32010219030" + std::string(1, static_cast<char>('1' + i % 9)) + "12" +
                       std::to_string(100 + i);
    std::string id = id17 + id_check_char(id17);
    if (i == 5) id.back() = id.back() == '0' ? '1' : '0';  // a typo the import warns about
    csv += no + "," + kPeople[i].name + "," + kPeople[i].gender + "," + id + "," + college[0] + "," +
           college[1] + "," + college[1] + "2101," + college[2] + ",138" + std::to_string(10000000 + i) + "\r\n";

    if (i == 7) continue;  // never submitted a photo
    cv::Mat photo;
    // A third of the cohort as taken, the rest showing one common failure each.
    photo = degrade(base[i % 2], i % 3 == 0 ? 0 : 1 + i % (kDegradations - 1));
    // Photos are named by 学号, a few by 身份证号 as some collection exports do.
    const std::string stem = (i % 6 == 3) ? id : no;
    if (i == 11) {  // a transfer cut short: a truncated JPEG
      std::vector<uchar> buf;
      cv::imencode(".jpg", photo, buf);
      std::ofstream(photos / (stem + ".jpg"), std::ios::binary)
          .write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(buf.size() / 2));
      continue;
    }
    write_jpeg(photos / (stem + (i % 8 == 2 ? ".JPG" : ".jpg")), photo);
  }
  std::ofstream(photos / "说明.txt") << "collection centre notes\n";
  std::ofstream(photos / "Thumbs.db") << "x";

  DemoBatch b;
  b.roster = (dir / "roster.csv").string();
  b.photos = photos.string();
  b.students = n;
  const std::string gb = utf8_to_gb18030(csv);
  std::ofstream(b.roster, std::ios::binary | std::ios::trunc).write(gb.data(), static_cast<std::streamsize>(gb.size()));
  return b;
}

}  // namespace pa
