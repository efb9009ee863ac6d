#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "deliver/alert.hpp"
#include "deliver/render.hpp"

namespace pw::deliver {

// At most this many items are listed per rule; the rest are summarised
// with a link to search TheyWorkForYou for the rule.
inline constexpr std::size_t kItemsPerRule = 10;

// The plain-text part of an alert email: grouped by rule, then chamber;
// each item with its heading, date, speaker (name, party, constituency),
// an extract with the matching words marked *like this*, and its link;
// then, for a speaker rule, how each person it alerted on voted in each
// division of the sitting (batch.votes); a footer with the manage and
// unsubscribe links. Wrapped at 72 columns;
// lines end in "\n".
std::string alert_text(const AlertBatch& batch, const EmailSettings& settings);

// One vote in words: "voted Aye", "teller for No", "voted Aye by proxy (cast
// by NAME)", "absent (no vote recorded)".
std::string vote_phrase(const VoteLine& vote);

// The HTML part: the same content, matching words in bold, links clickable.
std::string alert_html(const AlertBatch& batch, const EmailSettings& settings);

// Alert items rendered once for many messages: everyone watching the same
// words is sent the same item in the same words, so its text (wrapped)
// and HTML, both quoted-printable, are kept and shared (a message refers
// to them, and they are stored once: deliver/pieces.hpp). An item is known
// by its gid, highlight terms and more_in_debate count, so one cache must
// only ever see one version of each item: one transcript's. Pieces are
// also known by their bytes: items rendered alike (highlight terms that are
// not in the extract) share one piece, and so does an item rendered again
// after the cache started again. The lines many messages show alike (an
// intro, an HTML head, a rule's heading: block(); the MIME frame: piece())
// are kept and shared the same way. Holds at most max_bytes of items and blocks and
// max_bytes of pieces (then starts again). Not thread-safe.
class ItemCache {
 public:
  static constexpr std::size_t kMaxBytes = 32u << 20;
  explicit ItemCache(std::size_t max_bytes = kMaxBytes) : max_bytes_(max_bytes) {}
  struct Encoded {
    std::shared_ptr<SharedPiece> text;  // text_item(), wrapped, quoted-printable
    std::shared_ptr<SharedPiece> html;  // html_item(), quoted-printable
  };
  // The encoded forms of `item`, rendered on first sight.
  const Encoded& encoded(const AlertItem& item);
  // `lines` (each ending in "\n") wrapped at 72 columns or not, then
  // quoted-printable, as a piece made on first sight.
  std::shared_ptr<SharedPiece> block(std::string_view lines, bool wrapped);
  // As block(), for the lines `make_lines` makes, known by `key` (lines
  // that differ only by a short text, made only on first sight). A key
  // names one set of lines for the cache's life: callers give each kind of
  // lines its own keys.
  std::shared_ptr<SharedPiece> block_as(std::string_view key, bool wrapped,
                                        const std::function<std::string()>& make_lines);
  // A piece holding exactly `bytes` (a message's frame): one made before,
  // or a new one.
  std::shared_ptr<SharedPiece> piece(std::string_view bytes);
  // As piece(), for the bytes `make_bytes` makes, known by `key` (as
  // block_as()'s, in a namespace of their own).
  std::shared_ptr<SharedPiece> piece_as(std::string_view key,
                                        const std::function<std::string()>& make_bytes);

 private:
  // Starts the items and blocks again if `size` more bytes would not fit.
  void make_room(std::size_t size);
  // The piece holding `bytes`: one made before, or a new one.
  std::shared_ptr<SharedPiece> shared(std::string bytes);

  struct PieceBytes {  // hashes and compares pieces by their bytes
    using is_transparent = void;
    std::size_t operator()(std::string_view bytes) const {
      return std::hash<std::string_view>{}(bytes);
    }
    std::size_t operator()(const std::shared_ptr<SharedPiece>& p) const {
      return (*this)(p->bytes);
    }
    bool operator()(const auto& a, const auto& b) const { return view(a) == view(b); }
    static std::string_view view(std::string_view bytes) { return bytes; }
    static std::string_view view(const std::shared_ptr<SharedPiece>& p) { return p->bytes; }
  };

  struct Text {  // hashes and compares std::string keys as string_views
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using ByText = std::unordered_map<std::string, V, Text, std::equal_to<>>;
  ByText<Encoded> items_;                                // by gid, more_in_debate, highlight terms
  ByText<std::shared_ptr<SharedPiece>> blocks_;          // by lines, unwrapped
  ByText<std::shared_ptr<SharedPiece>> wrapped_blocks_;  // by lines, wrapped
  ByText<std::shared_ptr<SharedPiece>> blocks_by_key_;   // by key, unwrapped
  ByText<std::shared_ptr<SharedPiece>> wrapped_blocks_by_key_;  // by key, wrapped
  ByText<std::shared_ptr<SharedPiece>> pieces_by_key_;          // by key, as made
  std::string scratch_;                                         // the key encoded() looks up
  std::unordered_set<std::shared_ptr<SharedPiece>, PieceBytes, PieceBytes> pieces_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::size_t piece_bytes_ = 0;
};

// The two parts of an alert email, quoted-printable: alert_text() and
// alert_html() encoded, with the items as pieces from `cache` (may be
// null: then there are no pieces).
struct EncodedParts {
  PiecedText text;
  PiecedText html;
};
// `unsubscribe_token` is the batch's user's (unsubscribe_token()), made by
// the caller: the message's header shows it too, and each is an HMAC.
EncodedParts encoded_parts(const AlertBatch& batch, const EmailSettings& settings, ItemCache* cache,
                           std::string_view unsubscribe_token);

// The token that unsubscribes the batch's user from all their alerts.
std::string unsubscribe_token(const EmailSettings& settings, const AlertBatch& batch);
// The link that unsubscribes `user_id` from all their alerts in one click
// (a POST, RFC 8058), or "" when no public_url is configured.
std::string unsubscribe_url(const EmailSettings& settings, const AlertBatch& batch);

}  // namespace pw::deliver
