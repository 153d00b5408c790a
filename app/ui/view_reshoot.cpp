// Reshoot round: the earlier rejected / flagged version and its reasons beside the new photo.
#include <imgui.h>

#include "review/decisions.h"
#include "ui/app.h"
#include "ui/platform/fonts.h"
#include "widgets/i18n.h"
#include "ui/ui_common.h"

namespace pa::ui {

void App::draw_reshoot_pane(float width, float height) {
  if (!earlier_) return;
  const auto& e = *earlier_;
  ImGui::TextColored({0.85f, 0.6f, 1, 1}, T("上一版 v%d（%s）", "earlier v%d (%s)"), e.submission.version,
                     e.decision && e.decision->kind == "reject" ? T("已驳回", "rejected") : T("需重拍", "reshoot"));
  const float info_h = ImGui::GetTextLineHeightWithSpacing() * 3.2f;
  GpuPhoto* gp = textures_.get(e.submission.sha256);
  const auto pl = widgets::image_pane("##earlier", gp ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(gp->photo)) : nullptr,
                                      gp ? gp->width : 0, gp ? gp->height : 0, vt_,
                                      {width, height - ImGui::GetTextLineHeightWithSpacing() - info_h},
                                      {}, T("正在加载上一版…", "loading the earlier version…"));
  (void)pl;
  ImGui::BeginChild("##earlier_info", {width, info_h}, false);
  if (e.decision) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 8);
    ImGui::TextColored({1, 0.55f, 0.5f, 1}, "%s", reason_labels_zh(e.decision->reasons, session_->catalog()).c_str());
    if (!e.decision->note.empty()) ImGui::TextDisabled("%s", displayable(e.decision->note).c_str());
    ImGui::TextDisabled("%s · %s", displayable(e.decision->reviewer).c_str(), e.decision->at.substr(0, 16).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

}  // namespace pa::ui
