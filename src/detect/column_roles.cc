// Header text → ColumnRole. Substring rules over NFKC text, ASCII folded to lower case,
// most specific first: "生年月日" is a birth date before "年月日" is some other date,
// "電話番号" is a phone before "番号" is some other number, "氏名カナ" is a name.
#include <array>
#include <string>

#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

struct Rule {
  std::string_view text;
  ColumnRole role;
};

// Checked in order; the first rule whose text occurs in the header wins.
constexpr auto kRules = std::to_array<Rule>({
    {"生年月日", ColumnRole::kBirthDate},
    {"誕生日", ColumnRole::kBirthDate},
    {"生まれ", ColumnRole::kBirthDate},
    {"birth", ColumnRole::kBirthDate},
    {"dob", ColumnRole::kBirthDate},
    {"生年", ColumnRole::kBirthDate},
    {"年金番号", ColumnRole::kPensionNumber},
    {"基年番号", ColumnRole::kPensionNumber},
    {"pension", ColumnRole::kPensionNumber},
    {"個人番号", ColumnRole::kMyNumber},
    {"マイナンバー", ColumnRole::kMyNumber},
    {"my number", ColumnRole::kMyNumber},
    {"mynumber", ColumnRole::kMyNumber},
    {"my_number", ColumnRole::kMyNumber},
    {"法人番号", ColumnRole::kCorporateNumber},
    {"corporate", ColumnRole::kCorporateNumber},
    {"郵便番号", ColumnRole::kPostalCode},
    {"〒", ColumnRole::kPostalCode},
    {"郵便", ColumnRole::kPostalCode},
    {"zip", ColumnRole::kPostalCode},
    {"postal", ColumnRole::kPostalCode},
    {"postcode", ColumnRole::kPostalCode},
    {"電話", ColumnRole::kPhone},
    {"携帯", ColumnRole::kPhone},
    {"tel", ColumnRole::kPhone},
    {"fax", ColumnRole::kPhone},
    {"phone", ColumnRole::kPhone},
    {"mobile", ColumnRole::kPhone},
    {"メール", ColumnRole::kEmail},
    {"mail", ColumnRole::kEmail},
    {"住所", ColumnRole::kAddress},
    {"所在地", ColumnRole::kAddress},
    {"居所", ColumnRole::kAddress},
    {"address", ColumnRole::kAddress},
    {"氏名", ColumnRole::kName},
    {"名前", ColumnRole::kName},
    {"姓名", ColumnRole::kName},
    {"フリガナ", ColumnRole::kName},
    {"ふりがな", ColumnRole::kName},
    {"カナ", ColumnRole::kName},
    {"かな", ColumnRole::kName},
    {"者名", ColumnRole::kName},  // 契約者名, 被保険者名, 申請者名
    {"人名", ColumnRole::kName},  // 受取人名, 本人名
    {"顧客名", ColumnRole::kName},
    {"お客様名", ColumnRole::kName},
    {"員名", ColumnRole::kName},  // 会員名, 社員名, 職員名
    {"宛名", ColumnRole::kName},
    {"full name", ColumnRole::kName},
    {"fullname", ColumnRole::kName},
    {"first name", ColumnRole::kName},
    {"last name", ColumnRole::kName},
    {"given name", ColumnRole::kName},
    {"family name", ColumnRole::kName},
    {"surname", ColumnRole::kName},
    // English database columns (Northwind's Employees: LastName, FirstName). Not ContactName:
    // the contact person of a company record, whose subject is the company (testdata/README.md,
    // access/). CompanyName, ProductName, CategoryName and ShipName (an Orders row's
    // consignee) match no rule either.
    {"firstname", ColumnRole::kName},
    {"first_name", ColumnRole::kName},
    {"lastname", ColumnRole::kName},
    {"last_name", ColumnRole::kName},
    {"givenname", ColumnRole::kName},
    {"given_name", ColumnRole::kName},
    {"familyname", ColumnRole::kName},
    {"family_name", ColumnRole::kName},
    {"full_name", ColumnRole::kName},
    {"employeename", ColumnRole::kName},
    {"employee name", ColumnRole::kName},
    {"employee_name", ColumnRole::kName},
    {"customername", ColumnRole::kName},
    {"customer name", ColumnRole::kName},
    {"customer_name", ColumnRole::kName},
    {"日付", ColumnRole::kOtherDate},
    {"年月日", ColumnRole::kOtherDate},
    {"日時", ColumnRole::kOtherDate},
    {"期限", ColumnRole::kOtherDate},
    {"date", ColumnRole::kOtherDate},
    {"番号", ColumnRole::kOtherNumber},  // 注文番号, 伝票番号, 受付番号, 管理番号 …
    {"コード", ColumnRole::kOtherNumber},
    {"品番", ColumnRole::kOtherNumber},
    {"金額", ColumnRole::kOtherNumber},
    {"単価", ColumnRole::kOtherNumber},
    {"価格", ColumnRole::kOtherNumber},
    {"数量", ColumnRole::kOtherNumber},
    {"合計", ColumnRole::kOtherNumber},
    {"残高", ColumnRole::kOtherNumber},
    {"no.", ColumnRole::kOtherNumber},
    {"id", ColumnRole::kOtherNumber},
    {"code", ColumnRole::kOtherNumber},
    {"number", ColumnRole::kOtherNumber},
    {"amount", ColumnRole::kOtherNumber},
    {"price", ColumnRole::kOtherNumber},
    {"qty", ColumnRole::kOtherNumber},
    {"total", ColumnRole::kOtherNumber},
    {"sku", ColumnRole::kOtherNumber},
    {"order", ColumnRole::kOtherNumber},
    {"invoice", ColumnRole::kOtherNumber},
    {"伝票", ColumnRole::kOtherNumber},
});

