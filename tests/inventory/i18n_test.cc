#include "inventory/i18n.h"

#include <gtest/gtest.h>

namespace mamori::inventory {
namespace {

constexpr Message kMessages[] = {
    {"title", "個人情報の棚卸し", "Personal data inventory"},
    {"files_n", "{0} 件のファイル", "{0} files"},
};

TEST(I18n, LangFromName) {
  EXPECT_EQ(LangFromName("ja"), Lang::kJa);
  EXPECT_EQ(LangFromName("EN"), Lang::kEn);
  EXPECT_EQ(LangFromName("ja-JP"), Lang::kJa);
  EXPECT_EQ(LangFromName("en_US"), Lang::kEn);
  EXPECT_EQ(LangFromName("fr"), std::nullopt);
  EXPECT_EQ(LangFromName(""), std::nullopt);
  EXPECT_EQ(LangName(Lang::kJa), "ja");
  EXPECT_EQ(kDefaultLang, Lang::kJa);
}

TEST(I18n, CatalogLooksUpBothLanguages) {
  const Catalog catalog(kMessages);
  EXPECT_EQ(catalog.Get("title", Lang::kJa), "個人情報の棚卸し");
  EXPECT_EQ(catalog.Get("title", Lang::kEn), "Personal data inventory");
  EXPECT_TRUE(catalog.Has("files_n"));
}

TEST(I18n, UnknownIdShowsTheId) {
  const Catalog catalog(kMessages);
  EXPECT_FALSE(catalog.Has("nope"));
  EXPECT_EQ(catalog.Get("nope", Lang::kJa), "nope");
}

TEST(I18n, CheckCatalogAcceptsAWholeTable) { EXPECT_TRUE(CheckCatalog(kMessages).empty()); }

TEST(I18n, CheckCatalogFindsMissingLanguagesDuplicatesAndPlaceholders) {
  constexpr Message kBroken[] = {
      {"a", "あ", ""},
      {"b", "", "b"},
      {"a", "あ", "a"},
      {"c", "{0} 件", "{1} items"},
  };
  const std::vector<std::string> problems = CheckCatalog(kBroken);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], "a: no English text");
  EXPECT_EQ(problems[1], "b: no Japanese text");
  EXPECT_EQ(problems[2], "a: defined twice");
  EXPECT_EQ(problems[3], "c: placeholders differ between Japanese and English");
}

TEST(I18n, Substitute) {
  EXPECT_EQ(Substitute("{0} 件のファイル", {"1,204"}), "1,204 件のファイル");
  EXPECT_EQ(Substitute("{1} of {0}", {"a", "b"}), "b of a");
  EXPECT_EQ(Substitute("{{0}} {2}", {"x"}), "{0}} {2}");
  EXPECT_EQ(Substitute("{", {}), "{");
}

}  // namespace
}  // namespace mamori::inventory
