#include "policy/policy.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

namespace mamori::policy {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kNow = 1'700'000'000;  // 2023-11-14

// A file the scan found holding `people` people with pension number and name.
report::FileResult PersonalFile(const std::string& path, uint64_t people = 100) {
  report::FileResult file;
  file.path = path;
  file.format = "xlsx";
  file.mtime = kNow - 10 * kDay;
  file.mode = S_IFREG | 0600;
  file.uid = 0;
  file.gid = 0;
  file.tally.records = people;
  file.tally.records_read = people;
  file.tally.people = people;
  file.tally.items[static_cast<size_t>(Item::kPensionNumber)] = people;
  file.tally.items[static_cast<size_t>(Item::kName)] = people;
  file.tally.category2 = people;
  return file;
}

// The stored evidence worded as the English console and report show it.
std::string En(const Violation& violation) {
  return RenderEvidence(violation.evidence, EvidenceLanguage::kEn);
}

Policy MustParse(const std::string& yaml) {
  Result<Policy> policy = Policy::Parse(yaml, "test.yaml");
  EXPECT_TRUE(policy.has_value()) << (policy ? "" : policy.error().message);
  if (!policy) return Policy::Default();
  return std::move(*policy);
}

std::string ParseError(const std::string& yaml) {
  Result<Policy> policy = Policy::Parse(yaml, "test.yaml");
  EXPECT_FALSE(policy.has_value());
  return policy ? std::string() : policy.error().message;
}

const Violation* Find(const Assessment& assessment, RuleKind kind) {
  for (const Violation& violation : assessment.violations) {
    if (violation.kind == kind) return &violation;
  }
  return nullptr;
}
bool Has(const Assessment& assessment, RuleKind kind) { return Find(assessment, kind) != nullptr; }
// The violation would point into a destroyed temporary.
const Violation* Find(Assessment&& assessment, RuleKind kind) = delete;

constexpr char kZones[] = R"(version: 1
zones:
  - id: internet-share
    label: インターネット接続環境
    internet_connected: true
    paths: [/srv/share/**]
  - id: core
    label: 基幹系
    internet_connected: false
    paths: [/srv/core/**, /srv/share/core-mirror/**]
)";

// --- parsing -------------------------------------------------------------------------------

TEST(PolicyParse, ExampleFileLoads) {
  Result<Policy> policy =
      Policy::LoadFile(std::string(MAMORI_SOURCE_DIR) + "/examples/policy.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  ASSERT_FALSE(policy->zones().empty());
  EXPECT_TRUE(policy->zones().front().internet_connected);
}

TEST(PolicyParse, MissingFileIsIoError) {
  Result<Policy> policy = Policy::LoadFile("/nonexistent/policy.yaml");
  ASSERT_FALSE(policy.has_value());
  EXPECT_EQ(policy.error().code, ErrorCode::kIo);
  EXPECT_NE(policy.error().message.find("/nonexistent/policy.yaml"), std::string::npos);
}

TEST(PolicyParse, UnknownKeyNamesLineAndColumn) {
  const std::string error = ParseError("version: 1\nretention:\n  - id: r\n    max_age: 90\n");
  EXPECT_EQ(error.rfind("test.yaml:4:5: unknown key 'max_age' in a retention rule", 0), 0u)
      << error;
  EXPECT_NE(error.find("max_age_days"), std::string::npos) << "lists the expected keys";
}

TEST(PolicyParse, UnknownTopLevelKey) {
  EXPECT_EQ(ParseError("version: 1\nzone: []\n").rfind("test.yaml:2:1: unknown key 'zone'", 0), 0u);
}

TEST(PolicyParse, BadGlobNamesLine) {
  const std::string error = ParseError(std::string(kZones) +
                                       "retention:\n  - id: r\n    paths: ['a/[b']\n"
                                       "    max_age_days: 1\n");
  EXPECT_EQ(error.rfind("test.yaml:13:13: bad glob 'a/[b'", 0), 0u) << error;
  EXPECT_NE(ParseError("version: 1\nzones:\n  - id: z\n    internet_connected: true\n"
                       "    paths: ['/srv/a**']\n")
                .find("'**' inside a segment"),
            std::string::npos);
}

TEST(PolicyParse, DuplicateIdsAcrossSections) {
  const std::string error = ParseError(std::string(kZones) + "access:\n  - id: core\n");
  EXPECT_EQ(error.rfind("test.yaml:12:9: duplicate id 'core'", 0), 0u) << error;
}

TEST(PolicyParse, DuplicateKey) {
  const std::string error = ParseError("version: 1\nversion: 1\n");
  EXPECT_NE(error.find("test.yaml:2:1: key 'version' appears twice"), std::string::npos) << error;
}

TEST(PolicyParse, BadTypes) {
  EXPECT_NE(ParseError("version: 1\nretention:\n  - id: r\n    max_age_days: ninety\n")
                .find("test.yaml:4:19: 'max_age_days' must be a number"),
            std::string::npos);
  EXPECT_NE(
      ParseError("version: 1\nretention:\n  - id: r\n    max_age_days: 1.5\n").find("whole number"),
      std::string::npos);
  EXPECT_NE(ParseError("version: 1\nzones:\n  - id: z\n    internet_connected: yes\n"
                       "    paths: [/a/**]\n")
                .find("test.yaml:4:25: 'internet_connected' must be true or false"),
            std::string::npos);
  EXPECT_NE(ParseError("version: 1\nzones: {a: b}\n").find("must be a list"), std::string::npos);
  EXPECT_NE(ParseError("version: 1\nprotection:\n  - id: p\n    require: magic\n")
                .find("test.yaml:4:14: 'require' must be password or encryption"),
            std::string::npos);
  EXPECT_NE(ParseError("version: 1\nretention:\n  - id: r\n    items: [pension]\n"
                       "    max_age_days: 1\n")
                .find("unknown item 'pension'"),
            std::string::npos);
  EXPECT_NE(ParseError("version: 1\nrisk:\n  zone: {internet: -1}\n").find("0 or more"),
            std::string::npos);
}

TEST(PolicyParse, UndefinedZoneReference) {
  const std::string error = ParseError(
      "version: 1\nprotection:\n  - id: p\n    zones: [internet]\n"
      "    require: password\n");
  EXPECT_EQ(error.rfind("test.yaml:4:13: zone 'internet' is not defined", 0), 0u) << error;
}

TEST(PolicyParse, VersionRequired) {
  EXPECT_NE(ParseError("zones: []\n").find("missing 'version: 1'"), std::string::npos);
  EXPECT_NE(ParseError("version: 2\n").find("unsupported version"), std::string::npos);
  EXPECT_NE(ParseError("").find("empty"), std::string::npos);
}

TEST(PolicyParse, InvalidYamlHasPosition) {
  const std::string error = ParseError("version: 1\nzones: [\n");
  EXPECT_EQ(error.rfind("test.yaml:", 0), 0u) << error;
  EXPECT_NE(error.find("not valid YAML"), std::string::npos) << error;
}

// --- digest --------------------------------------------------------------------------------

TEST(PolicyDigest, FormattingDoesNotChangeIt) {
  const Policy a = MustParse("version: 1\nretention:\n  - {id: r, max_age_days: 90}\n");
  const Policy b =
      MustParse("# comment\nretention:\n  - max_age_days: 90   # days\n    id: r\nversion: 1\n");
  EXPECT_EQ(a.digest(), b.digest());
  EXPECT_EQ(a.digest().size(), 64u);
}

TEST(PolicyDigest, MeaningChangesIt) {
  const Policy a = MustParse("version: 1\nretention:\n  - {id: r, max_age_days: 90}\n");
  const Policy b = MustParse("version: 1\nretention:\n  - {id: r, max_age_days: 91}\n");
  EXPECT_NE(a.digest(), b.digest());
}

TEST(PolicyDigest, DefaultEqualsItsSpelledOutForm) {
  EXPECT_EQ(Policy::Default().digest(), MustParse("version: 1\n").digest());
  EXPECT_EQ(Policy::Default().digest(),
            MustParse("version: 1\naccess:\n  - id: world-readable\n    forbid_others: true\n"
                      "risk:\n  zone: {internet: 3}\n")
                .digest());
}

// --- zones and globs -----------------------------------------------------------------------

TEST(PolicyZone, FirstMatchingZoneInDeclaredOrder) {
  const Policy policy = MustParse(std::string(kZones));
  EXPECT_EQ(policy.Assess(PersonalFile("/srv/share/a/b.xlsx"), "/srv/share", kNow).zone,
            "internet-share");
  // Also under core-mirror, but internet-share is declared first.
  EXPECT_EQ(policy.Assess(PersonalFile("/srv/share/core-mirror/x.csv"), "/srv/share", kNow).zone,
            "internet-share");
  EXPECT_EQ(policy.Assess(PersonalFile("/srv/core/x.csv"), "/srv/core", kNow).zone, "core");
  EXPECT_EQ(policy.Assess(PersonalFile("/home/x.csv"), "/home", kNow).zone, "");
  ASSERT_EQ(policy.zones().size(), 2u);
  EXPECT_EQ(policy.zones()[0].label, "インターネット接続環境");
}

TEST(PolicyZone, PersonalDataOnInternetZoneIsViolation) {
  const Policy policy = MustParse(std::string(kZones));
  const Assessment a = policy.Assess(PersonalFile("/srv/share/list.xlsx", 1204), "", kNow);
  const Violation* v = Find(a, RuleKind::kForbiddenZone);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->rule, "internet-share");
  EXPECT_NE(En(*v).find("1,204 people in 1,204 records (pension number, name)"), std::string::npos)
      << En(*v);
  EXPECT_NE(En(*v).find("internet-connected"), std::string::npos);
}

TEST(PolicyZone, IsolatedZoneAndCleanFilesAreFine) {
  const Policy policy = MustParse(std::string(kZones));
  EXPECT_FALSE(
      Has(policy.Assess(PersonalFile("/srv/core/list.xlsx"), "", kNow), RuleKind::kForbiddenZone));
  report::FileResult clean;
  clean.path = "/srv/share/notes.txt";
  clean.mode = S_IFREG | 0666;
  const Assessment a = policy.Assess(clean, "/srv/share", kNow);
  EXPECT_TRUE(a.violations.empty());
  EXPECT_EQ(a.risk, 0);
  EXPECT_EQ(a.zone, "internet-share");
}

TEST(PolicyZone, UnreadableContentOnInternetZoneIsFlagged) {
  const Policy policy = MustParse(std::string(kZones));
  report::FileResult locked;
  locked.path = "/srv/share/locked.xlsx";
  locked.mode = S_IFREG | 0600;
  locked.content_readable = false;
  locked.protection = Protection::kEncrypted;
  const Assessment a = policy.Assess(locked, "/srv/share", kNow);
  const Violation* v = Find(a, RuleKind::kForbiddenZone);
  ASSERT_NE(v, nullptr);
  EXPECT_NE(En(*v).find("cannot be ruled out"), std::string::npos);
  EXPECT_GT(a.risk, 0);
  locked.path = "/srv/core/locked.xlsx";
  EXPECT_TRUE(policy.Assess(locked, "/srv/core", kNow).violations.empty());
  EXPECT_EQ(policy.Assess(locked, "/srv/core", kNow).risk, 0);
}

TEST(PolicyZone, FlagUnreadableCanBeTurnedOff) {
  const Policy policy = MustParse(
      "version: 1\nzones:\n  - id: z\n    internet_connected: true\n"
      "    flag_unreadable: false\n    paths: [/srv/**]\n");
  report::FileResult locked;
  locked.path = "/srv/locked.zip";
  locked.content_readable = false;
  EXPECT_TRUE(policy.Assess(locked, "", kNow).violations.empty());
}

TEST(PolicyZone, MemberIsJudgedWhereItsContainerSits) {
  const Policy policy = MustParse(std::string(kZones));
  report::FileResult member = PersonalFile("/srv/share/a.zip!/inner.csv");
  member.container = {"/srv/share/a.zip"};
  EXPECT_EQ(policy.Assess(member, "/srv/share", kNow).zone, "internet-share");
}

TEST(PolicyGlob, RelativePatternsAreBelowTheShare) {
  const Policy policy = MustParse(
      "version: 1\nzones:\n  - id: z\n    internet_connected: true\n"
      "    paths: ['共有/*.csv']\n");
  EXPECT_EQ(policy.Assess(PersonalFile("/mnt/a/共有/x.csv"), "/mnt/a", kNow).zone, "z");
  EXPECT_EQ(policy.Assess(PersonalFile("/mnt/a/共有/sub/x.csv"), "/mnt/a", kNow).zone, "")
      << "'*' does not cross '/'";
  EXPECT_EQ(policy.Assess(PersonalFile("/mnt/a/b/共有/x.csv"), "/mnt/a", kNow).zone, "")
      << "anchored at the share";
  EXPECT_EQ(policy.Assess(PersonalFile("/mnt/a/共有/x.csv"), "/mnt", kNow).zone, "");
}

TEST(PolicyGlob, SemanticsOfStarsClassesAndBaseNames) {
  struct Case {
    const char* glob;
    const char* path;
    bool match;
  };
  const Case cases[] = {
      {"/srv/**", "/srv/a/b/c.csv", true},
      {"/srv/**", "/srv", false},  // "**" is zero or more segments: /srv itself is no file under it
      {"/srv/**/x.csv", "/srv/x.csv", true},
      {"/srv/**/x.csv", "/srv/a/b/x.csv", true},
      {"/srv/*/x.csv", "/srv/a/b/x.csv", false},
      {"/srv/?.csv", "/srv/名.csv", true},  // '?' is one character, not one byte
      {"/srv/?.csv", "/srv/ab.csv", false},
      {"/srv/[a-c]*.csv", "/srv/b1.csv", true},
      {"/srv/[!a-c]*.csv", "/srv/b1.csv", false},
      {"/srv/\\*.csv", "/srv/*.csv", true},
      {"/srv/\\*.csv", "/srv/a.csv", false},
      {"*送付*", "/srv/x/年金送付リスト.xlsx", true},  // no '/': base name at any depth
      {"*送付*", "/srv/送付/list.xlsx", false},
      {"送付用/", "/srv/送付用/a/b.csv", true},  // trailing '/': everything below
      {"/SRV/**", "/srv/a.csv", false},          // case-sensitive
      {"/srv//a/./b.csv", "/srv/a/b.csv", true},
  };
  for (const Case& c : cases) {
    const Policy policy = MustParse(
        std::string("version: 1\nzones:\n  - id: z\n    internet_connected: false\n    paths: ['") +
        c.glob + "']\n");
    EXPECT_EQ(policy.Assess(PersonalFile(c.path), "/srv", kNow).zone == "z", c.match)
        << c.glob << " vs " << c.path;
  }
}

