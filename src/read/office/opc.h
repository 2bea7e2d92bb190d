// Open Packaging Conventions (ECMA-376 part 2), the little of it the OOXML readers need:
// relationship parts ("_rels/*.rels") and part names resolved from them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "read/zip/zip_archive.h"

namespace mamori::read::office {

struct Relationship {
  std::string id;
  std::string type;    // a URI; compare with TypeIs()
  std::string target;  // resolved to a part name without leading '/'
};

// True when the relationship type URI ends in "/" + `kind` ("officeDocument",
// "worksheet", "sharedStrings", "styles", "slide"): transitional and strict URIs differ
// only before that.
bool TypeIs(const Relationship& relationship, std::string_view kind);

// "xl/_rels/workbook.xml.rels" for "xl/workbook.xml"; "_rels/.rels" for "".
std::string RelationshipsPartOf(std::string_view part);

// Resolves `target` (relative to the folder of `source_part`, or absolute with a leading
// '/') to a part name, folding "." and "..". Percent-encoding is left as is.
std::string ResolveTarget(std::string_view source_part, std::string_view target);

// Reads the relationships of `source_part` ("" for the package). A missing relationships
// part gives an empty list; external targets (TargetMode="External") are left out.
// At most 100000 relationships are kept.
Result<std::vector<Relationship>> ReadRelationships(zip::ZipArchive& zip,
                                                    std::string_view source_part);

}  // namespace mamori::read::office
