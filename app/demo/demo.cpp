#include "demo/demo.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "demo/synth.h"

namespace pa {

namespace fs = std::filesystem;

std::string find_portrait(const std::string& name) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("PHOTOAUDIT_PORTRAITS")) dirs.emplace_back(env);
  // build/fixtures is beside build/photoaudit (scripts/setup.sh puts the portraits there).
  std::error_code ec;
  if (fs::path exe = fs::read_symlink("/proc/self/exe", ec); !ec) dirs.push_back(exe.parent_path() / "fixtures");
  dirs.emplace_back("/usr/share/matplotlib/mpl-data/sample_data");
  dirs.emplace_back("/usr/lib/python3/dist-packages/skimage/data");
  for (const auto& d : dirs)
    if (fs::exists(d / name)) return (d / name).string();
  throw UserError("找不到演示用人像 " + name + " (demo portrait not found); 请先运行 scripts/setup.sh (run scripts/setup.sh first)");
}

namespace {

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

// The common failures of the notice (附件2), one per student who is not clean, so that every
// overlay of the workstation has something to show. The base is the portrait the engine flags
// most reliably for that failure (see docs/quality.md and the test corpus).
struct DemoFailure {
  const char* degradation;  // synth::degradations()
  const char* base;         // "grace" or "astronaut"
};
const DemoFailure kFailures[] = {
    {"lighting_ramp", "grace"},       // 问题一: one side of the face lit, the other dark
    {"blur_gaussian", "astronaut"},   // 问题三: out of focus
    {"overexposed", "astronaut"},     // 问题四: over-exposed
    {"dark", "astronaut"},            // 问题六: too dark
    {"hot_spots", "grace"},           // 面部高光: specular hot spots on the face
    {"glasses_glare", "astronaut"},   // 眼镜反光: glare on glasses
    {"blur_motion", "grace"},         // camera shake (this one arrives truncated)
    {"shrunk", "astronaut"},          // 问题七: the subject far too small in the frame
    {"rotated", "grace"},             // 歪头: head tilted
    {"clothing_blue", "astronaut"},   // clothes the colour of the background
    {"moire", "grace"},               // a screen photographed (翻拍): a hint, still ok
    {"off_centre", "astronaut"},      // face off-centre in the frame
    {"red_eye", "astronaut"},         // 红眼
    {"wrong_size", "grace"},          // not 480x640 (390x567)
    {"busy_background", "grace"},     // taken at home, not against the backdrop
};

}  // namespace

namespace {

// Creates the demo folder with its marker, or checks that an existing one is the demo's.
void claim_demo_dir(const fs::path& dir) {
  std::error_code ec;
  const fs::path marker = dir / kDemoMarker;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw UserError("演示目录是一个文件，不会覆盖 (the demo folder is a file: refusing to replace it)", dir.string());
    if (fs::exists(marker, ec)) return;
    if (!fs::is_empty(dir, ec) || ec)
      throw UserError("该文件夹不是 photoaudit 的演示文件夹（没有 " + std::string(kDemoMarker) +
                          " 标记），不会在其中写入或删除任何文件；请指定一个新文件夹 (--dir): (this folder was not created "
                          "by photoaudit's demo: nothing in it is replaced; give a new folder with --dir)",
                      dir.string());
  }
  fs::create_directories(dir, ec);
  if (ec) throw UserError("无法创建演示文件夹 (cannot create the demo folder): " + ec.message(), dir.string());
  std::ofstream m(marker);
  m << "photoaudit demo folder: `photoaudit demo` may replace what it wrote here.\n";
  if (!m) throw UserError("无法写入演示文件夹 (cannot write into the demo folder)", dir.string());
}

}  // namespace

void check_demo_db_replaceable(const std::string& db) {
  std::error_code ec;
  const bool exists = fs::exists(db, ec);
  for (const char* suffix : {"-wal", "-shm"})
    if (!exists && fs::exists(db + suffix, ec))
      throw UserError("存在不属于演示审核的文件，不会删除 (a stray file that is not the demo's: refusing to remove it)",
                      db + suffix);
  if (!exists) return;
  std::optional<std::string> mark;
  try {
    mark = open_store_read_only(db)->meta_value(kDemoMetaKey);
  } catch (const UserError&) {
    throw UserError("该文件不是演示审核，不会覆盖；请用 --db 指定另一个文件 (not a demo audit: refusing to replace it; "
                    "give another file with --db)",
                    db);
  }
  if (mark != std::optional<std::string>("1"))
    throw UserError("这是一个真实的审核数据库（不是演示生成的），不会覆盖；请用 --db 指定另一个文件 (a real audit, not the "
                    "demo's: refusing to replace it; give another file with --db)",
                    db);
}

void mark_demo_audit(AuditStore& store) { store.set_meta_value(kDemoMetaKey, "1"); }

DemoBatch write_demo_batch(const std::string& dir_text) {
  const fs::path dir(dir_text);
  claim_demo_dir(dir);
  const fs::path photos = dir / "photos";
  fs::remove_all(photos);  // inside the demo's own folder only
  fs::create_directories(photos);

  // Real portraits composed at the standard framing on the standard light blue (demo/synth.h).
  const synth::Studio studio([](const std::string& file) { return find_portrait(file); });
  int failures = 0;

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
    // A third of the cohort clean, the rest showing one common failure each.
    cv::Mat photo;
    try {
      if (i % 3 == 0) {
        photo = studio.standard_portrait(i % 2 == 0 ? "grace" : "astronaut");
      } else {
        const auto& f = kFailures[failures++ % std::size(kFailures)];
        photo = studio.degrade(f.base, f.degradation);
      }
    } catch (const UserError&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw UserError(std::string("演示人像无法处理 (demo portrait unusable): ") + e.what());
    }
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
