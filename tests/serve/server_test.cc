// The console in-process on an ephemeral loopback port, against a temporary SQLite store,
// driven over HTTP by httplib::Client the way a browser (or an attacker) would.
#include "serve/server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "base/mask.h"

namespace mamori::serve {
namespace {

namespace fs = std::filesystem;

constexpr char kPassword[] = "correct horse battery";
constexpr char kXssName[] = "/srv/share-a/<script>alert(1)</script>.csv";
constexpr int64_t kStart = 1'800'000'000;

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(pattern))) return {};
  return match[1];
}

// The value of cookie `name` among a response's Set-Cookie headers.
std::string SetCookie(const httplib::Result& result, const std::string& name) {
  for (size_t i = 0; i < result->get_header_value_count("Set-Cookie"); ++i) {
    const std::string cookie = result->get_header_value("Set-Cookie", i);
    if (cookie.rfind(name + "=", 0) == 0) {
      return cookie.substr(name.size() + 1, cookie.find(';') - name.size() - 1);
    }
  }
  return {};
}

report::FileResult Found(const std::string& path, uint64_t people, uint32_t mode) {
  report::FileResult result;
  result.path = path;
  result.format = "csv";
  result.encoding = "utf-8";
  result.size = 2048;
  result.mtime = kStart - 400 * 86400;
  result.uid = 1001;
  result.mode = 0100000 | mode;
  result.tally.records_read = people + 1;
  result.tally.records = people;
  result.tally.people = people;
  result.tally.items[static_cast<size_t>(Item::kPensionNumber)] = people;
  result.tally.items[static_cast<size_t>(Item::kName)] = people;
  result.tally.category2 = people;
  result.tally.confidence = Confidence::kHigh;
  result.tally.samples.push_back(Mask(Item::kPensionNumber, "1234-567890"));
  result.tally.samples.push_back(Mask(Item::kName, "山田 太郎"));
  return result;
}

