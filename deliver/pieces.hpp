#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pw::deliver {

// Bytes that many messages share (an alert item as one transcript's emails
// show it), stored once in the transaction that queues those messages
// (storage::OutboxRepository::add_piece). `stored_id` is the stored
// piece's id, 0 until it is stored.
struct SharedPiece {
  std::string bytes;
  std::int64_t stored_id = 0;
  bool ends_line = false;  // `bytes` ends in "\n" (read without touching them)
};

// A shared piece that goes at `offset` of a message's own bytes.
struct PieceAt {
  std::size_t offset = 0;
  std::shared_ptr<SharedPiece> piece;
};

// Text built of its own bytes and shared pieces: the whole is `own` with
// each piece's bytes put at its offset (ascending; equal ones in order).
struct PiecedText {
  std::string own;
  std::vector<PieceAt> pieces;

  // Adds `more` at the end, its pieces moved along with it.
  void append(const PiecedText& more);
  // The whole text, pieces in place.
  std::string whole() const;
};

// `own` with `pieces` in place (see PiecedText).
std::string with_pieces(std::string_view own, const std::vector<PieceAt>& pieces);

}  // namespace pw::deliver
