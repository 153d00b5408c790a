// The workstation's view state (ui/view_state.h): what it remembers per audit, its JSON and file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "audit_test_util.h"
#include "ui/view_state.h"

namespace pa::ui {
namespace {

TEST(UiViewState, RoundTripsAndLivesPerAudit) {
  ViewState v;
  v.zoom = 2.5f;
  v.pan_x = 0.25f;
  v.overlays = 0x15;
  v.overlays_on = false;
  v.opacity = 0.3f;
  v.split = 0.4f;
  v.current = "2021003";
  v.screen = "queue";
  v.language = "en";
  v.filter.college = "计算机与软件学院";
  v.filter.status = Status::pending;
  v.filter.search = "堃";
  v.filter.sort = QueueFilter::Sort::name;
  EXPECT_EQ(view_state_from_json(view_state_to_json(v)), v);
  EXPECT_EQ(view_state_from_json("{garbage"), ViewState{});
  test::TempDir d;
  const auto p1 = view_state_path((d / "a.db").string(), d.path());
  const auto p2 = view_state_path((d / "b.db").string(), d.path());
  EXPECT_NE(p1, p2);
  save_view_state(p1, v);
  EXPECT_EQ(load_view_state(p1), v);
  EXPECT_EQ(load_view_state(p2), ViewState{});
}

// A view state saved before ViewState moved out of the core (the file an earlier version wrote)
// still loads, and the file written now has the same keys and values.
TEST(UiViewState, FilesOfEarlierVersionsLoadAndTheFormatIsKept) {
  const std::string earlier = R"({
  "current": "2021003",
  "filter": {"campus": "", "college": "计算机与软件学院", "finding": "glasses_glare", "reviewer": "",
             "search": "堃", "sort": "name", "status": "pending"},
  "glare_threshold": 0.5,
  "language": "en",
  "lighting": [0.25, 0.75],
  "opacity": 0.30000001192092896,
  "overlays": 21,
  "overlays_on": false,
  "pan": [0.25, 0.5],
  "screen": "queue",
  "split": 0.4000000059604645,
  "zoom": 2.5
})";
  ViewState v;
  v.zoom = 2.5f;
  v.pan_x = 0.25f;
  v.overlays = quality::ov_lighting | quality::ov_glare | quality::ov_background;  // 21
  v.overlays_on = false;
  v.opacity = 0.3f;
  v.split = 0.4f;
  v.lighting_low = 0.25f;
  v.lighting_high = 0.75f;
  v.current = "2021003";
  v.screen = "queue";
  v.language = "en";
  v.filter.college = "计算机与软件学院";
  v.filter.finding = "glasses_glare";
  v.filter.status = Status::pending;
  v.filter.search = "堃";
  v.filter.sort = QueueFilter::Sort::name;
  EXPECT_EQ(view_state_from_json(earlier), v);
  EXPECT_EQ(nlohmann::json::parse(view_state_to_json(v)), nlohmann::json::parse(earlier));
  // A fresh view state shows the lighting heat map.
  EXPECT_EQ(ViewState{}.overlays, static_cast<unsigned>(quality::ov_lighting));
}

}  // namespace
}  // namespace pa::ui
