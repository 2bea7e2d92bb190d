// CP932 and EUC-JP to UTF-8 by table. Each table is built once from ICU's own converter, one
// code at a time, so the mapping and the handling of bytes that do not decode are exactly
// ICU's (the unit tests compare the two on every code and on random bytes); decoding is
// then a lookup per character instead of a trip through UTF-16 and back, about three times
// faster on Japanese text.
//
// The run functions decode p[0, n) and return the bytes consumed: all, or all but a sequence
// the end of the chunk may have cut when !final. Each undecodable sequence becomes one
// U+FFFD and is counted in `invalid`. Every character NormalizedPrefix would stop at is
// noted in `stops`, as its offset from out[out_start].
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mamori::read::decode::legacy {

struct Cp932Table;
struct EucJpTable;

// Built on first use; nullptr when ICU has no such converter (a broken installation).
const Cp932Table* Cp932();
const EucJpTable* EucJp();

size_t DecodeCp932Run(const Cp932Table& table, const uint8_t* p, size_t n, bool final,
                      std::string& out, uint64_t& invalid, size_t out_start,
                      std::vector<uint32_t>& stops);
size_t DecodeEucJpRun(const EucJpTable& table, const uint8_t* p, size_t n, bool final,
                      std::string& out, uint64_t& invalid, size_t out_start,
                      std::vector<uint32_t>& stops);

}  // namespace mamori::read::decode::legacy
