#include "deliver/pieces.hpp"

#include "storage/piece_refs.hpp"

namespace pw::deliver {

void PiecedText::append(const PiecedText& more) {
  for (const auto& p : more.pieces) pieces.push_back(PieceAt{own.size() + p.offset, p.piece});
  own += more.own;
}

std::string PiecedText::whole() const {
  return with_pieces(own, pieces);
}

std::string with_pieces(std::string_view own, const std::vector<PieceAt>& pieces) {
  std::vector<storage::PlacedPiece> placed;
  placed.reserve(pieces.size());
  for (const auto& p : pieces) placed.emplace_back(p.offset, p.piece->bytes);
  return storage::assemble(own, placed);
}

}  // namespace pw::deliver
