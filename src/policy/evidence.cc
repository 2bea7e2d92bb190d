// RenderEvidence: the stored facts (internal/evidence.h) in words. Every sentence reads
// only the keys of its kind, so a key a later version adds (or anything slipped into a
// stored row) never reaches the page.
#include "policy/internal/evidence.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "policy/policy.h"

namespace mamori::policy {
namespace {

using Json = nlohmann::json;
using Lang = EvidenceLanguage;

// "1,204"
std::string Count(uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

// Throws (caught by RenderEvidence) when the key is missing or of another type.
std::string Text(const Json& facts, const char* key) { return facts.at(key).get<std::string>(); }
uint64_t Number(const Json& facts, const char* key) { return facts.at(key).get<uint64_t>(); }
bool Flag(const Json& facts, const char* key) {
  const auto it = facts.find(key);
  return it != facts.end() && it->get<bool>();
}

std::string ItemWord(std::string_view name, Lang lang) {
  const std::optional<Item> item = ItemFromName(name);
  if (!item) return "?";
  if (lang == Lang::kEn) {
    std::string word(name);
    for (char& c : word) {
      if (c == '_') c = ' ';
    }
    return word;
  }
  switch (*item) {
    case Item::kPensionNumber:
      return "基礎年金番号";
    case Item::kMyNumber:
      return "個人番号";
    case Item::kCorporateNumber:
      return "法人番号";
    case Item::kName:
      return "氏名";
    case Item::kBirthDate:
      return "生年月日";
    case Item::kAddress:
      return "住所";
    case Item::kPhone:
      return "電話番号";
    case Item::kEmail:
      return "メールアドレス";
  }
  return "?";
}

std::string ProtectionWord(std::string_view name, Lang lang) {
  if (lang == Lang::kEn) return std::string(name);
  if (name == "none") return "なし";
  if (name == "password") return "パスワード";
  if (name == "encrypted") return "暗号化";
  return "不明";
}

// "1,204 people in 1,204 records (pension number, name)" /
// "1,204人・1,204件の個人データ（基礎年金番号、氏名）"
std::string People(const Json& facts, Lang lang) {
  const uint64_t people = Number(facts, "people");
  const uint64_t records = Number(facts, "records");
  const bool exact = !facts.contains("exact") || Flag(facts, "exact");
  std::string items;
  for (const Json& item : facts.at("items")) {
    items += (items.empty() ? "" : (lang == Lang::kEn ? ", " : "、")) +
             ItemWord(item.get<std::string>(), lang);
  }
  if (lang == Lang::kEn) {
    std::string text = exact ? "" : "about ";
    text += Count(people) + (people == 1 ? " person" : " people");
    text += " in " + Count(records) + (records == 1 ? " record" : " records");
    if (!items.empty()) text += " (" + items + ")";
    return text;
  }
  std::string text = exact ? "" : "約";
  text += Count(people) + "人・" + Count(records) + "件の個人データ";
  if (!items.empty()) text += "（" + items + "）";
  return text;
}

std::string ZoneName(const Json& facts, Lang lang) {
  std::string text = Text(facts, "zone");
  if (facts.contains("label")) {
    const std::string label = Text(facts, "label");
    if (!label.empty()) text += lang == Lang::kEn ? " (" + label + ")" : "（" + label + "）";
  }
  return text;
}

// "2014年11月2日" from "2014-11-02"; the stored text when it is not such a date.
std::string JapaneseDate(const std::string& iso) {
  int year = 0, month = 0, day = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) {
    return iso;
  }
  return std::to_string(year) + "年" + std::to_string(month) + "月" + std::to_string(day) + "日";
}

std::string ZoneSentence(const Json& facts, Lang lang) {
  if (lang == Lang::kEn) {
    return People(facts, lang) + " on zone " + ZoneName(facts, lang) +
           ", which is internet-connected: no personal data may be there";
  }
  return "インターネット接続環境のゾーン " + ZoneName(facts, lang) + " に" + People(facts, lang) +
         "があります。ここには個人データを置けません";
}

std::string UnknownSentence(const Json& facts, Lang lang) {
  const std::string protection = ProtectionWord(Text(facts, "protection"), lang);
  const bool internet = Flag(facts, "internet");
  if (lang == Lang::kEn) {
    return "content could not be read (protection: " + protection +
           "): personal data cannot be ruled out on zone " + ZoneName(facts, lang) +
           (internet ? ", which is internet-connected" : "");
  }
  return "内容を読み取れません（保護: " + protection + "）。" +
         (internet ? "インターネット接続環境の" : "") + "ゾーン " + ZoneName(facts, lang) +
         " にあり、個人データがないとは確認できません";
}

std::string RetentionSentence(const Json& facts, Lang lang) {
  const std::string mtime = Text(facts, "mtime");
  const std::string age = Count(Number(facts, "age_days"));
  const std::string max = Count(Number(facts, "max_days"));
  if (lang == Lang::kEn) {
    return "last modified " + mtime + ", " + age + " days ago; rule allows " + max + " (" +
           People(facts, lang) + ")";
  }
  return "最終更新 " + JapaneseDate(mtime) + "（" + age + "日前）。規則で保存できるのは" + max +
         "日まで（" + People(facts, lang) + "）";
}

std::string ProtectionSentence(const Json& facts, Lang lang) {
  const std::string found = Text(facts, "found");
  const std::string format = Text(facts, "format");
  const bool encryption = Text(facts, "require") == "encryption";
  if (lang == Lang::kEn) {
    return (found == "unknown" ? "protection could not be determined" : "protection: " + found) +
           " (" + format + "); rule requires " +
           (encryption ? "encryption" : "a password or encryption") + " (" + People(facts, lang) +
           ")";
  }
  return (found == "unknown" ? "保護の有無を判定できません"
                             : "保護: " + ProtectionWord(found, lang)) +
         "（" + format + "）。規則では" + (encryption ? "暗号化" : "パスワードまたは暗号化") +
         "が必要です（" + People(facts, lang) + "）";
}

std::string AccessProblemText(const Json& problem, const std::string& mode, Lang lang) {
  const std::string p = Text(problem, "p");
  if (p == "others") {
    return lang == Lang::kEn ? "mode " + mode + ": readable by others (everyone)"
                             : "モード " + mode + ": その他のユーザー（全員）が読めます";
  }
  if (p != "broad" && p != "reader") throw std::invalid_argument("unknown access problem");
  const bool group = Text(problem, "who") == "group";
  const std::string name = Text(problem, "name");
  const std::string id = Text(problem, "id");
  const bool owning = Flag(problem, "owning");
  const bool via_acl = problem.contains("acl");
  const std::string acl = via_acl ? Text(problem, "acl") : "";
  const std::string mask = problem.contains("mask") ? Text(problem, "mask") : "";
  if (lang == Lang::kEn) {
    std::string text = (group ? "group:" : "user:") + name;
    if (name != id) text += " (" + std::string(group ? "gid " : "uid ") + id + ")";
    if (owning) text += " (owning group)";
    text += " can read (";
    text += via_acl ? "ACL " + acl + (mask.empty() ? "" : " (mask " + mask + ")") : "mode " + mode;
    text += p == "broad" ? "): a broad group, readable by everyone" : "): not an allowed reader";
    return text;
  }
  std::string text = (group ? "グループ " : "ユーザー ") + name;
  std::string notes;
  if (name != id) notes = std::string(group ? "gid " : "uid ") + id;
  if (owning) notes += (notes.empty() ? "" : "、") + std::string("所有グループ");
  if (!notes.empty()) text += "（" + notes + "）";
  text += " が読めます（";
  text += via_acl ? "ACL " + acl + (mask.empty() ? "" : "、マスク " + mask) : "モード " + mode;
  text += p == "broad" ? "）: 全員が読めるのと同じ広いグループです"
                       : "）: 許可された読み手ではありません";
  return text;
}

std::string AccessSentence(const Json& facts, Lang lang) {
  const std::string mode = Text(facts, "mode");
  std::string text;
  for (const Json& problem : facts.at("problems")) {
    if (!text.empty()) text += lang == Lang::kEn ? "; " : "。";
    text += AccessProblemText(problem, mode, lang);
  }
  return text;
}

// Plain text (evidence stored before the encoding) is nullopt; anything that looks like an
// encoded object is returned even when this build cannot word it (another version, no kind),
// so that RenderEvidence gives the fixed "could not be read" text rather than its raw keys.
std::optional<Json> Facts(std::string_view stored) {
  if (stored.empty() || stored.front() != '{') return std::nullopt;
  Json facts = Json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!facts.is_object()) return std::nullopt;
  return facts;
}

bool Readable(const Json& facts) {
  const auto version = facts.find("v");
  const auto kind = facts.find("m");
  return version != facts.end() && version->is_number_integer() &&
         version->get<int64_t>() == internal::kEvidenceVersion && kind != facts.end() &&
         kind->is_string();
}

}  // namespace

bool IsEncodedEvidence(std::string_view stored) {
  const std::optional<Json> facts = Facts(stored);
  return facts && Readable(*facts);
}

std::string RenderEvidence(std::string_view stored, EvidenceLanguage lang) {
  const std::optional<Json> facts = Facts(stored);
  if (!facts) return std::string(stored);
  try {
    if (!Readable(*facts)) throw std::invalid_argument("unknown evidence version");
    const std::string kind = Text(*facts, "m");
    if (kind == "zone") return ZoneSentence(*facts, lang);
    if (kind == "unknown") return UnknownSentence(*facts, lang);
    if (kind == "retention") return RetentionSentence(*facts, lang);
    if (kind == "protection") return ProtectionSentence(*facts, lang);
    if (kind == "access") return AccessSentence(*facts, lang);
  } catch (const std::exception&) {
    // A damaged row: showing it raw could show keys no sentence would.
  }
  return lang == Lang::kEn ? "(evidence could not be read)" : "（根拠を読み取れません）";
}

}  // namespace mamori::policy
