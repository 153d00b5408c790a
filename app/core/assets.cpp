#include "core/assets.h"

#include <stdexcept>

namespace pa {

std::string asset_text(std::string_view name) {
  auto a = embedded_asset(name);
  if (!a) throw std::runtime_error("asset not embedded: " + std::string(name));
  return std::string(*a);
}

}  // namespace pa
