#include "core/audit_key.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace pa {

std::string audit_key(const std::string& audit_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(audit_path), ec);
  if (ec) abs = audit_path;
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : abs.string()) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace pa
