#include "ui/platform/rare_glyphs.h"

#include <imgui.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>

// Declarations only: the implementation is libstb (libstb-dev), the very copy Debian's libimgui.a
// links against for its own glyphs (imgui is built without its internal imstb_truetype), so there
// is exactly one stbtt_* in the program and our glyphs are rasterised like ImGui's.
#include <stb_truetype.h>

#include "ui/platform/fonts.h"

namespace pa::ui {
namespace {

constexpr char32_t kPuaFirst = 0xE000, kPuaLast = 0xF8FF;

// Installed fonts tried, in order, when the UI face lacks a code point beyond the BMP
// (fonts-noto-cjk first; fonts-hanazono covers CJK Extension B, arphic / wqy some of it).
const char* const kFallbackFonts[] = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
};

struct Face {
  stbtt_fontinfo info{};
  bool ok = false;
};

struct Pending {
  ImFontAtlas* atlas;
  ImFont* font;
  int rect;
  char32_t cp;
  char32_t pua;
  stbtt_fontinfo info;  // a copy: points into the atlas's font data or a file kept in State
  int glyph;
  float scale;
  int x0, y0, w, h;
};

struct State {
  std::mutex mu;
  std::map<std::string, std::unique_ptr<std::vector<unsigned char>>> files;  // never freed: faces point in
  std::map<std::pair<std::string, int>, std::unique_ptr<Face>> faces;
  std::map<char32_t, char32_t> stand_in;  // append-only: a code point keeps its stand-in
  std::set<char32_t> drawn;               // rasterised into an atlas at least once
  char32_t next_pua = kPuaFirst;
  std::vector<Pending> pending;
};

State& state() {
  static State* s = new State();  // outlives static atlases destroyed at exit
  return *s;
}

// Caller holds the lock.
const std::vector<unsigned char>* file_data(State& s, const std::string& path) {
  auto it = s.files.find(path);
  if (it != s.files.end()) return it->second.get();
  std::unique_ptr<std::vector<unsigned char>> data;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
  if (size > 0) {
    data = std::make_unique<std::vector<unsigned char>>(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(data->data()), size)) data.reset();
  }
  return (s.files[path] = std::move(data)).get();
}

const stbtt_fontinfo* face_info(State& s, const std::string& path, int index) {
  auto key = std::make_pair(path, index);
  auto it = s.faces.find(key);
  if (it != s.faces.end()) return it->second->ok ? &it->second->info : nullptr;
  auto f = std::make_unique<Face>();
  if (const auto* data = file_data(s, path)) {
    const int off = stbtt_GetFontOffsetForIndex(data->data(), index);
    f->ok = off >= 0 && stbtt_InitFont(&f->info, data->data(), off) != 0;
  }
  const stbtt_fontinfo* r = f->ok ? &f->info : nullptr;
  s.faces[key] = std::move(f);
  return r;
}

int face_count(State& s, const std::string& path) {
  const auto* data = file_data(s, path);
  if (!data) return 0;
  const int n = stbtt_GetNumberOfFonts(data->data());
  return n > 0 ? n : 1;
}

struct Source {
  std::string path;
  int face = -1;
  const stbtt_fontinfo* info = nullptr;
  int glyph = 0;
};

// The UI face first (`loaded`: the atlas's own copy of it, when given), then the other faces of
// the same file, then the fallback fonts.
Source find_source(State& s, char32_t cp, const std::string& font_file, int face,
                   const stbtt_fontinfo* loaded = nullptr) {
  auto try_face = [&](const std::string& path, int index) -> Source {
    const stbtt_fontinfo* info = face_info(s, path, index);
    if (!info) return {};
    const int g = stbtt_FindGlyphIndex(info, static_cast<int>(cp));
    return g > 0 ? Source{path, index, info, g} : Source{};
  };
  auto try_file = [&](const std::string& path, int preferred) -> Source {
    if (path.empty() || !std::filesystem::exists(path)) return {};
    if (Source r = try_face(path, preferred); r.info) return r;
    const int n = face_count(s, path);
    for (int i = 0; i < n; ++i)
      if (i != preferred)
        if (Source r = try_face(path, i); r.info) return r;
    return {};
  };
  if (loaded)
    if (const int g = stbtt_FindGlyphIndex(loaded, static_cast<int>(cp)); g > 0) return {font_file, face, loaded, g};
  if (Source r = try_file(font_file, face); r.info) return r;
  for (const char* p : kFallbackFonts)
    if (p != font_file)
      if (Source r = try_file(p, face); r.info) return r;
  return {};
}

}  // namespace

std::pair<std::string, int> rare_glyph_source(char32_t cp, const std::string& font_file, int face) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mu);
  Source r = find_source(s, cp, font_file, face);
  return r.info ? std::make_pair(r.path, r.face) : std::make_pair(std::string(), -1);
}

