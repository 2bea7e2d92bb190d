#include "serve/internal/messages.h"

#include <gtest/gtest.h>

#include "base/item.h"
#include "store/store.h"

namespace mamori::serve::internal {
namespace {

TEST(Messages, CatalogIsWhole) {
  const std::vector<std::string> problems = inventory::CheckCatalog(MessageTable());
  for (const std::string& problem : problems) ADD_FAILURE() << problem;
}

// Ids built at run time from enum names must all exist.
TEST(Messages, EveryDerivedIdExists) {
  for (Item item : kAllItems) {
    EXPECT_TRUE(Messages().Has("item_" + std::string(ItemName(item)))) << ItemName(item);
  }
  for (store::Role role : {store::Role::kViewer, store::Role::kOperator, store::Role::kAdmin}) {
    EXPECT_TRUE(Messages().Has("role_" + std::string(store::RoleName(role))));
  }
  for (store::ScanStatus status : {store::ScanStatus::kRunning, store::ScanStatus::kCompleted,
                                   store::ScanStatus::kInterrupted}) {
    EXPECT_TRUE(Messages().Has("status_" + std::string(store::ScanStatusName(status))));
  }
  for (policy::RuleKind kind : {policy::RuleKind::kForbiddenZone, policy::RuleKind::kRetention,
                                policy::RuleKind::kProtection, policy::RuleKind::kAccess}) {
    EXPECT_TRUE(Messages().Has("kind_" + std::string(policy::RuleKindName(kind))));
  }
  for (Protection protection :
       {Protection::kNone, Protection::kPassword, Protection::kEncrypted, Protection::kUnknown}) {
    EXPECT_TRUE(Messages().Has("protection_" + std::string(ProtectionName(protection))));
  }
  for (report::Outcome outcome :
       {report::Outcome::kComplete, report::Outcome::kPartial, report::Outcome::kSkipped}) {
    EXPECT_TRUE(Messages().Has("outcome_" + std::string(report::OutcomeName(outcome))));
  }
  for (const char* nav : {"nav_dashboard", "nav_findings", "nav_scans", "nav_users"}) {
    EXPECT_TRUE(Messages().Has(nav));
  }
  for (const char* column :
       {"risk", "path", "people", "items", "zone", "violations", "owner", "ack", "modified"}) {
    EXPECT_TRUE(Messages().Has("col_" + std::string(column))) << column;
  }
  for (const char* order : {"risk", "people", "path", "modified"}) {
    EXPECT_TRUE(Messages().Has("order_" + std::string(order))) << order;
  }
}

}  // namespace
}  // namespace mamori::serve::internal
