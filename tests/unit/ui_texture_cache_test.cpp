// The texture cache's bounds (ui/photos/texture_cache.h), headless (bookkeeping only, no GL): sized
// from what a screen needs, it evicts the least recently used photos but never one the screen
// shows or is about to, and gives mipmaps (and their memory) only to photos shown smaller than they are.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "ui/photos/photo_data.h"
#include "ui/photos/texture_cache.h"

namespace pa::ui {
namespace {

PhotoData photo(const std::string& sha, int w, int h, bool maps) {
  PhotoData p;
  p.sha256 = sha;
  p.width = w;
  p.height = h;
  p.rgba = cv::Mat(h, w, CV_8UC4, cv::Scalar::all(128));
  if (maps) p.maps_a = p.maps_b = cv::Mat(h, w, CV_8UC4, cv::Scalar::all(0));
  return p;
}

TEST(TextureCache, AStandardPhotoCostsItsPixelsAndMapsWithoutMipmapsALargeOneWithThem) {
  TextureCache c(64u << 20, false);
  EXPECT_EQ(c.bytes_of(photo("a", 480, 640, false)), 480u * 640 * 4);
  EXPECT_EQ(c.bytes_of(photo("a", 480, 640, true)), 480u * 640 * 4 + 480u * 640 * 4 * 2);  // two RGBA8 map textures
  EXPECT_EQ(c.bytes_of(photo("b", 1536, 2048, false)), 1536u * 2048 * 4 * 4 / 3);          // shown smaller: mipmaps
  TextureCache thumbs(1u << 20, false, 0);  // thumbnails always get them
  EXPECT_EQ(thumbs.bytes_of(photo("t", 192, 256, false)), 192u * 256 * 4 * 4 / 3);
}

TEST(TextureCache, EvictsTheLeastRecentlyUsedButNeverWhatTheScreenNeeds) {
  const std::size_t one = 480u * 640 * 4 * 3;  // a photo with its maps
  TextureCache c(3 * one, false);
  for (const char* k : {"a", "b", "c"}) c.put(k, photo(k, 480, 640, true));
  EXPECT_EQ(c.size(), 3u);
  EXPECT_LE(c.bytes(), c.max_bytes());
  c.get("a");  // used: "b" is now the least recently used
  c.put("d", photo("d", 480, 640, true));
  EXPECT_FALSE(c.contains("b"));
  EXPECT_TRUE(c.contains("a") && c.contains("c") && c.contains("d"));
  // The screen needs "c" (least recently used now) and "a": "d" goes instead, not them.
  c.get("a");
  c.get("d");
  c.put("e", photo("e", 480, 640, true), {"c", "a"});
  EXPECT_TRUE(c.contains("c") && c.contains("a") && c.contains("e"));
  EXPECT_FALSE(c.contains("d"));
  // When everything is needed the bound gives way rather than a photo on screen.
  c.put("f", photo("f", 480, 640, true), {"a", "c", "e"});
  EXPECT_EQ(c.size(), 4u);
  EXPECT_GT(c.bytes(), c.max_bytes());
  // Maps added later count too, and evict like a new photo.
  TextureCache m(2 * one, false);
  m.put("x", photo("x", 480, 640, false));
  m.put("y", photo("y", 480, 640, false));
  m.add_maps("x", photo("x", 480, 640, true), {"x"});
  EXPECT_TRUE(m.contains("x"));
  EXPECT_LE(m.bytes(), m.max_bytes());
  EXPECT_EQ(m.bytes(), m.bytes_of(photo("x", 480, 640, true)) + m.bytes_of(photo("y", 480, 640, false)));
}

}  // namespace
}  // namespace pa::ui
