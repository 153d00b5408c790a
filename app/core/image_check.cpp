// validate_image(): is this byte string one complete JPEG or PNG image?
//
// "Complete" is stricter than "a decoder shows something": browsers and most viewers render a
// truncated JPEG with a grey lower half and say nothing. Here the whole entropy-coded stream must
// decode without a single libjpeg warning, and a PNG must inflate completely and carry a valid
// CRC on every chunk up to IEND; and the file must end at its end marker (EOI, IEND).
//
// Both libraries report errors by longjmp. To keep that well-defined in C++:
//   - the function that calls setjmp (run_jpeg / run_png) has no local objects with destructors
//     and no locals that change after setjmp: all state lives in a plain struct owned by the
//     caller (JpegJob / PngJob), which also releases the library's resources after a jump;
//   - the error callbacks copy the message into that struct and jump; nothing is ever printed.
#include "core/image_check.h"

#include <jpeglib.h>
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace pa {

namespace {

using namespace std::string_view_literals;

bool starts_with(std::string_view bytes, std::string_view magic, std::size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

// Names common formats that are not JPEG/PNG, so the message can say what the file really is
// (an iPhone HEIC photo renamed to .jpg is the usual case). nullptr when unknown.
const char* sniff_other_format(std::string_view b) {
  if (starts_with(b, "ftyp"sv, 4) && b.size() >= 12) {
    std::string_view brand = b.substr(8, 4);
    if (brand == "heic" || brand == "heix" || brand == "hevc" || brand == "heim" ||
        brand == "heis" || brand == "mif1" || brand == "msf1")
      return "HEIC";
    if (brand == "avif" || brand == "avis") return "AVIF";
    return nullptr;
  }
  if (starts_with(b, "RIFF"sv) && starts_with(b, "WEBP"sv, 8)) return "WebP";
  if (starts_with(b, "GIF87a"sv) || starts_with(b, "GIF89a"sv)) return "GIF";
  if (starts_with(b, "II*\0"sv) || starts_with(b, "MM\0*"sv)) return "TIFF";
  if (starts_with(b, "%PDF"sv)) return "PDF";
  if (starts_with(b, "BM"sv) && b.size() >= 26) return "BMP";
  return nullptr;
}

std::string too_large_message(std::uint64_t w, std::uint64_t h) {
  return "图片尺寸过大 (image too large: " + std::to_string(w) + "x" + std::to_string(h) + ")";
}

// Bytes after the end marker: zero padding (a zip of 3 MB that unpacks to gigabytes), or a torn
// write (a new, shorter photo written over an older, longer one without truncating the file: a
// complete image followed by the old one's tail). Either way the file is not one image.
std::string trailing_bytes_message(const char* format, const char* marker, std::size_t n) {
  const std::string count = std::to_string(n);
  return std::string(format) + " 结束标记 " + marker + " 之后还有 " + count + " 字节多余数据 (" + count +
         " bytes follow the " + format + " end marker " + marker +
         ": padded, or partly overwritten by a shorter file)";
}

// ---------------------------------------------------------------------------------------------
// JPEG (libjpeg-turbo)
// ---------------------------------------------------------------------------------------------

// Upper bound for libjpeg's large buffers (progressive JPEGs keep every coefficient in memory:
// about 2 bytes per pixel per component). With no backing store configured, exceeding it is a
// clean libjpeg error instead of an unbounded allocation driven by a hostile header.
constexpr long kJpegMaxMemory = 512L << 20;

struct JpegErrorMgr {
  jpeg_error_mgr pub;  // must be first: libjpeg hands callbacks a jpeg_error_mgr*
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

struct JpegJob {
  const unsigned char* data = nullptr;
  unsigned long size = 0;
  jpeg_decompress_struct cinfo{};
  JpegErrorMgr err{};
  bool header_read = false;
  std::uint64_t max_pixels = kMaxImagePixels;
  bool too_large = false;
  int width = 0, height = 0, channels = 0;
  std::size_t trailing = 0;  // bytes after the EOI marker, once the image decoded completely
};

[[noreturn]] void jpeg_fail(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegErrorMgr*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

// libjpeg calls this with level -1 for warnings: "Premature end of JPEG file" (JWRN_JPEG_EOF,
// after which it would pad the image with grey), "Corrupt JPEG data: ..." and the like. Every
// warning means the picture is not what the file claims, so it is an error here. Levels >= 0
// are trace messages and are ignored.
void jpeg_emit(j_common_ptr cinfo, int msg_level) {
  if (msg_level < 0) jpeg_fail(cinfo);
}

void jpeg_silent(j_common_ptr) {}

// Decodes job->data completely. Returns false on any error or warning (message in
// job->err.message) or when the header declares too many pixels (job->too_large).
bool run_jpeg(JpegJob* job) {
  jpeg_decompress_struct* cinfo = &job->cinfo;
  cinfo->err = jpeg_std_error(&job->err.pub);
  job->err.pub.error_exit = jpeg_fail;
  job->err.pub.emit_message = jpeg_emit;
  job->err.pub.output_message = jpeg_silent;
  if (setjmp(job->err.jump)) return false;

  jpeg_create_decompress(cinfo);
  cinfo->mem->max_memory_to_use = kJpegMaxMemory;
  jpeg_mem_src(cinfo, job->data, job->size);
  jpeg_read_header(cinfo, TRUE);  // TRUE: a tables-only stream is an error

  job->width = static_cast<int>(cinfo->image_width);
  job->height = static_cast<int>(cinfo->image_height);
  job->channels = cinfo->num_components;
  job->header_read = true;
  if (std::uint64_t{cinfo->image_width} * cinfo->image_height > job->max_pixels) {
    job->too_large = true;
    return false;
  }

  // Decode at 1/8 scale: the IDCT shrinks to one coefficient per block, but the Huffman (or
  // arithmetic) decoder still walks every bit of every scan, so truncation and corrupt data are
  // found exactly as at full size. Grey output from YCbCr also skips the colour conversion and
  // the chroma IDCT (chroma is still entropy-decoded).
  cinfo->scale_num = 1;
  cinfo->scale_denom = 8;
  cinfo->dct_method = JDCT_IFAST;
  cinfo->do_fancy_upsampling = FALSE;
  cinfo->do_block_smoothing = FALSE;
  if (cinfo->jpeg_color_space == JCS_YCbCr) cinfo->out_color_space = JCS_GRAYSCALE;

  jpeg_start_decompress(cinfo);
  JSAMPARRAY rows = (*cinfo->mem->alloc_sarray)(
      reinterpret_cast<j_common_ptr>(cinfo), JPOOL_IMAGE,
      cinfo->output_width * static_cast<JDIMENSION>(cinfo->output_components),
      static_cast<JDIMENSION>(cinfo->rec_outbuf_height));
  while (cinfo->output_scanline < cinfo->output_height)
    jpeg_read_scanlines(cinfo, rows, static_cast<JDIMENSION>(cinfo->rec_outbuf_height));
  // Reads on to the EOI marker: a file cut after the last scan but before EOI also warns.
  jpeg_finish_decompress(cinfo);
  // The memory source hands libjpeg the whole file at once and the marker reader stops right
  // after EOI, so what is left in its buffer is exactly what follows the end marker.
  job->trailing = cinfo->src->bytes_in_buffer;
  return true;
}

bool validate_jpeg(std::string_view bytes, ImageInfo& info, std::string& error, std::uint64_t max_pixels) {
  JpegJob job;
  job.max_pixels = max_pixels;
  job.data = reinterpret_cast<const unsigned char*>(bytes.data());
  job.size = static_cast<unsigned long>(bytes.size());
  bool ok = run_jpeg(&job);
  // The frame header (SOF) is parsed as soon as it is met, so its size is known even when the
  // header as a whole is not (a bomb: SOF, then junk that libjpeg warns about or no scan at all).
  // The declared size decides first: such a file is refused as too large, never as corrupt.
  if (!job.too_large &&
      std::uint64_t{job.cinfo.image_width} * job.cinfo.image_height > job.max_pixels) {
    job.too_large = true;
    job.header_read = true;
    job.width = static_cast<int>(job.cinfo.image_width);
    job.height = static_cast<int>(job.cinfo.image_height);
    job.channels = job.cinfo.num_components;
  }
  jpeg_destroy_decompress(&job.cinfo);  // safe on a never-created (zeroed) struct too

  if (job.header_read) {
    info.width = job.width;
    info.height = job.height;
    info.channels = job.channels;
  }
  if (job.too_large) {
    error = too_large_message(static_cast<unsigned>(job.width), static_cast<unsigned>(job.height));
    return false;
  }
  if (!ok) {
    error = std::string("JPEG 文件不完整或已损坏 (truncated or corrupt JPEG: ") +
            job.err.message + ")";
    return false;
  }
  if (job.trailing) {
    error = trailing_bytes_message("JPEG", "EOI", job.trailing);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// PNG (libpng 1.6)
// ---------------------------------------------------------------------------------------------

struct PngJob {
  const unsigned char* data = nullptr;
  std::size_t size = 0;
  std::size_t pos = 0;
  png_structp png = nullptr;
  png_infop info = nullptr;
  unsigned char* row = nullptr;  // one row buffer (malloc), freed by the caller
  char message[256] = {};
  bool header_read = false;
  std::uint64_t max_pixels = kMaxImagePixels;
  bool too_large = false;
  png_uint_32 width = 0, height = 0;
  int channels = 0;
};

[[noreturn]] void png_fail(png_structp png, png_const_charp msg) {
  auto* job = static_cast<PngJob*>(png_get_error_ptr(png));
  std::snprintf(job->message, sizeof job->message, "%s", msg ? msg : "error");
  png_longjmp(png, 1);
}

// Warnings (e.g. "iCCP: known incorrect sRGB profile", common in real files) do not make an
// image incomplete; they are dropped silently. Genuine damage is reported through png_fail.
void png_warn(png_structp, png_const_charp) {}

void png_read_memory(png_structp png, png_bytep out, std::size_t length) {
  auto* job = static_cast<PngJob*>(png_get_io_ptr(png));
  if (length > job->size - job->pos) png_error(png, "unexpected end of file");
  std::memcpy(out, job->data + job->pos, length);
  job->pos += length;
}

int png_channels(png_structp png, png_infop info) {
  switch (png_get_color_type(png, info)) {
    case PNG_COLOR_TYPE_GRAY: return 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB: return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA: return 4;
    case PNG_COLOR_TYPE_PALETTE:  // a palette with a tRNS chunk decodes to RGBA
      return png_get_valid(png, info, PNG_INFO_tRNS) ? 4 : 3;
    default: return 0;
  }
}

// Reads every row and then every chunk up to IEND. Returns false on error (job->message) or when
// the header declares too many pixels (job->too_large). job->png/info must already exist.
bool run_png(PngJob* job) {
  png_structp png = job->png;
  png_infop info = job->info;
  if (setjmp(png_jmpbuf(png))) return false;

  png_set_read_fn(png, job, png_read_memory);
  // A CRC error is fatal in every chunk, ancillary ones included (libpng's default only warns
  // and drops a damaged ancillary chunk).
  png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
#ifdef PNG_SKIP_sRGB_CHECK_PROFILE
  png_set_option(png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
#endif
  png_read_info(png, info);  // signature, IHDR and every chunk before the first IDAT

  job->width = png_get_image_width(png, info);
  job->height = png_get_image_height(png, info);
  job->channels = png_channels(png, info);
  job->header_read = true;
  if (std::uint64_t{job->width} * job->height > job->max_pixels) {
    job->too_large = true;
    return false;
  }

  // No pixel transforms: rows are inflated and un-filtered as stored, which is all the check
  // needs. Interlaced images are read pass by pass into the same row buffer.
  int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  job->row = static_cast<unsigned char*>(std::malloc(png_get_rowbytes(png, info)));
  if (!job->row) png_error(png, "out of memory");
  for (int pass = 0; pass < passes; ++pass)
    for (png_uint_32 y = 0; y < job->height; ++y) png_read_row(png, job->row, nullptr);
  // Finishes the zlib stream (Adler-32) and reads every remaining chunk, with CRCs, to IEND.
  png_read_end(png, info);
  return true;
}

bool validate_png(std::string_view bytes, ImageInfo& info, std::string& error, std::uint64_t max_pixels) {
  const std::string prefix = "PNG 文件不完整或已损坏 (truncated or corrupt PNG: ";
  PngJob job;
  job.max_pixels = max_pixels;
  job.data = reinterpret_cast<const unsigned char*>(bytes.data());
  job.size = bytes.size();
  job.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job, png_fail, png_warn);
  if (job.png) job.info = png_create_info_struct(job.png);
  if (!job.png || !job.info) {
    png_destroy_read_struct(job.png ? &job.png : nullptr, nullptr, nullptr);
    error = prefix + "out of memory)";
    return false;
  }
  bool ok = run_png(&job);
  png_destroy_read_struct(&job.png, &job.info, nullptr);
  std::free(job.row);

  if (job.header_read) {
    info.width = static_cast<int>(job.width);
    info.height = static_cast<int>(job.height);
    info.channels = job.channels;
  }
  if (job.too_large) {
    error = too_large_message(job.width, job.height);
    return false;
  }
  if (!ok) {
    error = prefix + job.message + ")";
    return false;
  }
  // png_read_end() stops after the CRC of IEND; libpng reads exactly the bytes it needs.
  if (job.pos < job.size) {
    error = trailing_bytes_message("PNG", "IEND", job.size - job.pos);
    return false;
  }
  return true;
}

}  // namespace

bool validate_image(std::string_view bytes, ImageInfo* info, std::string* error, std::uint64_t max_pixels) {
  ImageInfo local_info;
  std::string local_error;
  ImageInfo& out = info ? *info : local_info;
  std::string& err = error ? *error : local_error;
  out = ImageInfo{};
  err.clear();

  if (bytes.empty()) {
    err = "文件为空 (empty file)";
    return false;
  }
  if (starts_with(bytes, "\xFF\xD8\xFF"sv)) {
    out.format = "jpeg";
    return validate_jpeg(bytes, out, err, max_pixels);
  }
  // The first four signature bytes pick the decoder; libpng checks all eight, so a file mangled
  // by a text-mode transfer ("\r\n" -> "\n") gets libpng's own explanation.
  if (starts_with(bytes, "\x89PNG"sv)) {
    out.format = "png";
    return validate_png(bytes, out, err, max_pixels);
  }
  if (const char* other = sniff_other_format(bytes))
    err = std::string("不是 JPEG 或 PNG 图片，而是 ") + other +
          " (not a JPEG or PNG image; looks like " + other + ")";
  else
    err = "不是 JPEG 或 PNG 图片 (not a JPEG or PNG image)";
  return false;
}

}  // namespace pa
