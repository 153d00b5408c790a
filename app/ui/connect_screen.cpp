#include "ui/connect_screen.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>
#include <cstring>

#include "widgets/i18n.h"

namespace pa::ui {

namespace {

// Overwrites a buffer that held a password (the compiler may not drop it: volatile).
void wipe(char* p, std::size_t n) {
  volatile char* v = p;
  for (std::size_t i = 0; i < n; ++i) v[i] = 0;
}

}  // namespace

ConnectScreen::ConnectScreen(std::string url, std::exception_ptr why, Opener open)
    : url_(std::move(url)), open_(std::move(open)) {
  failed(why);
}

ConnectScreen::~ConnectScreen() {
  wipe(password_, sizeof password_);
  if (pending_.valid()) pending_.wait();  // an attempt still under way owns nothing of ours
}

void ConnectScreen::failed(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const UserError& u) {
    // A server's sentence is shown beside its name; a local file's names the file.
    const bool server = !u.file().empty() && is_server_url(u.file());
    message_ = server ? u.message() : u.what();
    if (server) server_ = u.file();  // the store's display name
    if (dynamic_cast<const ServerLoginError*>(&u)) {
      remember_server_password(url_, "");  // a refused password is not tried again
      asks_password_ = true;
      focus_password_ = true;
    }
  } catch (const std::exception& x) {
    message_ = x.what();
  }
}

void ConnectScreen::set_password(const std::string& p) {
  wipe(password_, sizeof password_);
  std::strncpy(password_, p.c_str(), sizeof password_ - 1);
}

void ConnectScreen::set_local_path(const std::string& p) {
  std::memset(local_, 0, sizeof local_);
  std::strncpy(local_, p.c_str(), sizeof local_ - 1);
}

void ConnectScreen::start(const std::string& where) {
  if (busy() || done()) return;
  attempt_ = where;
  Opener open = open_;
  pending_ = std::async(std::launch::async, [open, where] { return open(where); });
}

void ConnectScreen::connect() {
  if (busy() || done()) return;
  // The password goes to the store's memory (every connection of this process uses it), and
  // leaves the text field at once.
  if (password_[0]) remember_server_password(url_, password_);
  wipe(password_, sizeof password_);
  start(url_);
}

void ConnectScreen::open_local() {
  std::string path = local_;
  while (!path.empty() && (path.back() == ' ' || path.back() == '\n')) path.pop_back();
  if (path.empty()) {
    message_ = T("请填写本机审核文件的路径 (type the path of a local audit file)",
                 "type the path of a local audit file (请填写本机审核文件的路径)");
    return;
  }
  if (is_server_url(path)) {
    message_ = T("这里只能打开本机审核文件，不是服务器地址 (a local audit file here, not a server's URL)",
                 "a local audit file here, not a server's URL (这里只能打开本机审核文件)");
    return;
  }
  start(path);
}

void ConnectScreen::poll() {
  if (!pending_.valid() || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  try {
    store_ = pending_.get();
    where_ = attempt_;
  } catch (...) {
    failed(std::current_exception());
  }
}

std::vector<std::string> ConnectScreen::glyph_texts() const { return {server_, message_, local_}; }

void ConnectScreen::frame() {
  poll();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("##connect", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float width = std::min(760.0f, vp->WorkSize.x - 40);
  ImGui::SetCursorPos({(vp->WorkSize.x - width) / 2, std::max(20.0f, vp->WorkSize.y * 0.18f)});
  ImGui::BeginChild("##panel", {width, 0}, false, ImGuiWindowFlags_NoBackground);
  ImGui::TextUnformatted(T("连接审核服务器", "Connect to the audit server"));
  ImGui::Separator();
  ImGui::TextDisabled("%s", T("服务器", "Server"));
  ImGui::SameLine();
  ImGui::TextUnformatted(server_.c_str());
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.72f, 0.35f, 1));
  ImGui::PushTextWrapPos(width);
  ImGui::TextUnformatted(busy() ? T("正在连接…", "Connecting…") : message_.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::Spacing();

  const bool idle = !busy();
  if (!idle) ImGui::BeginDisabled();
  bool go = false;
  if (asks_password_) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("密码", "Password"));
    ImGui::SameLine(140);
    ImGui::SetNextItemWidth(width - 140);
    if (focus_password_ && idle) {
      ImGui::SetKeyboardFocusHere();
      focus_password_ = false;
    }
    if (ImGui::InputText("##password", password_, sizeof password_,
                         ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue))
      go = true;
    ImGui::TextDisabled("%s", T("密码只保存在本程序的内存中，不写入任何文件。",
                                "The password stays in this program's memory; it is never written to a file."));
  }
  if (ImGui::Button(asks_password_ ? T("登录 (Enter)", "Log in (Enter)") : T("重试 (Enter)", "Retry (Enter)"),
                    {200, 0}))
    go = true;
  if (!asks_password_ && idle && !ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(GLFW_KEY_ENTER, false)) go = true;
  ImGui::SameLine();
  if (ImGui::Button(T("退出 (Esc)", "Quit (Esc)"), {200, 0}) ||
      (idle && !ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)))
    quit();
  if (go) connect();

  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(T("或者打开本机审核文件", "Or open a local audit file"));
  ImGui::PushTextWrapPos(width);
  ImGui::TextDisabled("%s", T("在本机文件中记录的结论不会出现在服务器上；之后可用 photoaudit migrate 合并。",
                              "Decisions recorded in a local file do not reach the server; photoaudit migrate "
                              "moves an audit later."));
  ImGui::PopTextWrapPos();
  ImGui::SetNextItemWidth(width - 210);
  const bool enter_path = ImGui::InputTextWithHint("##local", T("例如 /home/审核/audit.db", "e.g. /home/audit/audit.db"),
                                                   local_, sizeof local_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button(T("打开", "Open"), {200, 0}) || enter_path) open_local();
  if (!idle) ImGui::EndDisabled();
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace pa::ui