// Whole-header names: too short to match as substrings ("名" is in 会社名 and 商品名).
constexpr auto kExact = std::to_array<Rule>({
    {"姓", ColumnRole::kName},
    {"名", ColumnRole::kName},
    {"氏", ColumnRole::kName},
    {"せい", ColumnRole::kName},
    {"めい", ColumnRole::kName},
    {"セイ", ColumnRole::kName},
    {"メイ", ColumnRole::kName},
    {"name", ColumnRole::kName},
    {"名称", ColumnRole::kNone},
    {"no", ColumnRole::kOtherNumber},
    {"日", ColumnRole::kOtherDate},
    {"受付", ColumnRole::kOtherDate},
    {"年齢", ColumnRole::kOtherNumber},
    {"tel", ColumnRole::kPhone},
});

// Names of things that are not people: a header holding one of these is never a name column.
constexpr auto kNotPersonNames = std::to_array<std::string_view>(
    {"会社", "法人", "商品", "品名", "店名", "店舗", "部署", "支店", "ファイル", "件名", "団体",
     "施設", "company", "product", "file", "user"});

std::string Normalise(std::string_view header) {
  std::string out;
  out.reserve(header.size());
  for (char c : Trim(header)) {
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool EndsWithDay(std::string_view header) {
  constexpr std::string_view kDay = "日";
  return header.size() > kDay.size() && header.substr(header.size() - kDay.size()) == kDay;
}

}  // namespace

ColumnRole RoleFromHeader(std::string_view raw) {
  const std::string header = Normalise(raw);
  if (header.empty()) return ColumnRole::kNone;
  for (const Rule& rule : kExact) {
    if (header == rule.text) return rule.role;
  }
  bool not_person = false;
  for (std::string_view word : kNotPersonNames) {
    if (header.find(word) != std::string::npos) not_person = true;
  }
  for (const Rule& rule : kRules) {
    if (header.find(rule.text) == std::string::npos) continue;
    if (rule.role == ColumnRole::kName && not_person) continue;
    // "id" and "tel" as ASCII words only: not inside "hidden", "hotel".
    if (rule.text == "id" || rule.text == "tel") {
      const size_t at = header.find(rule.text);
      const bool word_start = at == 0 || !IsAsciiAlpha(header[at - 1]);
      const size_t after = at + rule.text.size();
      const bool word_end = after >= header.size() || !IsAsciiAlpha(header[after]);
      if (!word_start || !word_end) continue;
    }
    return rule.role;
  }
  if (not_person) return ColumnRole::kNone;
  // 受付日, 作成日, 提出日, 処理日, 入社日 …: a date column that is not a birth date.
  if (EndsWithDay(header)) return ColumnRole::kOtherDate;
  return ColumnRole::kNone;
}

}  // namespace mamori::detect::internal
