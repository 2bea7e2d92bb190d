// Header row detection. A wrong "yes" hides a data row and hands detectors false column
// evidence; a wrong "no" loses the strongest evidence a table has. So the test is
// asymmetric: any value-like cell vetoes a header outright, and a header then needs
// positive evidence — a known column word, or columns whose kind changes below it.
#include <algorithm>
#include <cctype>

#include "read/csv/csv_parser.h"

namespace mamori::read::csv {
namespace {

constexpr size_t kRowsLookedAt = 20;

// Column words found anywhere in a cell (after NFKC). Long enough not to occur inside
// names or addresses.
constexpr std::string_view kJapaneseWords[] = {
    "氏名",     "名前",     "姓名",     "フリガナ",     "ふりがな", "読み",   "ヨミ",
    "年金番号", "基年番号", "個人番号", "マイナンバー", "法人番号", "番号",   "生年月日",
    "誕生日",   "年月日",   "日付",     "日時",         "受付日",   "登録日", "作成日",
    "更新日",   "申請日",   "入社日",   "契約日",       "住所",     "所在地", "〒",
    "電話",     "携帯",     "メール",   "連絡先",       "性別",     "年齢",   "備考",
    "勤務先",   "会社名",   "部署",     "所属",         "区分",     "コード", "続柄",
    "口座",     "金額",     "数量",     "単価",         "件名",     "項目",   "種別",
    "都道府県", "市区町村", "番地",     "宛名",         "名称"};

// Whole-cell column words: too short, or too common inside names, to search for.
constexpr std::string_view kJapaneseCells[] = {"姓",   "名", "氏", "セイ", "メイ", "カナ",
                                               "かな", "区", "市", "町",   "県"};

// ASCII words matched as whole tokens (snake_case, kebab-case and camelCase are split).
constexpr std::string_view kAsciiWords[] = {
    "name",     "firstname", "lastname", "fullname", "kana",      "furigana",   "birth",
    "birthday", "birthdate", "dob",      "date",     "address",   "addr",       "zip",
    "postal",   "postcode",  "phone",    "tel",      "telephone", "mobile",     "fax",
    "email",    "mail",      "id",       "no",       "number",    "num",        "code",
    "sex",      "gender",    "age",      "company",  "dept",      "department", "note",
    "notes",    "memo",      "remarks",  "city",     "pref",      "prefecture", "street",
    "status",   "type",      "amount",   "price",    "qty",       "quantity",   "total",
    "user",     "customer",  "member",   "employee", "staff",     "pension",    "title",
    "account",  "country"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A value rather than a label: three or more digits (numbers, dates, codes, phone numbers),
// a cell of digits and separators only, or an e-mail address.
bool LooksLikeValue(std::string_view cell) {
  size_t digits = 0;
  bool only_numeric = !cell.empty();
  for (const char c : cell) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c != '.' && c != ',' && c != '-' && c != '/' && c != ':' && c != '+' && c != ' ') {
      only_numeric = false;
    }
  }
  if (digits >= 3 || (only_numeric && digits > 0)) return true;
  const size_t at = cell.find('@');
  return at != std::string_view::npos && at > 0 && cell.find('.', at) != std::string_view::npos;
}

std::vector<std::string> AsciiTokens(std::string_view cell) {
  std::vector<std::string> tokens;
  std::string token;
  char previous = '\0';
  for (const char c : cell) {
    const auto u = static_cast<unsigned char>(c);
    const bool alnum = u < 0x80 && std::isalnum(u) != 0;
    const bool camel_break =
        std::isupper(u) != 0 && u < 0x80 && std::islower(static_cast<unsigned char>(previous)) != 0;
    if (!alnum || camel_break) {
      if (!token.empty()) tokens.push_back(token);
      token.clear();
    }
    if (alnum) token.push_back(static_cast<char>(std::tolower(u)));
    previous = c;
  }
  if (!token.empty()) tokens.push_back(token);
  return tokens;
}

bool NamesAColumn(std::string_view cell) {
  for (const std::string_view word : kJapaneseWords) {
    if (cell.find(word) != std::string_view::npos) return true;
  }
  for (const std::string_view word : kJapaneseCells) {
    if (cell == word) return true;
  }
  for (const std::string& token : AsciiTokens(cell)) {
    for (const std::string_view word : kAsciiWords) {
      if (token == word) return true;
    }
  }
  return false;
}

std::string_view Trim(std::string_view cell) {
  while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.remove_prefix(1);
  while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.remove_suffix(1);
  return cell;
}

}  // namespace

bool IsHeaderRow(std::span<const std::string> first,
                 std::span<const std::vector<std::string>> following) {
  following = following.subspan(0, std::min(following.size(), kRowsLookedAt));
  int score = 0;
  bool any_label = false;
  for (size_t column = 0; column < first.size(); ++column) {
    const std::string_view label = Trim(first[column]);
    if (label.empty()) continue;
    if (LooksLikeValue(label)) return false;
    any_label = true;
    if (NamesAColumn(label)) score += 2;
    size_t filled = 0;
    size_t values = 0;
    bool repeated = false;
    for (const std::vector<std::string>& row : following) {
      if (column >= row.size()) continue;
      const std::string_view cell = Trim(row[column]);
      if (cell.empty()) continue;
      ++filled;
      values += LooksLikeValue(cell) ? 1U : 0U;
      repeated = repeated || cell == label;
    }
    // Text above values: the column changes kind below its first row.
    if (filled > 0 && values * 3 >= filled * 2) score += 2;
    // A label does not reappear as a value of its own column; data does (男, 女, Yes, No).
    if (repeated) score -= 2;
  }
  return any_label && score >= 2;
}

}  // namespace mamori::read::csv
