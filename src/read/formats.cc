// The one list of built-in formats (ClickHouse's FormatFactory style: explicit calls, no
// static registration). Order matters: Registry::Find() takes the first format whose
// sniff accepts a file, so formats recognised by magic bytes come first; OOXML and ODF
// documents come before the archive format, which would otherwise claim every ZIP; mail
// comes before text, which accepts anything that is not binary and comes last.
#include "read/access/access_format.h"
#include "read/archive/archive_format.h"
#include "read/docx/docx_format.h"
#include "read/lzh/lzh_format.h"
#include "read/mail/mail_format.h"
#include "read/odf/odf_format.h"
#include "read/ole/ole_format.h"
#include "read/pdf/pdf_format.h"
#include "read/reader.h"
#include "read/text/text_format.h"
#include "read/xlsx/xlsx_format.h"

namespace mamori::read {

void RegisterBuiltinFormats(Registry& registry) {
  registry.Register(XlsxFormat());
  registry.Register(DocxFormat());
  registry.Register(PptxFormat());
  registry.Register(OdsFormat());
  registry.Register(OdtFormat());
  registry.Register(Ole2Format());  // xls, doc, encrypted OOXML
  registry.Register(PdfFormat());
  registry.Register(AccessFormat());
  registry.Register(LzhFormat());  // liblhasa: libarchive 3.6 fails on level-2 CP932 headers
  registry.Register(ArchiveFormat());
  registry.Register(MailFormat());
  registry.Register(TextFormat());  // last: the fallback for everything that is not binary
}

}  // namespace mamori::read
