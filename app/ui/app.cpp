// App: construction, the action registry, loading and caching photos, the frame skeleton.
#include "ui/app.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "core/error.h"
#include "core/timeutil.h"
#include "store/scoped_store.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"

namespace pa::ui {

namespace {
std::string default_reviewer() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "reviewer";
}
constexpr std::size_t kMaxMeta = 256;

// The queue row with the engine's result applied (review/queue.h: the one place that does it).
QueueRow with_analysis(QueueRow row, const std::string& result_json, bool ok) {
  apply_analysis(row, row.state.submission_id, result_json, ok);
  return row;
}

// The analysis owner's record of a photo the workstation analysed itself, for the submission it
// shows (what goes with a decision when the audit lacks a result).
std::optional<AnalysisRecord> shown_record(const std::unordered_map<std::string, PhotoMeta>& meta,
                                           const std::string& sha, std::int64_t submission_id) {
  auto it = meta.find(sha);
  if (it == meta.end() || !it->second.record || it->second.record->engine_version.empty() ||
      it->second.record->result_json.empty())
    return std::nullopt;
  AnalysisRecord a = *it->second.record;
  a.submission_id = submission_id;
  return a;
}
}  // namespace

App::App(std::unique_ptr<AuditStore> store, GuiOptions opt, bool gl)
    : store_(std::move(store)),
      opt_(std::move(opt)),
      gl_(gl),
      textures_(192u << 20, gl),
      thumbs_(96u << 20, gl) {
  if (opt_.reviewer.empty()) opt_.reviewer = default_reviewer();
  // Decisions the audit cannot take are kept in the user's data folder until they are saved.
  std::shared_ptr<DecisionJournal> journal;
  if (!opt_.data_dir.empty() && !opt_.db.empty())
    journal = std::make_shared<DecisionJournal>(opt_.db, opt_.data_dir);
  session_ = std::make_unique<ReviewSession>(*store_, opt_.reviewer, ui_engine_version(), journal);
  journal_offer_ = session_->journal_replay_pending();
  if (!opt_.data_dir.empty() && !opt_.db.empty()) {
    view_file_ = view_state_path(opt_.db, opt_.data_dir);
    view_ = load_view_state(view_file_);
  }
  if (!opt_.lang.empty()) view_.language = opt_.lang;
  set_language(view_.language == "en" ? Lang::en : Lang::zh);
  if (opt_.overlays >= 0) view_.overlays = static_cast<unsigned>(opt_.overlays), view_.overlays_on = true;
  if (opt_.split >= 0) view_.split = opt_.split;
  session_->set_filter(view_.filter);
  std::snprintf(search_buf_, sizeof search_buf_, "%s", view_.filter.search.c_str());
  if (!opt_.select.empty())
    session_->go_to_student(opt_.select);
  else if (opt_.first_pending || view_.current.empty() || !session_->go_to_student(view_.current))
    session_->first_pending();
  const std::string scr = !opt_.screen.empty() ? opt_.screen : view_.screen;
  screen_ = screen_from_name(scr);
  if (!screen_allowed(screen_)) screen_ = opt_.role == "trainer" ? Screen::trainer : Screen::review;
  vt_.zoom = view_.zoom;
  vt_.cx = view_.pan_x;
  vt_.cy = view_.pan_y;

  const std::string db = opt_.db, college = opt_.college;
  const int threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  loader_ = std::make_unique<PhotoLoader>([db, college]() { return open_audit(db, college); }, threads, session_->engine_version());
  if (gl_) {
    std::string err;
    if (!compositor_.init(&err)) error_ = "shader: " + err;
  }
  // Submissions without results for this engine version are analysed in the background (the
  // loader lists them on a worker).
  register_actions();
  register_coord_actions();
  on_navigate();
}

App::~App() {
  save_view();
  loader_.reset();
}

