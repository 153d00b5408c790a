// The warm-up of the engine's landmark model (deserialising the dlib 68-landmark model takes
// seconds, more than ten under load). It runs on a thread of its own that touches only
// process-wide state (the engine's model singletons) and that nobody joins: closing the window
// never waits for it. Analysis waits for done() (photos/photo_loader.h); a process leaving while
// the warm-up still runs ends with std::quick_exit once the audit is closed (main_loop.cpp), so no
// static destructor races the thread; any other exit waits for it (process()).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace pa::ui {

class ModelWarmUp {
 public:
  // Loads the models; returns false (and says why) when they are unavailable.
  using Load = std::function<bool(std::string* error)>;
  // Runs `load` on a detached thread; the state lives as long as the thread or a holder needs it.
  static std::shared_ptr<const ModelWarmUp> start(Load load);
  // The process-wide warm-up of the engine's models (warm_up_models), started by the first call.
  static std::shared_ptr<const ModelWarmUp> process();

  bool done() const { return done_.load(std::memory_order_acquire); }
  std::string error() const;  // empty when the models loaded (or not done yet)

 private:
  ModelWarmUp() = default;
  std::atomic<bool> done_{false};
  mutable std::mutex mu_;
  std::string error_;
};

}  // namespace pa::ui
