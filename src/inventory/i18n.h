// Languages and message catalogs for the pages people read: the HTML report and the web
// console. Their users are Japanese security staff, so Japanese is the default everywhere
// and English is the option (`--lang en`).
//
// Each module keeps its own table of messages, every entry in both languages, and wraps it
// in a Catalog:
//
//   constexpr inventory::Message kMessages[] = {
//       {"title", "個人情報の棚卸し", "Personal data inventory"},
//       {"files_n", "{0} 件のファイル", "{0} files"},
//   };
//   const inventory::Catalog& Messages() {
//     static const inventory::Catalog catalog(kMessages);
//     return catalog;
//   }
//   std::string s = inventory::Substitute(Messages().Get("files_n", lang), {"1,204"});
//
// and its test calls CheckCatalog() so that no id lacks a language or appears twice.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mamori::inventory {

enum class Lang : uint8_t { kJa, kEn };
inline constexpr Lang kDefaultLang = Lang::kJa;

// "ja" or "en" (case-insensitive; "ja-JP", "en-US" and the like also match, for the
// console's Accept-Language). nullopt for anything else.
std::optional<Lang> LangFromName(std::string_view name);
std::string_view LangName(Lang lang);  // "ja", "en": also the HTML lang attribute

// One message in both languages. The views must outlive the catalog (string literals).
struct Message {
  std::string_view id;
  std::string_view ja;
  std::string_view en;
};

// Lookup over a module's message table. Immutable after construction, so one instance may be
// shared by every thread. REQUIRES: `messages` outlives the catalog.
class Catalog {
 public:
  explicit Catalog(std::span<const Message> messages);

  // The text of `id` in `lang`. An unknown id (a programmer error CheckCatalog cannot see)
  // gives the id itself, visible on the page rather than a crash or an empty cell.
  std::string_view Get(std::string_view id, Lang lang) const;
  bool Has(std::string_view id) const { return index_.contains(id); }
  std::span<const Message> messages() const { return messages_; }

 private:
  std::span<const Message> messages_;
  std::unordered_map<std::string_view, const Message*> index_;
};

// For tests: one line per problem (an empty id, an id without its Japanese or English text,
// an id defined twice, placeholders {N} that differ between the two languages). Empty when
// the catalog is whole.
std::vector<std::string> CheckCatalog(std::span<const Message> messages);

// Replaces {0}, {1}, ... in `pattern` by the arguments, in order of their index; "{{" gives
// "{". A placeholder without an argument is kept as written. No escaping: escape the result
// for its context (html.h) when the arguments come from data.
std::string Substitute(std::string_view pattern, std::initializer_list<std::string_view> args);

// A violation's stored evidence worded in `lang` (policy::RenderEvidence): plain text, escape
// it for its context.
std::string EvidenceText(std::string_view stored, Lang lang);

}  // namespace mamori::inventory
