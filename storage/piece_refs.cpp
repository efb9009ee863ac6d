#include "storage/piece_refs.hpp"

#include <charconv>

#include <fmt/format.h>

namespace pw::storage {
namespace {

template <typename T>
bool read_number(std::string_view& text, T& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc() || ptr == text.data()) return false;
  text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
  return true;
}

// Reads "OFFSET:ID" from the front of `text`.
bool read_ref(std::string_view& text, PieceRef& r) {
  if (!read_number(text, r.offset) || !text.starts_with(':')) return false;
  text.remove_prefix(1);
  return read_number(text, r.piece_id) && r.piece_id > 0;
}

}  // namespace

std::string encode_piece_refs(const std::vector<PieceRef>& refs) {
  std::string out;
  char number[24];
  const auto append = [&out, &number](auto n) {
    out.append(number, std::to_chars(number, number + sizeof number, n).ptr);
  };
  for (const auto& r : refs) {
    if (!out.empty()) out += ' ';
    append(r.offset);
    out += ':';
    append(r.piece_id);
  }
  return out;
}

Result<std::vector<PieceRef>> decode_piece_refs(std::string_view text, std::size_t own_size) {
  std::vector<PieceRef> out;
  const std::string_view all = text;
  while (!text.empty()) {
    const std::size_t at = all.size() - text.size();
    const bool separated = out.empty() || text.starts_with(' ');
    if (!out.empty() && separated) text.remove_prefix(1);
    PieceRef r;
    if (!separated || !read_ref(text, r) || r.offset > own_size ||
        (!out.empty() && r.offset < out.back().offset)) {
      return fail(Error::invalid(fmt::format(
          "a message's list of stored pieces is damaged at \"{}\"", all.substr(at, 24))));
    }
    out.push_back(r);
  }
  return out;
}

std::string assemble(std::string_view own, const std::vector<PlacedPiece>& pieces) {
  std::size_t size = own.size();
  for (const auto& p : pieces) size += p.second.size();
  std::string out;
  out.reserve(size);
  std::size_t at = 0;
  for (const auto& [offset, bytes] : pieces) {
    out.append(own.substr(at, offset - at));
    out.append(bytes);
    at = offset;
  }
  out.append(own.substr(at));
  return out;
}

}  // namespace pw::storage
