// validate_image(): whether a byte string is one complete JPEG or PNG image. In pa_core because
// both the import (pa_ingest) and the quality engine (pa_quality) need the same strict answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/limits.h"

namespace pa {

struct ImageInfo {
  std::string format;  // "jpeg" | "png"
  int width = 0;
  int height = 0;
  int channels = 0;    // 1 grey, 3 colour, 4 with alpha
};

// Checks the bytes are one complete image: the whole JPEG entropy-coded stream decodes with no
// libjpeg warning (a truncated file that a decoder would half-render is an error), or every PNG
// chunk is present with a valid CRC up to IEND and the image data inflates; and nothing follows
// the end marker (JPEG EOI, PNG IEND): zero padding, or the tail of an older, longer file that a
// shorter one was written over, is an error. On failure returns false and sets `error` to a
// one-line reason, Chinese first then English, e.g. "文件为空 (empty file)",
// "JPEG 文件不完整 (truncated JPEG: ...)", "不是图片 (not an image)",
// "... (1024 bytes follow the JPEG end marker EOI: ...)".
// A header declaring more than `max_pixels` pixels is refused before any decoding, whatever
// follows the header ("图片尺寸过大 (image too large: WxH)").
bool validate_image(std::string_view bytes, ImageInfo* info, std::string* error,
                    std::uint64_t max_pixels = kMaxImagePixels);

}  // namespace pa
