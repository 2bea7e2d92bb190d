#include "read/office/opc.h"

#include "read/office/xml_stream.h"

namespace mamori::read::office {
namespace {

constexpr size_t kMaxRelationships = 100000;

class RelationshipHandler final : public XmlHandler {
 public:
  RelationshipHandler(std::string_view source_part, std::vector<Relationship>& out)
      : source_part_(source_part), out_(out) {}

  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name != "Relationship" || out_.size() >= kMaxRelationships) return true;
    if (attributes.Get("TargetMode").value_or("") == "External") return true;
    Relationship relationship;
    relationship.id = attributes.Get("Id").value_or("");
    relationship.type = attributes.Get("Type").value_or("");
    relationship.target = ResolveTarget(source_part_, attributes.Get("Target").value_or(""));
    out_.push_back(std::move(relationship));
    return true;
  }
  bool OnEnd(std::string_view) override { return true; }
  bool OnText(std::string_view) override { return true; }

 private:
  std::string_view source_part_;
  std::vector<Relationship>& out_;
};

}  // namespace

bool TypeIs(const Relationship& relationship, std::string_view kind) {
  const std::string_view type = relationship.type;
  return type.size() > kind.size() && type.substr(type.size() - kind.size()) == kind &&
         type[type.size() - kind.size() - 1] == '/';
}

std::string RelationshipsPartOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

std::string ResolveTarget(std::string_view source_part, std::string_view target) {
  std::string joined;
  if (!target.empty() && target.front() == '/') {
    joined = target.substr(1);
  } else {
    const size_t slash = source_part.rfind('/');
    if (slash != std::string_view::npos) joined = source_part.substr(0, slash + 1);
    joined += target;
  }
  std::vector<std::string_view> segments;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string resolved;
  for (const std::string_view segment : segments) {
    if (!resolved.empty()) resolved.push_back('/');
    resolved.append(segment);
  }
  return resolved;
}

Result<std::vector<Relationship>> ReadRelationships(zip::ZipArchive& zip,
                                                    std::string_view source_part) {
  std::vector<Relationship> relationships;
  const zip::Entry* entry = zip.Find(RelationshipsPartOf(source_part));
  if (entry == nullptr) return relationships;
  RelationshipHandler handler(source_part, relationships);
  if (Status parsed = ParseMember(zip, *entry, handler); !parsed) {
    return tl::unexpected(parsed.error());
  }
  return relationships;
}

}  // namespace mamori::read::office
