// Word (.docx, .docm) and PowerPoint (.pptx, .pptm) documents in Office Open XML. The
// paragraphs of the body form text Parts (one Record per non-empty paragraph, its index the
// paragraph's number); each top-level table (w:tbl, a:tbl) is a tabular Part ("table N", or
// "slide S table N") whose rows are Records and whose first row is the header when
// office::FindHeaderRow says so. Word: word/document.xml, text of w:t and w:delText (tracked
// deletions are still in the file), tabs and breaks as whitespace, the VML fallback copy of
// text boxes skipped. PowerPoint: slides in presentation order, one text Part per slide
// named "slide S". See doc/formats/docx.md.
//
//   registry.Register(read::DocxFormat());
//   registry.Register(read::PptxFormat());
#pragma once

#include "read/reader.h"

namespace mamori::read {

// name "docx"; sniff: a ZIP whose first local headers name a member under "word/" (or a
// "[Content_Types].xml" package named *.docx / *.docm).
const Format& DocxFormat();

// name "pptx"; sniff: as DocxFormat with "ppt/" (*.pptx / *.pptm).
const Format& PptxFormat();

}  // namespace mamori::read
