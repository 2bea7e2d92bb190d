#include <pthread.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "serve/server.h"
#include "store/store.h"

namespace mamori::cli {
namespace {

struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string lang = "ja";
  unsigned threads = 64;
  bool allow_remote = false;
  int64_t session_idle_minutes = 30;
  int64_t session_hours = 12;
};

int RunServe(const ServeArgs& args) {
  serve::ServeOptions options;
  if (Status ok = serve::ParseListen(args.listen, options); !ok) {
    std::cerr << "mamori serve: " << ok.error().message << "\n";
    return kExitError;
  }
  const std::optional<inventory::Lang> lang = inventory::LangFromName(args.lang);
  if (!lang) {
    std::cerr << "mamori serve: --lang must be ja or en\n";
    return kExitError;
  }
  options.lang = *lang;
  options.allow_remote = args.allow_remote;
  options.threads = args.threads;
  options.session_idle_seconds = args.session_idle_minutes * 60;
  options.session_absolute_seconds = args.session_hours * 3600;
  options.password_cost = serve::CostFromEnvironment();
  if (Status ok = serve::CheckListenAddress(options.host, options.allow_remote); !ok) {
    std::cerr << "mamori serve: " << ok.error().message << "\n";
    return kExitError;
  }
  Result<std::unique_ptr<store::Store>> db = store::Open(args.db);
  if (!db) {
    std::cerr << "mamori serve: " << db.error().message << "\n";
    return kExitError;
  }
  // Signals are taken by one thread with sigwait, never by a handler, so that stopping the
  // server runs as ordinary code. Blocked before the server starts its threads, which
  // inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Result<std::unique_ptr<serve::Server>> server = serve::Server::Create(**db, options);
  if (!server) {
    std::cerr << "mamori serve: " << server.error().message << "\n";
    return kExitError;
  }
  Result<int> port = (*server)->Bind();
  if (!port) {
    std::cerr << "mamori serve: " << port.error().message << "\n";
    return kExitError;
  }
  const bool v6 = options.host.find(':') != std::string::npos;
  std::cerr << "mamori serve: " << (*db)->backend() << " store, listening on http://"
            << (v6 ? "[" : "") << options.host << (v6 ? "]" : "") << ":" << *port << "/\n"
            << std::flush;
  serve::Server* running = server->get();
  std::thread waiter([running, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    running->Stop();
  });
  Status served = running->Run();
  // When Run() ended by itself, the waiter still waits: wake it the way a user would.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!served) {
    std::cerr << "mamori serve: " << served.error().message << "\n";
    return kExitError;
  }
  std::cerr << "mamori serve: stopped\n";
  return kExitClean;
}

}  // namespace

void AddServeCommand(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "The web console on a store: dashboard, findings, files, scans, acknowledgements.\n"
      "Users are created with `mamori user add`. Listens on 127.0.0.1 only unless "
      "--allow-remote.");
  serve->add_option("--db", args->db, "The store: a SQLite file or a postgresql:// URL")
      ->required();
  serve->add_option("--listen", args->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_option("--lang", args->lang, "Default language of the pages: ja | en");
  serve->add_option("--threads", args->threads,
                    "Worker threads: the number of clients served at once (default 64)");
  serve->add_flag("--allow-remote", args->allow_remote,
                  "Allow a non-loopback --listen address (plain HTTP: put a TLS proxy in front)");
  serve->add_option("--session-idle-minutes", args->session_idle_minutes,
                    "A session ends after this long without a request (default 30)");
  serve->add_option("--session-hours", args->session_hours,
                    "A session ends this long after login (default 12)");
  serve->callback([&run, args] { run = [args] { return RunServe(*args); }; });
}

}  // namespace mamori::cli
