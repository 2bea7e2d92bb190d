#include <CLI/CLI.hpp>
#include <clocale>
#include <cstdio>
#include <functional>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // libarchive converts member names (CP932 in Japanese ZIP and LZH files) to the locale's
  // character set; in the default "C" locale that fails. UTF-8 is what every output uses.
  std::setlocale(LC_CTYPE, "C.UTF-8");
  CLI::App app{"mamori (守り): find personal data on file shares before it leaks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mamori 0.1.0");
  std::function<int()> run;
  mamori::cli::AddScanCommand(app, run);
  mamori::cli::AddReportCommand(app, run);
  mamori::cli::AddServeCommand(app, run);
  mamori::cli::AddUserCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? mamori::cli::kExitClean : mamori::cli::kExitError;
  }
  return run ? run() : mamori::cli::kExitError;
}