void App::save_view() {
  view_.zoom = vt_.zoom;
  view_.pan_x = vt_.cx;
  view_.pan_y = vt_.cy;
  if (const QueueRow* r = session_->current()) view_.current = r->state.student.student_no;
  view_.screen = screen_name(screen_);
  view_.filter = session_->queue().filter();
  view_.language = language() == Lang::en ? "en" : "zh";
  if (!view_file_.empty()) save_view_state(view_file_, view_);
}

void App::set_screen(Screen s) {
  if (!screen_allowed(s)) return;  // a trainer never gets the screens that show identities
  screen_ = s;
  queue_scroll_to_current_ = true;
}

std::vector<std::string> App::glyph_texts() const {
  std::vector<std::string> t;
  for (const auto& r : session_->queue().all()) {
    const auto& s = r.state.student;
    t.push_back(s.name);
    t.push_back(s.college);
    t.push_back(s.major);
    t.push_back(s.class_name);
    t.push_back(s.campus);
    t.push_back(s.gender);
    if (r.state.decision) t.push_back(r.state.decision->reviewer + r.state.decision->note);
  }
  for (const auto& r : session_->catalog()) t.push_back(r.label_zh);
  for (auto& x : coord_glyph_texts(session_->catalog())) t.push_back(std::move(x));
  t.push_back(opt_.reviewer);
  return t;
}

// ---- actions ------------------------------------------------------------------------------------

void App::register_actions() {
  auto on_review = [this] { return screen_ == Screen::review && session_->current(); };
  auto has_photo = [this] {
    const QueueRow* r = session_->current();
    return screen_ == Screen::review && r && r->state.submission_id != 0;
  };
  actions_.add({"decide.approve", "批准", "Approve", {{GLFW_KEY_A}}, [this] { approve(); }, has_photo});
  actions_.add({"decide.reject", "驳回…", "Reject…", {{GLFW_KEY_R}}, [this] { open_picker(Verdict::reject); }, has_photo});
  actions_.add({"decide.reshoot", "需重拍…", "Reshoot…", {{GLFW_KEY_S}}, [this] { open_picker(Verdict::reshoot); }, has_photo});
  actions_.add({"decide.undo", "撤销上一次结论", "Undo last decision", {{GLFW_KEY_Z, true}}, [this] { undo(); }});
  actions_.add({"nav.next", "下一个", "Next", {{GLFW_KEY_J, false, false, true}, {GLFW_KEY_RIGHT, false, false, true}, {GLFW_KEY_DOWN, false, false, true}},
                [this] { next(); }, [this] { return screen_ == Screen::queue || screen_ == Screen::review; }});
  actions_.add({"nav.prev", "上一个", "Previous", {{GLFW_KEY_K, false, false, true}, {GLFW_KEY_LEFT, false, false, true}, {GLFW_KEY_UP, false, false, true}},
                [this] { previous(); }, [this] { return screen_ == Screen::queue || screen_ == Screen::review; }});
  actions_.add({"nav.next_pending", "下一个待审", "Next pending", {{GLFW_KEY_N}}, [this] {
                  if (auto p = session_->queue().next_pending(session_->position())) session_->go_to(*p), on_navigate();
                }});
  actions_.add({"view.overlays", "叠加层 开/关", "Overlays on/off", {{GLFW_KEY_O}}, [this] { view_.overlays_on = !view_.overlays_on; }, on_review});
  actions_.add({"view.fit", "适合窗口", "Fit", {{GLFW_KEY_F}}, [this] { vt_ = {}; }, on_review});
  actions_.add({"view.one_to_one", "1:1 原始像素", "1:1 pixels", {{GLFW_KEY_1}}, [this] { vt_.zoom = 1; }, on_review});
  actions_.add({"view.original", "按住显示原图", "Hold: show the original", {{GLFW_KEY_SPACE}}, [] {}, on_review});
  actions_.add({"view.reveal_id", "显示/隐藏身份证号", "Reveal / hide ID number", {{GLFW_KEY_I}}, [this] { toggle_reveal_id(); }, on_review});
  actions_.add({"screen.queue", "队列", "Queue", {{GLFW_KEY_F2}}, [this] { set_screen(Screen::queue); }});
  actions_.add({"screen.review", "复核", "Review", {{GLFW_KEY_F3}, {GLFW_KEY_ENTER}}, [this] { set_screen(Screen::review); }});
  actions_.add({"screen.sheet", "联系表", "Contact sheet", {{GLFW_KEY_F4}}, [this] { set_screen(Screen::sheet); }});
  actions_.add({"sheet.select_all", "全选", "Select all", {{GLFW_KEY_A, true}}, [this] {
                  const auto& q = session_->queue();
                  for (std::size_t i = 0; i < q.size(); ++i)
                    if (q.at(i).state.submission_id) sheet_selection_.insert(q.at(i).state.student.student_no);
                }, [this] { return screen_ == Screen::sheet; }});
  actions_.add({"sheet.approve_clean", "批准所选中无问题的照片…", "Approve the clean ones in the selection…", {{GLFW_KEY_A}},
                [this] { open_approve_confirm(); }, [this] { return screen_ == Screen::sheet && !sheet_selection_.empty(); }});
  actions_.add({"app.language", "切换语言 (中文/English)", "Switch language (中文/English)", {{GLFW_KEY_L, true}},
                [] { set_language(language() == Lang::zh ? Lang::en : Lang::zh); }});
  actions_.add({"app.help", "键盘快捷键", "Keyboard shortcuts", {{GLFW_KEY_F1}, {GLFW_KEY_SLASH, false, true}},
                [this] { show_help_ = !show_help_; }});
  actions_.add({"app.quit", "退出", "Quit", {{GLFW_KEY_Q, true}}, [this] { request_quit(); }});
}

