#pragma once

namespace pa {

// Runs the photoaudit command line; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace pa
