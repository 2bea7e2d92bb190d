#include <iconv.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

// libmdb's header pulls in glib; neither is written for our warning set.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <mdbtools.h>
#pragma GCC diagnostic pop

#include "base/utf8.h"
#include "read/access/access_format.h"
#include "read/decode/decoder.h"
#include "read/internal/isolated.h"
#include "read/internal/spool.h"

// libmdb hex-dumps pages to stdout when a row, property blob or table definition does not
// parse (mdb_crack_row, mdb_kkd_to_props, mdb_read_table). Those pages hold the database's
// rows: a scanner must not print them, and stdout carries mamori's report. libmdb calls the
// function through its PLT, so this definition in the executable replaces libmdb's own.
extern "C" void mdb_buffer_dump(const void* /*buf*/, off_t /*start*/, size_t /*len*/) {}

namespace mamori::read {
namespace {

constexpr uint32_t kJet3PageBytes = 2048;
constexpr uint32_t kJet4PageBytes = 4096;
// The header fields mamori reads all lie in the RC4-masked range that starts here.
constexpr size_t kMaskStart = 0x18;
constexpr size_t kPasswordOffset = 0x42;
constexpr size_t kCreationDateOffset = 0x72;  // Jet 4 and ACE: an OLE date (double)
// The newest version libmdb 1.0 opens (Access 2016 and later files say 5).
constexpr uint8_t kNewestJetVersion = 5;
// Bytes of one bound value; a longer memo is cut by libmdb (noted as a warning). libmdb
// writes up to this many bytes into each column's buffer.
constexpr size_t kBindBytes = 64 * 1024;
// How many rows pass between two time-limit checks.
constexpr uint64_t kRowsPerCheck = 1024;

uint16_t Le16(ByteView bytes, size_t offset) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[offset]) |
                               static_cast<uint8_t>(bytes[offset + 1]) << 8);
}

uint32_t Le32(ByteView bytes, size_t offset) {
  return static_cast<uint32_t>(Le16(bytes, offset)) | static_cast<uint32_t>(Le16(bytes, offset + 2))
                                                          << 16;
}

// Page 0 from byte 0x18 on is XORed with the RC4 stream of a fixed key (0x6B39DAC7, little
// endian); every Jet and ACE file shares it, so it hides nothing but must be undone.
void UnmaskHeader(std::span<uint8_t> bytes) {
  static constexpr std::array<uint8_t, 4> kKey = {0xC7, 0xDA, 0x39, 0x6B};
  std::array<uint8_t, 256> state{};
  for (size_t i = 0; i < state.size(); ++i) state[i] = static_cast<uint8_t>(i);
  uint8_t j = 0;
  for (size_t i = 0; i < state.size(); ++i) {
    j = static_cast<uint8_t>(j + state[i] + kKey[i % kKey.size()]);
    std::swap(state[i], state[j]);
  }
  uint8_t x = 0;
  uint8_t y = 0;
  for (uint8_t& byte : bytes) {
    x = static_cast<uint8_t>(x + 1);
    y = static_cast<uint8_t>(y + state[x]);
    std::swap(state[x], state[y]);
    byte ^= state[static_cast<uint8_t>(state[x] + state[y])];
  }
}

// Jet 4 and ACE XOR the stored password with the integer part of the creation date, so
// that an empty password is not all zeros on disk (Jackcess documents the same rule).
std::array<uint8_t, 4> PasswordMask(ByteView header) {
  double date = 0;
  std::memcpy(&date, header.data() + kCreationDateOffset, sizeof(date));
  int32_t whole = 0;
  if (std::isfinite(date)) {
    whole = date >= 2147483647.0    ? INT32_MAX
            : date <= -2147483648.0 ? INT32_MIN
                                    : static_cast<int32_t>(date);
  }
  const auto bits = static_cast<uint32_t>(whole);
  return {static_cast<uint8_t>(bits), static_cast<uint8_t>(bits >> 8),
          static_cast<uint8_t>(bits >> 16), static_cast<uint8_t>(bits >> 24)};
}

// iconv's name for the code page Jet 3 text is in.
std::string Jet3Charset(const AccessHeader& header) {
  if (header.code_page == 932 || header.language == 0x0411) return "CP932";
  if (header.code_page != 0) return "CP" + std::to_string(header.code_page);
  return "CP1252";
}

std::string_view Jet3EncodingName(const std::string& charset) {
  if (charset == "CP932") return "shift_jis";
  if (charset == "CP1252") return "cp1252";
  return {};
}

struct HandleCloser {
  void operator()(MdbHandle* handle) const { mdb_close(handle); }
};
using HandlePtr = std::unique_ptr<MdbHandle, HandleCloser>;

