#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "inventory/html.h"
#include "serve/server.h"
#include "store/store.h"

namespace mamori::cli {
namespace {

struct UserArgs {
  std::string action;
  std::string db;
  std::string name;
  std::string role = "viewer";
  std::string password_file;
};

std::string StripNewline(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

// One line from the terminal without echo.
std::optional<std::string> Prompt(const char* question) {
  std::cerr << question << std::flush;
  termios old_mode{};
  const bool tty = tcgetattr(STDIN_FILENO, &old_mode) == 0;
  if (tty) {
    termios quiet = old_mode;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old_mode);
  std::cerr << "\n";
  if (!read) return std::nullopt;
  return StripNewline(line);
}

// Never from the command line, where `ps` and the shell history would show it.
Result<std::string> ReadPassword(const UserArgs& args) {
  if (!args.password_file.empty()) {
    std::ifstream file(args.password_file);
    std::string line;
    if (!file || !std::getline(file, line)) {
      return MakeError(ErrorCode::kIo, "cannot read " + args.password_file);
    }
    return StripNewline(line);
  }
  if (isatty(STDIN_FILENO) != 0) {
    std::optional<std::string> first = Prompt("Password: ");
    std::optional<std::string> second = Prompt("Again: ");
    if (!first || !second) return MakeError(ErrorCode::kInvalidArgument, "no password given");
    if (*first != *second) return MakeError(ErrorCode::kInvalidArgument, "passwords differ");
    return *first;
  }
  std::string line;
  if (!std::getline(std::cin, line)) {
    return MakeError(ErrorCode::kInvalidArgument, "no password on standard input");
  }
  return StripNewline(line);
}

int RunUser(const UserArgs& args) {
  auto fail = [](const std::string& message) {
    std::cerr << "mamori user: " << message << "\n";
    return kExitError;
  };
  const std::optional<store::Role> role = store::RoleFromName(args.role);
  if (!role) return fail("--role must be viewer, operator or admin");
  Result<std::unique_ptr<store::Store>> db = store::Open(args.db);
  if (!db) return fail(db.error().message);
  store::Store& store = **db;
  const serve::PasswordCost cost = serve::CostFromEnvironment();
  Status done = Ok();
  if (args.action == "list") {
    Result<std::vector<store::User>> users = store.ListUsers();
    if (!users) return fail(users.error().message);
    for (const store::User& user : *users) {
      std::cout << user.name << "\t" << store::RoleName(user.role) << "\t"
                << (user.disabled ? "disabled" : "enabled") << "\t"
                << inventory::FormatDateTime(user.created_at) << "\n";
    }
    return kExitClean;
  }
  if (args.name.empty()) return fail("a user NAME is needed");
  if (args.action == "add" || args.action == "passwd") {
    Result<std::string> password = ReadPassword(args);
    if (!password) return fail(password.error().message);
    done = args.action == "add" ? serve::AddUser(store, args.name, *role, *password, cost)
                                : serve::SetPassword(store, args.name, *password, cost);
  } else if (args.action == "role") {
    done = serve::SetRole(store, args.name, *role);
  } else {
    done = serve::SetDisabled(store, args.name, args.action == "disable");
  }
  if (!done) return fail(done.error().message);
  std::cerr << "mamori user: " << args.action << " " << args.name << ": done\n";
  return kExitClean;
}

}  // namespace

void AddUserCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* user = app.add_subcommand(
      "user",
      "Console users. Passwords are read from standard input (without echo on a terminal) "
      "or --password-file, never from the command line.");
  user->require_subcommand(1);
  struct Action {
    const char* name;
    const char* help;
  };
  for (const Action action :
       {Action{"add", "Create a user (--role viewer | operator | admin)"},
        Action{"passwd", "Set a user's password"}, Action{"role", "Change a user's --role"},
        Action{"disable", "Disable a user (logins refused, sessions end)"},
        Action{"enable", "Enable a disabled user"}, Action{"list", "List users"}}) {
    auto args = std::make_shared<UserArgs>();
    args->action = action.name;
    CLI::App* sub = user->add_subcommand(action.name, action.help);
    sub->add_option("--db", args->db, "The store: a SQLite file or a postgresql:// URL")
        ->required();
    if (args->action != "list") {
      sub->add_option("name", args->name, "User name (A-Z a-z 0-9 . _ @ -)")->required();
    }
    if (args->action == "add" || args->action == "role") {
      sub->add_option("--role", args->role, "viewer | operator | admin (default viewer)");
    }
    if (args->action == "add" || args->action == "passwd") {
      sub->add_option("--password-file", args->password_file,
                      "Read the password from the first line of this file");
    }
    sub->callback([&run, args] { run = [args] { return RunUser(*args); }; });
  }
}

}  // namespace mamori::cli
