// Hostile and odd input: every photo gives a clear error or a `format` finding, never a crash;
// decompression bombs are refused from their header, before any decoding; odd rosters are parsed
// or refused with the file and line; cells that would be spreadsheet formulas are neutralised.
#include <gtest/gtest.h>
#include <jpeglib.h>
#include <zlib.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "audit_test_util.h"
#include "core/limits.h"
#include "ingest/photos.h"
#include "ingest/roster.h"
#include "quality/engine.h"
#include "review/decisions.h"
#include "review/export.h"

namespace pa::test {
namespace {

using quality::CheckResult;
using quality::Severity;
using quality::Engine;

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  std::uint32_t crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc);
}

// A well-formed PNG header declaring w x h RGB pixels, followed by an IDAT that is not a valid
// zlib stream: anything that tried to decode it would fail with a decoding error, so a "too
// large" verdict proves the header alone refused it.
std::string png_bomb(std::uint32_t w, std::uint32_t h) {
  const std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", "not zlib") +
         png_chunk("IEND", "");
}

// A baseline JPEG header whose SOF declares w x h, then garbage instead of scans.
std::string jpeg_bomb(unsigned w, unsigned h) {
  std::string sof = std::string("\xFF\xC0\x00\x11\x08", 5) + char(h >> 8) + char(h & 0xFF) + char(w >> 8) +
                    char(w & 0xFF) + std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  return std::string("\xFF\xD8", 2) + sof + std::string(64, '\x55') + std::string("\xFF\xD9", 2);
}

std::string encode(const cv::Mat& m, const char* ext) {
  std::vector<uchar> buf;
  cv::imencode(ext, m, buf);
  return std::string(buf.begin(), buf.end());
}

// A CMYK JPEG (what print shops deliver), written with libjpeg.
std::string cmyk_jpeg(int w, int h) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &out, &size);
  c.image_width = static_cast<JDIMENSION>(w);
  c.image_height = static_cast<JDIMENSION>(h);
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_start_compress(&c, TRUE);
  std::vector<unsigned char> row(static_cast<std::size_t>(w) * 4);
  while (c.next_scanline < c.image_height) {
    for (int x = 0; x < w; ++x)
      for (int k = 0; k < 4; ++k) row[static_cast<std::size_t>(x * 4 + k)] = static_cast<unsigned char>((x * (k + 1) + c.next_scanline) % 256);
    JSAMPROW r = row.data();
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::string bytes(reinterpret_cast<char*>(out), size);
  std::free(out);
  return bytes;
}

struct OddImage {
  std::string name;
  std::string bytes;
  bool valid;               // validate_image accepts it (a complete image)
  std::string error_part;   // for invalid ones: part of the error message
};

std::vector<OddImage> odd_images() {
  const std::string good = portrait_jpeg(3);
  cv::Mat colour = cv::imdecode(cv::Mat(1, static_cast<int>(good.size()), CV_8U, const_cast<char*>(good.data())), cv::IMREAD_COLOR);
  cv::Mat grey, deep;
  cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
  colour.convertTo(deep, CV_16UC3, 257);
  return {
      {"zero.jpg", "", false, "empty file"},
      {"text.jpg", "学号,姓名\nthis is a roster, not a photo\n", false, "not a JPEG or PNG"},
      {"truncated.jpg", good.substr(0, good.size() / 2), false, "truncated or corrupt JPEG"},
      {"bomb.png", png_bomb(100000, 100000), false, "too large"},
      {"bomb.jpg", jpeg_bomb(60000, 60000), false, "too large"},
      {"cmyk.jpg", cmyk_jpeg(480, 640), true, ""},
      {"deep.png", encode(deep, ".png"), true, ""},
      {"grey.png", encode(grey, ".png"), true, ""},
      {"grey.jpg", encode(grey, ".jpg"), true, ""},
  };
}

TEST(HostileImages, EachGivesAClearErrorOrAFormatFindingNeverACrash) {
  for (const auto& img : odd_images()) {
    SCOPED_TRACE(img.name);
    ImageInfo info;
    std::string error;
    EXPECT_EQ(validate_image(img.bytes, &info, &error), img.valid) << error;
    if (!img.valid) {
      EXPECT_TRUE(contains(error, img.error_part)) << error;
    }
    const quality::Analysis a = Engine::instance().analyze_bytes(img.bytes);
    const CheckResult* f = a.finding("format");
    ASSERT_NE(f, nullptr) << "every one of these is off-standard";
    EXPECT_EQ(f->severity, Severity::fail) << f->message;
  }
}

TEST(HostileImages, BombsAreRefusedFromTheHeaderBeforeDecoding) {
  for (const std::string& bomb : {png_bomb(9000, 6000), jpeg_bomb(9000, 6000)}) {
    // 54 megapixels: under OpenCV's own limit, over ours. The data after the header does not
    // decode, so only a refusal from the header says "too large".
    const quality::Analysis a = Engine::instance().analyze_bytes(bomb);
    ASSERT_EQ(a.checks.size(), 1u);
    EXPECT_TRUE(contains(a.checks[0].message, "too large")) << a.checks[0].message;
    std::string error;
    EXPECT_FALSE(validate_image(bomb, nullptr, &error));
    EXPECT_TRUE(contains(error, "too large")) << error;
  }
}

