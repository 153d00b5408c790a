// Tests for app/ingest/photos.h: PhotoSource (folder tree, zip) and validate_image().
#include "ingest/photos.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "test_support.h"

namespace pa {
namespace {

using test::TempDir;
using test::write_file;

// ----------------------------------------------------------------------------------------------
// Helpers
// ----------------------------------------------------------------------------------------------

std::string validate_error(const std::string& bytes, ImageInfo* info = nullptr) {
  std::string error;
  ImageInfo local;
  EXPECT_FALSE(validate_image(bytes, info ? info : &local, &error));
  return error;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

std::string encode(const cv::Mat& m, const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, m, buf, params)) throw std::runtime_error("imencode failed");
  return std::string(buf.begin(), buf.end());
}

cv::Mat decode(const std::string& bytes, int flags = cv::IMREAD_COLOR) {
  std::vector<uchar> buf(bytes.begin(), bytes.end());
  return cv::imdecode(buf, flags);
}

// Offset of the first JPEG marker FF <code> (after SOI), or npos.
std::size_t find_marker(const std::string& jpeg, unsigned char code) {
  for (std::size_t i = 2; i + 1 < jpeg.size(); ++i)
    if (static_cast<unsigned char>(jpeg[i]) == 0xFF && static_cast<unsigned char>(jpeg[i + 1]) == code)
      return i;
  return std::string::npos;
}

std::uint32_t crc32(const std::string& bytes, std::size_t from, std::size_t len) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = from; i < from + len; ++i) {
    c ^= static_cast<unsigned char>(bytes[i]);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void put_be32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

std::uint32_t get_be32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

struct ZipItem {
  std::string name;
  std::string bytes;  // ignored for directory entries (name ending in '/')
  bool store = false; // true: no compression, so the bytes appear verbatim in the archive
};

// Writes a zip with libzip, entries in the given order.
void make_zip(const test::fs::path& path, const std::vector<ZipItem>& items) {
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(z, nullptr) << "zip_open " << code;
  for (const ZipItem& it : items) {
    if (!it.name.empty() && it.name.back() == '/') {
      ASSERT_GE(zip_dir_add(z, it.name.c_str(), ZIP_FL_ENC_UTF_8), 0) << zip_strerror(z);
      continue;
    }
    // The buffers in `items` outlive zip_close(), so libzip need not copy them.
    zip_source_t* src = zip_source_buffer(z, it.bytes.data(), it.bytes.size(), 0);
    ASSERT_NE(src, nullptr) << zip_strerror(z);
    zip_int64_t idx = zip_file_add(z, it.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    ASSERT_GE(idx, 0) << zip_strerror(z);
    if (it.store) {
      ASSERT_EQ(zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0), 0);
    }
  }
  ASSERT_EQ(zip_close(z), 0) << zip_strerror(z);
}

std::vector<std::string> names_of(const PhotoSource& src) {
  std::vector<std::string> names;
  for (const SourceEntry& e : src.entries()) names.push_back(e.name);
  return names;
}

// ----------------------------------------------------------------------------------------------
// validate_image: good images
// ----------------------------------------------------------------------------------------------

TEST(ValidateImage, AcceptsRealJpegPortrait) {
  std::string jpeg = test::portrait_jpeg();
  ImageInfo info;
  std::string error = "stale";
  ASSERT_TRUE(validate_image(jpeg, &info, &error)) << error;
  EXPECT_EQ(error, "");
  EXPECT_EQ(info.format, "jpeg");
  EXPECT_EQ(info.width, 480);   // the full size from the header, not the 1/8 decode size
  EXPECT_EQ(info.height, 640);
  EXPECT_EQ(info.channels, 3);
}

TEST(ValidateImage, AcceptsRealPngPortrait) {
  std::string png = test::portrait_png();
  ImageInfo info;
  std::string error;
  ASSERT_TRUE(validate_image(png, &info, &error)) << error;
  EXPECT_EQ(info.format, "png");
  EXPECT_EQ(info.width, 480);
  EXPECT_EQ(info.height, 640);
  EXPECT_EQ(info.channels, 3);
}

TEST(ValidateImage, AcceptsGreyscaleJpeg) {
  cv::Mat grey;
  cv::cvtColor(decode(test::portrait_jpeg()), grey, cv::COLOR_BGR2GRAY);
  ImageInfo info;
  std::string error;
  ASSERT_TRUE(validate_image(encode(grey, ".jpg"), &info, &error)) << error;
  EXPECT_EQ(info.format, "jpeg");
  EXPECT_EQ(info.width, 480);
  EXPECT_EQ(info.height, 640);
  EXPECT_EQ(info.channels, 1);
}

TEST(ValidateImage, AcceptsProgressiveJpeg) {
  std::string jpeg = encode(decode(test::portrait_jpeg()), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  ImageInfo info;
  std::string error;
  ASSERT_TRUE(validate_image(jpeg, &info, &error)) << error;
  EXPECT_EQ(info.width, 480);
  EXPECT_EQ(info.height, 640);
}

TEST(ValidateImage, PngChannelsFollowColourType) {
  cv::Mat colour = decode(test::portrait_jpeg());
  cv::Mat grey, bgra;
  cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(colour, bgra, cv::COLOR_BGR2BGRA);
  ImageInfo info;
  std::string error;
  ASSERT_TRUE(validate_image(encode(grey, ".png"), &info, &error)) << error;
  EXPECT_EQ(info.channels, 1);
  ASSERT_TRUE(validate_image(encode(bgra, ".png"), &info, &error)) << error;
  EXPECT_EQ(info.channels, 4);
}

TEST(ValidateImage, NullOutputPointersAreAllowed) {
  EXPECT_TRUE(validate_image(test::portrait_jpeg(), nullptr, nullptr));
  EXPECT_FALSE(validate_image("", nullptr, nullptr));
}

// ----------------------------------------------------------------------------------------------
// validate_image: broken JPEGs
// ----------------------------------------------------------------------------------------------

TEST(ValidateImage, RejectsTruncatedJpegThatDecodersHalfRender) {
  const std::string jpeg = test::portrait_jpeg();
  ASSERT_EQ(jpeg.substr(jpeg.size() - 2), "\xFF\xD9");

  // The premise: an ordinary decoder happily shows the first half (grey below).
  std::string half = jpeg.substr(0, jpeg.size() / 2);
  cv::Mat shown = decode(half);
  EXPECT_FALSE(shown.empty()) << "OpenCV no longer renders truncated JPEGs?";

  struct Case {
    const char* what;
    std::size_t keep;
  } cases[] = {
      {"50%", jpeg.size() / 2},
      {"90%", jpeg.size() * 9 / 10},
      {"all but the final FF D9", jpeg.size() - 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ImageInfo info;
    std::string error = validate_error(jpeg.substr(0, c.keep), &info);
    EXPECT_TRUE(contains(error, "JPEG 文件不完整或已损坏 (truncated or corrupt JPEG: ")) << error;
    EXPECT_EQ(info.format, "jpeg");
    EXPECT_EQ(info.width, 480);  // the header was readable
    EXPECT_EQ(info.height, 640);
  }
  EXPECT_EQ(validate_error(half),
            "JPEG 文件不完整或已损坏 (truncated or corrupt JPEG: Premature end of JPEG file)");
}

// validate_image decodes at 1/8 scale for speed. DCT scaling must not skip entropy data: a cut
// anywhere in the scan data, of a baseline or a progressive file, is still found.
TEST(ValidateImage, ScaledDecodeStillCatchesEveryTruncation) {
  const std::string baseline = test::portrait_jpeg(3, 85);
  const std::string progressive =
      encode(decode(baseline), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  for (const std::string* jpeg : {&baseline, &progressive}) {
    SCOPED_TRACE(jpeg == &baseline ? "baseline" : "progressive");
    ASSERT_TRUE(validate_image(*jpeg, nullptr, nullptr));
    std::size_t scan = find_marker(*jpeg, 0xDA);  // first SOS
    ASSERT_NE(scan, std::string::npos);
    int checked = 0;
    const std::size_t step = jpeg->size() / 150;  // ~150 cut points through the scan data
    for (std::size_t keep = scan; keep < jpeg->size(); keep += step, ++checked) {
      std::string error;
      EXPECT_FALSE(validate_image(jpeg->substr(0, keep), nullptr, &error)) << "kept " << keep;
    }
    for (std::size_t cut = 1; cut <= 8; ++cut)
      EXPECT_FALSE(validate_image(jpeg->substr(0, jpeg->size() - cut), nullptr, nullptr))
          << "cut " << cut;
    EXPECT_GT(checked, 100);
  }
}

TEST(ValidateImage, RejectsEmptyFile) {
  ImageInfo info;
  EXPECT_EQ(validate_error("", &info), "文件为空 (empty file)");
  EXPECT_EQ(info.format, "");
}

TEST(ValidateImage, RejectsTextFileNamedJpg) {
  // As the importer sees it: a .jpg in the photo folder that is really a note.
  TempDir dir;
  write_file(dir / "20210001.jpg", "please use the photo from last year\n");
  auto src = PhotoSource::open(dir.path().string());
  ASSERT_EQ(src->entries().size(), 1u);
  EXPECT_TRUE(src->entries()[0].is_photo());
  EXPECT_EQ(validate_error(src->read(0)), "不是 JPEG 或 PNG 图片 (not a JPEG or PNG image)");
}

TEST(ValidateImage, NamesHeicRenamedToJpg) {
  std::string heic("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24);
  heic += random_bytes(200, 1);
  std::string error = validate_error(heic);
  EXPECT_TRUE(contains(error, "不是 JPEG 或 PNG 图片")) << error;
  EXPECT_TRUE(contains(error, "looks like HEIC")) << error;
}

TEST(ValidateImage, RejectsRandomBytesAfterJpegHeader) {
  const std::string jpeg = test::portrait_jpeg();
  // Only the SOI and the start of a marker, then noise.
  for (unsigned seed = 0; seed < 20; ++seed) {
    std::string noise = std::string("\xFF\xD8\xFF\xE0", 4) + random_bytes(50000, seed);
    std::string error = validate_error(noise);
    EXPECT_TRUE(contains(error, "truncated or corrupt JPEG")) << error;
  }
  // Every header and table intact, up to and including the SOS header; the scan data is noise.
  std::size_t sos = find_marker(jpeg, 0xDA);
  ASSERT_NE(sos, std::string::npos);
  std::size_t sos_len = (static_cast<unsigned char>(jpeg[sos + 2]) << 8) |
                        static_cast<unsigned char>(jpeg[sos + 3]);
  std::string headers = jpeg.substr(0, sos + 2 + sos_len);
  for (unsigned seed = 0; seed < 20; ++seed) {
    std::string noisy = headers + random_bytes(jpeg.size() - headers.size(), 100 + seed);
    ImageInfo info;
    std::string error = validate_error(noisy, &info);
    EXPECT_TRUE(contains(error, "truncated or corrupt JPEG")) << error;
    EXPECT_EQ(info.width, 480);
  }
}

TEST(ValidateImage, RejectsJpegDeclaringHugeDimensionsBeforeDecoding) {
  std::string jpeg = test::portrait_jpeg();
  std::size_t sof = find_marker(jpeg, 0xC0);  // baseline SOF0: FF C0 len(2) P(1) H(2) W(2)
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = '\x27';  // height 0x2710 = 10000
  jpeg[sof + 6] = '\x10';
  jpeg[sof + 7] = '\x27';  // width 10000
  jpeg[sof + 8] = '\x10';
  ImageInfo info;
  EXPECT_EQ(validate_error(jpeg, &info), "图片尺寸过大 (image too large: 10000x10000)");
  EXPECT_EQ(info.width, 10000);
}

// ----------------------------------------------------------------------------------------------
// validate_image: broken PNGs
// ----------------------------------------------------------------------------------------------

TEST(ValidateImage, RejectsTruncatedPng) {
  const std::string png = test::portrait_png();
  for (std::size_t keep : {png.size() / 2, png.size() * 9 / 10, png.size() - 12 /* no IEND */,
                           png.size() - 1, std::size_t{30}}) {
    SCOPED_TRACE(keep);
    ImageInfo info;
    std::string error = validate_error(png.substr(0, keep), &info);
    EXPECT_TRUE(contains(error, "PNG 文件不完整或已损坏 (truncated or corrupt PNG: ")) << error;
    EXPECT_EQ(info.format, "png");
  }
  EXPECT_EQ(validate_error(png.substr(0, png.size() / 2)),
            "PNG 文件不完整或已损坏 (truncated or corrupt PNG: unexpected end of file)");
}

TEST(ValidateImage, RejectsPngWithFlippedIdatByte) {
  const std::string png = test::portrait_png();
  std::size_t idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  std::uint32_t len = get_be32(png, idat - 4);
  ASSERT_GT(len, 100u);

  // One bit in the middle of the compressed data: the chunk CRC no longer matches (inflate may
  // trip over the damaged data before libpng reaches the CRC; either way it is an error).
  std::string damaged = png;
  damaged[idat + 4 + len / 2] ^= 0x01;
  std::string error = validate_error(damaged);
  EXPECT_TRUE(contains(error, "PNG 文件不完整或已损坏 (truncated or corrupt PNG: ")) << error;

  // One bit in the stored CRC itself: the pixels inflate fine, only the CRC check can tell.
  damaged = png;
  damaged[idat + 4 + len] ^= 0x01;
  EXPECT_EQ(validate_error(damaged), "PNG 文件不完整或已损坏 (truncated or corrupt PNG: IDAT: CRC error)");
}

// libpng by default only warns about (and drops) an ancillary chunk with a bad CRC; here any
// damaged chunk makes the file corrupt.
TEST(ValidateImage, RejectsPngWithBadAncillaryChunkCrc) {
  const std::string png = test::portrait_png();
  ASSERT_EQ(png.substr(12, 4), "IHDR");
  std::string text = "tEXtComment";
  text += '\0';
  text += "photo of 20210001";
  std::string chunk(4, '\0');
  put_be32(chunk, 0, static_cast<std::uint32_t>(text.size() - 4));
  chunk += text;
  chunk += std::string(4, '\0');
  put_be32(chunk, chunk.size() - 4, crc32(chunk, 4, text.size()));

  std::string good = png;
  good.insert(33, chunk);  // right after IHDR (8 signature + 25 IHDR chunk)
  std::string error;
  EXPECT_TRUE(validate_image(good, nullptr, &error)) << error;

  std::string bad = good;
  bad[33 + chunk.size() - 1] ^= 0x01;
  EXPECT_EQ(validate_error(bad), "PNG 文件不完整或已损坏 (truncated or corrupt PNG: tEXt: CRC error)");
}

TEST(ValidateImage, RejectsPngDeclaringHugeDimensions) {
  std::string png = test::portrait_png();
  ASSERT_EQ(png.substr(12, 4), "IHDR");
  put_be32(png, 16, 20000);  // width
  put_be32(png, 20, 20000);  // height
  put_be32(png, 29, crc32(png, 12, 17));  // keep the IHDR CRC valid
  ImageInfo info;
  EXPECT_EQ(validate_error(png, &info), "图片尺寸过大 (image too large: 20000x20000)");
}

TEST(ValidateImage, RejectsPngWithBrokenSignature) {
  std::string png = test::portrait_png();
  png.erase(4, 1);  // "\r\n" -> "\n", as a text-mode transfer would do
  std::string error = validate_error(png);
  EXPECT_TRUE(contains(error, "PNG 文件不完整或已损坏")) << error;
}

// ----------------------------------------------------------------------------------------------
// validate_image: hostile input
// ----------------------------------------------------------------------------------------------

TEST(ValidateImage, SurvivesHostileInputSilently) {
  const std::string jpeg = test::portrait_jpeg(1, 80);
  const std::string png = test::portrait_png(1);
  std::mt19937 rng(12345);
  std::vector<std::string> inputs;
  for (unsigned i = 0; i < 40; ++i) {
    inputs.push_back(random_bytes(rng() % 4096, i));
    inputs.push_back(std::string("\xFF\xD8\xFF", 3) + random_bytes(rng() % 4096, 1000 + i));
    inputs.push_back(std::string("\x89PNG\r\n\x1A\n", 8) + random_bytes(rng() % 4096, 2000 + i));
    // Valid files with a few random bytes overwritten, and random cuts.
    for (const std::string* base : {&jpeg, &png}) {
      std::string m = *base;
      for (int k = 0; k < 1 + static_cast<int>(i % 8); ++k)
        m[rng() % m.size()] = static_cast<char>(rng() & 0xFF);
      inputs.push_back(m);
      inputs.push_back(base->substr(0, rng() % base->size()));
    }
  }
  inputs.push_back("\xFF");
  inputs.push_back(std::string("\xFF\xD8\xFF", 3));
  inputs.push_back("\x89PNG");

  testing::internal::CaptureStderr();
  int rejected = 0;
  for (const std::string& in : inputs) {
    ImageInfo info;
    std::string error;
    if (!validate_image(in, &info, &error)) {
      ++rejected;
      EXPECT_FALSE(error.empty());
      EXPECT_EQ(error.find('\n'), std::string::npos) << error;  // one line
    }
  }
  std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "") << "libjpeg/libpng must stay silent";
  EXPECT_GT(rejected, static_cast<int>(inputs.size()) * 3 / 4);
}

// ----------------------------------------------------------------------------------------------
// PhotoSource: entries
// ----------------------------------------------------------------------------------------------

TEST(PhotoSourceEntry, StemAndExtension) {
  SourceEntry e = make_source_entry("2021/计算机/20210001.JPG", 7);
  EXPECT_EQ(e.name, "2021/计算机/20210001.JPG");
  EXPECT_EQ(e.stem, "20210001");
  EXPECT_EQ(e.ext_lower, "jpg");
  EXPECT_EQ(e.size, 7u);
  EXPECT_TRUE(e.is_photo());

  e = make_source_entry("a/b.c/archive.tar.gz", 0);
  EXPECT_EQ(e.stem, "archive.tar");
  EXPECT_EQ(e.ext_lower, "gz");
  EXPECT_FALSE(e.is_photo());

  e = make_source_entry("x/.DS_Store", 0);
  EXPECT_EQ(e.stem, ".DS_Store");
  EXPECT_EQ(e.ext_lower, "");

  e = make_source_entry("README", 0);
  EXPECT_EQ(e.stem, "README");
  EXPECT_EQ(e.ext_lower, "");

  e = make_source_entry("张三.", 0);
  EXPECT_EQ(e.stem, "张三");
  EXPECT_EQ(e.ext_lower, "");
}

// ----------------------------------------------------------------------------------------------
// PhotoSource: folder tree
// ----------------------------------------------------------------------------------------------

TEST(PhotoSourceDir, ListsEveryFileRecursivelySortedWithStems) {
  TempDir dir;
  const std::string jpeg = test::portrait_jpeg(1), png = test::portrait_png(2);
  write_file(dir / "2021/计算机/20210001.JPG", jpeg);
  write_file(dir / "2021/20210002.jpeg", jpeg);
  write_file(dir / "20210003.png", png);
  write_file(dir / "notes.txt", "ask about 20210004");
  write_file(dir / ".DS_Store", std::string(8, '\0'));
  write_file(dir / "__MACOSX/2021/._20210002.jpeg", "AppleDouble");
  test::fs::create_directories(dir / "empty/sub");

  for (std::string root : {dir.path().string(), dir.path().string() + "/"}) {
    SCOPED_TRACE(root);
    auto src = PhotoSource::open(root);
    EXPECT_EQ(src->describe(), root);
    std::vector<std::string> expected = {
        ".DS_Store",
        "2021/20210002.jpeg",
        "2021/计算机/20210001.JPG",
        "20210003.png",
        "__MACOSX/2021/._20210002.jpeg",
        "notes.txt",
    };
    ASSERT_EQ(names_of(*src), expected);

    const auto& e = src->entries();
    EXPECT_EQ(e[0].stem, ".DS_Store");
    EXPECT_FALSE(e[0].is_photo());
    EXPECT_EQ(e[1].stem, "20210002");
    EXPECT_EQ(e[1].ext_lower, "jpeg");
    EXPECT_EQ(e[2].stem, "20210001");
    EXPECT_EQ(e[2].ext_lower, "jpg");
    EXPECT_TRUE(e[2].is_photo());
    EXPECT_EQ(e[2].size, jpeg.size());
    EXPECT_EQ(e[3].stem, "20210003");
    EXPECT_EQ(e[3].ext_lower, "png");
    EXPECT_EQ(e[4].stem, "._20210002");
    EXPECT_TRUE(e[4].is_photo());  // listed as a photo; validation will reject it
    EXPECT_EQ(e[5].stem, "notes");
    EXPECT_EQ(e[5].ext_lower, "txt");

    EXPECT_EQ(src->read(2), jpeg);
    EXPECT_EQ(src->read(3), png);
    EXPECT_EQ(src->read(5), "ask about 20210004");
    EXPECT_EQ(src->read(0), std::string(8, '\0'));
    EXPECT_THROW(src->read(6), std::out_of_range);
  }
}

TEST(PhotoSourceDir, EmptyFolderHasNoEntries) {
  TempDir dir;
  auto src = PhotoSource::open(dir.path().string());
  EXPECT_TRUE(src->entries().empty());
}

TEST(PhotoSourceDir, FileDeletedAfterListingGivesUserErrorNamingIt) {
  TempDir dir;
  write_file(dir / "a/20210001.jpg", "x");
  auto src = PhotoSource::open(dir.path().string());
  test::fs::remove(dir / "a/20210001.jpg");
  try {
    src->read(0);
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_TRUE(contains(e.what(), "a/20210001.jpg")) << e.what();
  }
}

// ----------------------------------------------------------------------------------------------
// PhotoSource: zip
// ----------------------------------------------------------------------------------------------

TEST(PhotoSourceZip, ListsFilesSkipsDirectoriesAndReadsIdenticalBytes) {
  TempDir dir;
  const std::vector<ZipItem> items = {
      {"2021/", "", false},
      {"2021/计算机/", "", false},
      {"2021/计算机/张三_20210001.JPG", test::portrait_jpeg(1), false},
      {"2021/20210002.jpeg", test::portrait_jpeg(2), true},
      {"20210003.png", test::portrait_png(3), false},
      {"notes.txt", "hello", false},
      {"__MACOSX/._20210003.png", "AppleDouble", false},
      {"empty.jpg", "", false},
  };
  const auto zip_path = dir / "Photos 2021.ZIP";  // extension in any case
  make_zip(zip_path, items);

  auto src = PhotoSource::open(zip_path.string());
  EXPECT_EQ(src->describe(), zip_path.string());
  std::vector<std::string> expected = {
      "2021/20210002.jpeg", "2021/计算机/张三_20210001.JPG", "20210003.png",
      "__MACOSX/._20210003.png", "empty.jpg", "notes.txt",
  };
  ASSERT_EQ(names_of(*src), expected);
  const auto& e = src->entries();
  EXPECT_EQ(e[1].stem, "张三_20210001");
  EXPECT_EQ(e[1].ext_lower, "jpg");
  EXPECT_EQ(e[0].stem, "20210002");
  EXPECT_EQ(e[0].ext_lower, "jpeg");
  EXPECT_EQ(e[4].size, 0u);

  for (std::size_t i = 0; i < e.size(); ++i) {
    auto it = std::find_if(items.begin(), items.end(),
                           [&](const ZipItem& z) { return z.name == e[i].name; });
    ASSERT_NE(it, items.end());
    EXPECT_EQ(e[i].size, it->bytes.size()) << e[i].name;
    EXPECT_EQ(src->read(i), it->bytes) << e[i].name;
  }
  EXPECT_TRUE(validate_image(src->read(1), nullptr, nullptr));
  EXPECT_THROW(src->read(e.size()), std::out_of_range);
}

TEST(PhotoSourceZip, ConcurrentReadsFromFourThreadsGiveCorrectBytes) {
  TempDir dir;
  std::vector<ZipItem> items;
  for (int i = 0; i < 24; ++i)
    items.push_back({"photos/" + std::to_string(20210000 + i) + ".jpg",
                     test::portrait_jpeg(i, 70 + i), i % 3 == 0});
  const auto zip_path = dir / "photos.zip";
  make_zip(zip_path, items);
  auto src = PhotoSource::open(zip_path.string());
  ASSERT_EQ(src->entries().size(), items.size());  // names sort in the order written

  std::vector<int> mismatches(4, 0), errors(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int round = 0; round < 10; ++round) {
        std::vector<std::size_t> order(items.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t i : order) {
          try {
            if (src->read(i) != items[i].bytes) ++mismatches[t];
          } catch (...) {
            ++errors[t];
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
    EXPECT_EQ(errors[t], 0) << "thread " << t;
  }
}

TEST(PhotoSourceZip, DamagedEntryGivesUserErrorNamingEntry) {
  TempDir dir;
  const std::string payload = test::portrait_jpeg(5);
  const auto zip_path = dir / "photos.zip";
  make_zip(zip_path, {{"ok.txt", "fine", true}, {"2021/20210001.jpg", payload, true}});
  std::string archive = test::read_file(zip_path);
  std::size_t at = archive.find(payload.substr(1000, 64));  // stored: the bytes are verbatim
  ASSERT_NE(at, std::string::npos);
  archive[at + 10] ^= 0x40;
  write_file(zip_path, archive);

  auto src = PhotoSource::open(zip_path.string());
  ASSERT_EQ(names_of(*src), (std::vector<std::string>{"2021/20210001.jpg", "ok.txt"}));
  EXPECT_EQ(src->read(1), "fine");
  try {
    src->read(0);
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_TRUE(contains(e.what(), "photos.zip/2021/20210001.jpg")) << e.what();
    EXPECT_TRUE(contains(e.what(), "zip 条目已损坏 (corrupt zip entry")) << e.what();
  }
}

TEST(PhotoSourceZip, NonZipWithZipExtensionGivesUserError) {
  TempDir dir;
  const auto path = dir / "photos.zip";
  write_file(path, "this is not a zip archive");
  try {
    PhotoSource::open(path.string());
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_TRUE(contains(e.message(), "zip 无法打开 (cannot open zip: ")) << e.message();
  }
}

// ----------------------------------------------------------------------------------------------
// PhotoSource: not a source
// ----------------------------------------------------------------------------------------------

TEST(PhotoSourceOpen, MissingPathGivesUserErrorNamingPath) {
  TempDir dir;
  const std::string missing = (dir / "no-such-folder").string();
  try {
    PhotoSource::open(missing);
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.message(), "照片来源不存在 (photo source not found)");
    EXPECT_EQ(e.file(), missing);
    EXPECT_TRUE(contains(e.what(), missing));
  }
}

TEST(PhotoSourceOpen, PlainTextFileGivesUserErrorNamingPath) {
  TempDir dir;
  const std::string path = (dir / "roster.txt").string();
  write_file(path, "20210001,张三\n");
  try {
    PhotoSource::open(path);
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.message(), "不是文件夹或 zip (not a folder or a .zip)");
    EXPECT_TRUE(contains(e.what(), path));
  }
}

// Zip tools on Chinese Windows write GBK/GB18030 names without the UTF-8 flag.
TEST(PhotoSourceZip, DecodesLegacyGb18030EntryNames) {
  test::TempDir dir;
  const auto zip_path = dir / "batch.zip";
  const std::string utf8_name = "照片/王堃.jpg";
  const std::string gb_name = test::to_gb18030(utf8_name);
  ASSERT_NE(gb_name, utf8_name);
  const std::string jpeg = test::portrait_jpeg(3);
  int code = 0;
  zip_t* z = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(z, nullptr);
  zip_source_t* src = zip_source_buffer(z, jpeg.data(), jpeg.size(), 0);
  ASSERT_GE(zip_file_add(z, gb_name.c_str(), src, ZIP_FL_ENC_RAW), 0) << zip_strerror(z);
  ASSERT_EQ(zip_close(z), 0);

  auto source = PhotoSource::open(zip_path.string());
  ASSERT_EQ(source->entries().size(), 1u);
  EXPECT_EQ(source->entries()[0].name, utf8_name);
  EXPECT_EQ(source->entries()[0].stem, "王堃");
  EXPECT_EQ(source->read(0), jpeg);
}

}  // namespace
}  // namespace pa
