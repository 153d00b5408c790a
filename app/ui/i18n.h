// Two-language UI text: every label is written in place as T("中文", "English").
#pragma once

namespace pa::ui {

enum class Lang { zh, en };
Lang language();
void set_language(Lang l);
inline const char* T(const char* zh, const char* en) { return language() == Lang::zh ? zh : en; }

}  // namespace pa::ui