policy::Assessment Assess(std::string zone, double risk, std::string rule, policy::RuleKind kind,
                          std::string evidence) {
  policy::Assessment assessment;
  assessment.zone = std::move(zone);
  assessment.owner = "tanaka";
  assessment.risk = risk;
  assessment.violations.push_back({std::move(rule), kind, std::move(evidence)});
  return assessment;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mamori_serve_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<std::unique_ptr<store::Store>> db = store::Open((dir_ / "inventory.db").string());
    ASSERT_TRUE(db) << db.error().message;
    store_ = std::move(*db);
    Populate();
    for (const auto& [name, role] :
         {std::pair{"vera", store::Role::kViewer}, std::pair{"otto", store::Role::kOperator},
          std::pair{"ada", store::Role::kAdmin}}) {
      ASSERT_TRUE(AddUser(*store_, name, role, kPassword, MinimumCost()));
    }
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
    server_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  void Populate() {
    store::ScanInfo info;
    info.roots = {"/srv/share-a", "/srv/share-b"};
    info.started_at = kStart - 3600;
    info.options_digest = "test";
    Result<int64_t> scan = store_->BeginScan(info);
    ASSERT_TRUE(scan);
    const policy::Assessment internet = Assess(
        "internet", 80, "internet-share", policy::RuleKind::kForbiddenZone, "on zone internet");
    const policy::Assessment readable = Assess("", 12, "world-readable", policy::RuleKind::kAccess,
                                               "mode 0644: readable by others");
    const policy::Assessment old = Assess("isolated", 30, "mailing-90d",
                                          policy::RuleKind::kRetention, "400 days; rule allows 90");
    ASSERT_TRUE(store_->RecordFile(*scan, Found("/srv/share-a/meibo.csv", 120, 0640),
                                   {.share = "/srv/share-a", .assessment = &internet}));
    ASSERT_TRUE(store_->RecordFile(*scan, Found(kXssName, 3, 0644),
                                   {.share = "/srv/share-a", .assessment = &readable}));
    ASSERT_TRUE(store_->RecordFile(*scan, Found("/srv/share-b/old/list.xlsx", 40, 0600),
                                   {.share = "/srv/share-b", .assessment = &old}));
    report::ScanSummary summary;
    summary.files = 3;
    summary.files_with_findings = 3;
    ASSERT_TRUE(store_->FinishScan(*scan, summary, store::ScanStatus::kCompleted));
  }

  void Start(ServeOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 8;
    options.password_cost = MinimumCost();
    options.clock = [this] { return now_.load(); };
    Result<std::unique_ptr<Server>> server = Server::Create(*store_, options);
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    Result<int> port = server_->Bind();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
    thread_ = std::thread([this] { EXPECT_TRUE(server_->Run()); });
    for (int attempt = 0; attempt < 200; ++attempt) {
      if (Client().Get("/login")) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "the server does not answer";
  }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_follow_location(false);
    return client;
  }

  struct Login {
    httplib::Result result;
    std::string cookie;  // "mamori_session=...", empty when refused
  };

  Login LogIn(const std::string& user, const std::string& password) {
    httplib::Client client = Client();
    httplib::Result form = client.Get("/login");
    EXPECT_TRUE(form);
    const std::string login_cookie = SetCookie(form, "mamori_login");
    const std::string csrf = Capture(form->body, R"(name="csrf" value="([0-9a-f]{64})\")");
    EXPECT_EQ(csrf, login_cookie);
    httplib::Result result =
        client.Post("/login", {{"Cookie", "mamori_login=" + login_cookie}},
                    httplib::Params{{"csrf", csrf}, {"username", user}, {"password", password}});
    const std::string session = SetCookie(result, "mamori_session");
    return {std::move(result), session.empty() ? "" : "mamori_session=" + session};
  }

  httplib::Result Get(const std::string& cookie, const std::string& path) {
    return Client().Get(path, {{"Cookie", cookie}});
  }

  // The CSRF token of the session, as its pages carry it.
  std::string Csrf(const std::string& cookie) {
    httplib::Result page = Get(cookie, "/dashboard");
    EXPECT_TRUE(page);
    return Capture(page->body, R"(name="csrf" value="([0-9a-f]{64})\")");
  }

  httplib::Result Post(const std::string& cookie, const std::string& path,
                       const httplib::Params& params) {
    return Client().Post(path, {{"Cookie", cookie}}, params);
  }

  int64_t FileId(const std::string& cookie, const std::string& query) {
    httplib::Result page = Get(cookie, "/findings?" + query);
    EXPECT_TRUE(page);
    const std::string id = Capture(page->body, R"(data-testid="file-link" href="/files/(\d+)\")");
    return id.empty() ? 0 : std::stoll(id);
  }

  size_t Rows(const std::string& cookie, const std::string& query) {
    httplib::Result page = Get(cookie, "/findings?" + query);
    EXPECT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    return Count(page->body, "data-testid=\"finding-row\"");
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int64_t> now_{kStart};
};

// Fifty browsers opening the console at once: the kernel queues their connections until a
// worker accepts them. With Debian cpp-httplib's own backlog (5) the SYNs beyond it were
// dropped and those clients waited a 1 s retransmission for their first page.
TEST_F(ServerTest, ManyConnectionsAtOnceAreQueuedNotDropped) {
  ServeOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  Result<std::unique_ptr<Server>> server = Server::Create(*store_, options);
  ASSERT_TRUE(server) << server.error().message;
  Result<int> port = (*server)->Bind();  // bound and listening, nothing accepted yet
  ASSERT_TRUE(port) << port.error().message;

  constexpr int kClients = 100;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(*port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<pollfd> sockets;
  for (int i = 0; i < kClients; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    sockets.push_back({.fd = fd, .events = POLLOUT, .revents = 0});
  }
  // Well under the 1 s after which a dropped SYN is sent again.
  int connected = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(700);
  while (connected < kClients && std::chrono::steady_clock::now() < deadline) {
    ::poll(sockets.data(), sockets.size(), 50);
    connected = 0;
    for (pollfd& socket : sockets) {
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if ((socket.revents & POLLOUT) != 0 && error == 0) ++connected;
    }
  }
  for (const pollfd& socket : sockets) ::close(socket.fd);
  EXPECT_EQ(connected, kClients);
}

TEST_F(ServerTest, LoginSucceedsWithTheRightPassword) {
  Start();
  Login login = LogIn("vera", kPassword);
  ASSERT_TRUE(login.result);
  EXPECT_EQ(login.result->status, 303);
  EXPECT_EQ(login.result->get_header_value("Location"), "/dashboard");
  ASSERT_FALSE(login.cookie.empty());
  httplib::Result dashboard = Get(login.cookie, "/dashboard");
  EXPECT_EQ(dashboard->status, 200);
  EXPECT_NE(dashboard->body.find("data-testid=\"dashboard\""), std::string::npos);
  EXPECT_NE(dashboard->body.find("data-testid=\"logout\""), std::string::npos);
}

TEST_F(ServerTest, LoginFailsWithAWrongPasswordOrUnknownUser) {
  Start();
  Login wrong = LogIn("vera", "not the password");
  EXPECT_EQ(wrong.result->status, 401);
  EXPECT_TRUE(wrong.cookie.empty());
  EXPECT_NE(wrong.result->body.find("data-testid=\"login-error\""), std::string::npos);
  Login unknown = LogIn("nobody", kPassword);
  EXPECT_EQ(unknown.result->status, 401);
  EXPECT_TRUE(unknown.cookie.empty());
}

TEST_F(ServerTest, DisabledUserCannotLogIn) {
  ASSERT_TRUE(SetDisabled(*store_, "vera", true));
  Start();
  EXPECT_EQ(LogIn("vera", kPassword).result->status, 401);
}

TEST_F(ServerTest, ProtectedPagesSendStrangersToLogin) {
  Start();
  for (const char* path : {"/", "/dashboard", "/findings", "/files/1", "/scans", "/admin/users"}) {
    httplib::Result result = Client().Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 303) << path;
    EXPECT_EQ(result->get_header_value("Location"), "/login") << path;
  }
  EXPECT_EQ(Client().Get("/api/findings")->status, 401);
  EXPECT_EQ(Client().Get("/dashboard", {{"Cookie", "mamori_session=forged"}})->status, 303);
}

TEST_F(ServerTest, LoginIsThrottledAfterRepeatedFailures) {
  ServeOptions options;
  options.login_failures_allowed = 3;
  options.throttle_seconds = 60;
  Start(options);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(LogIn("otto", "guess").result->status, 401);
  // Locked now, even with the right password.
  Login locked = LogIn("otto", kPassword);
  EXPECT_EQ(locked.result->status, 429);
  EXPECT_TRUE(locked.cookie.empty());
  now_ += 61;
  EXPECT_EQ(LogIn("otto", kPassword).result->status, 303);
}

TEST_F(ServerTest, SessionExpiresWhenIdle) {
  ServeOptions options;
  options.session_idle_seconds = 600;
  Start(options);
  const std::string cookie = LogIn("vera", kPassword).cookie;
  now_ += 599;
  EXPECT_EQ(Get(cookie, "/dashboard")->status, 200);
  now_ += 599;
  EXPECT_EQ(Get(cookie, "/dashboard")->status, 200);  // each request renews the idle time
  now_ += 600;
  httplib::Result expired = Get(cookie, "/dashboard");
  EXPECT_EQ(expired->status, 303);
  EXPECT_EQ(expired->get_header_value("Location"), "/login");
}

TEST_F(ServerTest, SessionExpiresAfterItsAbsoluteLifetime) {
  ServeOptions options;
  options.session_idle_seconds = 600;
  options.session_absolute_seconds = 1800;
  Start(options);
  const std::string cookie = LogIn("vera", kPassword).cookie;
  for (int i = 0; i < 3; ++i) {
    now_ += 500;
    EXPECT_EQ(Get(cookie, "/dashboard")->status, 200);
  }
  now_ += 500;  // 2000 s after login, 500 s after the last request
  EXPECT_EQ(Get(cookie, "/dashboard")->status, 303);
}

TEST_F(ServerTest, LogoutEndsTheSession) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  const std::string csrf = Csrf(cookie);
  EXPECT_EQ(Post(cookie, "/logout", {})->status, 403);  // without the token
  httplib::Result out = Post(cookie, "/logout", {{"csrf", csrf}});
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(out->get_header_value("Location"), "/login");
  EXPECT_EQ(Get(cookie, "/dashboard")->status, 303);
}