RareGlyphSetup add_rare_glyphs(ImFontAtlas& atlas, ImFont* font, const std::string& font_file, int face,
                               float size_px, const std::vector<std::string>& texts) {
  RareGlyphSetup out;
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mu);
  std::erase_if(s.pending, [&](const Pending& p) { return p.atlas == &atlas; });
  if (!font || font_file.empty() || size_px <= 0) return out;

  std::set<char32_t> wanted, pua_in_text;
  for (const auto& t : texts)
    for (char32_t c : utf8_to_u32(t)) {
      if (c > 0xFFFF && c <= 0x10FFFF) wanted.insert(c);
      if (c >= kPuaFirst && c <= kPuaLast) pua_in_text.insert(c);  // never reuse one the data holds
    }
  out.requested = static_cast<int>(wanted.size());
  if (wanted.empty()) return out;

  // ImGui's own metrics for this face: scale = stbtt_ScaleForPixelHeight(SizePixels) and
  // Ascent = floor(ascent * scale + 1); glyphs are placed at round(Ascent) + their bitmap top.
  // The face as ImGui loaded it (the atlas keeps the file's bytes until it is cleared): no
  // second read of the 19 MB .ttc when the UI face has the glyphs.
  stbtt_fontinfo loaded{};
  const stbtt_fontinfo* main = nullptr;
  for (const ImFontConfig& c : atlas.ConfigData)
    if (c.DstFont == font && c.FontData && !c.MergeMode) {
      const auto* data = static_cast<const unsigned char*>(c.FontData);
      const int off = stbtt_GetFontOffsetForIndex(data, c.FontNo);
      if (off >= 0 && stbtt_InitFont(&loaded, data, off)) main = &loaded;
      break;
    }
  if (!main) main = face_info(s, font_file, face);
  if (!main) {
    out.missing.assign(wanted.begin(), wanted.end());
    return out;
  }
  const float main_scale = stbtt_ScaleForPixelHeight(main, size_px);
  const float em_px = main_scale / stbtt_ScaleForMappingEmToPixels(main, 1.0f);
  int asc = 0, desc = 0, gap = 0;
  stbtt_GetFontVMetrics(main, &asc, &desc, &gap);
  const float ascent = std::floor(asc * main_scale + (asc > 0 ? 1.0f : -1.0f));
  const float baseline = std::floor(ascent + 0.5f);

  for (char32_t cp : wanted) {
    Source src = find_source(s, cp, font_file, face, main);
    if (!src.info) {
      out.missing.push_back(cp);
      continue;
    }
    // Same em size as the UI face (a fallback font may have other ascent/descent proportions).
    const float scale = src.info == main ? main_scale : stbtt_ScaleForMappingEmToPixels(src.info, em_px);
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0, adv = 0, lsb = 0;
    stbtt_GetGlyphBitmapBox(src.info, src.glyph, scale, scale, &x0, &y0, &x1, &y1);
    stbtt_GetGlyphHMetrics(src.info, src.glyph, &adv, &lsb);
    if (x1 <= x0 || y1 <= y0) {
      out.missing.push_back(cp);
      continue;
    }
    char32_t pua = 0;
    if (auto it = s.stand_in.find(cp); it != s.stand_in.end()) {
      pua = it->second;
    } else {
      while (s.next_pua <= kPuaLast && pua_in_text.count(s.next_pua)) ++s.next_pua;
      if (s.next_pua > kPuaLast) {
        out.missing.push_back(cp);
        continue;
      }
      pua = s.next_pua++;
      s.stand_in[cp] = pua;
    }
    const float advance = std::floor(adv * scale + 0.5f);  // PixelSnapH, as for the UI font
    const int rect = atlas.AddCustomRectFontGlyph(font, static_cast<ImWchar>(pua), x1 - x0, y1 - y0, advance,
                                                  ImVec2(static_cast<float>(x0), baseline + y0));
    s.pending.push_back({&atlas, font, rect, cp, pua, *src.info, src.glyph, scale, x0, y0, x1 - x0, y1 - y0});
    ++out.added;
  }
  return out;
}

int rasterise_rare_glyphs(ImFontAtlas& atlas) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mu);
  if (!atlas.TexPixelsAlpha8 && !atlas.TexPixelsRGBA32) return 0;
  const int tw = atlas.TexWidth;
  int n = 0;
  std::vector<unsigned char> tmp;
  for (const Pending& p : s.pending) {
    if (p.atlas != &atlas || p.rect < 0 || p.rect >= atlas.CustomRects.Size) continue;
    const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(p.rect);
    if (!r->IsPacked() || r->Font != p.font || r->GlyphID != p.pua || r->Width != p.w || r->Height != p.h)
      continue;  // not the rect reserved by add_rare_glyphs (the atlas was cleared since)
    tmp.assign(static_cast<std::size_t>(p.w) * p.h, 0);
    stbtt_MakeGlyphBitmap(&p.info, tmp.data(), p.w, p.h, p.w, p.scale, p.scale, p.glyph);
    for (int y = 0; y < p.h; ++y)
      for (int x = 0; x < p.w; ++x) {
        const unsigned char a = tmp[static_cast<std::size_t>(y) * p.w + x];
        const std::size_t at = static_cast<std::size_t>(r->Y + y) * tw + (r->X + x);
        if (atlas.TexPixelsAlpha8) atlas.TexPixelsAlpha8[at] = a;
        if (atlas.TexPixelsRGBA32) atlas.TexPixelsRGBA32[at] = IM_COL32(255, 255, 255, a);
      }
    // Sit on the font's baseline exactly as ImGui placed its own glyphs (Ascent is final now).
    if (auto* g = const_cast<ImFontGlyph*>(p.font->FindGlyphNoFallback(static_cast<ImWchar>(p.pua)))) {
      const float base = std::floor(p.font->Ascent + 0.5f);
      g->X0 = static_cast<float>(p.x0);
      g->X1 = static_cast<float>(p.x0 + p.w);
      g->Y0 = base + p.y0;
      g->Y1 = base + p.y0 + p.h;
    }
    s.drawn.insert(p.cp);
    ++n;
  }
  return n;
}

char32_t rare_glyph_stand_in(char32_t cp) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.mu);
  if (!s.drawn.count(cp)) return 0;
  auto it = s.stand_in.find(cp);
  return it == s.stand_in.end() ? 0 : it->second;
}

}  // namespace pa::ui
