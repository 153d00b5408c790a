// The action registry behind keys, buttons and menus.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include "ui/actions.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

TEST(Action, RunsByIdAndRespectsEnabled) {
  ActionRegistry r;
  int n = 0;
  bool enabled = false;
  r.add({"a", "甲", "A", {{GLFW_KEY_A}}, [&] { ++n; }, [&] { return enabled; }});
  EXPECT_FALSE(r.run("a"));
  enabled = true;
  EXPECT_TRUE(r.run("a"));
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(r.run("missing"));
}

TEST(Action, DuplicateIdIsRefused) {
  ActionRegistry r;
  r.add({"x", "x", "x", {}, [] {}});
  auto again = [&] { r.add({"x", "x", "x", {}, [] {}}); };
  EXPECT_THROW(again(), std::logic_error);
}

TEST(Action, SharedKeyRunsTheFirstEnabledAction) {
  ActionRegistry r;
  std::string ran;
  bool review = false;
  r.add({"review.approve", "", "", {{GLFW_KEY_A}}, [&] { ran = "review"; }, [&] { return review; }});
  r.add({"sheet.approve", "", "", {{GLFW_KEY_A}}, [&] { ran = "sheet"; }, [&] { return !review; }});
  EXPECT_EQ(r.dispatch(GLFW_KEY_A, false, false), "sheet.approve");
  review = true;
  EXPECT_EQ(r.dispatch(GLFW_KEY_A, false, false), "review.approve");
  EXPECT_EQ(ran, "review");
  EXPECT_EQ(r.dispatch(GLFW_KEY_A, true, false), "");  // Ctrl+A is another chord
}

TEST(Action, ChordLabels) {
  EXPECT_EQ(chord_label({GLFW_KEY_Z, true}), "Ctrl+Z");
  EXPECT_EQ(chord_label({GLFW_KEY_SLASH, false, true}), "?");
  EXPECT_EQ(chord_label({GLFW_KEY_F1}), "F1");
  EXPECT_EQ(chord_label({GLFW_KEY_J}), "J");
  EXPECT_EQ(chord_label({GLFW_KEY_RIGHT}), "→");
}

TEST(Action, PollsImGuiKeysInAHeadlessContext) {
  test::Headless ui;
  ActionRegistry r;
  int approve = 0, undo = 0;
  r.add({"approve", "", "", {{GLFW_KEY_A}}, [&] { ++approve; }});
  r.add({"undo", "", "", {{GLFW_KEY_Z, true}}, [&] { ++undo; }});
  auto body = [&] { r.poll_imgui(); };
  ui.press(GLFW_KEY_A, body);
  EXPECT_EQ(approve, 1);
  ui.press(GLFW_KEY_Z, body);  // Z without Ctrl: nothing
  EXPECT_EQ(undo, 0);
  ui.press(GLFW_KEY_Z, body, true);
  EXPECT_EQ(undo, 1);
  r.set_keys_blocked(true);  // a modal owns the keyboard
  ui.press(GLFW_KEY_A, body);
  EXPECT_EQ(approve, 1);
}

}  // namespace
}  // namespace pa::ui