TEST_F(ServerTest, PostWithoutTheCsrfTokenIsRejected) {
  Start();
  const std::string cookie = LogIn("otto", kPassword).cookie;
  const int64_t id = FileId(cookie, "q=meibo");
  ASSERT_GT(id, 0);
  const std::string path = "/files/" + std::to_string(id) + "/ack";
  const httplib::Params form = {{"owner", "attacker"}, {"due_date", "2030-01-01"}};
  EXPECT_EQ(Post(cookie, path, form)->status, 403);
  httplib::Params wrong = form;
  wrong.emplace("csrf", std::string(64, 'a'));
  EXPECT_EQ(Post(cookie, path, wrong)->status, 403);
  // The right token from another origin is refused too.
  httplib::Params right = form;
  right.emplace("csrf", Csrf(cookie));
  EXPECT_EQ(Client()
                .Post(path, {{"Cookie", cookie}, {"Origin", "http://attacker.invalid"}}, right)
                ->status,
            403);
  Result<std::vector<store::Acknowledgement>> acks = store_->ListAcknowledgements(id);
  ASSERT_TRUE(acks);
  EXPECT_TRUE(acks->empty());
}

TEST_F(ServerTest, LoginWithoutItsCsrfCookieIsRejected) {
  Start();
  httplib::Result result = Client().Post(
      "/login", httplib::Params{{"username", "vera"}, {"password", kPassword}, {"csrf", "x"}});
  EXPECT_EQ(result->status, 403);
  EXPECT_TRUE(SetCookie(result, "mamori_session").empty());
}

