// SpotcheckView: sampling, second reviews and settling disagreements (views/spotcheck_view.h).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "core/text.h"

#include "review/decisions.h"
#include "ui/views/spotcheck_view.h"
#include "ui/views/trainer_view.h"
#include "ui/workstation.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/ui_common.h"

namespace pa::ui {

std::string SpotcheckView::describe_sample(const SampleSpec& spec, std::size_t drawn) {
  char size[32], buf[256];
  if (spec.count > 0)
    std::snprintf(size, sizeof size, T("%d 张", "%d photos"), spec.count);
  else
    std::snprintf(size, sizeof size, "%g%%", spec.percent);
  std::snprintf(buf, sizeof buf, T("随机抽取 %s，种子 %s：%zu 张", "Random %s, seed %s: %zu %s"), size,
                displayable(spec.seed).c_str(), drawn, drawn == 1 ? "photo" : "photos");
  return buf;
}

std::vector<ScreenEntry> SpotcheckView::screens() const {
  return {ScreenEntry{Screen::spotcheck, "screen.spotcheck", "学院抽查", "Spot checks", "抽查", "Spot checks", {{GLFW_KEY_F8}}, false}};
}

void SpotcheckView::reload() {
  auto& c = c_;
  c.disputes = disagreements(ws_.store(), {});
  if (c.sample.empty()) {  // the default sample (seed and size on screen) so the list is never blank
    const SampleSpec spec{c.seed, c.sample_mode == 0 ? c.percent : 0, c.sample_mode == 1 ? c.count : 0};
    try {
      c.sample = draw_sample(ws_.store(), {}, spec);
      c.sample_spec = spec;
      c.sample_label = spec.label();
    } catch (const std::exception&) {
    }
  }
  c.loaded = true;
}

void SpotcheckView::draw() {
  auto& c = c_;
  if (!c.loaded) reload();
  const auto& cat = ws_.session().catalog();
  const float fs = ImGui::GetFontSize();
  const float left_w = ImGui::GetContentRegionAvail().x * 0.55f;

  ImGui::BeginChild("##sample", {left_w, 0}, true);
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", T("抽查样本（同一种子得到同一样本）", "Sample (same seed, same sample)"));
  ImGui::SetNextItemWidth(8 * fs);
  ImGui::InputText(T("种子", "Seed"), c.seed, sizeof c.seed);
  ImGui::SameLine();
  ImGui::RadioButton(T("比例", "Percent"), &c.sample_mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton(T("数量", "Count"), &c.sample_mode, 1);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(6 * fs);
  if (c.sample_mode == 0)
    ImGui::SliderFloat("##pct", &c.percent, 1, 100, "%.0f%%");
  else
    ImGui::InputInt("##count", &c.count);
  ImGui::SameLine();
  if (ImGui::Button(T("抽取", "Draw"))) {
    try {
      SampleSpec spec{c.seed, c.sample_mode == 0 ? c.percent : 0, c.sample_mode == 1 ? c.count : 0};
      c.sample = draw_sample(ws_.store(), {}, spec);
      c.sample_spec = spec;
      c.sample_label = spec.label();
      c.sample_pos = 0;
    } catch (const std::exception& e) {
      ws_.toast().show(e.what());
    }
  }
  if (!c.sample_label.empty()) ImGui::TextDisabled("%s", describe_sample(c.sample_spec, c.sample.size()).c_str());
  const float list_h = 9 * ImGui::GetTextLineHeightWithSpacing();
  if (ImGui::BeginTable("##samplelist", 4, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV, {0, list_h})) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(T("学号", "学号"));
    ImGui::TableSetupColumn(T("姓名", "Name"));
    ImGui::TableSetupColumn(T("初审结论", "Decision"));
    ImGui::TableSetupColumn(T("原因", "Reasons"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < c.sample.size(); ++i) {
      const auto& s = c.sample[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable((s.student.student_no + "##s" + std::to_string(i)).c_str(), c.sample_pos == i,
                            ImGuiSelectableFlags_SpanAllColumns))
        c.sample_pos = i, c.check_reasons.clear();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(displayable(s.student.name).c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(status_colour(s.status), "%s", status_label(s.status));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(reason_list(s.decision->reasons, cat).c_str());
    }
    ImGui::EndTable();
  }
  if (c.sample_pos < c.sample.size()) {
    const auto& s = c.sample[c.sample_pos];
    const float h = ImGui::GetContentRegionAvail().y;
    ws_.trainer().draw_example_photo({s.decision->id, s.submission_id, s.photo_sha256, s.status == Status::approved, {}, {}},
                       {std::min(h * 0.75f, left_w * 0.4f), h}, false, "##sc_photo");
    ImGui::SameLine();
    ImGui::BeginChild("##secondreview", {0, h}, false);
    ImGui::Text(T("复核 %s %s：初审 %s（%s）", "Second review of %s %s: %s by %s"), s.student.student_no.c_str(),
                displayable(s.student.name).c_str(), status_label(s.status), displayable(s.decision->reviewer).c_str());
    ImGui::TextDisabled("%s", T("不同意时勾选你认为的原因（合格则不勾）并说明：", "Disagreeing: tick your reasons (none if fine) and explain:"));
    if (ImGui::BeginTable("##scodes", 2)) {
      for (const auto& r : cat) {
        ImGui::TableNextColumn();
        bool on = c.check_reasons.count(r.code) > 0;
        // A label longer than its column is cut with "…" (the whole of it in a tooltip), never clipped.
        const std::string label = reason_short(r.code, cat);
        const float room = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - ImGui::GetStyle().ItemInnerSpacing.x;
        if (ImGui::Checkbox((fit_text(label, room) + "##c" + r.code).c_str(), &on)) {
          if (on) c.check_reasons.insert(r.code);
          else c.check_reasons.erase(r.code);
        }
        if (ImGui::IsItemHovered() && fit_text(label, room) != label) ImGui::SetTooltip("%s", label.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::InputTextWithHint("##note", T("说明", "note"), c.check_note, sizeof c.check_note);
    auto record = [&](bool agree) {
      try {
        record_second_review(ws_.store(), s.student.student_no, agree,
                             agree ? std::vector<std::string>{} : std::vector<std::string>(c.check_reasons.begin(), c.check_reasons.end()),
                             c.check_note, ws_.session().reviewer(), c.sample_label);
        ws_.toast().show(agree ? T("已记录：同意", "Recorded: agree") : T("已记录：不同意，已提交学籍科", "Recorded: disagree, sent to the 学籍科"));
        c.check_reasons.clear();
        c.check_note[0] = 0;
        if (c.sample_pos + 1 < c.sample.size()) ++c.sample_pos;
        c.disputes = disagreements(ws_.store(), {});
      } catch (const std::exception& e) {
        ws_.toast().show(e.what());
      }
    };
    if (ImGui::Button(T("同意初审", "Agree"))) record(true);
    ImGui::SameLine();
    if (ImGui::Button(T("不同意", "Disagree"))) record(false);
    ImGui::EndChild();
  }
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("##disputes", {0, 0}, true);
  ImGui::TextColored({0.55f, 0.75f, 1.0f, 1}, "%s", T("抽查分歧（由学籍科裁定）", "Disagreements (settled by the 学籍科)"));
  const bool can_settle = ws_.options().college.empty();
  if (c.disputes.empty()) ImGui::TextDisabled("%s", T("暂无分歧", "none"));
  if (can_settle) ImGui::InputTextWithHint("##settlenote", T("裁定说明", "settlement note"), c.settle_note, sizeof c.settle_note);
  std::pair<std::int64_t, const char*> settle_now{0, nullptr};
  for (const auto& d : c.disputes) {
    ImGui::PushID(static_cast<int>(d.check.id));
    ImGui::Separator();
    ImGui::Text("#%lld  %s  %s", static_cast<long long>(d.check.id), d.check.student_no.c_str(), d.check.college.c_str());
    const auto kind = verdict_from_string(d.check.decision_kind);
    const char* verdict = kind ? verdict_label(*kind) : d.check.decision_kind.c_str();
    if (d.check.decision_reasons.empty())
      ImGui::TextWrapped(T("初审 %s（%s）", "First review %s (%s)"), verdict, displayable(d.check.decision_reviewer).c_str());
    else
      ImGui::TextWrapped(T("初审 %s：%s（%s）", "First review %s: %s (%s)"), verdict,
                         reason_list(d.check.decision_reasons, cat).c_str(), displayable(d.check.decision_reviewer).c_str());
    const std::string checked = reason_list(d.check.reasons, cat);
    ImGui::TextWrapped(T("抽查：%s %s（%s）", "Spot check: %s %s (%s)"),
                       d.check.reasons.empty() ? T("合格", "fine") : checked.c_str(),
                       d.check.note.c_str(), displayable(d.check.checker).c_str());
    if (d.settlement) {
      ImGui::TextColored({0.45f, 0.9f, 0.5f, 1}, T("已裁定：%s（%s）%s", "Settled: %s (%s) %s"),
                         d.settlement->outcome == "first_review" ? T("维持初审", "first review stands") : T("采纳抽查意见", "spot check upheld"),
                         displayable(d.settlement->settled_by).c_str(), d.settlement->note.c_str());
    } else if (can_settle && name_key(d.check.decision_reviewer) == name_key(ws_.session().reviewer())) {
      // The core refuses it too (review/coordination.h settle): said here before anyone clicks.
      ImGui::TextColored({1, 0.8f, 0.35f, 1}, "%s", T("初审是您本人：须由另一位审核人裁定", "The first review is yours: another reviewer settles it"));
    } else if (can_settle) {
      if (ImGui::SmallButton(T("维持初审", "Keep the first review"))) settle_now = {d.check.id, "first_review"};
      ImGui::SameLine();
      if (ImGui::SmallButton(T("采纳抽查意见", "Side with the spot check"))) settle_now = {d.check.id, "spot_check"};
    } else {
      ImGui::TextColored({1, 0.8f, 0.35f, 1}, "%s", T("待学籍科裁定", "awaiting the 学籍科"));
    }
    ImGui::PopID();
  }
  if (settle_now.first) {  // after the loop: settling reloads the list it walks
    try {
      settle(ws_.store(), settle_now.first, settle_now.second, c.settle_note, ws_.session().reviewer());
      c.settle_note[0] = 0;
      c.disputes = disagreements(ws_.store(), {});
      ws_.session().reload();  // siding with the spot check changed the decision in force
    } catch (const std::exception& e) {
      ws_.toast().show(e.what());
    }
  }
  ImGui::EndChild();
}

}  // namespace pa::ui