TEST(HostileImages, ThePixelLimitIsConfigurable) {
  const std::string photo = portrait_jpeg(1);  // 480 x 640 = 307200 pixels
  std::string error;
  EXPECT_TRUE(validate_image(photo, nullptr, &error, 307200)) << error;
  EXPECT_FALSE(validate_image(photo, nullptr, &error, 307199));
  EXPECT_TRUE(contains(error, "too large")) << error;
  const quality::Analysis a = Engine::instance().analyze_bytes(photo, nullptr, 1000);
  ASSERT_EQ(a.checks.size(), 1u);
  EXPECT_TRUE(contains(a.checks[0].message, "limit 1000 pixels")) << a.checks[0].message;

  TempDir dir;
  write_file(dir / "p" / "2021001.jpg", photo);
  write_file(dir / "r.csv", "学号,姓名\n2021001,王一\n");
  RunResult r = run_cli({"import", "--db", (dir / "a.db").string(), "--photos", (dir / "p").string(), "--roster",
                         (dir / "r.csv").string(), "--max-pixels", "1000", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "too large")) << r.out;
  RunResult c = run_cli({"check", "--max-pixels", "1000", (dir / "p" / "2021001.jpg").string()});
  EXPECT_TRUE(contains(c.out, "too large")) << c.out;
}

TEST(HostileImages, ImportListsEveryBadPhotoAndKeepsTheOddValidOnes) {
  TempDir dir;
  std::string roster = "学号,姓名\n";
  int n = 0;
  std::map<std::string, OddImage> by_student;
  for (auto& img : odd_images()) {
    const std::string no = std::to_string(2021100 + n++);
    roster += no + ",学生" + no + "\n";
    write_file(dir / "photos" / (no + "." + img.name.substr(img.name.rfind('.') + 1)), img.bytes);
    by_student[no] = img;
  }
  // A file larger than any photo may be (sparse: no disk space used).
  const std::string huge_no = std::to_string(2021100 + n);
  roster += huge_no + ",学生\n";
  {
    write_file(dir / "photos" / (huge_no + ".jpg"), portrait_jpeg(1));
    fs::resize_file(dir / "photos" / (huge_no + ".jpg"), kMaxSourceEntryBytes + 1);
  }
  write_file(dir / "roster.csv", roster);
  auto store = create_store((dir / "a.db").string());
  ImportReport r = run_import(*store, dir / "roster.csv", dir / "photos");
  std::map<std::string, std::string> bad;
  for (const auto& b : r.bad_photos) bad[b.student] = b.error;
  for (const auto& [no, img] : by_student) {
    SCOPED_TRACE(img.name);
    EXPECT_EQ(bad.count(no) == 0, img.valid) << bad[no];
    if (!img.valid) {
      EXPECT_TRUE(contains(bad[no], img.error_part)) << bad[no];
    }
  }
  ASSERT_TRUE(bad.count(huge_no));
  EXPECT_EQ(r.photos_imported, 4);
}

// ---- rosters ------------------------------------------------------------------------------

TEST(HostileRosters, OddFilesAreParsedOrRefusedWithFileAndLine) {
  struct Case {
    const char* what;
    std::string bytes;
    int fatal_line;  // -1: parses; 0: refused without a line; n: refused at line n
  };
  const std::string utf16 = std::string("\xFF\xFE", 2) + std::string("\x66\x5B\xF7\x53\n\0", 6);
  const std::vector<Case> cases = {
      {"UTF-16 file", utf16, 0},
      {"binary junk", std::string("\x00\x01\x02\xFF\xFE\x80\x81", 7), 0},
      {"too many cells", "学号,姓名\n2021001,王一,extra\n", 2},
      {"unterminated quote", "学号,姓名\n2021001,\"王一\n", 2},
      {"short row padded", "学号,姓名,学院\n2021001\n", -1},
      {"quotes and newlines", "学号,姓名\n2021001,\"王\"\"一\"\"\n二\"\n", -1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    if (c.fatal_line < 0) {
      Roster r = parse_roster_bytes(c.bytes, "r.csv");
      ASSERT_EQ(r.students.size(), 1u);
      continue;
    }
    UserError e = user_error_from([&] { parse_roster_bytes(c.bytes, "r.csv"); });
    EXPECT_EQ(e.file(), "r.csv") << e.what();
    if (c.fatal_line > 0) {
      EXPECT_EQ(e.line(), c.fatal_line) << e.what();
    }
  }
  Roster quoted = parse_roster_bytes("学号,姓名\n2021001,\"王\"\"一\"\"\n二\"\n", "r.csv");
  EXPECT_EQ(quoted.students[0].name, "王\"一\"\n二");
}

TEST(HostileRosters, FormulaCellsFromTheRosterAreNeutralisedInExports) {
  TempDir dir;
  write_file(dir / "roster.csv",
             "学号,姓名,学院,专业,班级,校区\n"
             "2021001,=HYPERLINK(\"http://x\"),+college,-major,@class,\"=1+2\"\n");
  write_file(dir / "photos" / "2021001.jpg", portrait_jpeg(1));
  auto store = create_store((dir / "a.db").string());
  run_import(*store, dir / "roster.csv", dir / "photos");
  decide(*store, {"2021001", Verdict::reject, {"other"}, "=cmd|' /C calc'!A0", "@alice"});
  const std::string csv = to_csv(build_export(*store, {ExportKind::decisions, {}, false}));
  auto rows = parse_csv(csv.substr(3));
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& cell : rows[1]) {
    if (!cell.empty()) EXPECT_EQ(std::string("=+-@").find(cell[0]), std::string::npos) << "formula cell: " << cell;
  }
  EXPECT_EQ(rows[1][1], "'=HYPERLINK(\"http://x\")");
}

}  // namespace
}  // namespace pa::test
