#include "read/office/table.h"

#include <algorithm>

#include "read/decode/decoder.h"

namespace mamori::read::office {
namespace {

constexpr size_t kMaxLabelBytes = 96;
constexpr size_t kHeldRows = 3;
// Header cells past this column are dropped: no sheet format has more columns than this.
constexpr uint32_t kMaxHeaderColumns = 1 << 16;

bool IsLabelRow(const std::vector<RowCell>& row) {
  return !row.empty() && std::all_of(row.begin(), row.end(), LooksLikeLabel);
}

}  // namespace

bool AppendBounded(std::string& out, std::string_view text, uint64_t limit) {
  const uint64_t room = limit > out.size() ? limit - out.size() : 0;
  if (text.size() <= room) {
    out.append(text);
    return true;
  }
  auto take = static_cast<size_t>(room);
  while (take > 0 && (static_cast<unsigned char>(text[take]) & 0xC0) == 0x80) --take;
  out.append(text.substr(0, take));
  return false;
}

bool LooksLikeLabel(const RowCell& cell) {
  if (cell.kind != CellKind::kText || cell.text.empty() || cell.text.size() > kMaxLabelBytes) {
    return false;
  }
  size_t digits = 0;
  bool letter = false;
  const std::string& text = cell.text;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= '0' && byte <= '9') {
      ++digits;
    } else if (byte == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBC &&
               static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      ++digits;  // full-width digit, in case the text was not NFKC-folded
      i += 2;
    } else if (byte >= 0x80 || (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z')) {
      letter = true;
    }
  }
  return letter && digits <= 2;
}

std::optional<size_t> FindHeaderRow(std::span<const std::vector<RowCell>> rows) {
  size_t candidate = 0;
  if (rows.size() >= 2 && rows[0].size() == 1 && rows[1].size() >= 2) candidate = 1;
  if (candidate + 1 >= rows.size()) return std::nullopt;
  const std::vector<RowCell>& next = rows[candidate + 1];
  if (IsLabelRow(rows[candidate]) && !IsLabelRow(next)) return candidate;
  return std::nullopt;
}

bool PartEmitter::Begin(std::string name, bool tabular) {
  if (!End()) return false;
  name_ = std::move(name);
  headers_.clear();
  held_.clear();
  part_ = Part{};
  part_.tabular = tabular;
  open_ = true;
  begun_ = false;
  cut_warned_ = false;
  return true;
}

bool PartEmitter::AddRow(uint64_t index, std::vector<RowCell>& cells) {
  std::erase_if(cells, [](const RowCell& cell) { return cell.text.empty(); });
  if (cells.empty() || stopped_) return !stopped_;
  for (RowCell& cell : cells) {
    const std::string_view normalized = decode::Normalize(cell.text, scratch_);
    if (normalized.data() != cell.text.data()) cell.text.assign(normalized);
  }
  std::stable_sort(cells.begin(), cells.end(),
                   [](const RowCell& a, const RowCell& b) { return a.column < b.column; });
  if (part_.tabular && !begun_) {
    held_.emplace_back(index, std::move(cells));
    cells.clear();
    return held_.size() < kHeldRows || Flush();
  }
  if (!begun_ && !Flush()) return false;
  const bool more = Emit(index, cells);
  cells.clear();
  return more;
}

bool PartEmitter::End() {
  if (!open_) return !stopped_;
  open_ = false;
  if (stopped_) return false;
  if (!begun_ && !Flush()) return false;
  sink_.OnPartEnd(part_);
  return true;
}

// Decides the header from the held rows, begins the part and emits the rows held back.
bool PartEmitter::Flush() {
  std::optional<size_t> header;
  if (part_.tabular) {
    std::vector<std::vector<RowCell>> first;
    for (auto& [index, row] : held_) first.push_back(row);
    header = FindHeaderRow(first);
  }
  if (header) {
    for (const RowCell& cell : held_[*header].second) {
      if (cell.column >= kMaxHeaderColumns) break;
      if (headers_.size() <= cell.column) headers_.resize(cell.column + 1);
      headers_[cell.column] = cell.text;
    }
  }
  part_.name = name_;
  part_.headers = headers_;
  sink_.OnPartBegin(part_);
  begun_ = true;
  for (size_t i = 0; i < held_.size(); ++i) {
    if (header && i == *header) continue;
    if (!Emit(held_[i].first, held_[i].second)) {
      held_.clear();
      return false;
    }
  }
  held_.clear();
  return true;
}

bool PartEmitter::Emit(uint64_t index, std::vector<RowCell>& cells) {
  cells_.clear();
  uint64_t bytes = 0;
  for (const RowCell& cell : cells) {
    bytes += cell.text.size();
    if (bytes > limits_.max_record_bytes) {
      if (!cut_warned_) {
        sink_.OnWarning(
            Error{ErrorCode::kLimitExceeded, "part '" + name_ + "' row " + std::to_string(index) +
                                                 ": longer than max_record_bytes, cut"});
        cut_warned_ = true;
      }
      break;
    }
    cells_.push_back(Cell{cell.text, cell.column});
  }
  if (cells_.empty()) return true;
  if (!sink_.OnRecord(part_, Record{index, cells_})) {
    stopped_ = true;
    return false;
  }
  return true;
}

}  // namespace mamori::read::office
