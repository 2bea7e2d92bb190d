#include "detect_test_util.h"

namespace mamori::detect {
namespace {

ColumnRole RoleOf(const std::string& header) {
  const std::vector<std::string> headers = {header};
  return testing::Detectors().BeginPart(headers, true).RoleOf(0);
}

TEST(ColumnRoles, Headers) {
  EXPECT_EQ(RoleOf("基礎年金番号"), ColumnRole::kPensionNumber);
  EXPECT_EQ(RoleOf("年金番号"), ColumnRole::kPensionNumber);
  EXPECT_EQ(RoleOf("基年番号"), ColumnRole::kPensionNumber);
  EXPECT_EQ(RoleOf("個人番号"), ColumnRole::kMyNumber);
  EXPECT_EQ(RoleOf("マイナンバー"), ColumnRole::kMyNumber);
  EXPECT_EQ(RoleOf("法人番号"), ColumnRole::kCorporateNumber);
  EXPECT_EQ(RoleOf("氏名"), ColumnRole::kName);
  EXPECT_EQ(RoleOf("氏名カナ"), ColumnRole::kName);
  EXPECT_EQ(RoleOf("フリガナ"), ColumnRole::kName);
  EXPECT_EQ(RoleOf("NAME"), ColumnRole::kName);
  EXPECT_EQ(RoleOf("生年月日"), ColumnRole::kBirthDate);
  EXPECT_EQ(RoleOf("誕生日"), ColumnRole::kBirthDate);
  EXPECT_EQ(RoleOf("Birth Date"), ColumnRole::kBirthDate);
  EXPECT_EQ(RoleOf("住所"), ColumnRole::kAddress);
  EXPECT_EQ(RoleOf("所在地"), ColumnRole::kAddress);
  EXPECT_EQ(RoleOf("郵便番号"), ColumnRole::kPostalCode);
  EXPECT_EQ(RoleOf("電話番号"), ColumnRole::kPhone);
  EXPECT_EQ(RoleOf("TEL"), ColumnRole::kPhone);
  EXPECT_EQ(RoleOf("メールアドレス"), ColumnRole::kEmail);
  EXPECT_EQ(RoleOf("受付日"), ColumnRole::kOtherDate);
  EXPECT_EQ(RoleOf("作成日"), ColumnRole::kOtherDate);
  EXPECT_EQ(RoleOf("日付"), ColumnRole::kOtherDate);
  EXPECT_EQ(RoleOf("提出日"), ColumnRole::kOtherDate);
  EXPECT_EQ(RoleOf("注文番号"), ColumnRole::kOtherNumber);
  EXPECT_EQ(RoleOf("伝票番号"), ColumnRole::kOtherNumber);
  EXPECT_EQ(RoleOf("商品コード"), ColumnRole::kOtherNumber);
  EXPECT_EQ(RoleOf("受付番号"), ColumnRole::kOtherNumber);
  EXPECT_EQ(RoleOf("管理番号"), ColumnRole::kOtherNumber);
  EXPECT_EQ(RoleOf("会社名"), ColumnRole::kNone);
  EXPECT_EQ(RoleOf("商品名"), ColumnRole::kNone);
  EXPECT_EQ(RoleOf("備考"), ColumnRole::kNone);
  EXPECT_EQ(RoleOf(""), ColumnRole::kNone);
}

// nwind.mdb (Northwind) names its columns in English: Employees(LastName, FirstName, BirthDate,
// Address, PostalCode, HomePhone).
TEST(ColumnRoles, EnglishDatabaseHeaders) {
  for (const char* header :
       {"LastName", "FirstName", "FullName", "EmployeeName", "CustomerName", "last_name",
        "FIRST_NAME", "Given Name", "FamilyName", "customer_name"}) {
    EXPECT_EQ(RoleOf(header), ColumnRole::kName) << header;
  }
  for (const char* header : {"BirthDate", "DateOfBirth", "DOB", "date_of_birth"}) {
    EXPECT_EQ(RoleOf(header), ColumnRole::kBirthDate) << header;
  }
  for (const char* header : {"Address", "HomeAddress", "ShipAddress"}) {
    EXPECT_EQ(RoleOf(header), ColumnRole::kAddress) << header;
  }
  for (const char* header : {"PostalCode", "Zip", "ZipCode", "ShipPostalCode"}) {
    EXPECT_EQ(RoleOf(header), ColumnRole::kPostalCode) << header;
  }
  for (const char* header : {"Phone", "HomePhone", "Mobile", "Fax", "MobilePhone"}) {
    EXPECT_EQ(RoleOf(header), ColumnRole::kPhone) << header;
  }
  EXPECT_EQ(RoleOf("Email"), ColumnRole::kEmail);
  EXPECT_EQ(RoleOf("E-Mail"), ColumnRole::kEmail);
  EXPECT_EQ(RoleOf("HireDate"), ColumnRole::kOtherDate);
  EXPECT_EQ(RoleOf("OrderDate"), ColumnRole::kOtherDate);
}

// Things that are named, not people, and the contact person of a company record (Customers,
// Suppliers: the record is the company's): never a name column.
TEST(ColumnRoles, EnglishNamesOfThingsAreNotNameColumns) {
  for (const char* header :
       {"CompanyName", "ProductName", "CategoryName", "ShipName", "ContactName", "Contact Name",
        "Company Name", "product_name", "FileName", "UserName", "TableName", "ContactTitle",
        "TitleOfCourtesy", "City", "Region", "Country"}) {
    EXPECT_NE(RoleOf(header), ColumnRole::kName) << header;
  }
}

TEST(ColumnRoles, ColumnsPastTheHeadersHaveNoRole) {
  const std::vector<std::string> headers = {"氏名"};
  const PartEvidence part = testing::Detectors().BeginPart(headers, true);
  EXPECT_TRUE(part.has_headers);
  EXPECT_EQ(part.RoleOf(5), ColumnRole::kNone);
}

}  // namespace
}  // namespace mamori::detect
