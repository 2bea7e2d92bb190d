// The CSV state machine. A record is parsed from its first byte to its terminator in one
// pass over a contiguous buffer; fields are views into that buffer unless a doubled quote
// or text after a closing quote forces a copy. A record cut by the end of the buffer is
// simply parsed again once the caller has appended more text: records are short next to
// the 256 KiB chunks the reader feeds, so re-parsing one per chunk is cheaper than keeping
// a resumable state for every field.
//
// The hot loop finds the delimiter, CR and LF through a bit mask per 64-byte block (SSE2
// compares, SpecialFinder); quoted fields are scanned with memchr for the quote.
#include "read/csv/csv_parser.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mamori::read::csv {
namespace {

// Length of `field` without a multibyte sequence cut at its end.
size_t WholeCharacters(std::string_view field) {
  size_t back = 0;
  while (back < field.size() && back < 4) {
    const auto b = static_cast<uint8_t>(field[field.size() - 1 - back]);
    ++back;
    if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const size_t length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    return length > back ? field.size() - back : field.size();
  }
  return field.size();
}

// Backs `end` off to a UTF-8 character boundary (never below `floor`). Judged from the bytes
// before `end`, since the text may end there while the character goes on in the next chunk.
size_t CharBoundary(std::string_view text, size_t floor, size_t end) {
  return floor + WholeCharacters(text.substr(floor, end - floor));
}

}  // namespace

void Parser::SpecialFinder::Reset(std::string_view text, const bool (&special)[256],
                                  char delimiter) {
  data_ = text.data();
  size_ = text.size();
  special_ = special;
  delimiter_ = delimiter != '\0' ? delimiter : '\n';
  has_block_ = false;
}

uint64_t Parser::SpecialFinder::BlockMask(size_t pos) const {
  uint64_t mask = 0;
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (size_t part = 0; part < 4; ++part) {
    const __m128i bytes =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(data_ + pos + 16 * part));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, delimiter), _mm_cmpeq_epi8(bytes, lf)),
                     _mm_cmpeq_epi8(bytes, cr));
    mask |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hits))) << (16 * part);
  }
#else
  for (size_t j = 0; j < 64; ++j) {
    mask |= static_cast<uint64_t>(special_[static_cast<uint8_t>(data_[pos + j])]) << j;
  }
#endif
  return mask;
}

size_t Parser::SpecialFinder::NextInLaterBlocks(size_t pos, size_t stop) {
  while (pos < stop) {
    if (!has_block_ || pos < block_ || pos >= block_ + 64) {
      if (pos + 64 > size_) {
        // The last bytes of the text, fewer than a block: one at a time.
        while (pos < stop && !special_[static_cast<uint8_t>(data_[pos])]) ++pos;
        return pos;
      }
      block_ = pos;
      mask_ = BlockMask(pos);
      has_block_ = true;
    }
    const uint64_t rest = mask_ >> (pos - block_);
    if (rest != 0) return std::min(stop, pos + static_cast<size_t>(std::countr_zero(rest)));
    pos = block_ + 64;
  }
  return stop;
}

Parser::Parser(Dialect dialect, size_t max_record_bytes)
    : dialect_(dialect), max_record_bytes_(std::max<size_t>(max_record_bytes, 16)) {
  special_[static_cast<uint8_t>('\n')] = true;
  special_[static_cast<uint8_t>('\r')] = true;
  if (dialect_.delimiter != '\0') special_[static_cast<uint8_t>(dialect_.delimiter)] = true;
}