TEST_F(ServerTest, ViewerCannotAcknowledge) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  const int64_t id = FileId(cookie, "q=meibo");
  httplib::Result page = Get(cookie, "/files/" + std::to_string(id));
  EXPECT_EQ(page->body.find("data-testid=\"ack-form\""), std::string::npos);
  httplib::Result post = Post(cookie, "/files/" + std::to_string(id) + "/ack",
                              {{"csrf", Csrf(cookie)}, {"owner", "x"}, {"due_date", "2030-01-01"}});
  EXPECT_EQ(post->status, 403);
  EXPECT_TRUE(store_->ListAcknowledgements(id)->empty());
}

TEST_F(ServerTest, OnlyAdminsManageUsers) {
  Start();
  for (const char* user : {"vera", "otto"}) {
    const std::string cookie = LogIn(user, kPassword).cookie;
    EXPECT_EQ(Get(cookie, "/admin/users")->status, 403) << user;
    EXPECT_EQ(Post(cookie, "/admin/users",
                   {{"csrf", Csrf(cookie)},
                    {"action", "create"},
                    {"name", "mallory"},
                    {"role", "admin"},
                    {"password", "long enough"}})
                  ->status,
              403)
        << user;
  }
  EXPECT_FALSE(*store_->FindUser("mallory"));
  const std::string admin = LogIn("ada", kPassword).cookie;
  EXPECT_EQ(Get(admin, "/admin/users")->status, 200);
  EXPECT_EQ(Post(admin, "/admin/users",
                 {{"csrf", Csrf(admin)},
                  {"action", "create"},
                  {"name", "carol"},
                  {"role", "operator"},
                  {"password", "long enough"}})
                ->status,
            303);
  std::optional<store::User> carol = *store_->FindUser("carol");
  ASSERT_TRUE(carol);
  EXPECT_EQ(carol->role, store::Role::kOperator);
  EXPECT_TRUE(VerifyPassword(carol->password_hash, "long enough"));
  EXPECT_EQ(LogIn("carol", "long enough").result->status, 303);
}

