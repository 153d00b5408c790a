// ReviewView: its actions and the decisions made on the review screen (views/review_view.h).
#include "ui/views/review_view.h"
#include "ui/views/reviewer_view.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "ui/platform/fonts.h"
#include "ui/views/queue_view.h"
#include "ui/views/save_guard_view.h"
#include "ui/workstation.h"
#include "widgets/i18n.h"

namespace pa::ui {

ReviewView::ReviewView(Workstation& ws) : View(ws) {
  ViewState& v = ws.view_state();
  if (ws.options().overlays >= 0) v.overlays_auto = false;  // --overlays names the overlays to show
  vt_.zoom = v.zoom;
  vt_.cx = v.pan_x;
  vt_.cy = v.pan_y;
}

std::vector<ScreenEntry> ReviewView::screens() const {
  return {ScreenEntry{Screen::review, "screen.review", "审核", "Review", "审核", "Review", {{GLFW_KEY_F3}, {GLFW_KEY_ENTER}}, true}};
}

void ReviewView::save_transform(ViewState& v) const {
  v.zoom = vt_.zoom;
  v.pan_x = vt_.cx;
  v.pan_y = vt_.cy;
}

void ReviewView::register_actions(ActionRegistry& actions) {
  auto has_photo = [this] {
    const QueueRow* r = ws_.session().current();
    return ws_.screen() == Screen::review && r && r->has_photo();
  };
  actions.add({"decide.approve", "批准", "Approve", {{GLFW_KEY_A}}, [this] { approve(); }, has_photo});
  actions.add({"decide.reject", "驳回…", "Reject…", {{GLFW_KEY_R}}, [this] { open_picker(Verdict::reject); }, has_photo});
  actions.add({"decide.reshoot", "需重拍…", "Reshoot…", {{GLFW_KEY_S}}, [this] { open_picker(Verdict::reshoot); }, has_photo});
  actions.add({"decide.undo", "撤销上一次结论", "Undo last decision", {{GLFW_KEY_Z, true}}, [this] { undo(); }});
  // Shift+1…9: reject at once for one of the most common reasons (the audit's review policy).
  const auto& quick = ws_.session().policy().quick_reject;
  for (std::size_t i = 0; i < quick.size() && i < kMaxQuickReject; ++i) {
    const std::string code = quick[i];
    std::string zh = "一键驳回：", en = "Reject at once: ";
    for (const auto& reason : ws_.session().catalog())
      if (reason.code == code) zh += reason.label_zh, en += reason.label_en;
    actions.add({"decide.quick_" + std::to_string(i + 1), zh, en, {{GLFW_KEY_1 + static_cast<int>(i), false, true}},
                 [this, code] { quick_reject(code); }, has_photo});
  }
}

void ReviewView::quick_reject(const std::string& code) {
  std::string why;
  if (!can_decide(&why)) {
    ws_.toast().show(why);
    return;
  }
  ws_.guard().record(Verdict::reject, {code}, {});
}

void ReviewView::register_view_actions(ActionRegistry& actions) {
  auto on_review = [this] { return ws_.screen() == Screen::review && ws_.session().current(); };
  ViewState& view = ws_.view_state();
  actions.add({"view.overlays", "叠加层 开/关", "Overlays on/off", {{GLFW_KEY_O}}, [&view] { view.overlays_on = !view.overlays_on; }, on_review});
  actions.add({"view.fit", "适合窗口", "Fit", {{GLFW_KEY_F}}, [this] { vt_ = {}; }, on_review});
  actions.add({"view.one_to_one", "1:1 原始像素（双眼居中）", "1:1 pixels, on the eyes", {{GLFW_KEY_1}}, [this] { one_to_one(); },
               on_review});
  actions.add({"view.original", "按住显示原图", "Hold: show the original", {{GLFW_KEY_SPACE}}, [] {}, on_review});
  actions.add({"view.reveal_id", "显示/隐藏身份证号", "Reveal / hide ID number", {{GLFW_KEY_I}}, [this] { toggle_reveal_id(); }, on_review});
}

void ReviewView::before_frame() {
  show_original_ = ImGui::IsKeyDown(GLFW_KEY_SPACE) && !ImGui::GetIO().WantTextInput && !ws_.picker().is_open();
}

std::optional<AnalysisRecord> ReviewView::shown_analysis() const {
  const QueueRow* r = ws_.session().current();
  if (!r) return std::nullopt;
  return ws_.photos().record_for(r->state.photo_sha256, r->state.submission_id);
}

bool ReviewView::can_decide(std::string* why) {
  const QueueRow* r = ws_.session().current();
  auto no = [&](const char* text) {
    if (why) *why = text;
    return false;
  };
  if (ws_.session().reviewer().empty()) {  // never recorded as nobody, nor as a placeholder
    ws_.reviewer_name().open_dialog();
    return no(T("请先填写审核人姓名", "Name the reviewer first"));
  }
  if (r && r->state.bad_file) return no(T("照片文件损坏，需重新提交", "The photo file is corrupt: it must be sent again"));
  if (!r || !r->state.submission_id) return no(T("该学生没有照片", "This student has no photo"));
  // A decision belongs to the photo the reviewer saw: only a photo on screen can be decided.
  if (const PhotoMeta* m = ws_.current_meta(); m && !m->error.empty())
    return no(T("照片未能加载，不能作出结论", "The photo could not be loaded: no decision can be made"));
  if (!ws_.current_photo_ready()) return no(T("照片尚在加载，请稍候再作结论", "The photo is still loading: decide once it is shown"));
  return true;
}

void ReviewView::toggle_reveal_id() {
  if (reveal_id_) {
    reveal_id_ = false;
    return;
  }
  const QueueRow* r = ws_.session().current();
  if (!r || r->state.student.id_number.empty()) return;
  // Showing a full ID number is an act of record: in the audit ledger first (who, when, whose).
  try {
    RevealAct act;
    act.actor = ws_.session().reviewer();
    act.what = "on_screen";
    act.student_no = r->state.student.student_no;
    ws_.store().record_reveal(act);
    reveal_id_ = true;
  } catch (const std::exception& e) {
    ws_.toast().show(std::string(T("无法记录查看身份证号，未显示：", "Could not record the reveal, so it is not shown: ")) + e.what());
  }
}

void ReviewView::approve() {
  std::string why;
  if (!can_decide(&why)) {
    ws_.toast().show(why);
    return;
  }
  ws_.guard().record(Verdict::approve, {}, {});
}

void ReviewView::open_picker(Verdict v) {
  const QueueRow* r = ws_.session().current();
  std::string why;
  if (!can_decide(&why)) {
    ws_.toast().show(why);
    return;
  }
  // The engine's codes for the photo on screen: ReviewSession is the one place that says which.
  std::string title = v == Verdict::reject ? T("驳回：", "Reject: ") : T("需重拍：", "Reshoot: ");
  title += displayable(r->state.student.student_no + " " + r->state.student.name);
  ws_.open_reason_picker(std::move(title), ws_.session().suggested_reasons(), ws_.session().warned_reasons(),
                         [this, v](widgets::ReasonPicker::Result res) { apply_picker_result(v, res); });
}

void ReviewView::apply_picker_result(Verdict v, widgets::ReasonPicker::Result res) {
  if (res != widgets::ReasonPicker::Result::confirmed) return;
  std::string why;
  if (!can_decide(&why)) {
    ws_.toast().show(why);
    return;
  }
  auto& p = ws_.picker();
  ws_.guard().record(v, p.selected(), p.note(), false, p.student_note());
}

void ReviewView::undo() {
  try {
    auto e = ws_.session().undo();
    if (e && ws_.session().undone_count() > 1) {
      char buf[160];
      std::snprintf(buf, sizeof buf, T("已撤销批量结论的 %zu 张照片", "Undone: the batch decision on %zu photos"),
                    ws_.session().undone_count());
      ws_.toast().show(buf);
    } else if (e) {
      ws_.toast().show(std::string(T("已撤销 ", "Undone ")) + e->student_no);
    }
    else
      ws_.toast().show(T("没有可撤销的结论", "Nothing to undo"));
  } catch (const std::exception& e) {
    ws_.toast().show(e.what());
  }
  ws_.navigated();
}

void ReviewView::on_navigate() {
  reveal_id_ = false;  // the ID number is masked again for every student
  hovered_finding_.clear();
  sidebar_to_top_ = true;  // every student's findings are read from the top
  load_earlier();
}

void ReviewView::wanted_photos(std::set<std::string>& out) const {
  if (earlier_) out.insert(earlier_->submission.sha256);
}

// The newest earlier version whose decision in force (the store's rule) was reject or reshoot.
void ReviewView::load_earlier() {
  earlier_.reset();
  const QueueRow* r = ws_.session().current();
  if (!r || r->state.versions < 2) return;
  try {
    const auto subs = ws_.store().submissions(r->state.student.student_no);
    for (auto it = subs.rbegin(); it != subs.rend(); ++it) {
      if (it->id == r->state.submission_id) continue;
      const auto in_force = ws_.store().decision_in_force(it->id);
      if (in_force && (in_force->kind == "reject" || in_force->kind == "reshoot")) {
        earlier_ = EarlierVersion{r->state.student.student_no, *it, in_force};
        return;
      }
    }
  } catch (const std::exception& e) {
    ws_.set_error(e.what());
  }
}

}  // namespace pa::ui
