// A cache whose entries are computed once per key and generation: when 50 clients ask for
// the same dashboard at once after a new scan, one of them queries the store and the others
// wait for its answer instead of running the same query 49 more times.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/status.h"

namespace mamori::serve::internal {

// Thread-safe. Errors are returned to the callers waiting for them but not kept.
template <class V>
class OnceCache {
 public:
  using Value = Result<std::shared_ptr<const V>>;

  explicit OnceCache(size_t max_entries) : max_entries_(max_entries) {}

  Value Get(const std::string& key, const std::string& generation,
            const std::function<Result<V>()>& compute) {
    std::shared_future<Value> future;
    std::promise<Value> promise;
    bool owner = false;
    {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second.generation == generation) {
        future = it->second.value;
      } else {
        // Dropping every entry when full is crude but cheap, and a full cache only
        // happens when clients page through many distinct filters.
        if (entries_.size() >= max_entries_) entries_.clear();
        future = promise.get_future().share();
        entries_[key] = Entry{generation, future};
        owner = true;
      }
    }
    if (!owner) return future.get();
    Result<V> computed = compute();
    Value value = computed ? Value(std::make_shared<const V>(std::move(*computed)))
                           : Value(tl::unexpected(computed.error()));
    promise.set_value(value);
    if (!value) {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end() && it->second.generation == generation) entries_.erase(it);
    }
    return value;
  }

 private:
  struct Entry {
    std::string generation;
    std::shared_future<Value> value;
  };
  const size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace mamori::serve::internal
