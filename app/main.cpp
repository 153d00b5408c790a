#include "cli/cli.h"

int main(int argc, char** argv) { return pa::run_cli(argc, argv); }
