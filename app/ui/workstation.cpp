// Workstation: construction, the views, the screen in force, navigation, the frame skeleton.
#include "ui/workstation.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "store/scoped_store.h"
#include "ui/views/chrome.h"
#include "ui/views/contact_sheet_view.h"
#include "ui/views/dashboard_view.h"
#include "ui/views/exports_view.h"
#include "ui/views/help_view.h"
#include "ui/views/queue_view.h"
#include "ui/views/review_view.h"
#include "ui/views/reviewer_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/team_view.h"
#include "ui/views/trainer_view.h"
#include "widgets/i18n.h"

namespace pa::ui {


Screen screen_from_name(const std::string& name) {
  for (Screen s : {Screen::queue, Screen::review, Screen::sheet, Screen::dashboard, Screen::trainer, Screen::quiz,
                   Screen::spotcheck, Screen::exports})
    if (name == screen_name(s)) return s;
  return Screen::review;
}

const char* screen_name(Screen s) {
  switch (s) {
    case Screen::queue: return "queue";
    case Screen::review: return "review";
    case Screen::sheet: return "sheet";
    case Screen::dashboard: return "dashboard";
    case Screen::trainer: return "trainer";
    case Screen::quiz: return "quiz";
    case Screen::spotcheck: return "spotcheck";
    case Screen::exports: return "exports";
  }
  return "review";
}

template <class V>
V* Workstation::add_view() {
  auto v = std::make_unique<V>(*this);
  V* raw = v.get();
  views_.push_back(std::move(v));
  return raw;
}

Workstation::Workstation(std::unique_ptr<AuditStore> store, GuiOptions opt, bool gl)
    : store_(std::move(store)), opt_(std::move(opt)), gl_(gl) {
  // Who decides: --reviewer, else the name this OS account gave before; else nobody yet, and
  // ReviewerView asks (a server's audit always takes the login: ReviewSession).
  if (opt_.reviewer.empty()) opt_.reviewer = saved_reviewer_name(opt_.data_dir);
  // Decisions the audit cannot take are kept in the user's data folder until they are saved.
  std::shared_ptr<DecisionJournal> journal;
  if (!opt_.data_dir.empty() && !opt_.db.empty()) {
    journal = std::make_shared<DecisionJournal>(opt_.db, opt_.data_dir);
    view_file_ = view_state_path(opt_.db, opt_.data_dir);
    view_ = load_view_state(view_file_);
  }
  session_ = std::make_unique<ReviewSession>(*store_, opt_.reviewer, ui_engine_version(), journal);
  if (!opt_.lang.empty()) view_.language = opt_.lang;
  set_language(view_.language == "en" ? Lang::en : Lang::zh);
  if (opt_.overlays >= 0) view_.overlays = static_cast<unsigned>(opt_.overlays), view_.overlays_on = true;
  if (opt_.split >= 0) view_.split = opt_.split;
  session_->set_filter(view_.filter);
  if (!opt_.select.empty())
    session_->go_to_student(opt_.select);
  else if (opt_.first_pending || view_.current.empty() || !session_->go_to_student(view_.current))
    session_->first_pending();

  const std::string db = opt_.db, college = opt_.college;
  photos_ = std::make_unique<PhotoCache>([db, college]() { return open_audit(db, college); }, session_->engine_version(), gl_);
  if (gl_) {
    std::string err;
    if (!compositor_.init(&err)) error_ = "shader: " + err;
  }

  // The views, in the order of their tabs; the dialog layers last (drawn above the screens).
  queue_ = add_view<QueueView>();
  review_ = add_view<ReviewView>();
  sheet_ = add_view<ContactSheetView>();
  dashboard_ = add_view<DashboardView>();
  trainer_ = add_view<TrainerView>();
  spotcheck_ = add_view<SpotcheckView>();
  exports_ = add_view<ExportsView>();
  guard_ = add_view<SaveGuardView>();
  reviewer_ = add_view<ReviewerView>();
  help_ = add_view<HelpView>();
  team_ = add_view<TeamView>();

  const std::string scr = !opt_.screen.empty() ? opt_.screen : view_.screen;
  screen_ = screen_from_name(scr);
  if (!screen_allowed(screen_)) screen_ = opt_.role == "trainer" ? Screen::trainer : Screen::review;
  register_actions();
  navigated();
}

Workstation::~Workstation() {
  save_view();
  views_.clear();
  photos_.reset();
}

// The registry's order is the help's, in sections by the part of the workstation the keys work
// on: the review screen (decisions, viewing), moving through the queue, the contact sheet, the
// screens, the workstation's own actions, then the coordinators' and trainers' screens.
void Workstation::register_actions() {
  auto screens = [this](bool reviewers) {
    for (const auto& v : views_)
      for (const ScreenEntry& e : v->screens())
        if (e.reviewers_menu == reviewers) {
          const Screen s = e.screen;
          actions_.add({e.action, e.label_zh, e.label_en, e.keys, [this, s] { set_screen(s); },
                        [this, s] { return screen_allowed(s); }});
        }
  };
  actions_.set_section("审核界面", "Review screen");
  review_->register_actions(actions_);
  review_->register_view_actions(actions_);
  actions_.set_section("队列与移动", "Queue and moving");
  queue_->register_actions(actions_);
  actions_.set_section("联系表", "Contact sheet");
  sheet_->register_actions(actions_);
  actions_.set_section("切换界面", "Screens");
  screens(true);
  screens(false);
  actions_.set_section("通用", "General");
  actions_.add({"app.language", "切换语言 (中文/English)", "Switch language (中文/English)", {{GLFW_KEY_L, true}},
                [] { set_language(language() == Lang::zh ? Lang::en : Lang::zh); }});
  help_->register_actions(actions_);
  guard_->register_actions(actions_);
  reviewer_->register_actions(actions_);
  actions_.set_section("看板", "Dashboard");
  dashboard_->register_actions(actions_);
  actions_.set_section("培训与测验", "Training and quiz");
  trainer_->register_actions(actions_);
  actions_.set_section("学院抽查", "Spot checks");
  spotcheck_->register_actions(actions_);
  actions_.set_section("导出", "Exports");
  exports_->register_actions(actions_);
}

void Workstation::save_view() {
  if (review_) review_->save_transform(view_);
  if (const QueueRow* r = session_->current()) view_.current = r->state.student.student_no;
  view_.screen = screen_name(screen_);
  view_.filter = session_->queue().filter();
  view_.language = language() == Lang::en ? "en" : "zh";
  if (!view_file_.empty()) save_view_state(view_file_, view_);
}

bool Workstation::screen_allowed(Screen s) const {
  const View* v = view_of(s);
  return v && v->allowed_for(opt_.role);
}

View* Workstation::view_of(Screen s) const {
  for (const auto& v : views_)
    for (const ScreenEntry& e : v->screens())
      if (e.screen == s) return v.get();
  return nullptr;
}

void Workstation::set_screen(Screen s) {
  if (!screen_allowed(s)) return;  // a trainer never gets the screens that show identities
  screen_ = s;
  view_of(s)->on_open();
}

std::vector<std::string> Workstation::glyph_texts() const {
  std::vector<std::string> t;
  for (const auto& r : session_->queue().all()) {
    const auto& s = r.state.student;
    for (const std::string* x : {&s.name, &s.college, &s.major, &s.class_name, &s.campus, &s.gender}) t.push_back(*x);
    if (r.state.decision) t.push_back(r.state.decision->reviewer + r.state.decision->note);
  }
  for (const auto& r : session_->catalog()) t.push_back(r.label_zh);
  for (const auto& v : views_) v->glyph_texts(t);
  t.push_back(opt_.reviewer);
  return t;
}

void Workstation::navigated() {
  const QueueRow* r = session_->current();
  const std::string no = r ? r->state.student.student_no : std::string();
  if (no != shown_student_) {
    shown_student_ = no;
    nav_time_ = std::chrono::steady_clock::now();
    nav_pending_ = true;
    for (const auto& v : views_) v->on_navigate();
    // Photos queued for earlier positions are no longer wanted: drop them so flipping fast does
    // not leave a backlog (photos already being decoded finish and stay cached).
    photos_->drop_queued();
  }
  photos_->request_around(*session_, review_->earlier_sha256());
}

void Workstation::open_reason_picker(std::string title, const std::vector<std::string>& failing,
                                     const std::vector<std::string>& warned,
                                     std::function<void(widgets::ReasonPicker::Result)> done) {
  auto in = [](const std::vector<std::string>& v, const std::string& c) { return std::find(v.begin(), v.end(), c) != v.end(); };
  std::vector<widgets::PickerItem> items;
  for (const auto& reason : session_->catalog())
    items.push_back({reason.code, language() == Lang::zh ? reason.label_zh : reason.label_en, in(failing, reason.code),
                     in(warned, reason.code)});
  picker_.open(std::move(title), std::move(items), failing);
  picker_done_ = std::move(done);
}

const PhotoMeta* Workstation::current_meta() const {
  const QueueRow* r = session_->current();
  return r ? photos_->meta(r->state.photo_sha256) : nullptr;
}

GpuPhoto* Workstation::current_gpu() {
  const QueueRow* r = session_->current();
  return r ? photos_->texture(r->state.photo_sha256) : nullptr;
}

bool Workstation::current_photo_ready() const {
  const QueueRow* r = session_->current();
  return r && photos_->ready(r->state.photo_sha256);
}

void Workstation::frame() {
  std::set<std::string> wanted;
  for (const auto& v : views_) v->wanted_photos(wanted);
  photos_->pump(*session_, std::move(wanted));
  bool modal = false;
  for (const auto& v : views_) modal = modal || v->modal_open();
  actions_.set_keys_blocked(picker_.is_open() || modal);
  if (!picker_.is_open() && !modal) actions_.poll_imgui();
  for (const auto& v : views_) v->before_frame();

  ImGuiIO& io = ImGui::GetIO();
  const float status_h = ImGui::GetFrameHeight() + 6;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("photoaudit##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar(2);
  draw_menu_bar(*this);
  ImGui::BeginChild("##screen", {0, -status_h}, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  if (View* v = view_of(screen_)) v->draw();
  ImGui::EndChild();
  draw_status_bar(*this);
  ImGui::End();

  for (const auto& v : views_) v->draw_dialogs();
  if (const auto res = picker_.draw(); res != widgets::ReasonPicker::Result::none && picker_done_)
    std::exchange(picker_done_, nullptr)(res);
  toast_.draw();

  photos_->request_around(*session_, review_->earlier_sha256());
  if (nav_pending_ && current_photo_ready()) {
    last_switch_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - nav_time_).count();
    nav_pending_ = false;
  }
}

}  // namespace pa::ui
