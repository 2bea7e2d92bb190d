// The CLI turns argv into Options structs and calls the library; nothing else lives here.
// Each subcommand registers itself on the app and sets `run` when it is chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace mamori::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitClean = 0;     // nothing at or above --fail-on
inline constexpr int kExitFindings = 1;  // findings at or above --fail-on
inline constexpr int kExitError = 2;     // usage error or fatal error

void AddScanCommand(CLI::App& app, std::function<int()>& run);
void AddReportCommand(CLI::App& app, std::function<int()>& run);
void AddServeCommand(CLI::App& app, std::function<int()>& run);
void AddUserCommand(CLI::App& app, std::function<int()>& run);

}  // namespace mamori::cli
