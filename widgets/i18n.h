// Two-language UI text: every label is written in place as T("中文", "English"). It lives with the
// widgets (which need it and nothing else of app/ui); the workstation's code in app/ui writes the
// same names unqualified (pa::ui::T).
#pragma once

namespace pa::widgets {

enum class Lang { zh, en };
Lang language();
void set_language(Lang l);
inline const char* T(const char* zh, const char* en) { return language() == Lang::zh ? zh : en; }

}  // namespace pa::widgets

namespace pa::ui {
using widgets::Lang;
using widgets::language;
using widgets::set_language;
using widgets::T;
}  // namespace pa::ui
