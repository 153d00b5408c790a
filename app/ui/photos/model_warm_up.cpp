#include "ui/photos/model_warm_up.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "ui/photos/photo_data.h"

namespace pa::ui {

std::shared_ptr<const ModelWarmUp> ModelWarmUp::start(Load load) {
  std::shared_ptr<ModelWarmUp> w(new ModelWarmUp());
  std::thread([w, load = std::move(load)] {
    std::string err;
    bool ok = false;
    try {
      ok = load(&err);
    } catch (const std::exception& e) {
      err = e.what();
    }
    {
      std::lock_guard lk(w->mu_);
      w->error_ = ok ? std::string() : (err.empty() ? std::string("model unavailable") : err);
    }
    w->done_.store(true, std::memory_order_release);
  }).detach();
  return w;
}

std::shared_ptr<const ModelWarmUp> ModelWarmUp::process() {
  // One per process, like the model singletons it fills; never destroyed, so the handler below
  // can still read it while the process exits.
  static const auto* const warm_up = new std::shared_ptr<const ModelWarmUp>(start(warm_up_models));
  // A process that exits normally (not the workstation, which leaves by quick_exit, nor
  // `check`/`analyze`, which load the model in the open) while the warm-up runs: the static
  // destructors wait for it rather than run under its feet.
  static const bool waits_at_exit = std::atexit([] {
    while (!(*warm_up)->done()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }) == 0;
  (void)waits_at_exit;
  return *warm_up;
}

std::string ModelWarmUp::error() const {
  std::lock_guard lk(mu_);
  return error_;
}

}  // namespace pa::ui
