#include "ui/platform/gpu.h"

#include <epoxy/gl.h>
#include <imgui.h>

#include <filesystem>
#include <vector>

#include <stb_image_write.h>

#include "core/assets.h"
#include "quality/overlays.h"
#include "widgets/legend.h"

namespace pa::ui {

unsigned upload_rgba(const cv::Mat& rgba, bool mipmap) {
  if (rgba.empty()) return 0;
  cv::Mat m = rgba.isContinuous() ? rgba : rgba.clone();
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m.cols, m.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, m.data);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  if (mipmap) {
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
  } else {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  }
  return t;
}

// Four maps a texel, each 0..1 stored as 0..255: the shader reads them as the same 0..1 floats; a
// quarter of the memory of four floats (llvmpipe keeps every texture in RAM) and cheaper to sample.
unsigned upload_maps(const cv::Mat& src) {
  if (src.empty()) return 0;
  cv::Mat m = src.isContinuous() ? src : src.clone();
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m.cols, m.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, m.data);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  // Masks are thresholded in the shader: no mipmaps (they would blur the 0/1 edges).
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  return t;
}

void delete_texture(unsigned id) {
  if (id) {
    GLuint t = id;
    glDeleteTextures(1, &t);
  }
}

namespace {
GLuint compile(GLenum type, const std::string& src, std::string* err) {
  GLuint s = glCreateShader(type);
  const char* p = src.c_str();
  glShaderSource(s, 1, &p, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    if (err) *err = log;
    glDeleteShader(s);
    return 0;
  }
  return s;
}
Compositor* g_compositor = nullptr;
}  // namespace

std::string with_overlay_defines(const std::string& glsl) {
  // GLSL wants #version first: the defines go right after its line.
  const std::string defines = quality::overlay_glsl_defines() + widgets::overlay_colour_glsl_defines();
  const std::size_t eol = glsl.rfind("#version", 0) == 0 ? glsl.find('\n') : std::string::npos;
  if (eol == std::string::npos) return defines + glsl;
  return glsl.substr(0, eol + 1) + defines + glsl.substr(eol + 1);
}

bool Compositor::init(std::string* error) {
  try {
    GLuint vs = compile(GL_VERTEX_SHADER, asset_text("composite.vert.glsl"), error);
    GLuint fs = compile(GL_FRAGMENT_SHADER, with_overlay_defines(asset_text("composite.frag.glsl")), error);
    if (!vs || !fs) return false;
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glBindAttribLocation(p, 0, "Position");
    glBindAttribLocation(p, 1, "UV");
    glBindAttribLocation(p, 2, "Color");
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
      char log[2048];
      glGetProgramInfoLog(p, sizeof log, nullptr, log);
      if (error) *error = log;
      glDeleteProgram(p);
      return false;
    }
    program_ = p;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
  loc_proj_ = glGetUniformLocation(program_, "ProjMtx");
  loc_photo_ = glGetUniformLocation(program_, "Photo");
  loc_a_ = glGetUniformLocation(program_, "MapsA");
  loc_b_ = glGetUniformLocation(program_, "MapsB");
  loc_has_ = glGetUniformLocation(program_, "HasMaps");
  loc_ov_ = glGetUniformLocation(program_, "Overlays");
  loc_op_ = glGetUniformLocation(program_, "Opacity");
  loc_split_ = glGetUniformLocation(program_, "Split");
  loc_glare_ = glGetUniformLocation(program_, "GlareThreshold");
  loc_light_ = glGetUniformLocation(program_, "LightingRange");
  loc_hl_ = glGetUniformLocation(program_, "Highlight");
  g_compositor = this;
  return true;
}

void Compositor::callback(const ImDrawList*, const void* cmd_v) {
  const ImDrawCmd* cmd = static_cast<const ImDrawCmd*>(cmd_v);
  Compositor* c = g_compositor;
  const auto* p = static_cast<const CompositeParams*>(cmd->UserCallbackData);
  if (!c || !c->program_ || !p) return;
  ImDrawData* dd = ImGui::GetDrawData();
  const float L = dd->DisplayPos.x, R = dd->DisplayPos.x + dd->DisplaySize.x;
  const float T = dd->DisplayPos.y, B = dd->DisplayPos.y + dd->DisplaySize.y;
  const float ortho[4][4] = {{2.0f / (R - L), 0, 0, 0},
                             {0, 2.0f / (T - B), 0, 0},
                             {0, 0, -1, 0},
                             {(R + L) / (L - R), (T + B) / (B - T), 0, 1}};
  glUseProgram(c->program_);
  glUniformMatrix4fv(c->loc_proj_, 1, GL_FALSE, &ortho[0][0]);
  glUniform1i(c->loc_photo_, 0);
  glUniform1i(c->loc_a_, 1);
  glUniform1i(c->loc_b_, 2);
  glUniform1i(c->loc_has_, p->has_maps ? 1 : 0);
  glUniform1ui(c->loc_ov_, p->overlays);
  glUniform1f(c->loc_op_, p->opacity);
  glUniform1f(c->loc_split_, p->split);
  glUniform1f(c->loc_glare_, p->glare_threshold);
  glUniform2f(c->loc_light_, p->lighting_low, p->lighting_high);
  glUniform4f(c->loc_hl_, p->highlight[0], p->highlight[1], p->highlight[2], p->highlight[3]);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, p->maps_a);
  glActiveTexture(GL_TEXTURE2);
  glBindTexture(GL_TEXTURE_2D, p->maps_b);
  glActiveTexture(GL_TEXTURE0);
}

void Compositor::begin(ImDrawList* dl, const CompositeParams* p) {
  if (!program_) return;
  dl->AddCallback(reinterpret_cast<ImDrawCallback>(&Compositor::callback), const_cast<CompositeParams*>(p));
}

void Compositor::end(ImDrawList* dl) {
  if (!program_) return;
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

bool write_screenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  // Flip to top-down rows and make opaque.
  std::vector<unsigned char> flipped(px.size());
  for (int y = 0; y < h; ++y)
    std::copy_n(&px[static_cast<std::size_t>(h - 1 - y) * w * 4], w * 4, &flipped[static_cast<std::size_t>(y) * w * 4]);
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  std::error_code ec;
  if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent, ec);
  return stbi_write_png(path.c_str(), w, h, 4, flipped.data(), w * 4) != 0;
}

}  // namespace pa::ui
