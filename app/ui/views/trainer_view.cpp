// TrainerView: the gallery, the presentation, the quiz and marking teaching examples (views/trainer_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "quality/explain.h"
#include "review/decisions.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "review/coordination.h"
#include "widgets/image_viewer.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/photos/photo_data.h"
#include "ui/ui_common.h"

namespace pa::ui {

namespace {
constexpr ImU32 kBad = IM_COL32(235, 90, 80, 255), kGood = IM_COL32(80, 200, 110, 255);
constexpr ImU32 kNeutral = IM_COL32(120, 126, 140, 255);  // a quiz photo before its answer: no hint

void wrapped_large(const std::string& text, float scale, ImVec4 colour = {1, 1, 1, 1}) {
  ImGui::SetWindowFontScale(scale);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  ImGui::SetWindowFontScale(1);
}
}  // namespace

std::vector<ScreenEntry> TrainerView::screens() const {
  return {ScreenEntry{Screen::trainer, "screen.trainer", "培训示例", "Trainer", "培训", "Trainer", {{GLFW_KEY_F6}}, false},
          ScreenEntry{Screen::quiz, "screen.quiz", "培训测验", "Quiz", "测验", "Quiz", {{GLFW_KEY_F7}}, false}};
}

void TrainerView::reload() {
  auto& c = c_;
  c.topics = trainer_topics(ws_.store(), {});
  c.slides = presentation(c.topics);
  c.quiz = Quiz(c.topics, c.quiz_seed);
  c.topic = std::min(c.topic, c.topics.empty() ? 0 : c.topics.size() - 1);
  c.slide = std::min(c.slide, c.slides.empty() ? 0 : c.slides.size() - 1);
  c.loaded = true;
}

// The texts these screens show from the assets (the notice's rules and advice); their own labels
// are in the sources, whose characters the font always has (fonts.h, ui_source_glyphs()).
void TrainerView::glyph_texts(std::vector<std::string>& out) const {
  for (const auto& r : ws_.session().catalog()) {
    const Guidance g = guidance_for(r.code);
    out.push_back(g.rule + g.fix);
  }
}

void TrainerView::register_actions(ActionRegistry& actions) {
  auto& c = c_;
  actions.add({"trainer.present", "全屏演示", "Full-screen presentation", {{GLFW_KEY_P}},
               [&c] {
                 c.presenting = true;
                 // Start at the first slide of the topic chosen in the gallery.
                 for (std::size_t i = 0; i < c.slides.size(); ++i)
                   if (c.topic < c.topics.size() && c.slides[i].code == c.topics[c.topic].code) {
                     c.slide = i;
                     break;
                   }
               },
               [this] { return ws_.screen() == Screen::trainer && !c_.slides.empty() && !c_.presenting; }});
  actions.add({"trainer.next", "下一个示例", "Next example", {{GLFW_KEY_RIGHT, false, false, true}, {GLFW_KEY_J}},
               [this, &c] {
                 if (ws_.screen() == Screen::quiz) return c.quiz.next();
                 if (c.presenting && !c.slides.empty()) c.slide = (c.slide + 1) % c.slides.size();
                 else if (!c.topics.empty()) c.topic = (c.topic + 1) % c.topics.size();
               },
               [this] { return is_trainer_screen(ws_.screen()); }});
  actions.add({"trainer.prev", "上一个示例", "Previous example", {{GLFW_KEY_LEFT, false, false, true}, {GLFW_KEY_K}},
               [&c] {
                 if (c.presenting && !c.slides.empty()) c.slide = (c.slide + c.slides.size() - 1) % c.slides.size();
                 else if (!c.topics.empty()) c.topic = (c.topic + c.topics.size() - 1) % c.topics.size();
               },
               [this] { return ws_.screen() == Screen::trainer; }});
  actions.add({"trainer.exit", "退出演示", "Leave the presentation", {{GLFW_KEY_ESCAPE}},
               [&c] { c.presenting = false; }, [this] { return c_.presenting; }});
  actions.add({"quiz.reveal", "揭晓答案", "Reveal the answer", {{GLFW_KEY_SPACE}}, [&c] { c.quiz.reveal(); },
               [this] { return ws_.screen() == Screen::quiz && !c_.quiz.empty(); }});
  actions.add({"example.mark", "标为教学示例…", "Mark as a teaching example…", {{GLFW_KEY_M}},
               [this] { open_mark_dialog(); },
               [this] {
                 const QueueRow* r = ws_.session().current();
                 return ws_.screen() == Screen::review && r && r->state.decision.has_value();
               }});
}

void TrainerView::draw() {
  if (ws_.screen() == Screen::quiz)
    draw_quiz();
  else
    draw_gallery();
}

void TrainerView::draw_dialogs() {
  draw_mark_example();
  draw_presentation();
}

void TrainerView::draw_example_photo(const TrainerExample& e, ImVec2 size, bool overlay, const char* id, bool verdict_frame) {
  c_.wanted.insert(e.photo_sha256);
  GpuPhoto* gp = ws_.photos().texture(e.photo_sha256);
  if (!gp) ws_.photos().request(e.photo_sha256, 1);
  const auto tex = gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr;
  const int tw = gp ? gp->width : 0, th = gp ? gp->height : 0;
  widgets::ViewTransform fit;
  std::function<void(ImDrawList*, ImVec2, ImVec2)> draw;
  auto* params = &c_.composite[id];
  if (overlay && gp && ws_.compositor().ready()) {
    *params = {};
    params->maps_a = gp->maps_a;
    params->maps_b = gp->maps_b;
    params->has_maps = gp->has_maps;
    params->overlays = quality::overlays_for(e.code);
    params->opacity = 0.6f;
    draw = [this, gp, params](ImDrawList* dl, ImVec2 a, ImVec2 b) {
      ws_.compositor().begin(dl, params);
      dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)), a, b);
      ws_.compositor().end(dl);
    };
  }
  const auto pl = widgets::image_pane(id, tex, tw, th, fit, size, draw, T("正在加载…", "loading…"));
  ImGui::GetWindowDrawList()->AddRect(pl.pane_min, pl.pane_max, !verdict_frame ? kNeutral : e.good ? kGood : kBad, 4, 0, 3);
}

