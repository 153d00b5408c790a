// The coordinators' and trainers' screens in the App: names, which role sees which screen, their actions (keys, menus)
// and reloading their data from the (possibly college-scoped) store.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "ui/app.h"
#include "widgets/i18n.h"
#include "ui/photos/photo_data.h"

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

// The texts these screens show from the assets (the notice's rules and advice); their own labels
// are in the sources, whose characters the font always has (fonts.h, ui_source_glyphs()).
std::vector<std::string> coord_glyph_texts(const std::vector<Reason>& catalog) {
  std::vector<std::string> t;
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
  auto tab = [this](const char* action, const char* zh, const char* en, Screen s) {
    if (!screen_allowed(s)) return;
    ImGui::PushStyleColor(ImGuiCol_Text, screen_ == s ? ImVec4(1, 1, 1, 1) : ImVec4(0.6f, 0.63f, 0.68f, 1));
    if (ImGui::MenuItem(labelled(actions_, action, zh, en).c_str(), nullptr, screen_ == s)) actions_.run(action);
    ImGui::PopStyleColor();
  };
  tab("screen.dashboard", "看板", "Dashboard", Screen::dashboard);
  tab("screen.trainer", "培训", "Trainer", Screen::trainer);
  tab("screen.quiz", "测验", "Quiz", Screen::quiz);
  tab("screen.spotcheck", "抽查", "Spot checks", Screen::spotcheck);
  tab("screen.exports", "导出", "Export", Screen::exports);
  if (!opt_.college.empty()) {
    ImGui::Separator();
    ImGui::TextColored({1, 0.8f, 0.35f, 1}, T("学院：%s", "College: %s"), opt_.college.c_str());
  }
}

}  // namespace pa::ui
