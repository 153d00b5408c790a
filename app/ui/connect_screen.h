// Before the workstation opens on a server it could not reach, or that wants a password: the
// screen says why (the store's one sentence), takes the password when the server asks for one
// (kept in this process's memory only: store.h's remember_server_password), and offers to try
// again, to open a local audit file instead, or to quit. Connecting runs off the UI thread, so the
// window stays live for the five seconds a server that is down can take to answer.
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "store/store.h"

namespace pa::ui {

class ConnectScreen {
 public:
  // Opens an audit (a server's URL or a file's path); throws UserError as open_audit does.
  using Opener = std::function<std::unique_ptr<AuditStore>(const std::string& where)>;
  // `url` is the server the workstation was asked to open, `why` the UserError that stopped it
  // (a ServerLoginError brings up the password field).
  ConnectScreen(std::string url, std::exception_ptr why, Opener open);
  ~ConnectScreen();
  ConnectScreen(const ConnectScreen&) = delete;
  ConnectScreen& operator=(const ConnectScreen&) = delete;

  // One frame's window, filling the display (Dear ImGui; the caller runs the frame).
  void frame();
  // Picks up a finished attempt (frame() does it too).
  void poll();

  // The buttons' acts (the tests press them too). Each starts one attempt, unless one runs.
  void connect();     // the server again, with the typed password when there is one
  void open_local();  // the local audit file typed below
  void quit() { quit_ = true; }

  void set_password(const std::string& p);
  void set_local_path(const std::string& p);

  bool busy() const { return pending_.valid(); }
  bool asks_password() const { return asks_password_; }
  const std::string& message() const { return message_; }
  // Opened (the store is ready to take) or quit.
  bool done() const { return quit_ || opened(); }
  bool opened() const { return store_ != nullptr; }
  std::unique_ptr<AuditStore> take_store() { return std::move(store_); }
  // Where the store taken was opened (the server's URL, or the local file).
  const std::string& where() const { return where_; }
  // Texts the screen may draw (for the font atlas).
  std::vector<std::string> glyph_texts() const;

 private:
  void start(const std::string& where);
  void failed(std::exception_ptr e);

  std::string url_;
  std::string server_ = "postgresql://…";  // the URL as shown: never a password
  Opener open_;
  std::string message_;
  bool asks_password_ = false;
  bool focus_password_ = true;
  char password_[256] = {};
  char local_[1024] = {};
  std::string attempt_;  // where the running attempt opens
  std::future<std::unique_ptr<AuditStore>> pending_;
  std::unique_ptr<AuditStore> store_;
  std::string where_;
  bool quit_ = false;
};

}  // namespace pa::ui
