#include "widgets/i18n.h"

#include <atomic>

namespace pa::widgets {
namespace {
std::atomic<Lang> g_lang{Lang::zh};
}
Lang language() { return g_lang.load(std::memory_order_relaxed); }
void set_language(Lang l) { g_lang.store(l, std::memory_order_relaxed); }
}  // namespace pa::widgets
