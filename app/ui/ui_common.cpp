#include "ui/ui_common.h"

#include <algorithm>

#include "widgets/i18n.h"

namespace pa::ui {

ImVec4 status_colour(Status s) {
  switch (s) {
    case Status::pending: return {0.95f, 0.75f, 0.25f, 1};
    case Status::approved: return {0.35f, 0.8f, 0.45f, 1};
    case Status::rejected: return {0.95f, 0.35f, 0.35f, 1};
    case Status::reshoot: return {0.85f, 0.5f, 0.95f, 1};
    case Status::without_photo: return {0.55f, 0.57f, 0.6f, 1};
    case Status::file_corrupt: return {1.0f, 0.45f, 0.15f, 1};
  }
  return {1, 1, 1, 1};
}

const char* status_label(Status s) {
  switch (s) {
    case Status::pending: return T("待审", "pending");
    case Status::approved: return T("已通过", "approved");
    case Status::rejected: return T("已驳回", "rejected");
    case Status::reshoot: return T("需重拍", "reshoot");
    case Status::without_photo: return T("无照片", "no photo");
    case Status::file_corrupt: return T("文件损坏", "file corrupt");
  }
  return "";
}

float badge(const char* text, ImU32 bg, ImU32 fg) {
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float padx = 5, h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled({p.x, p.y}, {p.x + ts.x + 2 * padx, p.y + h}, bg, 4);
  dl->AddText({p.x + padx, p.y}, fg, text);
  ImGui::Dummy({ts.x + 2 * padx, h});
  return ts.x + 2 * padx;
}

void suggestion_badge(const QueueRow& r) {
  if (!r.has_photo()) return;  // nothing to suggest on: no photo, or the newest file was corrupt
  if (!r.analyzed)
    badge(T("未分析", "not analyzed"), IM_COL32(70, 74, 82, 255), IM_COL32(190, 190, 190, 255));
  else if (r.analysis_failed())  // never "no findings": the engine did not judge this photo
    badge(T("自动检查失败", "automatic checks failed"), IM_COL32(120, 40, 120, 255));
  else if (r.fails > 0)
    badge(T("建议驳回", "suggest reject"), IM_COL32(150, 45, 45, 255));
  else if (r.warns > 0)
    badge(T("建议人工看", "check warnings"), IM_COL32(150, 110, 30, 255));
  else
    badge(T("建议通过", "suggest approve"), IM_COL32(40, 120, 60, 255));
}

std::string reason_label(const std::string& code, const std::vector<Reason>& catalog) {
  for (const auto& r : catalog)
    if (r.code == code) return language() == Lang::zh ? r.label_zh : r.label_en;
  return code;
}

std::string reason_short(const std::string& code, const std::vector<Reason>& catalog) {
  std::string l = reason_label(code, catalog);
  // Chinese labels carry an explanation in full-width brackets: keep the part before it.
  if (auto k = l.find("（"); k != std::string::npos) l = l.substr(0, k);
  if (auto k = l.find(" ("); k != std::string::npos) l = l.substr(0, k);
  return l;
}

std::string fit_text(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty()) {
    // One whole UTF-8 character off the end: its continuation bytes, then its lead byte.
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty()) cut.pop_back();
    if (ImGui::CalcTextSize((cut + "…").c_str()).x <= width) return cut + "…";
  }
  return "…";
}

std::string reason_list(const std::vector<std::string>& codes, const std::vector<Reason>& catalog) {
  std::string out;
  for (const auto& code : codes) out += (out.empty() ? "" : T("；", "; ")) + reason_short(code, catalog);
  return out;
}

namespace {
// One code point of `s` at `i` (UTF-8), its length in `n`.
unsigned code_point(const std::string& s, std::size_t i, std::size_t* n) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  len = std::min(len, s.size() - i);
  unsigned cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *n = len;
  return cp;
}
bool wide(unsigned cp) { return cp >= 0x2E80; }  // CJK and full-width forms: a break may fall beside each
bool closing(unsigned cp) {
  return cp == 0xFF0C || cp == 0x3002 || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A || cp == 0xFF09 || cp == 0xFF01 ||
         cp == 0xFF1F || cp == ')' || cp == ',' || cp == '.' || cp == ';' || cp == ':' || cp == '%' || cp == 0x2019 ||
         cp == 0x201D || cp == 0x300B || cp == 0x3011;
}
bool opening(unsigned cp) { return cp == 0xFF08 || cp == '(' || cp == 0x2018 || cp == 0x201C || cp == 0x300A || cp == 0x3010; }
}  // namespace