TEST(PolicyGlob, RelativeScanPathsResolveAgainstTheWorkingDirectory) {
  const Policy policy = MustParse(
      "version: 1\nzones:\n  - id: z\n    internet_connected: false\n"
      "    paths: ['/**/mamori-rel/**']\n");
  EXPECT_EQ(policy.Assess(PersonalFile("mamori-rel/a.csv"), "mamori-rel", kNow).zone, "z");
}

// --- retention -----------------------------------------------------------------------------

constexpr char kRetention[] = R"(version: 1
retention:
  - id: mailing-90d
    paths: ['**/送付用/**']
    max_age_days: 90
  - id: mynumber-30d
    items: [my_number]
    max_age_days: 30
)";

TEST(PolicyRetention, OlderThanAllowedIsViolation) {
  const Policy policy = MustParse(kRetention);
  report::FileResult file = PersonalFile("/srv/share/送付用/list.xlsx");
  file.mtime = kNow - 412 * kDay - 5;
  const Assessment a = policy.Assess(file, "/srv/share", kNow);
  const Violation* v = Find(a, RuleKind::kRetention);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->rule, "mailing-90d");
  EXPECT_EQ(En(*v).rfind("last modified 2022-09-28, 412 days ago; rule allows 90", 0), 0u)
      << En(*v);
}

