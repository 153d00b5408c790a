// The reason codes the engine may raise, with how far automation may go (reasons.md: the `auto`
// column). The catalogue itself lives in assets/reasons.json; a unit test keeps this table equal
// to it for the codes listed here.
#pragma once

#include <string_view>
#include <vector>

namespace pa::quality {

enum class Automation { yes, hint };  // `manual` codes are never raised, so they are not listed

struct CodeInfo {
  std::string_view code;
  Automation automation;
};

// Every code the engine can raise, in catalogue order.
const std::vector<CodeInfo>& raisable_codes();
// The automation level of `code`; throws std::invalid_argument for a code the engine never raises.
Automation automation_of(std::string_view code);

}  // namespace pa::quality
