#include "quality/file_facts.h"

#include <cstdint>
#include <vector>

#include <opencv2/imgcodecs.hpp>

namespace pa::quality {

namespace {

using u8 = unsigned char;

struct Reader {
  std::string_view b;
  bool little = false;  // TIFF byte order
  bool ok(std::size_t at, std::size_t n) const { return at <= b.size() && n <= b.size() - at; }
  unsigned be16(std::size_t at) const {
    return (u8(b[at]) << 8) | u8(b[at + 1]);
  }
  std::uint32_t be32(std::size_t at) const {
    return (std::uint32_t(u8(b[at])) << 24) | (u8(b[at + 1]) << 16) | (u8(b[at + 2]) << 8) |
           u8(b[at + 3]);
  }
  unsigned t16(std::size_t at) const {
    return little ? (u8(b[at]) | (u8(b[at + 1]) << 8)) : be16(at);
  }
  std::uint32_t t32(std::size_t at) const {
    return little ? (std::uint32_t(u8(b[at])) | (u8(b[at + 1]) << 8) | (u8(b[at + 2]) << 16) |
                     (std::uint32_t(u8(b[at + 3])) << 24))
                  : be32(at);
  }
};

// Orientation tag (0x0112) of IFD0 in an EXIF APP1 payload starting at `tiff` (the TIFF header).
int exif_orientation(std::string_view seg) {
  if (seg.size() < 14 || seg.substr(0, 6) != std::string_view("Exif\0\0", 6)) return 1;
  Reader r{seg.substr(6)};
  if (!r.ok(0, 8)) return 1;
  if (r.b.substr(0, 2) == "II") r.little = true;
  else if (r.b.substr(0, 2) != "MM") return 1;
  std::uint32_t ifd = r.t32(4);
  if (!r.ok(ifd, 2)) return 1;
  unsigned n = r.t16(ifd);
  for (unsigned i = 0; i < n; ++i) {
    std::size_t e = ifd + 2 + 12 * std::size_t(i);
    if (!r.ok(e, 12)) return 1;
    if (r.t16(e) == 0x0112) {
      unsigned v = r.t16(e + 8);
      return (v >= 1 && v <= 8) ? int(v) : 1;
    }
  }
  return 1;
}

void sniff_jpeg(std::string_view b, FileFacts& f) {
  Reader r{b};
  std::size_t at = 2;
  while (r.ok(at, 4)) {
    if (u8(b[at]) != 0xFF) return;
    unsigned marker = u8(b[at + 1]);
    if (marker == 0xFF) { ++at; continue; }          // fill byte
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) { at += 2; continue; }
    if (marker == 0xD9 || marker == 0xDA) return;   // end of image / start of scan
    unsigned len = r.be16(at + 2);
    if (len < 2 || !r.ok(at + 2, len)) return;
    std::string_view payload = b.substr(at + 4, len - 2);
    bool sof = (marker >= 0xC0 && marker <= 0xCF) && marker != 0xC4 && marker != 0xC8 &&
               marker != 0xCC;
    if (marker == 0xE1) {
      int o = exif_orientation(payload);
      if (o != 1) f.exif_orientation = o;
    } else if (sof && payload.size() >= 6) {
      Reader p{payload};
      f.bits = u8(payload[0]);
      f.height = int(p.be16(1));
      f.width = int(p.be16(3));
      f.channels = u8(payload[5]);
    }
    at += 2 + len;
  }
}

void sniff_png(std::string_view b, FileFacts& f) {
  // signature (8) + length (4) + "IHDR" (4) + width, height, depth, colour type
  Reader r{b};
  if (!r.ok(8, 8 + 13) || b.substr(12, 4) != "IHDR") return;
  f.width = int(r.be32(16));
  f.height = int(r.be32(20));
  f.bits = u8(b[24]);
  switch (u8(b[25])) {
    case 0: f.channels = 1; break;  // grey
    case 2: f.channels = 3; break;  // RGB
    case 3: f.channels = 3; break;  // palette
    case 4: f.channels = 2; break;  // grey + alpha
    case 6: f.channels = 4; break;  // RGBA
    default: f.channels = 0;
  }
}

}  // namespace

FileFacts sniff_file(std::string_view bytes) {
  FileFacts f;
  f.known = true;
  f.bytes = bytes.size();
  f.container = "other";
  if (bytes.size() >= 3 && u8(bytes[0]) == 0xFF && u8(bytes[1]) == 0xD8 && u8(bytes[2]) == 0xFF) {
    f.container = "jpeg";
    sniff_jpeg(bytes, f);
  } else if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    f.container = "png";
    sniff_png(bytes, f);
  }
  return f;
}

cv::Mat apply_orientation(const cv::Mat& img, int o) {
  cv::Mat out;
  switch (o) {
    case 2: cv::flip(img, out, 1); break;
    case 3: cv::rotate(img, out, cv::ROTATE_180); break;
    case 4: cv::flip(img, out, 0); break;
    case 5: cv::transpose(img, out); break;
    case 6: cv::rotate(img, out, cv::ROTATE_90_CLOCKWISE); break;
    case 7: cv::transpose(img, out); cv::rotate(out, out, cv::ROTATE_180); break;
    case 8: cv::rotate(img, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: out = img;
  }
  return out;
}

cv::Mat decode_upright(std::string_view bytes, FileFacts* facts) {
  FileFacts f = sniff_file(bytes);
  if (facts) *facts = f;
  if (bytes.empty()) return {};
  cv::Mat buf(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  cv::Mat img = cv::imdecode(buf, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
  if (img.empty()) return img;
  return apply_orientation(img, f.exif_orientation);
}

}  // namespace pa::quality