TEST(PolicyRetention, YoungEnoughOrOutOfScopeIsFine) {
  const Policy policy = MustParse(kRetention);
  report::FileResult file = PersonalFile("/srv/share/送付用/list.xlsx");
  file.mtime = kNow - 90 * kDay;
  EXPECT_FALSE(Has(policy.Assess(file, "/srv/share", kNow), RuleKind::kRetention));
  file.mtime = kNow + 1000;  // clock skew: a future mtime is age 0
  EXPECT_FALSE(Has(policy.Assess(file, "/srv/share", kNow), RuleKind::kRetention));
  file = PersonalFile("/srv/share/台帳/list.xlsx");
  file.mtime = kNow - 400 * kDay;
  EXPECT_FALSE(Has(policy.Assess(file, "/srv/share", kNow), RuleKind::kRetention));
}

TEST(PolicyRetention, ItemsSelectWhichFilesTheRuleJudges) {
  const Policy policy = MustParse(kRetention);
  report::FileResult file = PersonalFile("/srv/share/台帳/list.xlsx");
  file.mtime = kNow - 31 * kDay;
  EXPECT_FALSE(Has(policy.Assess(file, "/srv/share", kNow), RuleKind::kRetention));
  file.tally.items[static_cast<size_t>(Item::kMyNumber)] = 3;
  const Assessment assessed = policy.Assess(file, "/srv/share", kNow);
  const Violation* v = Find(assessed, RuleKind::kRetention);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->rule, "mynumber-30d");
}