TEST_F(ServerTest, DisablingAUserEndsTheirSessions) {
  Start();
  const std::string vera = LogIn("vera", kPassword).cookie;
  const std::string admin = LogIn("ada", kPassword).cookie;
  EXPECT_EQ(
      Post(admin, "/admin/users", {{"csrf", Csrf(admin)}, {"action", "disable"}, {"name", "vera"}})
          ->status,
      303);
  EXPECT_EQ(Get(vera, "/dashboard")->status, 303);
  EXPECT_EQ(LogIn("vera", kPassword).result->status, 401);
}

TEST_F(ServerTest, AcknowledgementIsStoredWithWhoAndWhen) {
  Start();
  const std::string cookie = LogIn("otto", kPassword).cookie;
  const int64_t id = FileId(cookie, "q=meibo");
  ASSERT_GT(id, 0);
  const std::string page = "/files/" + std::to_string(id);
  httplib::Result post = Post(cookie, page + "/ack",
                              {{"csrf", Csrf(cookie)},
                               {"owner", "情報セキュリティ課 佐藤"},
                               {"due_date", "2026-12-31"},
                               {"note", "送付完了後に削除"},
                               {"rule", "internet-share"}});
  ASSERT_EQ(post->status, 303);
  EXPECT_EQ(post->get_header_value("Location"), page);
  Result<std::vector<store::Acknowledgement>> acks = store_->ListAcknowledgements(id);
  ASSERT_TRUE(acks);
  ASSERT_EQ(acks->size(), 1u);
  EXPECT_EQ(acks->front().by_user, "otto");
  EXPECT_EQ(acks->front().at, kStart);
  EXPECT_EQ(acks->front().owner, "情報セキュリティ課 佐藤");
  EXPECT_EQ(acks->front().due_date, "2026-12-31");
  EXPECT_EQ(acks->front().rule, "internet-share");
  // After a reload, by anyone.
  httplib::Result reloaded = Get(LogIn("vera", kPassword).cookie, page);
  EXPECT_EQ(Count(reloaded->body, "data-testid=\"acknowledgement\""), 1u);
  EXPECT_NE(reloaded->body.find("情報セキュリティ課 佐藤"), std::string::npos);
  EXPECT_NE(reloaded->body.find("2026-12-31"), std::string::npos);
  EXPECT_NE(reloaded->body.find("otto"), std::string::npos);
  EXPECT_NE(reloaded->body.find("送付完了後に削除"), std::string::npos);
}

TEST_F(ServerTest, AcknowledgementWithABadDateIsRefused) {
  Start();
  const std::string cookie = LogIn("otto", kPassword).cookie;
  const int64_t id = FileId(cookie, "q=meibo");
  const std::string path = "/files/" + std::to_string(id) + "/ack";
  for (const char* date : {"", "2026-02-30", "31/12/2026", "2026-12-31T00:00"}) {
    httplib::Result post =
        Post(cookie, path, {{"csrf", Csrf(cookie)}, {"owner", "sato"}, {"due_date", date}});
    EXPECT_EQ(post->status, 400) << date;
  }
  EXPECT_EQ(Post(cookie, path,
                 {{"csrf", Csrf(cookie)},
                  {"owner", "sato"},
                  {"due_date", "2026-12-31"},
                  {"rule", "no-such-rule"}})
                ->status,
            400);
  EXPECT_TRUE(store_->ListAcknowledgements(id)->empty());
}

TEST_F(ServerTest, FiltersSelectTheRightRows) {
  Start();
  const std::string cookie = LogIn("otto", kPassword).cookie;
  EXPECT_EQ(Rows(cookie, ""), 3u);
  EXPECT_EQ(Rows(cookie, "zone=internet"), 1u);
  EXPECT_EQ(Rows(cookie, "rule=mailing-90d"), 1u);
  EXPECT_EQ(Rows(cookie, "share=%2Fsrv%2Fshare-a"), 2u);
  EXPECT_EQ(Rows(cookie, "share=%2Fsrv%2Fshare-b"), 1u);
  EXPECT_EQ(Rows(cookie, "min_risk=25"), 2u);
  EXPECT_EQ(Rows(cookie, "min_risk=50"), 1u);
  EXPECT_EQ(Rows(cookie, "q=old"), 1u);
  EXPECT_EQ(Rows(cookie, "q=nothing-like-this"), 0u);
  EXPECT_EQ(Rows(cookie, "state=acknowledged"), 0u);
  EXPECT_EQ(Rows(cookie, "state=open"), 3u);

  const int64_t id = FileId(cookie, "q=old");
  ASSERT_EQ(Post(cookie, "/files/" + std::to_string(id) + "/ack",
                 {{"csrf", Csrf(cookie)}, {"owner", "sato"}, {"due_date", "2026-12-31"}})
                ->status,
            303);
  EXPECT_EQ(Rows(cookie, "state=acknowledged"), 1u);
  EXPECT_EQ(Rows(cookie, "state=open"), 2u);
  EXPECT_EQ(FileId(cookie, "state=acknowledged"), id);
}

