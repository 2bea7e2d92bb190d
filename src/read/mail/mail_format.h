// Saved mails (.eml, RFC 5322 + MIME) read through GMime: decoded headers (RFC 2047, e.g.
// ISO-2022-JP "B" words), text bodies (base64 and quoted-printable, any charset) counted
// as the mail's own text, and attachments and forwarded messages handed back to the
// scanner as members "mail.eml!/attachment.lzh".
#pragma once

#include "read/reader.h"

namespace mamori::read {

const Format& MailFormat();

// A head that starts with RFC 5322 header fields, at least two of them well-known ones.
bool SniffMail(ByteView head, std::string_view path);

}  // namespace mamori::read
