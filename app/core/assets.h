// Files from assets/ and shaders/, embedded in the binary at build time so an installed copy runs
// without the source tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pa {

// The embedded copy of an asset by file name ("reasons.json", "quality.json", ...).
std::optional<std::string_view> embedded_asset(std::string_view name);

// The asset's text: the embedded copy, or throws std::runtime_error naming the file.
std::string asset_text(std::string_view name);

}  // namespace pa