std::optional<AnalysisRecord> App::analysis_record_for_current() const {
  const QueueRow* r = session_->current();
  if (!r) return std::nullopt;
  return shown_record(meta_, r->state.photo_sha256, r->state.submission_id);
}

bool App::can_decide(std::string* why) {
  const QueueRow* r = session_->current();
  auto no = [&](const char* text) {
    if (why) *why = text;
    return false;
  };
  if (!r || !r->state.submission_id) return no(T("该学生没有照片", "This student has no photo"));
  // A decision belongs to the photo the reviewer saw: only a photo on screen can be decided.
  if (const PhotoMeta* m = current_meta(); m && !m->error.empty())
    return no(T("照片未能加载，不能作出结论", "The photo could not be loaded: no decision can be made"));
  if (!current_photo_ready()) return no(T("照片尚在加载，请稍候再作结论", "The photo is still loading: decide once it is shown"));
  return true;
}

void App::toggle_reveal_id() {
  if (reveal_id_) {
    reveal_id_ = false;
    return;
  }
  const QueueRow* r = session_->current();
  if (!r || r->state.student.id_number.empty()) return;
  // Showing a full ID number is an act of record: in the audit ledger first (who, when, whose).
  try {
    RevealAct act;
    act.actor = opt_.reviewer;
    act.what = "on_screen";
    act.student_no = r->state.student.student_no;
    store_->record_reveal(act);
    reveal_id_ = true;
  } catch (const std::exception& e) {
    toast_.show(std::string(T("无法记录查看身份证号，未显示：", "Could not record the reveal, so it is not shown: ")) + e.what());
  }
}

void App::approve() {
  std::string why;
  if (!can_decide(&why)) {
    toast_.show(why);
    return;
  }
  record(Verdict::approve, {}, {});
}

void App::open_picker(Verdict v) {
  const QueueRow* r = session_->current();
  std::string why;
  if (!can_decide(&why)) {
    toast_.show(why);
    return;
  }
  std::vector<widgets::PickerItem> items;
  // The engine's codes: from the live analysis of the photo on screen when there is one, else
  // from the stored result.
  std::vector<std::string> suggested = session_->suggested_reasons();
  if (const PhotoMeta* m = current_meta(); m && m->analysed && !m->checks.empty()) {
    suggested.clear();
    for (const auto& reason : session_->catalog())
      for (const auto& c : m->checks)
        if (c.code == reason.code && c.severity != quality::Severity::pass) {
          suggested.push_back(reason.code);
          break;
        }
  }
  for (const auto& reason : session_->catalog())
    items.push_back({reason.code, language() == Lang::zh ? reason.label_zh : reason.label_en,
                     std::find(suggested.begin(), suggested.end(), reason.code) != suggested.end()});
  std::string title = v == Verdict::reject ? T("驳回：", "Reject: ") : T("需重拍：", "Reshoot: ");
  title += displayable(r->state.student.student_no + " " + r->state.student.name);
  picker_.open(title, std::move(items), suggested);
  picker_verdict_ = v;
}

