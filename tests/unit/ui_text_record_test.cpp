// The text recorder of ui_text_record.h: the linker's --wrap sends both ImDrawList::AddText
// overloads here (tests/CMakeLists.txt); each call is recorded, then drawn by the real one. And
// its own test: what Dear ImGui draws is recorded with its clip rect, so a label too wide for its
// button, its column or its window is seen as cut. Headless, no GL.
#include "ui_text_record.h"

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>

#include "ui_headless.h"

namespace pa::test {

namespace {
TextRecorder* g_recorder = nullptr;

void record(ImDrawList* dl, const ImFont* font, float size, const ImVec2& pos, const char* begin, const char* end,
            float wrap_width, const ImVec4* fine_clip) {
  if (!g_recorder || !begin) return;
  if (!end) end = begin + std::char_traits<char>::length(begin);
  if (begin == end) return;
  if (!font) font = dl->_Data->Font;
  if (size == 0) size = dl->_Data->FontSize;
  DrawnText t;
  t.text.assign(begin, end);
  const ImGuiContext* g = ImGui::GetCurrentContext();
  if (g && g->CurrentWindow) t.window = g->CurrentWindow->Name;
  t.font = font;
  t.font_size = size;
  t.pos = pos;
  t.size = font->CalcTextSizeA(size, FLT_MAX, wrap_width, begin, end);
  t.clip = dl->_ClipRectStack.Size ? dl->_ClipRectStack.back() : dl->_CmdHeader.ClipRect;
  if (fine_clip) {
    t.clip.x = std::max(t.clip.x, fine_clip->x);
    t.clip.y = std::max(t.clip.y, fine_clip->y);
    t.clip.z = std::min(t.clip.z, fine_clip->z);
    t.clip.w = std::min(t.clip.w, fine_clip->w);
  }
  record_text(t);
}
}  // namespace

float DrawnText::cut() const {
  // Half a pixel of slack: the text's advance may end on the clip rect's edge.
  return std::max(0.0f, clip.x - pos.x - 0.5f) + std::max(0.0f, pos.x + size.x - clip.z - 0.5f);
}

TextRecorder::TextRecorder() { g_recorder = this; }
TextRecorder::~TextRecorder() { g_recorder = nullptr; }
void record_text(const DrawnText& t) {
  if (g_recorder) g_recorder->texts_.push_back(t);
}

}  // namespace pa::test

// The wrapped symbols (Itanium C++ ABI names of Dear ImGui 1.86's two overloads; `this` first,
// references as pointers).
extern "C" {
void __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList*, const ImFont*, float,
                                                                         const ImVec2*, ImU32, const char*,
                                                                         const char*, float, const ImVec4*);
void __real__ZN10ImDrawList7AddTextERK6ImVec2jPKcS4_(ImDrawList*, const ImVec2*, ImU32, const char*, const char*);

void __wrap__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList* dl, const ImFont* font, float size,
                                                                         const ImVec2* pos, ImU32 col, const char* begin,
                                                                         const char* end, float wrap, const ImVec4* clip) {
  if ((col & IM_COL32_A_MASK) != 0) pa::test::record(dl, font, size, *pos, begin, end, wrap, clip);
  __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(dl, font, size, pos, col, begin, end, wrap, clip);
}
void __wrap__ZN10ImDrawList7AddTextERK6ImVec2jPKcS4_(ImDrawList* dl, const ImVec2* pos, ImU32 col, const char* begin,
                                                     const char* end) {
  if ((col & IM_COL32_A_MASK) != 0) pa::test::record(dl, nullptr, 0, *pos, begin, end, 0, nullptr);
  __real__ZN10ImDrawList7AddTextERK6ImVec2jPKcS4_(dl, pos, col, begin, end);
}
}

namespace pa::test {
namespace {

const DrawnText* find(const TextRecorder& r, const std::string& text) {
  for (const auto& t : r.texts())
    if (t.text == text) return &t;
  return nullptr;
}

TEST(UiTextRecord, EveryTextIsRecordedWithTheRoomItHad) {
  Headless ui(800, 600);
  TextRecorder rec;
  ui.frame([] {
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({300, 200});
    ImGui::Begin("##w", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted("fits");
    ImGui::Button("a label far too wide for its button", {80, 0});
    ImGui::TextUnformatted("a line of text much wider than the three hundred pixels of its window");
    ImGui::GetWindowDrawList()->AddText({10, 150}, IM_COL32_WHITE, "drawn");
    if (ImGui::BeginTable("##t", 2)) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("a cell text wider than its column");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("ok");
      ImGui::EndTable();
    }
    ImGui::End();
  });
  const DrawnText* fits = find(rec, "fits");
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->cut(), 0.0f);
  EXPECT_EQ(fits->window, "##w");
  EXPECT_GT(fits->size.x, 10.0f);
  const DrawnText* button = find(rec, "a label far too wide for its button");
  ASSERT_TRUE(button);
  EXPECT_GT(button->cut(), 50.0f);
  const DrawnText* line = find(rec, "a line of text much wider than the three hundred pixels of its window");
  ASSERT_TRUE(line);
  EXPECT_GT(line->cut(), 50.0f);
  const DrawnText* drawn = find(rec, "drawn");  // a draw list's own text (the short overload)
  ASSERT_TRUE(drawn);
  EXPECT_EQ(drawn->cut(), 0.0f);
  const DrawnText* cell = find(rec, "a cell text wider than its column");
  ASSERT_TRUE(cell);
  EXPECT_GT(cell->cut(), 10.0f);
  ASSERT_TRUE(find(rec, "ok"));
  EXPECT_EQ(find(rec, "ok")->cut(), 0.0f);
}

}  // namespace
}  // namespace pa::test
