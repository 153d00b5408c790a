// A photoaudit child process the fault tests can feed, read line by line, kill and wait for.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.h"

namespace pa::test {

class CliChild {
 public:
  // Starts build/photoaudit with `args`: stdin from `stdin_file` (empty: /dev/null), stdout into a
  // pipe read by read_line(), stderr into `stderr_file`. `in_child` runs in the child before exec
  // (resource limits, dropping privileges).
  CliChild(const std::vector<std::string>& args, const fs::path& stdin_file, const fs::path& stderr_file,
           const std::function<void()>& in_child = {}) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      int in = ::open(stdin_file.empty() ? "/dev/null" : stdin_file.c_str(), O_RDONLY);
      int err = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(in, 0);
      ::dup2(fds[1], 1);
      ::dup2(err, 2);
      ::close(fds[0]);
      if (in_child) in_child();
      std::vector<std::string> copy = args;
      std::string bin = photoaudit_bin();
      std::vector<char*> argv{bin.data()};
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      _exit(127);
    }
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    std::setvbuf(out_, nullptr, _IONBF, 0);  // unbuffered: poll() in read_line_within sees every byte
  }
  ~CliChild() {
    if (pid_ > 0) {
      kill9();
      wait();
    }
    if (out_) std::fclose(out_);
  }
  CliChild(const CliChild&) = delete;
  CliChild& operator=(const CliChild&) = delete;

  // The next line the child wrote to stdout (without '\n'); nullopt at end of output.
  std::optional<std::string> read_line() {
    std::string line;
    int c;
    while ((c = std::fgetc(out_)) != EOF && c != '\n') line += static_cast<char>(c);
    if (c == EOF && line.empty()) return std::nullopt;
    return line;
  }
  // The same, waiting at most `timeout` for the whole line; nullopt at end of output or on timeout
  // (a partial line read before the timeout is lost).
  std::optional<std::string> read_line_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{::fileno(out_), POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      const int c = std::fgetc(out_);
      if (c == EOF) return line.empty() ? std::nullopt : std::optional<std::string>(line);
      if (c == '\n') return line;
      line += static_cast<char>(c);
    }
  }
  void kill9() {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
  }
  // Exit code, or 128 + the signal that ended the child.
  int wait() {
    if (pid_ <= 0) return status_;
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return status_;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int status_ = -1;
};

}  // namespace pa::test
