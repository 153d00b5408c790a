#include "widgets/toast.h"

#include <imgui.h>

#include <algorithm>

namespace pa::widgets {

void Toast::show(std::string text, std::string label, std::function<void()> action, float seconds) {
  text_ = std::move(text);
  action_label_ = std::move(label);
  action_ = std::move(action);
  left_ = total_ = seconds;
}

void Toast::draw() {
  const float keep_above = keep_above_;
  keep_above_ = std::numeric_limits<float>::max();
  if (left_ <= 0) return;
  ImGuiIO& io = ImGui::GetIO();
  left_ -= io.DeltaTime;
  const float alpha = std::clamp(left_ / 0.4f, 0.0f, 1.0f);
  const float bottom = std::min(io.DisplaySize.y - 48 * io.FontGlobalScale - ImGui::GetFontSize() * 2,
                                keep_above - ImGui::GetFontSize() * 0.5f);
  ImGui::SetNextWindowPos({io.DisplaySize.x / 2, bottom}, ImGuiCond_Always, {0.5f, 1.0f});
  ImGui::SetNextWindowBgAlpha(0.92f * alpha);
  ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 6.0f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.13f, 0.32f, 0.22f, 1));
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
  // Long messages (several reasons named) wrap at 60 % of the window instead of running off it.
  ImGui::PushTextWrapPos(io.DisplaySize.x * 0.6f);
  ImGui::TextWrapped("%s", text_.c_str());
  ImGui::PopTextWrapPos();
  if (!action_label_.empty() && action_) {
    ImGui::SameLine();
    if (ImGui::SmallButton(action_label_.c_str())) {
      auto a = action_;
      left_ = 0;
      a();
    }
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace pa::widgets
