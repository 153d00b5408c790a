// Trainer mode: a gallery per reason code, a full-screen presentation (bad example with its
// overlay beside a good example, the reason and the notice's rule in large type, ← → to move) and
// a quiz. These screens only ever get TrainerExample (review/trainer.h): no name, 学号 or ID number
// exists in what they draw.
#include <imgui.h>

#include <algorithm>

#include "quality/explain.h"
#include "review/decisions.h"
#include "ui/app.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/photos/photo_data.h"
#include "ui/ui_common.h"

namespace pa::ui {

namespace {
constexpr ImU32 kBad = IM_COL32(235, 90, 80, 255), kGood = IM_COL32(80, 200, 110, 255);

void wrapped_large(const std::string& text, float scale, ImVec4 colour = {1, 1, 1, 1}) {
  ImGui::SetWindowFontScale(scale);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1);
}
}  // namespace

void App::draw_example_photo(const TrainerExample& e, ImVec2 size, bool overlay, const char* id) {
  coord_->wanted.insert(e.photo_sha256);
  GpuPhoto* gp = textures_.get(e.photo_sha256);
  if (!gp && loader_) loader_->request(e.photo_sha256, LoadKind::full, 1);
  const auto tex = gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr;
  const int tw = gp ? gp->width : 0, th = gp ? gp->height : 0;
  widgets::ViewTransform fit;
  std::function<void(ImDrawList*, ImVec2, ImVec2)> draw;
  auto* params = &coord_->composite[id];
  if (overlay && gp && compositor_.ready()) {
    *params = {};
    params->maps_a = gp->maps_a;
    params->maps_b = gp->maps_b;
    params->has_maps = gp->has_maps;
    params->overlays = quality::overlays_for(e.code);
    params->opacity = 0.6f;
    draw = [this, gp, params](ImDrawList* dl, ImVec2 a, ImVec2 b) {
      compositor_.begin(dl, params);
      dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)), a, b);
      compositor_.end(dl);
    };
  }
  const auto pl = widgets::image_pane(id, tex, tw, th, fit, size, draw, T("正在加载…", "loading…"));
  ImGui::GetWindowDrawList()->AddRect(pl.pane_min, pl.pane_max, e.good ? kGood : kBad, 4, 0, 3);
}

void App::draw_trainer() {
  auto& c = *coord_;
  if (!c.loaded) coord_reload();
  const float fs = ImGui::GetFontSize();
  if (c.topics.empty()) {
    ImGui::TextWrapped("%s", T("还没有教学示例。在复核界面对已审照片按 M，或用 photoaudit example mark 标记。",
                               "No teaching examples yet. Press M on a decided photo in the review screen, or use "
                               "photoaudit example mark."));
    return;
  }
  ImGui::BeginChild("##topics", {18 * fs, 0}, true);
  for (std::size_t i = 0; i < c.topics.size(); ++i) {
    const auto& t = c.topics[i];
    char label[256];
    std::snprintf(label, sizeof label, "%s\n  %s %zu · %s %zu##t%zu", reason_short(t.code, session_->catalog()).c_str(),
                  T("反例", "bad"), t.bad.size(), T("正例", "good"), t.good.size(), i);
    if (ImGui::Selectable(label, c.topic == i)) c.topic = i;
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##examples", {0, 0}, false);
  const auto& t = c.topics[std::min(c.topic, c.topics.size() - 1)];
  wrapped_large(reason_label(t.code, session_->catalog()), 1.5f);
  wrapped_large(guidance_for(t.code).rule, 1.1f, {0.75f, 0.85f, 1, 1});
  if (ImGui::Button(T("全屏演示 (P)", "Present (P)"))) actions_.run("trainer.present");
  ImGui::SameLine();
  if (ImGui::Button(T("测验 (F7)", "Quiz (F7)"))) actions_.run("screen.quiz");
  ImGui::Separator();
  const float thumb = 11 * fs;
  const ImVec2 size{thumb, thumb * 4 / 3};
  int n = 0;
  for (const auto* list : {&t.bad, &t.good})
    for (const auto& e : *list) {
      if (n++ % std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (thumb + 8)))) ImGui::SameLine();
      ImGui::BeginGroup();
      draw_example_photo(e, size, false, ("##g" + std::to_string(n)).c_str());
      ImGui::TextColored(e.good ? ImVec4(0.4f, 0.85f, 0.5f, 1) : ImVec4(1, 0.45f, 0.4f, 1), "%s",
                         e.good ? T("正例 ✓", "good ✓") : T("反例 ×", "bad ×"));
      ImGui::EndGroup();
    }
  ImGui::EndChild();
}

