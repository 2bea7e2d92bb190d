#include "serve/internal/filters.h"

#include <gtest/gtest.h>

namespace mamori::serve::internal {
namespace {

TEST(Filters, DefaultsSelectEverything) {
  const FindingsQuery query = ParseFindingsQuery({});
  EXPECT_EQ(query.page, 1u);
  EXPECT_TRUE(query.filter.share.empty());
  EXPECT_EQ(query.filter.ack, store::AckState::kAny);
  EXPECT_EQ(query.filter.order, store::FindingOrder::kRisk);
  EXPECT_EQ(query.filter.min_risk, 0);
  EXPECT_EQ(FindingsQueryString(query.filter), "");
}

TEST(Filters, ParsesEveryField) {
  const FindingsQuery query = ParseFindingsQuery({{"share", "/srv/a b"},
                                                  {"zone", "internet"},
                                                  {"rule", "mailing-90d"},
                                                  {"item", "my_number"},
                                                  {"min_risk", "12.5"},
                                                  {"state", "open"},
                                                  {"q", "名簿"},
                                                  {"order", "people"},
                                                  {"page", "3"}});
  EXPECT_EQ(query.filter.share, "/srv/a b");
  EXPECT_EQ(query.filter.zone, "internet");
  EXPECT_EQ(query.filter.rule, "mailing-90d");
  EXPECT_EQ(query.filter.item, Item::kMyNumber);
  EXPECT_EQ(query.filter.min_risk, 12.5);
  EXPECT_EQ(query.filter.ack, store::AckState::kOpen);
  EXPECT_EQ(query.filter.path_contains, "名簿");
  EXPECT_EQ(query.filter.order, store::FindingOrder::kPeople);
  EXPECT_EQ(query.page, 3u);
  EXPECT_EQ(FindingsQueryString(query.filter),
            "share=%2Fsrv%2Fa%20b&zone=internet&rule=mailing-90d&item=my_number&min_risk=12.5&"
            "state=open&q=%E5%90%8D%E7%B0%BF&order=people");
}

TEST(Filters, MalformedValuesFallBackToDefaults) {
  const FindingsQuery query = ParseFindingsQuery({{"min_risk", "abc"},
                                                  {"state", "whatever"},
                                                  {"order", "drop table"},
                                                  {"page", "-1"},
                                                  {"item", "password"}});
  EXPECT_EQ(query.filter.min_risk, 0);
  EXPECT_EQ(query.filter.ack, store::AckState::kAny);
  EXPECT_EQ(query.filter.order, store::FindingOrder::kRisk);
  EXPECT_EQ(query.page, 1u);
  EXPECT_FALSE(query.filter.item);
  EXPECT_EQ(ParseFindingsQuery({{"min_risk", "nan"}}).filter.min_risk, 0);
  EXPECT_EQ(ParseFindingsQuery({{"min_risk", "inf"}}).filter.min_risk, 0);
}

TEST(Filters, RoundTrip) {
  const FindingsQuery query =
      ParseFindingsQuery({{"zone", "z"}, {"state", "acknowledged"}, {"q", "a&b=c"}});
  Params params;
  const std::string text = FindingsQueryString(query.filter);
  EXPECT_EQ(text, "zone=z&state=acknowledged&q=a%26b%3Dc");
}

TEST(Filters, KindAndKeysetCursors) {
  const FindingsQuery query =
      ParseFindingsQuery({{"kind", "retention"}, {"after", "42"}, {"before", "x"}});
  EXPECT_EQ(query.filter.kind, policy::RuleKind::kRetention);
  EXPECT_EQ(query.after, 42);
  EXPECT_EQ(query.before, 0);                                      // malformed: none
  EXPECT_EQ(FindingsQueryString(query.filter), "kind=retention");  // cursors are not filters
  EXPECT_EQ(ParseFindingsQuery({{"after", "-3"}}).after, 0);
  EXPECT_FALSE(ParseFindingsQuery({{"kind", "nope"}}).filter.kind);
}

}  // namespace
}  // namespace mamori::serve::internal