void App::apply_picker_result(widgets::ReasonPicker::Result res) {
  if (res == widgets::ReasonPicker::Result::none || !picker_verdict_) return;
  const Verdict v = *picker_verdict_;
  picker_verdict_.reset();
  if (res == widgets::ReasonPicker::Result::cancelled) return;
  std::string why;
  if (!can_decide(&why)) {
    toast_.show(why);
    return;
  }
  record(v, picker_.selected(), picker_.note(), false, picker_.student_note());
}

void App::undo() {
  try {
    auto e = session_->undo();
    if (e)
      toast_.show(std::string(T("已撤销 ", "Undone ")) + e->student_no);
    else
      toast_.show(T("没有可撤销的结论", "Nothing to undo"));
  } catch (const std::exception& e) {
    toast_.show(e.what());
  }
  on_navigate();
}

void App::next() {
  session_->next();
  on_navigate();
}

void App::previous() {
  session_->previous();
  on_navigate();
}

void App::on_navigate() {
  const QueueRow* r = session_->current();
  const std::string no = r ? r->state.student.student_no : std::string();
  if (no != shown_student_) {
    shown_student_ = no;
    reveal_id_ = false;  // the ID number is masked again for every student
    hovered_finding_.clear();
    nav_time_ = std::chrono::steady_clock::now();
    nav_pending_ = true;
    queue_scroll_to_current_ = true;
    load_earlier();
    // Photos queued for earlier positions are no longer wanted: drop them so flipping fast does
    // not leave a backlog (photos already being decoded finish and stay cached).
    if (loader_) loader_->drop_queued(LoadKind::full, 0);
  }
  request_photos();
}