struct TableFreer {
  void operator()(MdbTableDef* table) const { mdb_free_tabledef(table); }
};
using TablePtr = std::unique_ptr<MdbTableDef, TableFreer>;

// Columns whose bound value is not text a person wrote: OLE and binary give a few raw
// header bytes, attachments (complex) a record number, yes/no a 0 or 1.
bool IsTextual(int type) {
  return type != MDB_OLE && type != MDB_BINARY && type != MDB_COMPLEX && type != MDB_BOOL;
}

// Access marks its own tables (MSys*, and the f_<GUID>_Data tables behind attachment
// columns) with these catalog flags; hidden user tables (0x8) are still read.
constexpr int kSystemObjectFlags = static_cast<int>(0x80000002u);

bool IsUserTable(const MdbCatalogEntry& entry) {
  return entry.object_type == MDB_TABLE && (entry.flags & kSystemObjectFlags) == 0 &&
         std::strncmp(entry.object_name, "MSys", 4) != 0;
}

// Copies a NUL-terminated name of at most `capacity` bytes into valid UTF-8.
std::string SafeName(const char* name, size_t capacity) {
  const std::string_view raw(name, strnlen(name, capacity));
  std::string out;
  for (size_t pos = 0; pos < raw.size();) AppendUtf8(NextCodePoint(raw, pos), out);
  return out;
}

// iconv_open()'s failure value.
iconv_t NoConverter() { return reinterpret_cast<iconv_t>(static_cast<intptr_t>(-1)); }

class AccessReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    // Nothing below throws on purpose; std::bad_alloc from our own containers may.
    try {
      return ReadDatabase(input, context, sink);
    } catch (const std::bad_alloc&) {
      return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading database");
    } catch (...) {
      return MakeError(ErrorCode::kCorrupt, "Access reader failed");
    }
  }

 private:
  // libmdb is not hardened against hostile files: it runs in a child process (see
  // read/internal/isolated.h), on bytes spooled here, so a loop or crash inside it costs
  // one file, not the scan.
  Status ReadDatabase(Input& input, ReadContext& context, RecordSink& sink) {
    std::string bytes;
    if (Status spooled =
            internal::SpoolInput(input, context.limits().max_spool_bytes, "database", bytes);
        !spooled) {
      return spooled;
    }
    internal::IsolationLimits isolation;
    isolation.max_memory_bytes = std::max<uint64_t>(2ULL << 30, 8 * bytes.size());
    const double seconds = context.limits().max_seconds_per_file;
    isolation.max_seconds = seconds > 0 ? static_cast<unsigned>(seconds) + 1 : 3600;
    return internal::RunIsolated(
        isolation, context, sink,
        [](std::string& spooled, ReadContext& child_context, RecordSink& child_sink) {
          return AccessReader().ReadBytes(spooled, child_context, child_sink);
        },
        bytes);
  }

  Status ReadBytes(std::string& bytes, ReadContext& context, RecordSink& sink) {
    Result<AccessHeader> header = ParseAccessHeader(bytes);
    if (!header) return tl::unexpected(header.error());
    const bool ace = header->jet_version >= 2;

    ReadInfo info;
    info.format = ace ? "accdb" : "mdb";
    const std::string jet3_charset = header->jet_version == 0 ? Jet3Charset(*header) : "";
    info.encoding =
        header->jet_version == 0 ? std::string(Jet3EncodingName(jet3_charset)) : "utf-16le";
    if (info.encoding.empty()) info.encoding = "cp" + std::to_string(header->code_page);
    if (ace && header->encoded) {
      info.protection = Protection::kEncrypted;
      sink.OnInfo(info);
      return MakeError(ErrorCode::kEncrypted,
                       "ACCDB is encrypted with a password; content unknown");
    }
    if (header->has_password) info.protection = Protection::kPassword;
    sink.OnInfo(info);

    // libmdb trusts the page structure; pages past the end of the file read as zeros, so a
    // cut file would silently lose rows. Access writes whole pages: anything else is a cut.
    if (bytes.size() % header->page_size != 0) {
      return MakeError(ErrorCode::kCorrupt, "database is not a whole number of pages (truncated?)");
    }
    if (header->jet_version > kNewestJetVersion) {
      return MakeError(ErrorCode::kUnsupported, "Access version " +
                                                    std::to_string(header->jet_version) +
                                                    " is newer than mdbtools reads");
    }

    HandlePtr mdb(mdb_open_buffer(bytes.data(), bytes.size(), MDB_NOFLAGS));
    if (!mdb) return MakeError(ErrorCode::kCorrupt, "mdbtools cannot open the database");
    if (Status charset = SetCharset(*mdb, header->jet_version, jet3_charset); !charset) {
      return charset;
    }
    mdb_set_date_fmt(mdb.get(), "%Y-%m-%d");
    mdb_set_shortdate_fmt(mdb.get(), "%Y-%m-%d");
    mdb_set_bind_size(mdb.get(), kBindBytes);

    GPtrArray* catalog = mdb_read_catalog(mdb.get(), MDB_TABLE);
    if (catalog == nullptr) return MakeError(ErrorCode::kCorrupt, "cannot read the table catalog");
    // Table definitions are read one at a time; the catalog entries stay owned by `mdb`.
    std::vector<MdbCatalogEntry*> tables;
    const uint64_t pages = bytes.size() / header->page_size;
    for (guint i = 0; i < catalog->len; ++i) {
      auto* entry = static_cast<MdbCatalogEntry*>(g_ptr_array_index(catalog, i));
      if (entry == nullptr) continue;
      // A catalog entry pointing past the end is the surest sign of a cut file, and libmdb
      // would read zeros there.
      if (entry->object_type == MDB_TABLE && entry->table_pg >= pages) {
        return MakeError(ErrorCode::kCorrupt,
                         "a table definition lies past the end of the file "
                         "(truncated?)");
      }
      if (IsUserTable(*entry)) tables.push_back(entry);
    }
    std::optional<Error> damage;
    for (MdbCatalogEntry* entry : tables) {
      if (context.TimedOut()) {
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      Result<bool> more = ReadTable(*entry, context, sink);
      if (!more) {
        if (EndsContainer(more.error())) return tl::unexpected(more.error());
        // One damaged table does not hide the others; the file still ends as damaged.
        if (!damage) damage = more.error();
        continue;
      }
      if (!*more) return Ok();
    }
    if (damage) return tl::unexpected(*damage);
    return Ok();
  }

  // Replaces the converters libmdb chose from the environment (MDB_JET3_CHARSET, MDBICONV),
  // which would make the output depend on how mamori was started, with UTF-8 from the
  // database's own encoding. Setting the variables instead would race other threads.
  static Status SetCharset(MdbHandle& mdb, uint8_t jet_version, const std::string& jet3_charset) {
    iconv_t converter = iconv_open("UTF-8", jet_version == 0 ? jet3_charset.c_str() : "UCS-2LE");
    if (converter == NoConverter() && jet_version == 0) {
      converter = iconv_open("UTF-8", "CP1252");
    }
    if (converter == NoConverter()) {
      return MakeError(ErrorCode::kUnsupported, "no text converter for the database's code page");
    }
    if (mdb.iconv_in != NoConverter()) iconv_close(mdb.iconv_in);
    mdb.iconv_in = converter;
    return Ok();
  }

  // Emits one table. Returns false when the sink asked to stop.
  Result<bool> ReadTable(MdbCatalogEntry& entry, ReadContext& context, RecordSink& sink) {
    const std::string name = SafeName(entry.object_name, sizeof(entry.object_name));
    TablePtr table(mdb_read_table(&entry));
    if (!table) return MakeError(ErrorCode::kCorrupt, "table \"" + name + "\" cannot be read");
    if (mdb_read_columns(table.get()) == nullptr || table->columns == nullptr) {
      return MakeError(ErrorCode::kCorrupt, "columns of table \"" + name + "\" cannot be read");
    }
    const guint columns = table->columns->len;
    headers_.assign(columns, std::string());
    values_.resize(columns);
    lengths_.assign(columns, 0);
    std::vector<bool> bound(columns, false);
    for (guint i = 0; i < columns; ++i) {
      auto* column = static_cast<MdbColumn*>(g_ptr_array_index(table->columns, i));
      if (column == nullptr) continue;
      headers_[i] = decode::Normalize(SafeName(column->name, sizeof(column->name)), scratch_);
      if (!IsTextual(column->col_type)) continue;
      values_[i].assign(kBindBytes + 1, '\0');
      if (mdb_bind_column(table.get(), static_cast<int>(i + 1), values_[i].data(), &lengths_[i]) !=
          -1) {
        bound[i] = true;
      }
    }
    if (mdb_rewind_table(table.get()) == -1) {
      return MakeError(ErrorCode::kCorrupt, "table \"" + name + "\" cannot be scanned");
    }

    Part part;
    part.name = name;
    part.headers = headers_;
    part.tabular = true;
    sink.OnPartBegin(part);
    const uint64_t max_record = context.limits().max_record_bytes;
    uint64_t row = 0;
    bool cut_warned = false;
    while (mdb_fetch_row(table.get())) {
      ++row;
      if (row % kRowsPerCheck == 0 && context.TimedOut()) {
        sink.OnPartEnd(part);
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      texts_.clear();
      cells_.clear();
      uint64_t record_bytes = 0;
      for (guint i = 0; i < columns; ++i) {
        if (!bound[i] || lengths_[i] <= 0) continue;
        std::string_view value(values_[i].data(), strnlen(values_[i].data(), kBindBytes));
        if (value.size() + 1 >= kBindBytes || record_bytes + value.size() > max_record) {
          const uint64_t room = max_record > record_bytes ? max_record - record_bytes : 0;
          value = value.substr(
              0, ValidUtf8Prefix(value.substr(0, std::min<uint64_t>(room, value.size()))));
          if (!cut_warned) {
            sink.OnWarning(
                Error{ErrorCode::kLimitExceeded, "table \"" + name + "\": a long value was cut"});
            cut_warned = true;
          }
        }
        if (value.empty()) continue;
        record_bytes += value.size();
        std::string text;
        if (!IsValidUtf8(value)) {
          for (size_t pos = 0; pos < value.size();) AppendUtf8(NextCodePoint(value, pos), text);
          value = text;
        }
        texts_.emplace_back(decode::Normalize(value, scratch_));
        cells_.push_back(Cell{{}, static_cast<uint32_t>(i)});
      }
      if (cells_.empty()) continue;
      // texts_ no longer grows: the views are taken only now.
      for (size_t k = 0; k < cells_.size(); ++k) cells_[k].text = texts_[k];
      if (!sink.OnRecord(part, Record{row, cells_})) {
        sink.OnPartEnd(part);
        return false;
      }
    }
    sink.OnPartEnd(part);
    // The table definition keeps a row count; fewer rows found means pages were lost.
    if (row < table->num_rows) {
      return MakeError(ErrorCode::kCorrupt, "table \"" + name + "\": " + std::to_string(row) +
                                                " of " + std::to_string(table->num_rows) +
                                                " rows readable (damaged or cut?)");
    }
    return true;
  }

  // Per-table scratch, kept between tables and files to reuse its capacity.
  std::vector<std::string> headers_;
  std::vector<std::string> values_;  // libmdb writes each bound column's value here
  std::vector<int> lengths_;
  std::vector<std::string> texts_;
  std::vector<Cell> cells_;
  std::string scratch_;
};

std::unique_ptr<Reader> MakeAccessReader() { return std::make_unique<AccessReader>(); }

}  // namespace