TEST_F(ServerTest, FindingsAreSortedByRiskFirst) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result page = Get(cookie, "/findings");
  const size_t meibo = page->body.find("meibo.csv");
  const size_t list = page->body.find("list.xlsx");
  ASSERT_NE(meibo, std::string::npos);
  ASSERT_NE(list, std::string::npos);
  EXPECT_LT(meibo, list);
  EXPECT_LT(page->body.find("meibo.csv"), page->body.find("&lt;script&gt;"));  // risk 80, 12
  httplib::Result by_path = Get(cookie, "/findings?order=path");
  EXPECT_LT(by_path->body.find("&lt;script&gt;"), by_path->body.find("meibo.csv"));
  EXPECT_LT(by_path->body.find("meibo.csv"), by_path->body.find("list.xlsx"));
}

TEST_F(ServerTest, FindingsArePaginated) {
  ServeOptions options;
  options.page_size = 2;
  Start(options);
  const std::string cookie = LogIn("vera", kPassword).cookie;
  EXPECT_EQ(Rows(cookie, ""), 2u);
  EXPECT_EQ(Rows(cookie, "page=2"), 1u);
  httplib::Result first = Get(cookie, "/findings?zone=");
  EXPECT_NE(first->body.find("page=2"), std::string::npos);
}

// Issue 5 at a million files: "next" and "previous" carry a keyset cursor, so a deep page
// costs what the first does.
TEST_F(ServerTest, FindingsPagesCarryAKeysetCursor) {
  ServeOptions options;
  options.page_size = 2;
  Start(options);
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result first = Get(cookie, "/findings");
  const size_t at = first->body.find("after=");
  ASSERT_NE(at, std::string::npos);
  const std::string after = first->body.substr(at, first->body.find('&', at) - at);
  httplib::Result second = Get(cookie, "/findings?" + after + "&page=2");
  ASSERT_EQ(second->status, 200);
  EXPECT_EQ(Count(second->body, "data-testid=\"finding-row\""), 1u);
  EXPECT_NE(second->body.find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(second->body.find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(Rows(cookie, "page=2"), 1u);  // the same file by page number
}

TEST_F(ServerTest, FileNamesAreEscaped) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  for (const std::string& path : {std::string("/findings"), std::string("/findings?q=script"),
                                  "/files/" + std::to_string(FileId(cookie, "q=script"))}) {
    httplib::Result page = Get(cookie, path);
    ASSERT_EQ(page->status, 200) << path;
    EXPECT_EQ(page->body.find("<script"), std::string::npos) << path;
    EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;.csv"), std::string::npos)
        << path;
  }
  // Reflected input too.
  httplib::Result reflected = Get(cookie, "/findings?q=%22%3E%3Cscript%3Ealert(2)%3C/script%3E");
  EXPECT_EQ(reflected->body.find("<script"), std::string::npos);
}

TEST_F(ServerTest, SecurityHeadersAndCookieFlags) {
  Start();
  Login login = LogIn("vera", kPassword);
  bool flags = false;
  for (size_t i = 0; i < login.result->get_header_value_count("Set-Cookie"); ++i) {
    const std::string cookie = login.result->get_header_value("Set-Cookie", i);
    if (cookie.rfind("mamori_session=", 0) != 0) continue;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(cookie.find('='), 14u);
    EXPECT_EQ(cookie.find(';') - 15, 64u);  // 256 bits in hex
    flags = true;
  }
  EXPECT_TRUE(flags);
  for (const char* path : {"/login", "/dashboard", "/findings", "/scans", "/no-such-page"}) {
    httplib::Result page = Get(login.cookie, path);
    ASSERT_TRUE(page) << path;
    const std::string csp = page->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("script-src"), std::string::npos) << path;  // no script at all
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store") << path;
  }
  EXPECT_EQ(Get(login.cookie, "/no-such-page")->status, 404);
}