TEST(PolicyRetention, NoPersonalDataNoViolation) {
  const Policy policy = MustParse(kRetention);
  report::FileResult file;
  file.path = "/srv/share/送付用/memo.txt";
  file.mtime = kNow - 1000 * kDay;
  EXPECT_TRUE(policy.Assess(file, "/srv/share", kNow).violations.empty());
}

// --- protection ----------------------------------------------------------------------------

constexpr char kProtection[] = R"(version: 1
zones:
  - id: internet-share
    internet_connected: true
    paths: [/srv/share/**]
protection:
  - id: share-password
    zones: [internet-share]
    require: password
    formats: [xlsx, xls, csv]
  - id: mynumber-encrypted
    items: [my_number]
    require: encryption
)";

TEST(PolicyProtection, UnprotectedFileInScopeIsViolation) {
  const Policy policy = MustParse(kProtection);
  const Assessment a = policy.Assess(PersonalFile("/srv/share/a.xlsx"), "/srv/share", kNow);
  const Violation* v = Find(a, RuleKind::kProtection);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->rule, "share-password");
  EXPECT_EQ(En(*v).rfind("protection: none (xlsx); rule requires a password or encryption", 0), 0u)
      << En(*v);
}

TEST(PolicyProtection, PasswordSatisfiesPasswordRuleButNotEncryption) {
  const Policy policy = MustParse(kProtection);
  report::FileResult file = PersonalFile("/srv/share/a.xlsx");
  file.protection = Protection::kPassword;
  EXPECT_FALSE(Has(policy.Assess(file, "/srv/share", kNow), RuleKind::kProtection));
  file.tally.items[static_cast<size_t>(Item::kMyNumber)] = 1;
  const Assessment assessed = policy.Assess(file, "/srv/share", kNow);
  const Violation* v = Find(assessed, RuleKind::kProtection);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->rule, "mynumber-encrypted");
  file.protection = Protection::kEncrypted;
  EXPECT_FALSE(Has(policy.Assess(file, "/srv/share", kNow), RuleKind::kProtection));
}

TEST(PolicyProtection, OtherFormatsAndZonesAreOutOfScope) {
  const Policy policy = MustParse(kProtection);
  report::FileResult pdf = PersonalFile("/srv/share/a.pdf");
  pdf.format = "pdf";
  EXPECT_FALSE(Has(policy.Assess(pdf, "/srv/share", kNow), RuleKind::kProtection));
  EXPECT_FALSE(Has(policy.Assess(PersonalFile("/srv/core/a.xlsx"), "/srv/core", kNow),
                   RuleKind::kProtection));
}

// --- access --------------------------------------------------------------------------------

TEST(PolicyAccess, DefaultFlagsWorldReadablePersonalDataOnly) {
  const Policy policy = Policy::Default();
  report::FileResult file = PersonalFile("/home/a/list.csv");
  file.mode = S_IFREG | 0644;
  const Assessment a = policy.Assess(file, "/home/a", kNow);
  ASSERT_EQ(a.violations.size(), 1u);
  EXPECT_EQ(a.violations[0].rule, "world-readable");
  EXPECT_EQ(a.violations[0].kind, RuleKind::kAccess);
  EXPECT_EQ(En(a.violations[0]), "mode 0644: readable by others (everyone)");
  file.mode = S_IFREG | 0640;
  EXPECT_TRUE(policy.Assess(file, "/home/a", kNow).violations.empty());
  report::FileResult clean;
  clean.path = "/home/a/notes.txt";
  clean.mode = S_IFREG | 0666;
  EXPECT_TRUE(policy.Assess(clean, "/home/a", kNow).violations.empty());
}

TEST(PolicyAccess, UnknownModeSaysNothing) {
  report::FileResult file = PersonalFile("/x.csv");
  file.mode = 0;  // no stat: carried without one, or a member with nothing known
  const Assessment a = Policy::Default().Assess(file, "", kNow);
  EXPECT_TRUE(a.violations.empty());
  EXPECT_EQ(a.owner, "");
}

TEST(PolicyAccess, AclEntryForBroadGroupIsViolation) {
  const Policy policy =
      MustParse("version: 1\naccess:\n  - id: no-broad\n    broad_groups: ['0', staff-all]\n");
  report::FileResult file = PersonalFile("/srv/a.csv");
  file.mode = S_IFREG | 0640;  // group bits are the mask r
  file.gid = 4000001;
  file.acl = "u::rw-,g::---,g:0:r--,m::r--,o::---";
  const Assessment a = policy.Assess(file, "/srv", kNow);
  const Violation* v = Find(a, RuleKind::kAccess);
  ASSERT_NE(v, nullptr);
  EXPECT_NE(En(*v).find("group:root (gid 0) can read (ACL group:0:r--): a broad group"),
            std::string::npos)
      << En(*v);
}

TEST(PolicyAccess, AclMaskTakesReadAway) {
  const Policy policy =
      MustParse("version: 1\naccess:\n  - id: no-broad\n    broad_groups: ['0']\n");
  report::FileResult file = PersonalFile("/srv/a.csv");
  file.mode = S_IFREG | 0600;
  file.gid = 4000001;
  file.acl = "u::rw-,g::---,g:0:r--,m::---,o::---";
  EXPECT_FALSE(Has(policy.Assess(file, "/srv", kNow), RuleKind::kAccess));
}

TEST(PolicyAccess, OwningGroupByModeBitsCountsAsAGrant) {
  const Policy policy =
      MustParse("version: 1\naccess:\n  - id: no-broad\n    broad_groups: [root]\n");
  report::FileResult file = PersonalFile("/srv/a.csv");
  file.mode = S_IFREG | 0640;
  file.gid = 0;
  const Assessment assessed = policy.Assess(file, "/srv", kNow);
  const Violation* v = Find(assessed, RuleKind::kAccess);
  ASSERT_NE(v, nullptr);
  EXPECT_NE(En(*v).find("group:root (gid 0) (owning group) can read (mode 0640)"),
            std::string::npos)
      << En(*v);
}

TEST(PolicyAccess, AllowedReadersRestrictNamedEntries) {
  const Policy policy = MustParse(
      "version: 1\naccess:\n  - id: readers\n    allowed_readers: [user:4000002, group:0]\n");
  report::FileResult file = PersonalFile("/srv/a.csv");
  file.mode = S_IFREG | 0640;
  file.gid = 0;
  file.acl = "u::rw-,u:4000002:r--,g::r--,m::r--,o::---";
  EXPECT_FALSE(Has(policy.Assess(file, "/srv", kNow), RuleKind::kAccess));
  file.acl = "u::rw-,u:4000002:r--,u:4000003:r--,g::r--,m::r--,o::---";
  const Assessment assessed = policy.Assess(file, "/srv", kNow);
  const Violation* v = Find(assessed, RuleKind::kAccess);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(En(*v), "user:4000003 can read (ACL user:4000003:r--): not an allowed reader");
}

TEST(PolicyAccess, ForbidOthersCanBeTurnedOff) {
  const Policy policy =
      MustParse("version: 1\naccess:\n  - id: lenient\n    forbid_others: false\n");
  report::FileResult file = PersonalFile("/srv/a.csv");
  file.mode = S_IFREG | 0644;
  EXPECT_TRUE(policy.Assess(file, "/srv", kNow).violations.empty());
}

// --- owner ---------------------------------------------------------------------------------

TEST(PolicyOwner, NameOfTheUidElseTheNumber) {
  report::FileResult file = PersonalFile("/srv/a.csv");
  file.uid = 0;
  EXPECT_EQ(Policy::Default().Assess(file, "", kNow).owner, "root");
  file.uid = 4000004;  // no such user
  EXPECT_EQ(Policy::Default().Assess(file, "", kNow).owner, "uid 4000004");
}

// --- risk ----------------------------------------------------------------------------------

double Risk(const Policy& policy, const report::FileResult& file) {
  return policy.Assess(file, "/srv", kNow).risk;
}

TEST(PolicyRisk, WorkedExampleOfTheDocumentation) {
  // doc/policy.md: 1,000 people, pension number + name + birth date + address (category 4),
  // internet zone, no protection, mode 0644, last modified two years ago.
  const Policy policy = MustParse(std::string(kZones));
  report::FileResult file = PersonalFile("/srv/share/list.xlsx", 1000);
  file.tally.items[static_cast<size_t>(Item::kBirthDate)] = 1000;
  file.tally.items[static_cast<size_t>(Item::kAddress)] = 1000;
  file.tally.category2 = 0;
  file.tally.category4 = 1000;
  file.mode = S_IFREG | 0644;
  file.mtime = kNow - 730 * kDay;
  // (1 + 3) × (4 + 1 + 1.5 + 1 + 2) × 3 × 1 × 1.5 × (1 + 0.25 × 2) = 4 × 9.5 × 3 × 1.5 × 1.5
  EXPECT_DOUBLE_EQ(Risk(policy, file), 256.5);
}

TEST(PolicyRisk, MorePeopleNeverLowersRisk) {
  const Policy policy = Policy::Default();
  double previous = 0;
  for (uint64_t people : {1ull, 2ull, 9ull, 10ull, 11ull, 1000ull, 1'000'000ull}) {
    const double risk = Risk(policy, PersonalFile("/srv/a.csv", people));
    EXPECT_GE(risk, previous) << people;
    previous = risk;
  }
  EXPECT_GT(Risk(policy, PersonalFile("/srv/a.csv", 1000)),
            Risk(policy, PersonalFile("/srv/a.csv", 10)));
}

TEST(PolicyRisk, InternetZoneRaisesIt) {
  const Policy policy = MustParse(std::string(kZones));
  EXPECT_GT(Risk(policy, PersonalFile("/srv/share/a.csv")),
            Risk(policy, PersonalFile("/srv/core/a.csv")));
  EXPECT_GT(Risk(policy, PersonalFile("/srv/share/a.csv")),
            Risk(policy, PersonalFile("/srv/other/a.csv")));
}

TEST(PolicyRisk, ProtectionLowersIt) {
  const Policy policy = Policy::Default();
  report::FileResult file = PersonalFile("/srv/a.csv");
  const double none = Risk(policy, file);
  file.protection = Protection::kPassword;
  const double password = Risk(policy, file);
  file.protection = Protection::kEncrypted;
  const double encrypted = Risk(policy, file);
  EXPECT_LT(password, none);
  EXPECT_LT(encrypted, password);
}

TEST(PolicyRisk, ReadabilityAgeAndSensitivityRaiseIt) {
  const Policy policy = Policy::Default();
  report::FileResult file = PersonalFile("/srv/a.csv");
  const double base = Risk(policy, file);
  file.mode = S_IFREG | 0644;
  EXPECT_GT(Risk(policy, file), base);
  file = PersonalFile("/srv/a.csv");
  file.mtime = kNow - 800 * kDay;
  EXPECT_GT(Risk(policy, file), base);
  file = PersonalFile("/srv/a.csv");
  file.tally.items[static_cast<size_t>(Item::kMyNumber)] = 1;
  EXPECT_GT(Risk(policy, file), base);
  // Name + phone weigh less than pension number + name.
  file = PersonalFile("/srv/a.csv");
  file.tally.items[static_cast<size_t>(Item::kPensionNumber)] = 0;
  file.tally.items[static_cast<size_t>(Item::kPhone)] = 100;
  file.tally.category2 = 0;
  EXPECT_LT(Risk(policy, file), base);
}

TEST(PolicyRisk, WeightsCanBeOverridden) {
  const Policy policy = MustParse("version: 1\nrisk:\n  zone: {none: 2}\n");
  EXPECT_NEAR(Risk(policy, PersonalFile("/srv/a.csv")),
              2 * Risk(Policy::Default(), PersonalFile("/srv/a.csv")), 0.02);
}

TEST(PolicyRisk, NoPersonalDataIsZero) {
  report::FileResult clean;
  clean.path = "/srv/a.txt";
  clean.mode = S_IFREG | 0666;
  clean.mtime = kNow - 5000 * kDay;
  EXPECT_EQ(Policy::Default().Assess(clean, "/srv", kNow).risk, 0);
}

TEST(PolicyKind, Names) {
  EXPECT_EQ(RuleKindName(RuleKind::kForbiddenZone), "zone");
  EXPECT_EQ(RuleKindName(RuleKind::kRetention), "retention");
  EXPECT_EQ(RuleKindName(RuleKind::kProtection), "protection");
  EXPECT_EQ(RuleKindName(RuleKind::kAccess), "access");
}

}  // namespace
}  // namespace mamori::policy