void App::load_earlier() {
  earlier_.reset();
  const QueueRow* r = session_->current();
  if (!r || r->state.versions < 2) return;
  try {
    const auto subs = store_->submissions(r->state.student.student_no);
    const auto hist = store_->history(r->state.student.student_no);
    // The newest earlier version whose decision in force was reject or reshoot.
    for (auto it = subs.rbegin(); it != subs.rend(); ++it) {
      if (it->id == r->state.submission_id) continue;
      std::optional<DecisionEvent> in_force;
      std::set<std::int64_t> undone;
      for (const auto& e : hist)
        if (e.kind == "undo" && e.undoes) undone.insert(*e.undoes);
      for (const auto& e : hist)
        if (e.submission_id == it->id && e.kind != "undo" && !undone.count(e.id)) in_force = e;
      if (in_force && (in_force->kind == "reject" || in_force->kind == "reshoot")) {
        earlier_ = EarlierVersion{r->state.student.student_no, *it, in_force};
        return;
      }
    }
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void App::request_photos() {
  if (!loader_) return;
  const auto& q = session_->queue();
  auto pos = session_->position();
  if (!pos) return;
  auto want = [&](std::size_t p, int prio) {
    if (p >= q.size()) return;
    const auto& sha = q.at(p).state.photo_sha256;
    if (sha.empty()) return;
    const PhotoMeta* m = meta(sha);
    if (!textures_.contains(sha) || !m || !(m->analysed || !m->error.empty()))
      loader_->request(sha, LoadKind::full, prio);
  };
  want(*pos, 0);
  want(*pos + 1, 1);
  if (*pos > 0) want(*pos - 1, 1);
  want(*pos + 2, 2);
  if (earlier_ && !textures_.contains(earlier_->submission.sha256))
    loader_->request(earlier_->submission.sha256, LoadKind::full, 1, false);
}

PhotoMeta* App::meta(const std::string& sha) {
  auto it = meta_.find(sha);
  return it == meta_.end() ? nullptr : &it->second;
}

const PhotoMeta* App::current_meta() const {
  const QueueRow* r = session_->current();
  if (!r) return nullptr;
  auto it = meta_.find(r->state.photo_sha256);
  return it == meta_.end() ? nullptr : &it->second;
}

const GpuPhoto* App::current_gpu() {
  const QueueRow* r = session_->current();
  return r ? textures_.get(r->state.photo_sha256) : nullptr;
}

bool App::current_photo_ready() {
  const QueueRow* r = session_->current();
  return r && textures_.contains(r->state.photo_sha256);
}

bool App::current_analysis_ready() {
  const PhotoMeta* m = current_meta();
  return m && (m->analysed || !m->error.empty());
}

void App::pump_loader() {
  if (!loader_) return;
  for (auto& l : loader_->take()) backlog_.push_back(std::move(l));
  // GL uploads happen here, on the main thread, at most a few per frame to keep frames short;
  // the photo on screen goes first.
  const QueueRow* cur = session_->current();
  if (cur)
    std::stable_partition(backlog_.begin(), backlog_.end(),
                          [&](const Loaded& l) { return l.kind == LoadKind::full && l.photo->sha256 == cur->state.photo_sha256; });
  // Results for photos the reviewer has already flipped past are dropped, not uploaded.
  std::set<std::string> wanted;
  if (auto pos = session_->position()) {
    const auto& q = session_->queue();
    for (std::size_t k = (*pos > 2 ? *pos - 2 : 0); k < std::min(q.size(), *pos + 3); ++k) wanted.insert(q.at(k).state.photo_sha256);
  }
  if (earlier_) wanted.insert(earlier_->submission.sha256);
  wanted.insert(coord_->wanted.begin(), coord_->wanted.end());  // the trainer screens' photos
  int uploads = 0;
  while (!backlog_.empty() && uploads < 3) {
    Loaded l = std::move(backlog_.front());
    backlog_.pop_front();
    auto& p = *l.photo;
    if (l.kind == LoadKind::full && !wanted.count(p.sha256)) continue;
    if (l.kind != LoadKind::store) ++uploads;
    if (l.kind == LoadKind::store) {
      if (p.record)
        for (const auto& row : session_->queue().all())
          if (row.state.submission_id == l.submission_id) {
            session_->queue().update_row(with_analysis(row, p.record->result_json, p.record->ok));
            break;
          }
      continue;
    }
    if (l.kind == LoadKind::thumb) {
      if (p.error.empty()) thumbs_.put(p.sha256, p);
      continue;
    }
    auto& m = meta_[p.sha256];
    if (std::find(meta_order_.begin(), meta_order_.end(), p.sha256) == meta_order_.end()) meta_order_.push_back(p.sha256);
    if (!(m.analysed && !p.analysed)) {  // never replace an analysed entry by a decoded-only one
      m.width = p.width;
      m.height = p.height;
      m.tex_width = p.rgba.cols;
      m.tex_height = p.rgba.rows;
      m.analysed = p.analysed;
      m.geometry = p.geometry;
      m.lighting_left = p.lighting_left;
      m.lighting_right = p.lighting_right;
      m.checks = p.checks;
      m.record = p.record;
      m.analysis_error = p.analysis_error;
      m.error = p.error;
      if (p.error.empty()) {
        // The decoded photo arrives first (upload the photo), the analysis later (upload the maps).
        if (textures_.contains(p.sha256))
          textures_.add_maps(p.sha256, p);
        else
          textures_.put(p.sha256, p);
      }
    }
    if (l.final && p.error.empty() && p.record) {
      // The live analysis also fills the queue row when the audit has no stored result yet.
      for (const auto& rr : session_->queue().all())
          if (rr.state.photo_sha256 == p.sha256 && !rr.analysed)
            session_->queue().update_row(with_analysis(rr, p.record->result_json, p.record->ok));
    }
  }
  while (meta_order_.size() > kMaxMeta) {
    meta_.erase(meta_order_.front());
    meta_order_.pop_front();
  }
}

// The selected photos the sheet shows as clean and pending, each with the version and the
// analysis it shows: a photo whose analysis failed, or is of another version, is not clean.
std::vector<ReviewSession::ShownPhoto> App::clean_selection_now() const {
  std::vector<ReviewSession::ShownPhoto> out;
  for (const auto& row : session_->queue().all()) {
    const auto& st = row.state;
    if (!sheet_selection_.count(st.student.student_no) || st.status != Status::pending || !row.analysed ||
        row.fails > 0 || row.analysis_failed() || row.analysed_submission != st.submission_id)
      continue;
    ReviewSession::ShownPhoto p{st.student.student_no, st.submission_id, st.photo_sha256, std::nullopt};
    // An analysis the workstation made itself and the audit lacks goes with the decision.
    p.analysis = shown_record(meta_, st.photo_sha256, st.submission_id);
    out.push_back(std::move(p));
  }
  return out;
}

int App::clean_in_selection() const { return static_cast<int>(clean_selection_now().size()); }

void App::open_approve_confirm() {
  approve_snapshot_ = clean_selection_now();
  confirm_approve_ = true;
}

void App::confirm_approve_selected() {
  const auto result = session_->approve_many(approve_snapshot_);
  approve_snapshot_.clear();
  sheet_selection_.clear();
  confirm_approve_ = false;
  char buf[256];
  if (result.refused.empty())
    std::snprintf(buf, sizeof buf, T("已批准 %zu 张无问题的照片", "Approved %zu clean photos"), result.approved.size());
  else
    std::snprintf(buf, sizeof buf, T("已批准 %zu 张；%zu 张未批准（照片已更新或已被他人审核）",
                                     "Approved %zu; %zu not approved (a newer photo, or decided by someone else)"),
                  result.approved.size(), result.refused.size());
  toast_.show(buf);
}

// ---- the frame ----------------------------------------------------------------------------------

void App::frame() {
  pump_loader();
  ImGuiIO& io = ImGui::GetIO();
  show_original_ = ImGui::IsKeyDown(GLFW_KEY_SPACE) && !io.WantTextInput && !picker_.is_open();
  const bool modal = confirm_approve_ || override_.has_value() || coord_->mark_open || quit_confirm_ || journal_offer_;
  actions_.set_keys_blocked(picker_.is_open() || modal);
  const bool had_picker = picker_.is_open();
  if (!had_picker && !modal) actions_.poll_imgui();
  if (!session_->unsaved().empty() && !override_ && std::chrono::steady_clock::now() >= next_retry_)
    retry_unsaved_decision();
  if (confirm_approve_ && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) confirm_approve_ = false;

  const float status_h = ImGui::GetFrameHeight() + 6;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::Begin("photoaudit##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);
  draw_menu_bar();
  ImGui::BeginChild("##screen", {0, -status_h}, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  switch (screen_) {
    case Screen::queue: draw_queue(); break;
    case Screen::review: draw_review(); break;
    case Screen::sheet: draw_sheet(); break;
    case Screen::dashboard: draw_dashboard(); break;
    case Screen::trainer: draw_trainer(); break;
    case Screen::quiz: draw_quiz(); break;
    case Screen::spotcheck: draw_spotcheck(); break;
    case Screen::exports: draw_exports(); break;
  }
  ImGui::EndChild();
  draw_status_bar(status_h);
  ImGui::End();

  apply_picker_result(picker_.draw());
  draw_approve_confirm();
  draw_mark_example();
  draw_presentation();
  draw_override_confirm();
  draw_unsaved_banner();
  draw_quit_confirm();
  draw_journal_offer();
  draw_help();
  toast_.draw();

  request_photos();
  if (nav_pending_ && current_photo_ready()) {
    last_switch_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - nav_time_).count();
    nav_pending_ = false;
  }
}

void App::draw_menu_bar() {
  if (!ImGui::BeginMenuBar()) return;
  auto item = [this](const char* id) {
    const Action* a = actions_.find(id);
    if (!a) return;
    const std::string keys = a->keys.empty() ? std::string() : chord_label(a->keys.front());
    const bool enabled = !a->enabled || a->enabled();
    if (ImGui::MenuItem(language() == Lang::zh ? a->label_zh.c_str() : a->label_en.c_str(), keys.c_str(), false, enabled))
      actions_.run(id);
  };
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "photoaudit");
  if (ImGui::BeginMenu(T("文件", "File"))) {
    item("app.language");
    ImGui::Separator();
    item("app.quit");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(T("审核", "Review"))) {
    item("decide.approve");
    item("decide.reject");
    item("decide.reshoot");
    item("decide.undo");
    ImGui::Separator();
    item("nav.next");
    item("nav.prev");
    item("nav.next_pending");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(T("视图", "View"))) {
    item("screen.queue");
    item("screen.review");
    item("screen.sheet");
    ImGui::Separator();
    item("view.overlays");
    item("view.fit");
    item("view.one_to_one");
    item("view.reveal_id");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(T("帮助", "Help"))) {
    item("app.help");
    ImGui::EndMenu();
  }
  ImGui::Separator();
  auto tab = [this](const char* label, Screen s) {
    if (!screen_allowed(s)) return;
    const bool on = screen_ == s;
    if (on) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    else ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.6f, 0.63f, 0.68f, 1));
    if (ImGui::MenuItem(label, nullptr, on)) set_screen(s);
    ImGui::PopStyleColor();
  };
  tab(labelled(actions_, "screen.queue", "队列", "Queue").c_str(), Screen::queue);
  tab(labelled(actions_, "screen.review", "复核", "Review").c_str(), Screen::review);
  tab(labelled(actions_, "screen.sheet", "联系表", "Contact sheet").c_str(), Screen::sheet);
  draw_coord_tabs();
  ImGui::EndMenuBar();
}

