// The pieces run_gui is made of, without a window: the key latch, the scripted keys' names and the
// benchmark's percentiles.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "ui/harness/bench_harness.h"
#include "ui/harness/scripted_frames.h"
#include "ui/platform/key_latch.h"

namespace pa {
namespace {

// What the latch passed on (key, action), in order.
std::vector<std::array<int, 2>>& forwarded() {
  static std::vector<std::array<int, 2>> events;
  return events;
}
void record(GLFWwindow*, int key, int, int action, int) { forwarded().push_back({key, action}); }

TEST(KeyLatch, AReleaseInTheSameFrameAsItsPressWaitsForTheNextFrame) {
  forwarded().clear();
  ui::KeyLatch latch(&record);
  latch.on_key(nullptr, GLFW_KEY_A, 0, GLFW_PRESS, 0);
  latch.on_key(nullptr, GLFW_KEY_A, 0, GLFW_RELEASE, 0);
  ASSERT_EQ(forwarded().size(), 1u) << "the release reached ImGui in the frame of the press";
  EXPECT_EQ(forwarded()[0], (std::array<int, 2>{GLFW_KEY_A, GLFW_PRESS}));
  latch.flush_deferred_releases(nullptr);  // a frame saw the press
  ASSERT_EQ(forwarded().size(), 2u);
  EXPECT_EQ(forwarded()[1], (std::array<int, 2>{GLFW_KEY_A, GLFW_RELEASE}));
}

TEST(KeyLatch, CtrlHeldForAFastCtrlZIsReleasedAfterTheZ) {
  forwarded().clear();
  ui::KeyLatch latch(&record);
  latch.on_key(nullptr, GLFW_KEY_LEFT_CONTROL, 0, GLFW_PRESS, GLFW_MOD_CONTROL);
  latch.flush_deferred_releases(nullptr);  // Ctrl went down one frame earlier
  latch.on_key(nullptr, GLFW_KEY_Z, 0, GLFW_PRESS, GLFW_MOD_CONTROL);
  latch.on_key(nullptr, GLFW_KEY_Z, 0, GLFW_RELEASE, GLFW_MOD_CONTROL);
  latch.on_key(nullptr, GLFW_KEY_LEFT_CONTROL, 0, GLFW_RELEASE, 0);
  ASSERT_EQ(forwarded().size(), 2u);  // Ctrl down, Z down: the frame sees Ctrl+Z
  latch.flush_deferred_releases(nullptr);
  ASSERT_EQ(forwarded().size(), 4u);
  EXPECT_EQ(forwarded()[2], (std::array<int, 2>{GLFW_KEY_Z, GLFW_RELEASE}));
  EXPECT_EQ(forwarded()[3], (std::array<int, 2>{GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE}));
  // With nothing pressed since the last frame, a release goes straight through.
  latch.flush_deferred_releases(nullptr);
  latch.on_key(nullptr, GLFW_KEY_B, 0, GLFW_RELEASE, 0);
  EXPECT_EQ(forwarded().size(), 5u);
}

TEST(KeyLatch, EachLatchKeepsItsOwnState) {
  forwarded().clear();
  ui::KeyLatch a(&record), b(&record);
  a.on_key(nullptr, GLFW_KEY_A, 0, GLFW_PRESS, 0);
  b.on_key(nullptr, GLFW_KEY_B, 0, GLFW_RELEASE, 0);  // b saw no press: not held back
  EXPECT_EQ(forwarded().size(), 2u);
}

TEST(ScriptedFrames, KeyNamesBecomeGlfwCodesWithTheCtrlFlag) {
  EXPECT_EQ(ui::parse_keys("r,4,f1,ctrl+z,enter,esc,space"),
            (std::vector<int>{GLFW_KEY_R, GLFW_KEY_4, GLFW_KEY_F1, GLFW_KEY_Z | ui::kCtrlFlag, GLFW_KEY_ENTER,
                              GLFW_KEY_ESCAPE, GLFW_KEY_SPACE}));
  EXPECT_EQ(ui::parse_keys("f12,nosuchkey,a"), (std::vector<int>{GLFW_KEY_F12, GLFW_KEY_A}));
  EXPECT_EQ(ui::parse_keys("right,shift+left,shift+3,ctrl+shift+down"),
            (std::vector<int>{GLFW_KEY_RIGHT, GLFW_KEY_LEFT | ui::kShiftFlag, GLFW_KEY_3 | ui::kShiftFlag,
                              GLFW_KEY_DOWN | ui::kShiftFlag | ui::kCtrlFlag}));
  EXPECT_TRUE(ui::parse_keys("").empty());
}

TEST(BenchHarness, PercentilesAreRanksOfTheSortedTimings) {
  ui::Timings t;
  EXPECT_EQ(t.pct(0.5), 0);
  EXPECT_EQ(t.max(), 0);
  t.v = {9, 1, 5, 3, 7};
  EXPECT_EQ(t.pct(0.5), 5);
  EXPECT_EQ(t.pct(0.95), 9);  // rank 3.8 rounds to 4
  EXPECT_EQ(t.pct(0.0), 1);
  EXPECT_EQ(t.max(), 9);
}

}  // namespace
}  // namespace pa