void TrainerView::draw_gallery() {
  auto& c = c_;
  if (!c.loaded) reload();
  const float fs = ImGui::GetFontSize();
  if (c.topics.empty()) {
    ImGui::TextWrapped("%s", T("还没有教学示例。在审核界面对已审照片按 M，或用 photoaudit example mark 标记。",
                               "No teaching examples yet. Press M on a decided photo in the review screen, or use "
                               "photoaudit example mark."));
    return;
  }
  ImGui::BeginChild("##topics", {18 * fs, 0}, true);
  for (std::size_t i = 0; i < c.topics.size(); ++i) {
    const auto& t = c.topics[i];
    char label[256];
    std::snprintf(label, sizeof label, "%s\n  %s %zu · %s %zu##t%zu", reason_short(t.code, ws_.session().catalog()).c_str(),
                  T("反例", "bad"), t.bad.size(), T("正例", "good"), t.good.size(), i);
    if (ImGui::Selectable(label, c.topic == i)) c.topic = i;
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##examples", {0, 0}, false);
  const auto& t = c.topics[std::min(c.topic, c.topics.size() - 1)];
  wrapped_large(reason_label(t.code, ws_.session().catalog()), 1.5f);
  wrapped_large(guidance_for(t.code).rule, 1.1f, {0.75f, 0.85f, 1, 1});
  if (ImGui::Button(T("全屏演示 (P)", "Present (P)"))) ws_.actions().run("trainer.present");
  ImGui::SameLine();
  if (ImGui::Button(T("测验 (F7)", "Quiz (F7)"))) ws_.actions().run("screen.quiz");
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

void TrainerView::draw_presentation() {
  auto& c = c_;
  if (ws_.screen() != Screen::trainer || !c.presenting || c.slides.empty()) return;
  const Slide& s = c.slides[std::min(c.slide, c.slides.size() - 1)];
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.06f, 0.06f, 0.08f, 1));
  ImGui::Begin("##presentation", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  const float fs = ImGui::GetFontSize();
  wrapped_large(reason_label(s.code, ws_.session().catalog()), 2.4f, {1, 0.55f, 0.5f, 1});
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

void TrainerView::draw_quiz() {
  auto& c = c_;
  if (!c.loaded) reload();
  auto& q = c.quiz;
  if (q.empty()) {
    ImGui::TextWrapped("%s", T("还没有教学示例，无法测验。", "No teaching examples to quiz on yet."));
    return;
  }
  const float fs = ImGui::GetFontSize();
  const auto& cat = ws_.session().catalog();
  const TrainerExample& e = q.current();
  ImGui::Text(T("第 %zu / %zu 题 · 已答 %d 题，全对 %d 题", "Question %zu / %zu · %d answered, %d exactly right"), q.index() + 1,
              q.size(), q.answered(), q.exact());
  const float h = ImGui::GetContentRegionAvail().y - 2 * fs;
  const float w = std::min(h * 3 / 4, ImGui::GetContentRegionAvail().x * 0.3f);
  // Until the answer is revealed, nothing around the photo hints at it (a neutral frame).
  draw_example_photo(e, {w, h}, false, "##q_photo", q.revealed());
  ImGui::SameLine();
  if (q.revealed()) {
    draw_example_photo(e, {w, h}, true, "##q_overlay");
    ImGui::SameLine();
  }
  ImGui::BeginChild("##answers", {0, h}, false);
  ImGui::TextWrapped("%s", T("这张照片有哪些问题？选出所有原因（都没有则直接揭晓：合格）。",
                             "What is wrong with this photo? Pick every reason (none: it is fine)."));
  // The button and the outcome above the list of codes, so they are in view however long it is.
  auto labels = [&](const std::vector<std::string>& codes) { return reason_list(codes, cat); };
  const auto s = q.score();
  if (!q.revealed()) {
    if (ImGui::Button(labelled(ws_.actions(), "quiz.reveal", "揭晓答案", "Reveal the answer").c_str())) q.reveal();
  } else {
    if (ImGui::Button(labelled(ws_.actions(), "trainer.next", "下一题", "Next").c_str())) q.next();
    ImGui::SameLine();
    ImGui::Text(T("答对 %d · 漏选 %d · 错选 %d", "%d right · %d missed · %d wrong"), s.correct, s.missed, s.wrong);
    ImGui::PushTextWrapPos(0);
    if (e.good)
      ImGui::TextColored({0.4f, 0.9f, 0.5f, 1}, "%s", T("答案：合格照片（正例），不应选任何原因", "Answer: a good photo: no reason applies"));
    else
      ImGui::Text(T("答案：%s", "Answer: %s"), labels(e.answer).c_str());
    if (!s.correct_codes.empty())
      ImGui::TextColored({0.4f, 0.9f, 0.5f, 1}, T("✓ 答对：%s", "✓ Right: %s"), labels(s.correct_codes).c_str());
    if (!s.missed_codes.empty())
      ImGui::TextColored({1, 0.8f, 0.35f, 1}, T("○ 漏选：%s", "○ Missed: %s"), labels(s.missed_codes).c_str());
    if (!s.wrong_codes.empty())
      ImGui::TextColored({1, 0.45f, 0.4f, 1}, T("× 错选：%s", "× Wrong: %s"), labels(s.wrong_codes).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  ImGui::BeginChild("##quiz_codes", {0, 0}, false);
  auto in = [](const std::vector<std::string>& v, const std::string& code) { return std::find(v.begin(), v.end(), code) != v.end(); };
  for (const auto& r : cat) {
    bool on = q.picked().count(r.code) > 0;
    std::string label = reason_label(r.code, cat);
    if (q.revealed()) {
      const bool right = in(s.correct_codes, r.code), missed = in(s.missed_codes, r.code), wrong = in(s.wrong_codes, r.code);
      ImGui::PushStyleColor(ImGuiCol_Text, right    ? ImVec4(0.4f, 0.9f, 0.5f, 1)
                                           : missed ? ImVec4(1, 0.8f, 0.35f, 1)
                                           : wrong  ? ImVec4(1, 0.45f, 0.4f, 1)
                                                    : ImVec4(0.6f, 0.6f, 0.6f, 1));
      if (right) label += T("  ✓ 答对", "  ✓ right");
      if (missed) label += T("  ○ 漏选", "  ○ missed");
      if (wrong) label += T("  × 错选", "  × wrong");
    }
    if (ImGui::Checkbox((label + "##q" + r.code).c_str(), &on)) q.toggle(r.code);
    if (q.revealed()) ImGui::PopStyleColor();
  }
  ImGui::EndChild();
  ImGui::EndChild();
}

void TrainerView::open_mark_dialog() {
  const QueueRow* r = ws_.session().current();
  if (!r || !r->state.decision) return;
  // The notice's rules: `other` teaches none (and its label asks for a note this dialog has not).
  std::vector<widgets::PickerItem> items;
  for (const auto& reason : ws_.session().catalog())
    if (reason.code != "other") items.push_back({reason.code, language() == Lang::zh ? reason.label_zh : reason.label_en});
  c_.mark_student = r->state.student.student_no;
  c_.mark_picker.open(T("标为教学示例：这张照片示范的原因", "Teaching example: the reasons this photo shows"), std::move(items),
                      r->state.decision->reasons, false);
}

void TrainerView::draw_mark_example() {
  auto& c = c_;
  using R = widgets::ReasonPicker::Result;
  if (c.mark_picker.draw() != R::confirmed) return;
  try {
    ws_.store().mark_teaching_example(c.mark_student, c.mark_picker.selected(), ws_.session().reviewer());
    ws_.toast().show(T("已标为教学示例", "Marked as a teaching example"));
    c.loaded = false;
  } catch (const std::exception& e) {
    ws_.toast().show(e.what());
  }
}

}  // namespace pa::ui