void App::draw_status_bar(float h) {
  const auto& q = session_->queue();
  int pending = 0, analysed = 0, with_photo = 0;
  for (const auto& r : q.all()) {
    pending += r.state.status == Status::pending;
    if (r.state.submission_id) ++with_photo, analysed += r.analysed;
  }
  ImGui::Separator();
  ImGui::AlignTextToFramePadding();
  ImGui::Text(T("审核人 %s", "Reviewer %s"), displayable(opt_.reviewer).c_str());
  ImGui::SameLine(0, 24);
  ImGui::Text(T("待审 %d / 共 %zu 人", "%d pending / %zu students"), pending, q.all().size());
  ImGui::SameLine(0, 24);
  if (!loader_->models_ready()) {
    ImGui::TextColored({1, 0.8f, 0.3f, 1}, "%s", T("正在加载人脸关键点模型…", "Loading the landmark model…"));
  } else if (!loader_->models_error().empty()) {
    ImGui::TextColored({1, 0.5f, 0.4f, 1}, "%s", T("关键点模型不可用", "landmark model unavailable"));
  } else if (session_->engine_version().empty()) {
    ImGui::TextDisabled("%s", T("质量引擎不可用", "quality engine unavailable"));
  } else {
    ImGui::SetNextItemWidth(160);
    const float frac = with_photo ? float(analysed) / with_photo : 1.0f;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d/%d", analysed, with_photo);
    ImGui::TextUnformatted(T("已分析", "Analysed"));
    ImGui::SameLine();
    ImGui::ProgressBar(frac, {160, ImGui::GetFrameHeight() - 4}, buf);
  }
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled(T("缓存 %zu 张 %.0f MB · %.0f fps", "cache %zu photos %.0f MB · %.0f fps"), textures_.size(),
                      textures_.bytes() / 1048576.0, ImGui::GetIO().Framerate);
  if (error_) {
    ImGui::SameLine(0, 24);
    ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", error_->c_str());
  }
  ImGui::SameLine(ImGui::GetWindowWidth() - 170);
  ImGui::TextDisabled("%s", T("? / F1 快捷键", "? / F1 shortcuts"));
  (void)h;
}

}  // namespace pa::ui
