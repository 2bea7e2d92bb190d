#include "inventory/i18n.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "policy/policy.h"

namespace mamori::inventory {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The set of placeholder indexes a pattern uses, to compare the two languages of a message.
std::set<size_t> Placeholders(std::string_view pattern) {
  std::set<size_t> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') continue;
    if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    size_t index = 0;
    while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9') {
      index = index * 10 + static_cast<size_t>(pattern[j] - '0');
      ++j;
    }
    if (j > i + 1 && j < pattern.size() && pattern[j] == '}') found.insert(index);
  }
  return found;
}

}  // namespace

std::optional<Lang> LangFromName(std::string_view name) {
  const std::string lower = Lower(name);
  const std::string_view primary = std::string_view(lower).substr(0, lower.find_first_of("-_"));
  if (primary == "ja") return Lang::kJa;
  if (primary == "en") return Lang::kEn;
  return std::nullopt;
}

std::string_view LangName(Lang lang) { return lang == Lang::kEn ? "en" : "ja"; }

Catalog::Catalog(std::span<const Message> messages) : messages_(messages) {
  index_.reserve(messages.size());
  for (const Message& message : messages) index_.emplace(message.id, &message);
}

std::string_view Catalog::Get(std::string_view id, Lang lang) const {
  const auto it = index_.find(id);
  if (it == index_.end()) return id;
  return lang == Lang::kEn ? it->second->en : it->second->ja;
}

std::vector<std::string> CheckCatalog(std::span<const Message> messages) {
  std::vector<std::string> problems;
  std::set<std::string_view> seen;
  for (const Message& message : messages) {
    const std::string id(message.id);
    if (message.id.empty()) problems.push_back("a message has an empty id");
    if (!seen.insert(message.id).second) problems.push_back(id + ": defined twice");
    if (message.ja.empty()) problems.push_back(id + ": no Japanese text");
    if (message.en.empty()) problems.push_back(id + ": no English text");
    if (Placeholders(message.ja) != Placeholders(message.en)) {
      problems.push_back(id + ": placeholders differ between Japanese and English");
    }
  }
  return problems;
}

std::string Substitute(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    size_t j = i + 1;
    size_t index = 0;
    while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9') {
      index = index * 10 + static_cast<size_t>(pattern[j] - '0');
      ++j;
    }
    if (j > i + 1 && j < pattern.size() && pattern[j] == '}' && index < args.size()) {
      out += *(args.begin() + index);
      i = j;
    } else {
      out += c;
    }
  }
  return out;
}

std::string EvidenceText(std::string_view stored, Lang lang) {
  return policy::RenderEvidence(
      stored, lang == Lang::kJa ? policy::EvidenceLanguage::kJa : policy::EvidenceLanguage::kEn);
}

}  // namespace mamori::inventory
