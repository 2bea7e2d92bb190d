// The backends differ only in how a connection is opened (internal/sql.h).
#include "store/internal/backends.h"

#include "store/internal/sql_store.h"

namespace mamori::store::internal {
namespace {

Result<std::unique_ptr<Store>> OpenWith(std::unique_ptr<Connection> writer, Pool::Opener readers,
                                        const OpenOptions& options, const std::string& name) {
  auto store = std::make_unique<SqlStore>(std::move(writer), std::move(readers), options);
  Status ready = store->Initialise();
  if (!ready) return MakeError(ready.error().code, name + ": " + ready.error().message);
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  Result<std::unique_ptr<Connection>> writer = OpenSqliteConnection(path, /*read_only=*/false);
  if (!writer) return tl::unexpected(writer.error());
  return OpenWith(
      std::move(*writer), [path] { return OpenSqliteConnection(path, /*read_only=*/true); },
      options, path);
}

Result<std::unique_ptr<Store>> OpenPostgres(const std::string& url, const OpenOptions& options) {
  Result<std::unique_ptr<Connection>> writer = OpenPostgresConnection(url);
  if (!writer) return tl::unexpected(writer.error());
  // Readers plan each console query with its own values: a generic plan, chosen once for a
  // prepared statement, would read a common rule's files as it reads a rare one's.
  auto open_reader = [url]() -> Result<std::unique_ptr<Connection>> {
    Result<std::unique_ptr<Connection>> reader = OpenPostgresConnection(url);
    if (!reader) return reader;
    Status custom = (*reader)->Exec("SET plan_cache_mode = force_custom_plan");
    if (!custom) return tl::unexpected(custom.error());
    return reader;
  };
  return OpenWith(std::move(*writer), open_reader, options, "postgresql");
}

}  // namespace mamori::store::internal
