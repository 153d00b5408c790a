#include "cli/cli.h"

#include <iostream>

namespace pa {

int run_cli(int argc, char** argv) {
  std::cerr << "photoaudit: not yet implemented\n";
  return 2;
}

}  // namespace pa
