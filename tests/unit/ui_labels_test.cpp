// Buttons, tabs and checkboxes name their key from the action registry (ui/actions.h, labelled):
// with today's bindings the labels read as they always did, and re-binding a key changes every
// label that names it. Headless: the labels are read back from what Dear ImGui draws.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>

#include "audit_test_util.h"
#include "ui/actions.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"
#include "ui_headless.h"

namespace pa::ui {
namespace {

// Spaces draw nothing: drawn_text() has none.
std::string drawn(std::string label) {
  label.erase(std::remove(label.begin(), label.end(), ' '), label.end());
  return label;
}

TEST(UiLabels, TheHelperAppendsTheActionsFirstKey) {
  ActionRegistry r;
  r.add({"decide.approve", "批准", "Approve", {{GLFW_KEY_A}, {GLFW_KEY_ENTER}}, [] {}});
  r.add({"decide.undo", "撤销", "Undo", {{GLFW_KEY_Z, true}}, [] {}});
  r.add({"keyless", "无键", "No key", {}, [] {}});
  EXPECT_EQ(labelled(r, "decide.approve", "批准", "Approve", "  "), "批准  A");
  EXPECT_EQ(labelled(r, "decide.undo", "撤销", "Undo"), "撤销 Ctrl+Z");
  EXPECT_EQ(labelled(r, "keyless", "无键", "No key"), "无键");
  EXPECT_EQ(labelled(r, "no.such.action", "别的", "Other"), "别的");
  ASSERT_TRUE(r.rebind("decide.approve", {{GLFW_KEY_Y}}));
  EXPECT_FALSE(r.rebind("no.such.action", {{GLFW_KEY_Y}}));
  EXPECT_EQ(labelled(r, "decide.approve", "批准", "Approve", "  "), "批准  Y");
  ASSERT_TRUE(r.rebind("decide.undo", {{GLFW_KEY_Z, true, true}}));
  set_language(Lang::en);
  EXPECT_EQ(labelled(r, "decide.undo", "撤销", "Undo"), "Undo Ctrl+Shift+Z");
  set_language(Lang::zh);
  // The re-bound key is the one the registry dispatches.
  EXPECT_EQ(r.dispatch(GLFW_KEY_Y, false, false), "decide.approve");
  EXPECT_EQ(r.dispatch(GLFW_KEY_A, false, false), "");
}

struct UiLabelsApp : ::testing::Test {
  test::SmallAudit audit;
  test::TempDir data;
  test::Headless ui;
  std::unique_ptr<Workstation> app;

  void SetUp() override {
    GuiOptions o;
    o.db = audit.db.string();
    o.reviewer = "测试员";
    o.data_dir = data.path().string();
    app = std::make_unique<Workstation>(create_store(audit.db.string()), o, false);
  }
  void TearDown() override {
    app.reset();
    set_language(Lang::zh);
  }
  std::string show(Screen s) {
    app->set_screen(s);
    for (int i = 0; i < 3; ++i) ui.frame([&] { app->frame(); });
    return test::drawn_text();
  }
};

TEST_F(UiLabelsApp, TodaysBindingsGiveTodaysLabels) {
  const std::string review = show(Screen::review);
  for (const char* label : {"◀ 上一个 K", "下一个 J ▶", "批准  A", "驳回  R", "需重拍  S", "撤销 Ctrl+Z", "叠加层 O",
                            "适合 F", "队列 F2", "审核 F3", "联系表 F4", "看板 F5", "培训 F6", "测验 F7", "抽查 F8",
                            "导出 F9"})
    EXPECT_TRUE(test::contains(review, drawn(label))) << label << " not in:\n" << review;
  const std::string sheet = show(Screen::sheet);
  for (const char* label : {"全选 Ctrl+A", "批准所选中无问题的… A"})
    EXPECT_TRUE(test::contains(sheet, drawn(label))) << label << " not in:\n" << sheet;
  set_language(Lang::en);
  const std::string en = show(Screen::review);
  for (const char* label : {"◀ Prev K", "Next J ▶", "Approve  A", "Undo Ctrl+Z", "Overlays O", "Fit F", "Queue F2",
                            "Dashboard F5", "Export F9"})
    EXPECT_TRUE(test::contains(en, drawn(label))) << label << " not in:\n" << en;
}

TEST_F(UiLabelsApp, RebindingAKeyChangesEveryLabelThatNamesIt) {
  auto& r = app->actions();
  ASSERT_TRUE(r.rebind("decide.approve", {{GLFW_KEY_Y}}));
  ASSERT_TRUE(r.rebind("decide.undo", {{GLFW_KEY_U, true}}));
  ASSERT_TRUE(r.rebind("nav.next", {{GLFW_KEY_N}}));
  ASSERT_TRUE(r.rebind("view.fit", {{GLFW_KEY_G}}));
  ASSERT_TRUE(r.rebind("view.overlays", {{GLFW_KEY_V}}));
  ASSERT_TRUE(r.rebind("screen.queue", {{GLFW_KEY_F12}}));
  ASSERT_TRUE(r.rebind("screen.dashboard", {{GLFW_KEY_F11}}));
  ASSERT_TRUE(r.rebind("sheet.select_all", {{GLFW_KEY_E, true}}));
  ASSERT_TRUE(r.rebind("sheet.approve_clean", {{GLFW_KEY_P, false, true}}));
  const std::string review = show(Screen::review);
  for (const char* label : {"批准Y", "撤销Ctrl+U", "下一个N▶", "适合G", "叠加层V", "队列F12", "看板F11"})
    EXPECT_TRUE(test::contains(review, label)) << label << " not in:\n" << review;
  for (const char* old : {"批准A", "撤销Ctrl+Z", "下一个J", "适合F", "叠加层O", "队列F2", "看板F5"})
    EXPECT_FALSE(test::contains(review, old)) << old << " still drawn:\n" << review;
  const std::string sheet = show(Screen::sheet);
  EXPECT_TRUE(test::contains(sheet, "全选Ctrl+E")) << sheet;
  EXPECT_TRUE(test::contains(sheet, "批准所选中无问题的…Shift+P")) << sheet;
  EXPECT_FALSE(test::contains(sheet, "全选Ctrl+A")) << sheet;
}

}  // namespace
}  // namespace pa::ui
