#pragma once

#include <utility>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pw::storage {

// A piece of a message that is stored once for many messages (a row of
// outbox_pieces) and goes back at `offset` of the message's own bytes.
struct PieceRef {
  std::size_t offset = 0;
  std::int64_t piece_id = 0;
};

// The outbox row's `pieces` column: "OFFSET:ID" for each ref, separated by
// spaces, offsets ascending (equal offsets keep their order). "" for none.
std::string encode_piece_refs(const std::vector<PieceRef>& refs);

// Reads what encode_piece_refs wrote. Refuses (invalid_input) anything
// else: a malformed entry, an offset past `own_size` or below the one
// before, an id that is not positive.
Result<std::vector<PieceRef>> decode_piece_refs(std::string_view text, std::size_t own_size);

// The whole message: `own` with each piece's bytes put at its offset
// (offsets ascending, none past the end of `own`, as decode_piece_refs
// gives them).
using PlacedPiece = std::pair<std::size_t, std::string_view>;
std::string assemble(std::string_view own, const std::vector<PlacedPiece>& pieces);

}  // namespace pw::storage
