#include "test_support.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include <atomic>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace pa::test {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("photoaudit-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
           "-" + std::to_string(rd() % 100000));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_file(const fs::path& p, const std::string& bytes) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv GB18030 unavailable");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t inleft = utf8.size();
  char* o = out.data();
  size_t outleft = out.size();
  size_t r = iconv(cd, &in, &inleft, &o, &outleft);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) throw std::runtime_error("iconv failed");
  out.resize(out.size() - outleft);
  return out;
}

const std::string& photoaudit_bin() {
  static const std::string bin = PHOTOAUDIT_BIN;
  return bin;
}

const fs::path& fixtures_dir() {
  static const fs::path dir = PHOTOAUDIT_FIXTURES;
  return dir;
}

const fs::path& assets_dir() {
  static const fs::path dir = PHOTOAUDIT_ASSETS;
  return dir;
}

fs::path fixture(const std::string& name) {
  fs::path p = fixtures_dir() / name;
  if (!fs::exists(p))
    throw std::runtime_error("missing fixture " + p.string() + " (run scripts/setup.sh)");
  return p;
}

static cv::Mat portrait_mat(int variant) {
  static const cv::Mat base = [] {
    cv::Mat m = cv::imread(fixture("grace_hopper.jpg").string(), cv::IMREAD_COLOR);
    // grace_hopper.jpg is 512x600; scale to 640 high and centre-crop 480 wide (3:4).
    double s = 640.0 / m.rows;
    cv::Mat r;
    cv::resize(m, r, cv::Size(), s, s, cv::INTER_AREA);
    int x = (r.cols - 480) / 2;
    return r(cv::Rect(x, 0, 480, 640)).clone();
  }();
  cv::Mat out;
  base.convertTo(out, -1, 1.0, (variant % 7) * 2.0);
  if (variant) cv::putText(out, std::to_string(variant), {5, 630}, cv::FONT_HERSHEY_PLAIN, 0.8,
                           cv::Scalar(variant % 255, 128, 200));
  return out;
}

std::string portrait_jpeg(int variant, int quality) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", portrait_mat(variant), buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  return std::string(buf.begin(), buf.end());
}

std::string portrait_png(int variant) {
  std::vector<uchar> buf;
  cv::imencode(".png", portrait_mat(variant), buf);
  return std::string(buf.begin(), buf.end());
}

ScopedEnv::ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
  if (const char* old = std::getenv(name)) old_ = old;
  if (value)
    ::setenv(name, value->c_str(), 1);
  else
    ::unsetenv(name);
}

ScopedEnv::~ScopedEnv() {
  if (old_)
    ::setenv(name_, old_->c_str(), 1);
  else
    ::unsetenv(name_);
}

RunResult run_cli(const std::vector<std::string>& args) {
  // stdout and stderr go to temp files so large outputs cannot dead-lock the pipe.
  TempDir tmp;
  fs::path out = tmp / "out", err = tmp / "err";
  // Everything the child needs is built before fork (no allocation between fork and exec).
  std::string bin = PHOTOAUDIT_BIN;
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  argv.push_back(bin.data());
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The program under test finds the demo's portraits where the tests keep them (build/fixtures),
  // whichever build folder it was built in (build-asan has none beside it), unless the caller
  // named a folder.
  std::string portraits = "PHOTOAUDIT_PORTRAITS=" + fixtures_dir().string();
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  if (!std::getenv("PHOTOAUDIT_PORTRAITS")) envp.push_back(portraits.data());
  envp.push_back(nullptr);
  const std::string out_s = out.string(), err_s = err.string();
  pid_t pid = ::fork();
  if (pid == 0) {
    int fo = ::open(out_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = ::open(err_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fo, 1);
    ::dup2(fe, 2);
    ::execve(bin.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace pa::test