// Most records end in a line break well inside the text, and their fields are plain or quoted
// without a quote inside ("...", as spreadsheets export every field): those are read here
// with nothing but the field ends to find. Returns false, having decided nothing, for any
// other record (a doubled quote, text after a closing quote, a CR last in the text, the text
// or the size limit running out), which ParseRecord then reads from its start.
bool Parser::ParsePlainRecord(std::string_view text, size_t start, size_t stop, size_t& end) {
  field_count_ = 0;
  copied_ = false;
  const char* data = text.data();
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  size_t i = start;
  for (;;) {
    if (i >= stop) return false;
    size_t k = 0;
    if (quote != '\0' && data[i] == quote) {
      const void* closing = std::memchr(data + i + 1, quote, stop - i - 1);
      if (closing == nullptr) return false;
      k = static_cast<size_t>(static_cast<const char*>(closing) - data) + 1;
      if (k >= stop || !special_[static_cast<uint8_t>(data[k])]) return false;
      AddField(std::string_view(data + i + 1, k - i - 2));
    } else {
      k = finder_.Next(i, stop);
      if (k >= stop) return false;
      AddField(std::string_view(data + i, k - i));
    }
    const char c = data[k];
    if (c == delimiter && delimiter != '\0') {
      i = k + 1;
      continue;
    }
    if (c == '\n') {
      end = k + 1;
      return true;
    }
    if (k + 1 >= text.size()) return false;  // a CR last: its LF may come with the next text
    end = k + 1 + (data[k + 1] == '\n' ? 1 : 0);
    return true;
  }
}

Parser::Outcome Parser::ParseRecord(std::string_view text, size_t start, bool at_end, size_t& end) {
  const size_t limit = start + max_record_bytes_;
  const size_t stop = std::min(text.size(), limit);  // the record may not be scanned past this
  if (ParsePlainRecord(text, start, stop, end)) return Outcome::kComplete;
  field_count_ = 0;
  unescaped_.clear();
  copied_ = false;
  const size_t n = text.size();
  // Copied fields are views into unescaped_, so it must not move while the record is
  // parsed: a copy is never longer than the bytes scanned, so reserve that much up front.
  const auto begin_own = [&]() {
    if (unescaped_.capacity() < stop - start + 1) unescaped_.reserve(stop - start + 1);
    return unescaped_.size();
  };
  const auto own_field = [&](size_t own_start) {
    copied_ = true;
    AddField(std::string_view(unescaped_).substr(own_start));
  };
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;

  // Where the scan ran out of bytes before the record ended.
  const auto ran_out = [&](size_t field_start, bool own, size_t own_start) -> Outcome {
    if (stop == n && at_end) return Outcome::kComplete;
    if (stop == n && n < limit) return Outcome::kIncomplete;
    // Longer than the limit: keep what fits, cut at a character boundary.
    const size_t cut = CharBoundary(text, field_start, stop);
    if (own) {
      unescaped_.append(text.data() + field_start, cut - field_start);
      own_field(own_start);
    } else {
      AddField(text.substr(field_start, cut - field_start));
    }
    end = cut;
    return Outcome::kTooLong;
  };

  size_t i = start;
  for (;;) {
    if (quote != '\0' && i < stop && text[i] == quote) {
      // Quoted field: copy only when a doubled quote has to be undone.
      const size_t content = i + 1;
      size_t j = content;
      bool own = false;
      size_t own_start = 0;
      for (;;) {
        const void* hit = j < stop ? std::memchr(text.data() + j, quote, stop - j) : nullptr;
        if (hit == nullptr) {
          const Outcome outcome = ran_out(own ? j : content, own, own_start);
          if (outcome == Outcome::kComplete) {
            // An unterminated quote at the end of the file: the field runs to the end.
            if (own) {
              unescaped_.append(text.data() + j, n - j);
              own_field(own_start);
            } else {
              AddField(text.substr(content, n - content));
            }
            end = n;
          }
          return outcome;
        }
        const size_t q = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
        if (q + 1 >= stop && !(q + 1 == n && at_end)) {
          // Cannot tell a closing quote from the first of a doubled pair yet; at the end of
          // the file the quote would have been the last byte, handled below.
          return ran_out(own ? j : content, own, own_start);
        }
        if (q + 1 < n && text[q + 1] == quote) {
          if (!own) {
            own = true;
            own_start = begin_own();
          }
          unescaped_.append(text.data() + j, q + 1 - j);
          j = q + 2;
          continue;
        }
        // Closing quote.
        if (own) {
          unescaped_.append(text.data() + j, q - j);
        }
        i = q + 1;
        if (i < stop && !special_[static_cast<uint8_t>(text[i])]) {
          // Text after the closing quote ("abc"def): lenient, keep it in the field.
          if (!own) {
            own = true;
            own_start = begin_own();
            unescaped_.append(text.data() + content, q - content);
          }
          size_t k = i;
          while (k < stop && !special_[static_cast<uint8_t>(text[k])]) ++k;
          unescaped_.append(text.data() + i, k - i);
          i = k;
        }
        if (own) {
          own_field(own_start);
        } else {
          AddField(text.substr(content, q - content));
        }
        break;
      }
    } else {
      const size_t k = finder_.Next(i, stop);
      if (k == stop) {
        const Outcome outcome = ran_out(i, false, 0);
        if (outcome == Outcome::kComplete) {
          AddField(text.substr(i, n - i));
          end = n;
        }
        return outcome;
      }
      AddField(text.substr(i, k - i));
      i = k;
    }

    if (i >= stop) {
      if (stop == n && at_end) {
        end = n;
        return Outcome::kComplete;
      }
      if (stop == n && n < limit) return Outcome::kIncomplete;
      // Text after a closing quote ran into the limit: drop a character it cut.
      std::string_view& last = fields_[field_count_ - 1];
      last = last.substr(0, WholeCharacters(last));
      end = i;
      return Outcome::kTooLong;
    }
    const char c = text[i];
    if (c == delimiter && delimiter != '\0') {
      ++i;
      continue;
    }
    if (c == '\n') {
      end = i + 1;
      return Outcome::kComplete;
    }
    if (c == '\r') {
      if (i + 1 < n) {
        end = i + 1 + (text[i + 1] == '\n' ? 1 : 0);
      } else {
        end = i + 1;
        skip_lf_ = !at_end;
      }
      return Outcome::kComplete;
    }
    // Unreachable: a field ends only at a special byte or at `stop`.
    end = i;
    return Outcome::kTooLong;
  }
}