bool SniffAccess(ByteView head, std::string_view) {
  return head.size() >= 19 && head[0] == '\0' &&
         (head.substr(4, 15) == "Standard Jet DB" || head.substr(4, 15) == "Standard ACE DB");
}

Result<AccessHeader> ParseAccessHeader(ByteView head) {
  if (head.size() < kJet3PageBytes || !SniffAccess(head, {})) {
    return MakeError(ErrorCode::kCorrupt, "not an Access database header");
  }
  AccessHeader header;
  header.jet_version = static_cast<uint8_t>(head[0x14]);
  if (header.jet_version > 6) {
    return MakeError(ErrorCode::kCorrupt,
                     "unknown Access version " + std::to_string(header.jet_version));
  }
  const bool jet3 = header.jet_version == 0;
  header.page_size = jet3 ? kJet3PageBytes : kJet4PageBytes;
  std::array<uint8_t, kMaskStart + 128> page{};
  std::memcpy(page.data(), head.data(), page.size());
  UnmaskHeader(std::span<uint8_t>(page).subspan(kMaskStart, jet3 ? 126 : 128));
  const ByteView plain(reinterpret_cast<const char*>(page.data()), page.size());
  header.code_page = Le16(plain, 0x3C);
  header.language = Le16(plain, jet3 ? 0x3A : 0x6E);
  header.encoded = Le32(plain, 0x3E) != 0;
  if (jet3) {
    for (size_t i = 0; i < 20; ++i) header.has_password |= plain[kPasswordOffset + i] != '\0';
  } else {
    const std::array<uint8_t, 4> mask = PasswordMask(plain);
    for (size_t i = 0; i < 40; ++i) {
      header.has_password |=
          (static_cast<uint8_t>(plain[kPasswordOffset + i]) ^ mask[i % mask.size()]) != 0;
    }
  }
  return header;
}

const Format& AccessFormat() {
  static const Format format{"access", SniffAccess, MakeAccessReader};
  return format;
}

}  // namespace mamori::read