std::vector<std::string> wrap_lines(const std::string& text, float width) {
  // Tokens: a run of narrow non-space characters, one wide character, or a space. Closing
  // punctuation joins the token before it, opening punctuation the token after it.
  std::vector<std::string> tokens;
  bool glue_next = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 1;
    const unsigned cp = code_point(text, i, &n);
    const std::string ch = text.substr(i, n);
    i += n;
    if (cp == '\n') {
      tokens.push_back("\n");
      glue_next = false;
      continue;
    }
    const bool space = cp == ' ';
    const bool prev_narrow_word = !tokens.empty() && !tokens.back().empty() && tokens.back() != " " && tokens.back() != "\n" &&
                                  static_cast<unsigned char>(tokens.back().back()) < 0x80;
    if (!tokens.empty() && tokens.back() != "\n" && tokens.back() != " " &&
        (glue_next || (closing(cp) && tokens.back() != " ") || (!space && !wide(cp) && prev_narrow_word))) {
      tokens.back() += ch;
    } else {
      tokens.push_back(ch);
    }
    glue_next = opening(cp);
  }
  std::vector<std::string> lines;
  std::string line;
  auto flush = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(line);
    line.clear();
  };
  for (const auto& t : tokens) {
    if (t == "\n") {
      flush();
      continue;
    }
    if (line.empty() && t == " ") continue;
    if (ImGui::CalcTextSize((line + t).c_str()).x <= width || line.empty()) {
      if (!line.empty() || ImGui::CalcTextSize(t.c_str()).x <= width) {
        line += t;
        continue;
      }
      // A token wider than the whole line: cut it by characters.
      for (std::size_t i = 0; i < t.size();) {
        std::size_t n = 1;
        code_point(t, i, &n);
        const std::string ch = t.substr(i, n);
        if (!line.empty() && ImGui::CalcTextSize((line + ch).c_str()).x > width) flush();
        line += ch;
        i += n;
      }
      continue;
    }
    flush();
    if (t != " ") line = t;
  }
  if (!line.empty() || lines.empty()) flush();
  return lines;
}

void text_wrapped_whole(const std::string& text, bool disabled) {
  const float w = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  for (const auto& l : wrap_lines(text, w)) {
    if (disabled)
      ImGui::TextDisabled("%s", l.c_str());
    else
      ImGui::TextUnformatted(l.c_str());
  }
}

std::string reason_labels(const std::vector<std::string>& codes, const std::vector<Reason>& catalog) {
  std::string out;
  for (const auto& code : codes) out += (out.empty() ? "" : T("、", "; ")) + reason_label(code, catalog);
  return out;
}

void finding_badges(const QueueRow& r, int max, const std::vector<Reason>& catalog) {
  int shown = 0;
  for (const auto& f : r.findings) {
    if (shown == max) {
      ImGui::SameLine(0, 4);
      ImGui::TextDisabled("+%d", static_cast<int>(r.findings.size()) - max);
      return;
    }
    if (shown) ImGui::SameLine(0, 4);
    const bool fail = f.severity == "fail";
    badge(reason_short(f.code, catalog).c_str(), fail ? IM_COL32(160, 50, 50, 255) : IM_COL32(140, 100, 25, 255));
    ++shown;
  }
}

const char* verdict_label(Verdict v) {
  switch (v) {
    case Verdict::approve: return T("批准", "approve");
    case Verdict::reject: return T("驳回", "reject");
    default: return T("需重拍", "reshoot");
  }
}

std::string holder_label(const std::string& holder) {
  const auto at = holder.find(" @ ");
  const auto colon = holder.rfind(':');
  return at != std::string::npos && colon != std::string::npos && colon > at ? holder.substr(0, colon) : holder;
}

}  // namespace pa::ui
