// What a photo file is, read from its header bytes (no decoding): container, size, colour depth,
// EXIF orientation. And decoding that honours the EXIF orientation.
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

#include "quality/types.h"

namespace pa::quality {

// Reads the JPEG SOF / PNG IHDR header and the JPEG EXIF orientation. Never throws: an unknown
// or truncated file gives container "other" and zero sizes.
FileFacts sniff_file(std::string_view bytes);

// Rotates/flips a decoded image as EXIF orientation `o` (1..8) says it should be displayed.
cv::Mat apply_orientation(const cv::Mat& img, int o);

// Decodes to 8-bit BGR (greyscale files are expanded), upright per EXIF. Empty Mat when the bytes
// are not an image OpenCV can decode. `facts` receives sniff_file(bytes).
cv::Mat decode_upright(std::string_view bytes, FileFacts* facts);

}  // namespace pa::quality
