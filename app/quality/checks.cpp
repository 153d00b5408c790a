#include "quality/checks.h"

namespace pa::quality {

std::vector<std::unique_ptr<Check>> make_checks(const Config& config) {
  CheckList out;
  add_format_checks(config, out);
  add_face_checks(config, out);
  add_framing_checks(config, out);
  add_exposure_checks(config, out);
  add_glare_checks(config, out);
  add_background_checks(config, out);
  add_hint_checks(config, out);
  return out;
}

}  // namespace pa::quality