void App::draw_presentation() {
  auto& c = *coord_;
  if (screen_ != Screen::trainer || !c.presenting || c.slides.empty()) return;
  const Slide& s = c.slides[std::min(c.slide, c.slides.size() - 1)];
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.06f, 0.06f, 0.08f, 1));
  ImGui::Begin("##presentation", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  const float fs = ImGui::GetFontSize();
  wrapped_large(reason_label(s.code, session_->catalog()), 2.4f, {1, 0.55f, 0.5f, 1});
  wrapped_large(T("通知原文：", "The notice: ") + guidance_for(s.code).rule, 1.5f, {0.8f, 0.88f, 1, 1});
  wrapped_large(T("正确做法：", "Do instead: ") + guidance_for(s.code).fix, 1.5f, {0.6f, 0.95f, 0.65f, 1});
  ImGui::Spacing();
  const float footer = 2.2f * fs;
  const float h = ImGui::GetContentRegionAvail().y - footer - ImGui::GetTextLineHeightWithSpacing() * 1.6f;
  const float gap = 12;
  const float w = std::min((ImGui::GetContentRegionAvail().x - 2 * gap) / 3, h * 3 / 4);
  auto pane = [&](const char* title, ImU32 colour, const std::function<void()>& body) {
    ImGui::BeginGroup();
    ImGui::SetWindowFontScale(1.5f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s", title);
    ImGui::SetWindowFontScale(1);
    body();
    ImGui::EndGroup();
  };
  pane(T("反例（不合格）", "Bad example"), kBad, [&] { draw_example_photo(s.bad, {w, h}, false, "##p_bad"); });
  ImGui::SameLine(0, gap);
  pane(T("叠加层：问题在哪里", "Overlay: where it goes wrong"), IM_COL32(255, 210, 90, 255),
       [&] { draw_example_photo(s.bad, {w, h}, true, "##p_overlay"); });
  ImGui::SameLine(0, gap);
  pane(T("正例（合格）", "Good example"), kGood, [&] {
    if (s.good)
      draw_example_photo(*s.good, {w, h}, false, "##p_good");
    else
      ImGui::TextDisabled("%s", T("尚无正例：把合格照片标为示例", "no good example marked yet"));
  });
  ImGui::SetCursorPosY(io.DisplaySize.y - footer);
  ImGui::SetWindowFontScale(1.3f);
  ImGui::TextDisabled(T("← 上一张    %zu / %zu    下一张 →        Esc 退出演示", "← previous    %zu / %zu    next →        Esc leaves"),
                      c.slide + 1, c.slides.size());
  ImGui::SetWindowFontScale(1);
  ImGui::End();
}

void App::draw_quiz() {
  auto& c = *coord_;
  if (!c.loaded) coord_reload();
  auto& q = c.quiz;
  if (q.empty()) {
    ImGui::TextWrapped("%s", T("还没有教学示例，无法测验。", "No teaching examples to quiz on yet."));
    return;
  }
  const float fs = ImGui::GetFontSize();
  const TrainerExample& e = q.current();
  ImGui::Text(T("第 %zu / %zu 题 · 已答 %d 题，全对 %d 题", "Question %zu / %zu · %d answered, %d exactly right"), q.index() + 1,
              q.size(), q.answered(), q.exact());
  const float h = ImGui::GetContentRegionAvail().y - 2 * fs;
  const float w = std::min(h * 3 / 4, ImGui::GetContentRegionAvail().x * 0.3f);
  draw_example_photo(e, {w, h}, false, "##q_photo");
  ImGui::SameLine();
  if (q.revealed()) {
    draw_example_photo(e, {w, h}, true, "##q_overlay");
    ImGui::SameLine();
  }
  ImGui::BeginChild("##answers", {0, h}, false);
  ImGui::TextWrapped("%s", T("这张照片有哪些问题？选出所有原因（都没有则直接揭晓：合格）。",
                             "What is wrong with this photo? Pick every reason (none: it is fine)."));
  const std::vector<std::string> answer = e.answer;
  for (const auto& r : session_->catalog()) {
    bool on = q.picked().count(r.code) > 0;
    const bool right = std::find(answer.begin(), answer.end(), r.code) != answer.end();
    if (q.revealed()) ImGui::PushStyleColor(ImGuiCol_Text, right ? ImVec4(0.4f, 0.9f, 0.5f, 1) : on ? ImVec4(1, 0.45f, 0.4f, 1) : ImVec4(0.6f, 0.6f, 0.6f, 1));
    if (ImGui::Checkbox((reason_label(r.code, session_->catalog()) + "##q" + r.code).c_str(), &on)) q.toggle(r.code);
    if (q.revealed()) ImGui::PopStyleColor();
  }
  ImGui::Separator();
  if (!q.revealed()) {
    if (ImGui::Button(T("揭晓答案 (空格)", "Reveal (Space)"))) q.reveal();
  } else {
    const auto s = q.score();
    if (e.good)
      ImGui::TextColored({0.4f, 0.9f, 0.5f, 1}, "%s", T("答案：合格照片（正例）", "Answer: a good photo"));
    else
      ImGui::TextWrapped(T("答案：%s", "Answer: %s"), reason_labels_zh(answer, session_->catalog()).c_str());
    ImGui::Text(T("答对 %d · 漏选 %d · 错选 %d", "%d right · %d missed · %d wrong"), s.correct, s.missed, s.wrong);
    if (ImGui::Button(T("下一题 →", "Next →"))) q.next();
  }
  ImGui::EndChild();
}

void App::draw_mark_example() {
  auto& c = *coord_;
  if (!c.mark_open) return;
  ImGui::OpenPopup("##mark_example");
  ImGui::SetNextWindowPos({ImGui::GetIO().DisplaySize.x / 2, ImGui::GetIO().DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
  if (!ImGui::BeginPopupModal("##mark_example", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextUnformatted(T("标为教学示例：选择这张照片示范的原因", "Teaching example: the reasons this photo shows"));
  ImGui::Separator();
  const auto& cat = session_->catalog();
  if (ImGui::BeginTable("##codes", 3)) {
    for (const auto& r : cat) {
      ImGui::TableNextColumn();
      bool on = c.mark_codes.count(r.code) > 0;
      if (ImGui::Checkbox((reason_short(r.code, cat) + "##m" + r.code).c_str(), &on)) {
        if (on) c.mark_codes.insert(r.code);
        else c.mark_codes.erase(r.code);
      }
    }
    ImGui::EndTable();
  }
  const bool close = ImGui::Button(T("取消 (Esc)", "Cancel (Esc)")) || ImGui::IsKeyPressed(ImGuiKey_Escape);
  ImGui::SameLine();
  if (ImGui::Button(T("标记", "Mark")) && !c.mark_codes.empty()) {
    try {
      const QueueRow* r = session_->current();
      store_->mark_teaching_example(r->state.student.student_no, {c.mark_codes.begin(), c.mark_codes.end()}, opt_.reviewer);
      toast_.show(T("已标为教学示例", "Marked as a teaching example"));
      c.loaded = false;
    } catch (const std::exception& e) {
      toast_.show(e.what());
    }
    c.mark_open = false;
    ImGui::CloseCurrentPopup();
  }
  if (close) {
    c.mark_open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace pa::ui
