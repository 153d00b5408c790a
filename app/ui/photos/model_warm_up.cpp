#include "ui/photos/model_warm_up.h"

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
  // One per process, like the model singletons it fills.
  static const std::shared_ptr<const ModelWarmUp> warm_up = start(warm_up_models);
  return warm_up;
}

std::string ModelWarmUp::error() const {
  std::lock_guard lk(mu_);
  return error_;
}

}  // namespace pa::ui
