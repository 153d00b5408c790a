// The model warm-up never holds up quitting: the loader does not join it, and analysis waits for it.
// The warm-up here is a stand-in whose length the test sets (the real one deserialises the dlib
// model: seconds, more than ten under load), so the bounds are relative to it, not speed targets.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "ui/photos/model_warm_up.h"
#include "ui/photos/photo_loader.h"

namespace pa {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kWarmUp = std::chrono::seconds(30);  // the stand-in warm-up, unless released earlier
// How long a test waits for something that must happen (returning as soon as it does). Generous:
// on CI's two loaded cores the loader's lowered-priority workers can wait seconds for a turn.
constexpr auto kPatience = std::chrono::seconds(60);

// A warm-up that runs until released or kWarmUp has passed.
struct HeldWarmUp {
  struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool released = false;
    std::atomic<bool> started{false};
  };
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  std::shared_ptr<const ui::ModelWarmUp> warm_up = ui::ModelWarmUp::start([g = gate](std::string*) {
    g->started = true;
    std::unique_lock lk(g->mu);
    g->cv.wait_for(lk, kWarmUp, [&] { return g->released; });
    return true;
  });
  void release() {
    std::lock_guard lk(gate->mu);
    gate->released = true;
    gate->cv.notify_all();
  }
  ~HeldWarmUp() { release(); }
};

std::unique_ptr<AuditStore> no_store() { return nullptr; }

TEST(ModelWarmUp, DestroyingTheLoaderDoesNotWaitForTheWarmUp) {
  HeldWarmUp held;
  const auto t0 = Clock::now();
  auto loader = std::make_unique<ui::PhotoLoader>(no_store, 3, std::string(), held.warm_up);
  while (!held.gate->started && Clock::now() - t0 < kPatience) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(held.gate->started);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the workers are up and idle
  EXPECT_FALSE(loader->models_ready());
  const auto d0 = Clock::now();
  loader.reset();  // what App's destructor does on Ctrl+Q
  const auto took = Clock::now() - d0;
  EXPECT_FALSE(held.warm_up->done()) << "the warm-up was still running while the loader went";
  EXPECT_LT(took, kWarmUp / 6) << "destroying the loader waited for the model warm-up: "
                               << std::chrono::duration<double>(took).count() << " s";
}

TEST(ModelWarmUp, AnalysisWaitsForTheModelsDecodingDoesNot) {
  HeldWarmUp held;
  ui::PhotoLoader loader(no_store, 3, std::string(), held.warm_up);
  loader.request("aa", ui::LoadKind::thumb, 2);       // decode only
  loader.request_store_analysis(7, "bb");             // needs the model
  auto collect = [&](std::vector<ui::Loaded>& got, const std::function<bool()>& until, Clock::duration limit) {
    const auto end = Clock::now() + limit;
    while (!until() && Clock::now() < end) {
      for (auto& l : loader.take()) got.push_back(std::move(l));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  auto has = [](const std::vector<ui::Loaded>& got, ui::LoadKind k) {
    for (const auto& l : got)
      if (l.kind == k) return true;
    return false;
  };
  std::vector<ui::Loaded> got;
  collect(got, [&] { return has(got, ui::LoadKind::thumb); }, kPatience);
  ASSERT_TRUE(has(got, ui::LoadKind::thumb)) << "decoding waited for the warm-up";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (auto& l : loader.take()) got.push_back(std::move(l));
  EXPECT_FALSE(has(got, ui::LoadKind::store)) << "an analysis started before the models were ready";
  EXPECT_FALSE(loader.models_ready());
  held.release();
  collect(got, [&] { return has(got, ui::LoadKind::store); }, kPatience);
  EXPECT_TRUE(loader.models_ready());
  EXPECT_TRUE(has(got, ui::LoadKind::store)) << "the analysis did not run once the models were ready";
}

// The real warm-up (the dlib model, in a fresh process: gtest's threadsafe death test runs this test
// again in a new process, where the model is not loaded yet): the loader goes at once, the model
// takes its time. The bound is relative to the warm-up as measured here.
TEST(ModelWarmUp, TheRealWarmUpDoesNotHoldUpTheLoadersDestruction) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        const auto t0 = Clock::now();
        auto loader = std::make_unique<ui::PhotoLoader>(no_store, 3);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the workers are up
        const bool loading = !loader->models_ready();
        const auto d0 = Clock::now();
        loader.reset();
        const double destroy_s = std::chrono::duration<double>(Clock::now() - d0).count();
        const auto warm_up = ui::ModelWarmUp::process();
        while (!warm_up->done()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const double warm_up_s = std::chrono::duration<double>(Clock::now() - t0).count();
        std::fprintf(stderr, "warm-up %.3f s, loader destroyed in %.3f s%s\n", warm_up_s, destroy_s,
                     loading ? "" : " (the model was loaded before the loader went)");
        std::fflush(stderr);
        std::_Exit(loading && destroy_s < warm_up_s / 4 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "warm-up [0-9.]+ s, loader destroyed in");
}

TEST(ModelWarmUp, AFailedWarmUpSaysWhy) {
  auto w = ui::ModelWarmUp::start([](std::string* err) {
    *err = "no model";
    return false;
  });
  const auto end = Clock::now() + kPatience;
  while (!w->done() && Clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(w->done());
  EXPECT_EQ(w->error(), "no model");
}

}  // namespace
}  // namespace pa
