// The coordinators' and trainers' screens in the App: names, which role sees which screen, their actions (keys, menus)
// and reloading their data from the (possibly college-scoped) store.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "ui/app.h"
#include "widgets/i18n.h"
#include "ui/photo_data.h"

namespace pa::ui {

namespace {
struct ScreenName {
  Screen screen;
  const char* name;
};
constexpr ScreenName kScreens[] = {
    {Screen::queue, "queue"},         {Screen::review, "review"},       {Screen::sheet, "sheet"},
    {Screen::dashboard, "dashboard"}, {Screen::trainer, "trainer"},     {Screen::quiz, "quiz"},
    {Screen::spotcheck, "spotcheck"}, {Screen::exports, "exports"},
};
}  // namespace

Screen screen_from_name(const std::string& name) {
  for (const auto& s : kScreens)
    if (name == s.name) return s.screen;
  return Screen::review;
}

const char* screen_name(Screen s) {
  for (const auto& x : kScreens)
    if (x.screen == s) return x.name;
  return "review";
}

unsigned overlays_for(const std::string& code) {
  if (code == "glasses_glare" || code == "face_hot_spots") return ov_glare;
  if (code == "overexposed" || code == "underexposed" || code == "hair_color_cast") return ov_lighting | ov_clipped;
  if (code == "background" || code == "clothing_color") return ov_background;
  if (code == "blurry") return ov_sharpness;
  if (code == "head_pose" || code == "framing" || code == "subject_too_small" || code == "shoulders_uneven" ||
      code == "eyes_closed" || code == "mouth_open")
    return ov_landmarks;
  return ov_lighting;
}

// Characters of these screens' own labels (kept in sync by hand: re-extract when labels change)
// plus the texts they show from assets, so the font atlas has every glyph they draw.
std::vector<std::string> coord_glyph_texts(const std::vector<Reason>& catalog) {
  std::vector<std::string> t = {"–—“”…←↑→✓✗、。一上下不个中为么之于些交人什今件份作你使例保做先入全共内写决况出分列则初到刷剩办加务勾区单历原反取叠只号各合同名后含哪因图在均培填处复天始姓子存学完定审容对导将小尚尽层屏工已布平年并序度开式张录待得必志快情意成或所把抽拍择持指按排接提揭摄教数整文新无日早时明晓暂最月有期未本机束板查标校样核格案次正歧段每比江没法测消漏演照片班生用由界的盖直看知确示种科程空第答籍系级纳组结给维联致苏范行表裁覆见解认训记论证误说请谁象距身载近还这进退选通都采里重量错问间阶院随集需面须题验（），：？"};
  for (const auto& r : catalog) {
    const Guidance g = guidance_for(r.code);
    t.push_back(g.rule + g.fix);
  }
  return t;
}

bool App::screen_allowed(Screen s) const {
  // A trainer sees the trainer screens and the anonymous dashboard only: every other screen shows
  // names, 学号 or ID numbers.
  if (opt_.role == "trainer") return is_trainer_screen(s) || s == Screen::dashboard;
  return true;
}

void App::coord_reload() {
  auto& c = *coord_;
  c.today = today_local();
  c.dashboard = build_dashboard(*store_, {});
  try {
    c.calendar = load_calendar(*store_);
    c.calendar_error.clear();
  } catch (const std::exception& e) {
    c.calendar.reset();
    c.calendar_error = e.what();
  }
  c.topics = trainer_topics(*store_, {});
  c.slides = presentation(c.topics);
  c.quiz = Quiz(c.topics, c.seed);
  c.topic = std::min(c.topic, c.topics.empty() ? 0 : c.topics.size() - 1);
  c.slide = std::min(c.slide, c.slides.empty() ? 0 : c.slides.size() - 1);
  c.disputes = disagreements(*store_, {});
  if (c.sample.empty()) {  // the default sample (seed and size on screen) so the list is never blank
    const SampleSpec spec{c.seed, c.sample_mode == 0 ? c.percent : 0, c.sample_mode == 1 ? c.count : 0};
    try {
      c.sample = draw_sample(*store_, {}, spec);
      c.sample_label = spec.label();
    } catch (const std::exception&) {
    }
  }
  c.loaded = true;
}

void App::register_coord_actions() {
  auto screen_action = [this](const char* id, const char* zh, const char* en, int key, Screen s) {
    actions_.add({id, zh, en, {{key}}, [this, s] {
                    set_screen(s);
                    coord_reload();
                  },
                  [this, s] { return screen_allowed(s); }});
  };
  screen_action("screen.dashboard", "进度看板", "Dashboard", GLFW_KEY_F5, Screen::dashboard);
  screen_action("screen.trainer", "培训示例", "Trainer", GLFW_KEY_F6, Screen::trainer);
  screen_action("screen.quiz", "培训测验", "Quiz", GLFW_KEY_F7, Screen::quiz);
  screen_action("screen.spotcheck", "学院抽查", "Spot checks", GLFW_KEY_F8, Screen::spotcheck);
  screen_action("screen.exports", "导出…", "Export…", GLFW_KEY_F9, Screen::exports);

  auto& c = *coord_;
  actions_.add({"trainer.present", "全屏演示", "Full-screen presentation", {{GLFW_KEY_P}},
                [this] {
                  auto& c = *coord_;
                  c.presenting = true;
                  // Start at the first slide of the topic chosen in the gallery.
                  for (std::size_t i = 0; i < c.slides.size(); ++i)
                    if (c.topic < c.topics.size() && c.slides[i].code == c.topics[c.topic].code) {
                      c.slide = i;
                      break;
                    }
                },
                [this] { return screen_ == Screen::trainer && !coord_->slides.empty() && !coord_->presenting; }});
  actions_.add({"trainer.next", "下一个示例", "Next example", {{GLFW_KEY_RIGHT, false, false, true}, {GLFW_KEY_J}},
                [this, &c] {
                  if (screen_ == Screen::quiz) return c.quiz.next();
                  if (c.presenting && !c.slides.empty()) c.slide = (c.slide + 1) % c.slides.size();
                  else if (!c.topics.empty()) c.topic = (c.topic + 1) % c.topics.size();
                },
                [this] { return is_trainer_screen(screen_); }});
  actions_.add({"trainer.prev", "上一个示例", "Previous example", {{GLFW_KEY_LEFT, false, false, true}, {GLFW_KEY_K}},
                [this, &c] {
                  if (c.presenting && !c.slides.empty()) c.slide = (c.slide + c.slides.size() - 1) % c.slides.size();
                  else if (!c.topics.empty()) c.topic = (c.topic + c.topics.size() - 1) % c.topics.size();
                },
                [this] { return screen_ == Screen::trainer; }});
  actions_.add({"trainer.exit", "退出演示", "Leave the presentation", {{GLFW_KEY_ESCAPE}},
                [&c] { c.presenting = false; }, [this] { return coord_->presenting; }});
  actions_.add({"quiz.reveal", "揭晓答案", "Reveal the answer", {{GLFW_KEY_SPACE}}, [&c] { c.quiz.reveal(); },
                [this] { return screen_ == Screen::quiz && !coord_->quiz.empty(); }});
  actions_.add({"example.mark", "标为教学示例…", "Mark as a teaching example…", {{GLFW_KEY_M}},
                [this] {
                  const QueueRow* r = session_->current();
                  coord_->mark_codes = {r->state.decision->reasons.begin(), r->state.decision->reasons.end()};
                  coord_->mark_open = true;
                },
                [this] {
                  const QueueRow* r = session_->current();
                  return screen_ == Screen::review && r && r->state.decision.has_value();
                }});
}

void App::draw_coord_tabs() {
  auto tab = [this](const char* label, Screen s, const char* action) {
    if (!screen_allowed(s)) return;
    ImGui::PushStyleColor(ImGuiCol_Text, screen_ == s ? ImVec4(1, 1, 1, 1) : ImVec4(0.6f, 0.63f, 0.68f, 1));
    if (ImGui::MenuItem(label, nullptr, screen_ == s)) actions_.run(action);
    ImGui::PopStyleColor();
  };
  tab(T("看板 F5", "Dashboard F5"), Screen::dashboard, "screen.dashboard");
  tab(T("培训 F6", "Trainer F6"), Screen::trainer, "screen.trainer");
  tab(T("测验 F7", "Quiz F7"), Screen::quiz, "screen.quiz");
  tab(T("抽查 F8", "Spot checks F8"), Screen::spotcheck, "screen.spotcheck");
  tab(T("导出 F9", "Export F9"), Screen::exports, "screen.exports");
  if (!opt_.college.empty()) {
    ImGui::Separator();
    ImGui::TextColored({1, 0.8f, 0.35f, 1}, T("学院：%s", "College: %s"), opt_.college.c_str());
  }
}

}  // namespace pa::ui
