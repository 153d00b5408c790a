// Small drawing helpers shared by the views: status colours and labels, finding badges.
#pragma once

#include <imgui.h>

#include <string>

#include "core/model.h"
#include "review/queue.h"

namespace pa::ui {

ImVec4 status_colour(Status s);
const char* status_label(Status s);
// A verdict as the reviewer reads it ("批准" / "approve").
const char* verdict_label(Verdict v);
// Another workstation's lease holder as a person reads it: "李老师 @ 学籍科-PC3" (without the
// process that made it unique).
std::string holder_label(const std::string& holder);
// A small rounded badge with text; returns its width.
float badge(const char* text, ImU32 bg, ImU32 fg = IM_COL32(255, 255, 255, 255));
// Suggested verdict badge of a row ("建议通过" / "建议驳回" / "未分析").
void suggestion_badge(const QueueRow& r);
// The row's findings as compact badges (fail red, warn amber), at most `max` then "+n".
void finding_badges(const QueueRow& r, int max, const std::vector<Reason>& catalog);
std::string reason_label(const std::string& code, const std::vector<Reason>& catalog);
std::string reason_short(const std::string& code, const std::vector<Reason>& catalog);
// `text` broken into lines of at most `width` pixels in the current font, the way a reader breaks
// it: at spaces and between CJK characters, never inside a number with its unit ("6.3%", "274 px"
// stays "274" + "px" at worst), never before closing punctuation (，。、；）%) nor after an opening
// one (（); a token wider than the line is cut by characters.
std::vector<std::string> wrap_lines(const std::string& text, float width);
// Draws `text` wrapped by wrap_lines at the content region's width (disabled: in the dim colour).
void text_wrapped_whole(const std::string& text, bool disabled = false);
// `text` cut to fit `width` pixels in the current font, "…" marking the cut (whole UTF-8 characters).
std::string fit_text(const std::string& text, float width);
// The codes' short labels in the UI's language, in the order given ("图像模糊；眼镜反光" / "Blurry; Glare").
std::string reason_list(const std::vector<std::string>& codes, const std::vector<Reason>& catalog);
// The codes' full labels in the UI's language ("脸部光线不均匀（一边亮一边暗）、眼镜反光" / "uneven lighting on the face; reflection on glasses").
std::string reason_labels(const std::vector<std::string>& codes, const std::vector<Reason>& catalog);

}  // namespace pa::ui
