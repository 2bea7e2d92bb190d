// The serve module is the web console on a store: the security team logs in, sees the
// dashboard (people at risk by share and zone, violations by rule, the trend over scans),
// filters the findings, opens a file (masked samples, protection, owner, mode and ACL,
// violations with their evidence, history, acknowledgements) and acknowledges it with an
// owner and a due date. Pages are rendered on the server and work without JavaScript;
// Japanese by default, English on request (doc/console.md lists the URLs and the stable
// data-testid hooks the browser test relies on).
//
//   Result<std::unique_ptr<store::Store>> db = store::Open("inventory.db");
//   Result<std::unique_ptr<serve::Server>> server = serve::Server::Create(**db, {});
//   Result<int> port = (*server)->Bind();   // 127.0.0.1:8080 unless told otherwise
//   Status done = (*server)->Run();         // until Stop() from another thread or a signal
//
// Security (every rule enforced on the server): sessions are 256-bit random tokens in an
// HttpOnly, SameSite=Strict cookie, kept in memory only as a hash, with idle and absolute
// expiry; every state-changing POST carries a CSRF token (403 otherwise); roles viewer <
// operator (acknowledge) < admin (users); failed logins are throttled; every value is HTML
// escaped; the store holds masked samples only, so no page can show a personal value.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "inventory/i18n.h"
#include "store/store.h"

namespace mamori::serve {

// libsodium argon2id limits for crypto_pwhash_str.
struct PasswordCost {
  unsigned long long ops = 0;
  size_t mem = 0;
};
PasswordCost InteractiveCost();  // libsodium's INTERACTIVE limits: the default
PasswordCost MinimumCost();      // the smallest argon2id allows: for tests only
// MinimumCost() when the environment variable MAMORI_PWHASH_COST is "min" (tests and the
// benchmark, which create users by the dozen), else InteractiveCost().
PasswordCost CostFromEnvironment();

// An argon2id hash string (with its salt and limits) of `password`.
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost);
// True when `password` matches `hash`; runs in time independent of where they differ.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Console users (`mamori user` and the admin page share these rules). A name is 1-64
// characters of A-Z a-z 0-9 . _ @ - (safe in a log line, a URL and a shell); a password has
// at least kMinPasswordLength bytes.
inline constexpr size_t kMinPasswordLength = 8;
bool ValidUserName(std::string_view name);
// A new user; fails when the name exists.
Status AddUser(store::Store& store, std::string_view name, store::Role role,
               std::string_view password, const PasswordCost& cost);
// REQUIRES for the next three: the user exists (an error otherwise).
Status SetPassword(store::Store& store, std::string_view name, std::string_view password,
                   const PasswordCost& cost);
Status SetRole(store::Store& store, std::string_view name, store::Role role);
Status SetDisabled(store::Store& store, std::string_view name, bool disabled);

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;            // 0: any free port (Bind() returns it)
  bool allow_remote = false;  // REQUIRES true for a host that is not a loopback address
  inventory::Lang lang = inventory::kDefaultLang;
  // Worker threads. A keep-alive connection holds one for its life, so this bounds the
  // clients served at once; 50 clients need at least 50.
  unsigned threads = 64;
  int64_t session_idle_seconds = 30 * 60;
  int64_t session_absolute_seconds = 12 * 60 * 60;
  // After this many failed logins for one user name or one client address within
  // `throttle_window_seconds`, logins from them are refused for `throttle_seconds`,
  // doubling with every further failure.
  uint32_t login_failures_allowed = 5;
  int64_t throttle_window_seconds = 15 * 60;
  int64_t throttle_seconds = 30;
  uint32_t page_size = 50;
  // A findings list or count that takes longer gives up, and the page says so (no request
  // holds a worker for seconds); tests shorten it.
  std::chrono::microseconds query_budget{150'000};
  PasswordCost password_cost = InteractiveCost();
  // Seconds since the epoch; tests move it to expire sessions. Null: the system clock.
  std::function<int64_t()> clock;
};

// Ok when `host` may be listened on: a loopback address always; any other only with
// `allow_remote`, since the console then answers the whole network (put it behind a TLS
// reverse proxy: it speaks plain HTTP).
Status CheckListenAddress(std::string_view host, bool allow_remote);

// "127.0.0.1:8080", "[::1]:8080", "localhost:9000", ":8080" (host stays as given) into
// options.host and options.port.
Status ParseListen(std::string_view listen, ServeOptions& options);

// The console. Thread-safety: Bind() and Run() from one thread; Stop() from any thread
// (a signal handler must not call it: use a thread that waits for the signal).
// REQUIRES: `store` outlives the server.
class Server {
 public:
  static Result<std::unique_ptr<Server>> Create(store::Store& store, const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the port (the chosen one when options.port is 0).
  Result<int> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  Status Run();
  void Stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mamori::serve
