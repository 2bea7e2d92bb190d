// Stored evidence is facts, worded late in the reader's language; risk bands come from the
// reference files doc/policy.md names.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "policy/policy.h"

namespace mamori::policy {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kNow = 1'700'000'000;  // 2023-11-14

constexpr char kPolicy[] = R"(version: 1
zones:
  - id: internet-share
    label: インターネット接続環境
    internet_connected: true
    paths: [/srv/share/**]
  - id: core
    label: 基幹系
    internet_connected: false
    paths: [/srv/core/**]
retention:
  - id: mailing-90d
    paths: ['**/送付用/**']
    max_age_days: 90
protection:
  - id: share-password
    paths: [/srv/**]
    require: password
)";

Policy MustParse(const std::string& yaml) {
  Result<Policy> policy = Policy::Parse(yaml, "test.yaml");
  EXPECT_TRUE(policy.has_value()) << (policy ? "" : policy.error().message);
  if (!policy) return Policy::Default();
  return std::move(*policy);
}

report::FileResult PensionList(const std::string& path, uint64_t people) {
  report::FileResult file;
  file.path = path;
  file.format = "csv";
  file.mtime = kNow - 10 * kDay;
  file.mode = S_IFREG | 0600;
  file.tally.records = people;
  file.tally.records_read = people;
  file.tally.people = people;
  file.tally.items[static_cast<size_t>(Item::kPensionNumber)] = people;
  file.tally.items[static_cast<size_t>(Item::kName)] = people;
  file.tally.category2 = people;
  return file;
}

const Violation& Only(const Assessment& assessment, RuleKind kind) {
  for (const Violation& violation : assessment.violations) {
    if (violation.kind == kind) return violation;
  }
  ADD_FAILURE() << "no violation of kind " << RuleKindName(kind);
  static const Violation kNone;
  return kNone;
}
// The violation would point into a destroyed temporary.
const Violation& Only(Assessment&& assessment, RuleKind kind) = delete;

std::string Ja(std::string_view stored) { return RenderEvidence(stored, EvidenceLanguage::kJa); }
std::string En(std::string_view stored) { return RenderEvidence(stored, EvidenceLanguage::kEn); }

TEST(Evidence, StoredAsFactsWithoutWords) {
  const Policy policy = MustParse(kPolicy);
  const Assessment a = policy.Assess(PensionList("/srv/share/list.csv", 1204), "", kNow);
  const Violation& zone = Only(a, RuleKind::kForbiddenZone);
  EXPECT_TRUE(IsEncodedEvidence(zone.evidence)) << zone.evidence;
  EXPECT_NE(zone.evidence.find("\"people\":1204"), std::string::npos) << zone.evidence;
  EXPECT_EQ(zone.evidence.find("people on"), std::string::npos) << zone.evidence;
}

TEST(Evidence, ZoneInJapaneseAndEnglish) {
  const Policy policy = MustParse(kPolicy);
  const Assessment a = policy.Assess(PensionList("/srv/share/list.csv", 1204), "", kNow);
  const Violation& zone = Only(a, RuleKind::kForbiddenZone);
  EXPECT_EQ(Ja(zone.evidence),
            "インターネット接続環境のゾーン internet-share（インターネット接続環境） に"
            "1,204人・1,204件の個人データ（基礎年金番号、氏名）があります。"
            "ここには個人データを置けません");
  EXPECT_EQ(En(zone.evidence),
            "1,204 people in 1,204 records (pension number, name) on zone internet-share "
            "(インターネット接続環境), which is internet-connected: no personal data may be there");
}

TEST(Evidence, RetentionDatesInJapaneseForm) {
  const Policy policy = MustParse(kPolicy);
  report::FileResult file = PensionList("/srv/core/送付用/list.csv", 1);
  file.mtime = kNow - 412 * kDay - 5;
  const Assessment a = policy.Assess(file, "/srv/core", kNow);
  const Violation& retention = Only(a, RuleKind::kRetention);
  EXPECT_EQ(Ja(retention.evidence),
            "最終更新 2022年9月28日（412日前）。規則で保存できるのは90日まで"
            "（1人・1件の個人データ（基礎年金番号、氏名））");
  EXPECT_EQ(En(retention.evidence)
                .rfind("last modified 2022-09-28, 412 days ago; rule allows 90 "
                       "(1 person in 1 record (pension number, name))",
                       0),
            0u)
      << En(retention.evidence);
}

TEST(Evidence, ProtectionAndAccess) {
  const Policy policy = MustParse(kPolicy);
  report::FileResult file = PensionList("/srv/core/list.csv", 10);
  file.mode = S_IFREG | 0644;
  const Assessment a = policy.Assess(file, "/srv/core", kNow);
  EXPECT_EQ(Ja(Only(a, RuleKind::kProtection).evidence)
                .rfind("保護: なし（csv）。規則ではパスワードまたは暗号化が必要です", 0),
            0u)
      << Ja(Only(a, RuleKind::kProtection).evidence);
  EXPECT_EQ(Ja(Only(a, RuleKind::kAccess).evidence),
            "モード 0644: その他のユーザー（全員）が読めます");
  EXPECT_EQ(En(Only(a, RuleKind::kAccess).evidence), "mode 0644: readable by others (everyone)");
}

TEST(Evidence, PlainTextFromAnOlderStoreIsShownAsItIs) {
  const std::string old = "mode 0644: readable by others (everyone)";
  EXPECT_FALSE(IsEncodedEvidence(old));
  EXPECT_EQ(Ja(old), old);
  EXPECT_EQ(En(old), old);
}

TEST(Evidence, DamagedOrForeignFactsAreNeverShownRaw) {
  for (const std::string stored :
       {R"({"v":1,"m":"zone"})", R"({"v":1,"m":"zone","people":"x","records":1,"items":[]})",
        R"({"v":2,"m":"zone","secret":"1234-567890"})", R"({"m":"access"})",
        R"({"v":1,"m":"nonsense","zone":"z"})"}) {
    EXPECT_EQ(En(stored), "(evidence could not be read)") << stored;
    EXPECT_EQ(Ja(stored), "（根拠を読み取れません）") << stored;
  }
  // Keys no sentence reads never reach the page.
  const std::string extra =
      R"({"v":1,"m":"access","mode":"0644","problems":[{"p":"others"}],"value":"1234-567890"})";
  EXPECT_EQ(En(extra), "mode 0644: readable by others (everyone)");
}

TEST(RiskBands, BoundariesAreTheReferenceFiles) {
  const Policy policy = MustParse(kPolicy);
  const Policy no_protection_rule = MustParse(R"(version: 1
zones:
  - id: internet-share
    internet_connected: true
    paths: [/srv/share/**]
  - id: core
    internet_connected: false
    paths: [/srv/core/**]
)");
  // Modified just now: no age factor.
  report::FileResult ten = PensionList("/srv/core/ten.csv", 10);
  ten.mtime = kNow;
  const double isolated = no_protection_rule.Assess(ten, "/srv/core", kNow).risk;
  ten.path = "/srv/share/ten.csv";
  const double internet = no_protection_rule.Assess(ten, "/srv/share", kNow).risk;
  EXPECT_DOUBLE_EQ(isolated, kRiskMediumFrom);
  EXPECT_DOUBLE_EQ(internet, kRiskHighFrom);
  EXPECT_EQ(BandOf(isolated), RiskBand::kMedium);
  EXPECT_EQ(BandOf(internet), RiskBand::kHigh);
  EXPECT_EQ(BandOf(isolated - 0.01), RiskBand::kLow);
  EXPECT_EQ(BandOf(internet - 0.01), RiskBand::kMedium);
  EXPECT_EQ(BandOf(0), RiskBand::kNone);
  EXPECT_EQ(BandOf(0.01), RiskBand::kLow);
  // The worked example of doc/policy.md (256.5) is high; a ten-person phone list is low.
  EXPECT_EQ(BandOf(256.5), RiskBand::kHigh);
  EXPECT_EQ(BandOf(3), RiskBand::kLow);
  EXPECT_EQ(RiskBandName(RiskBand::kHigh), "high");
  EXPECT_EQ(RiskBandName(RiskBand::kNone), "none");
}

}  // namespace
}  // namespace mamori::policy