TEST_F(ServerTest, NoClearValueOnAnyPage) {
  Start();
  const std::string cookie = LogIn("ada", kPassword).cookie;
  const int64_t id = FileId(cookie, "q=meibo");
  httplib::Result file = Get(cookie, "/files/" + std::to_string(id));
  EXPECT_NE(file->body.find("1234-****90"), std::string::npos);  // the masked sample
  for (const std::string& path :
       {std::string("/dashboard"), std::string("/findings"), std::string("/scans"),
        std::string("/admin/users"), std::string("/api/findings"), std::string("/api/overview"),
        "/files/" + std::to_string(id)}) {
    httplib::Result page = Get(cookie, path);
    ASSERT_EQ(page->status, 200) << path;
    EXPECT_EQ(page->body.find("567890"), std::string::npos) << path;
    EXPECT_EQ(page->body.find("太郎"), std::string::npos) << path;
    EXPECT_EQ(page->body.find("$argon2id$"), std::string::npos) << path;
  }
}

TEST_F(ServerTest, JapaneseByDefaultEnglishOnRequest) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result ja = Get(cookie, "/dashboard");
  EXPECT_NE(ja->body.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja->body.find("ダッシュボード"), std::string::npos);
  EXPECT_NE(ja->body.find("data-testid=\"lang-switch\" href=\"/dashboard?lang=en\""),
            std::string::npos);
  httplib::Result en = Get(cookie, "/dashboard?lang=en");
  EXPECT_NE(en->body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en->body.find("Dashboard"), std::string::npos);
  const std::string lang = SetCookie(en, "mamori_lang");
  EXPECT_EQ(lang, "en");
  // The choice holds on the next pages.
  httplib::Result next = Get(cookie + "; mamori_lang=" + lang, "/findings");
  EXPECT_NE(next->body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(ServerTest, EnglishByOption) {
  ServeOptions options;
  options.lang = inventory::Lang::kEn;
  Start(options);
  EXPECT_NE(Client().Get("/login")->body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(ServerTest, DashboardShowsTheFigures) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result page = Get(cookie, "/dashboard");
  EXPECT_NE(page->body.find("data-testid=\"dashboard\""), std::string::npos);
  EXPECT_NE(page->body.find("163"), std::string::npos);  // 120 + 3 + 40 people
  EXPECT_NE(page->body.find("<svg"), std::string::npos);
  EXPECT_NE(page->body.find("/srv/share-a"), std::string::npos);
  EXPECT_NE(page->body.find("internet-share"), std::string::npos);
  EXPECT_EQ(Get(cookie, "/")->status, 200);
}

TEST_F(ServerTest, ScanHistoryListsTheScan) {
  Start();
  httplib::Result page = Get(LogIn("vera", kPassword).cookie, "/scans");
  EXPECT_EQ(Count(page->body, "data-testid=\"scan-row\""), 1u);
  EXPECT_NE(page->body.find("/srv/share-b"), std::string::npos);
}

TEST_F(ServerTest, JsonApiFollowsTheFilters) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result all = Get(cookie, "/api/findings");
  EXPECT_EQ(all->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_NE(all->body.find("\"total\":3"), std::string::npos);
  httplib::Result zone = Get(cookie, "/api/findings?zone=internet");
  EXPECT_NE(zone->body.find("\"total\":1"), std::string::npos);
  EXPECT_NE(zone->body.find("meibo.csv"), std::string::npos);
}

// The safety net under the store's plans: a list that overruns the time budget gives a
// plain notice with HTTP 200 and no rows (never a partial list), and the JSON says "cut".
TEST_F(ServerTest, FindingsPastTheTimeBudgetSaySoPlainly) {
  store::ScanInfo info;
  info.roots = {"/srv/share-c"};
  info.started_at = kStart - 1800;
  info.options_digest = "test";
  Result<int64_t> scan = store_->BeginScan(info);
  ASSERT_TRUE(scan);
  const policy::Assessment plain = Assess("", 5, "world-readable", policy::RuleKind::kAccess, "");
  constexpr int kFiles = 400;  // a walk of these takes far more than a microsecond
  for (int i = 0; i < kFiles; ++i) {
    ASSERT_TRUE(store_->RecordFile(*scan,
                                   Found("/srv/share-c/f" + std::to_string(i) + ".csv", 2, 0640),
                                   {.share = "/srv/share-c", .assessment = &plain}));
  }
  report::ScanSummary summary;
  summary.files = kFiles;
  summary.files_with_findings = kFiles;
  ASSERT_TRUE(store_->FinishScan(*scan, summary, store::ScanStatus::kCompleted));
  ServeOptions options;
  options.query_budget = std::chrono::microseconds(1);
  Start(options);
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result page = Get(cookie, "/findings?q=zq");  // two characters: a walk of every file
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("data-testid=\"findings-cut\""), std::string::npos);
  EXPECT_NE(page->body.find("この条件では時間内に検索を終えられませんでした。"), std::string::npos);
  EXPECT_EQ(Count(page->body, "data-testid=\"finding-row\""), 0u);
  EXPECT_EQ(page->body.find("data-testid=\"findings-count\""), std::string::npos);
  httplib::Result english = Get(cookie, "/findings?q=zq&lang=en");
  ASSERT_EQ(english->status, 200);
  EXPECT_NE(english->body.find("could not finish in time"), std::string::npos);
  httplib::Result api = Get(cookie, "/api/findings?q=zq");
  ASSERT_EQ(api->status, 200);
  EXPECT_NE(api->body.find("\"cut\":true"), std::string::npos);
  EXPECT_NE(api->body.find("\"files\":[]"), std::string::npos);
}

// The API counts as the page does: exact up to a bound, then "at least".
TEST_F(ServerTest, JsonApiCountIsBounded) {
  Start();
  const std::string cookie = LogIn("vera", kPassword).cookie;
  httplib::Result all = Get(cookie, "/api/findings?limit=1");
  EXPECT_NE(all->body.find("\"total\":3"), std::string::npos);
  EXPECT_NE(all->body.find("\"total_exact\":true"), std::string::npos);
  EXPECT_EQ(Count(all->body, "\"id\":"), 1u);
}

TEST_F(ServerTest, StylesheetIsServedWithoutASession) {
  Start();
  httplib::Result css = Client().Get("/static/console.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_NE(css->body.find("nav.top"), std::string::npos);
}

TEST(ListenAddress, LoopbackOnlyUnlessAllowed) {
  EXPECT_TRUE(CheckListenAddress("127.0.0.1", false));
  EXPECT_TRUE(CheckListenAddress("127.0.0.2", false));
  EXPECT_TRUE(CheckListenAddress("::1", false));
  EXPECT_TRUE(CheckListenAddress("[::1]", false));
  EXPECT_TRUE(CheckListenAddress("localhost", false));
  EXPECT_FALSE(CheckListenAddress("0.0.0.0", false));
  EXPECT_FALSE(CheckListenAddress("192.168.1.10", false));
  EXPECT_FALSE(CheckListenAddress("::", false));
  EXPECT_FALSE(CheckListenAddress("example.com", false));
  EXPECT_TRUE(CheckListenAddress("0.0.0.0", true));
}

TEST(ListenAddress, ParsesHostAndPort) {
  ServeOptions options;
  ASSERT_TRUE(ParseListen("127.0.0.1:9000", options));
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 9000);
  ASSERT_TRUE(ParseListen("[::1]:8081", options));
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(options.port, 8081);
  EXPECT_FALSE(ParseListen("127.0.0.1", options));
  EXPECT_FALSE(ParseListen("127.0.0.1:http", options));
  EXPECT_FALSE(ParseListen("127.0.0.1:70000", options));
}

}  // namespace
}  // namespace mamori::serve