bool Parser::Emit(bool truncated, std::string_view raw, RowHandler& handler) {
  if (!truncated && field_count_ == 1 && fields_[0].empty()) return true;  // blank line
  Row row;
  row.number = records_;
  row.fields = std::span<const std::string_view>(fields_.data(), field_count_);
  row.truncated = truncated;
  if (!truncated && !copied_) row.raw = raw;
  return handler.OnRow(row);
}

Parser::Progress Parser::Parse(std::string_view text, bool at_end, RowHandler& handler) {
  const size_t n = text.size();
  size_t pos = 0;
  finder_.Reset(text, special_, dialect_.delimiter);
  // Drops the rest of a cut record: everything up to and including the next line break.
  const auto skip_line = [&]() {
    while (pos < n && text[pos] != '\n' && text[pos] != '\r') ++pos;
    if (pos == n) {
      if (at_end) skipping_ = false;
      return;
    }
    skipping_ = false;
    if (text[pos] == '\r') {
      ++pos;
      if (pos < n) {
        if (text[pos] == '\n') ++pos;
      } else {
        skip_lf_ = !at_end;
      }
    } else {
      ++pos;
    }
  };

  if (skip_lf_ && pos < n) {
    if (text[pos] == '\n') ++pos;
    skip_lf_ = false;
  }
  if (skipping_) skip_line();
  while (pos < n && !skipping_) {
    size_t end = pos;
    const Outcome outcome = ParseRecord(text, pos, at_end, end);
    if (outcome == Outcome::kIncomplete) return {pos, false};
    ++records_;
    const bool truncated = outcome == Outcome::kTooLong;
    if (truncated) ++truncated_;
    const bool go_on = Emit(truncated, text.substr(pos, end - pos), handler);
    pos = end;
    if (truncated) {
      skipping_ = true;
      skip_line();
    }
    if (!go_on) return {pos, true};
  }
  if (at_end) skip_lf_ = false;
  return {n, false};
}

}  // namespace mamori::read::csv
