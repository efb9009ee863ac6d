#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/transcript.hpp"
#include "parse/sax.hpp"
#include "parse/text.hpp"

namespace pw::parse {

// Tracks the heading chain as the flat element sequence goes by: major >
// minor, with a minor heading naming a bill kept above its clause headings
// (ParlParse gives both as minor headings, one after the other).
struct HeadingState {
  std::string committee;  // a Public Bill Committee's bill (its <bill title>), above all
  std::string major;
  std::string bill;
  std::string minor;

  // The chain an item under the current headings sits in, outermost first.
  std::vector<std::string> chain() const;
  // The chain above a heading of this kind: a minor heading sits under the
  // current major one (and a clause heading under its bill); major and
  // oral headings start a new chain.
  std::vector<std::string> parents(ItemKind kind, std::string_view title) const;
  // Makes a heading of this kind and title the current one.
  void enter(ItemKind kind, const std::string& title);
};

// One item of a transcript (a heading, speech, question, answer or
// division) read from the SAX events of its element: its attributes when
// it starts, then the events below it, then finish(). The text follows
// LineBuilder's rules: a <p> or <table> is a block of lines, a <tr> one
// line with its cells joined by " | " (text straight inside it dropped), a
// <br> breaks the line (what is inside it dropped), other markup is dropped
// and its text kept; a heading's text is all its text on one line; a
// division's text is its number and counts, and each child of its
// <mplist>/<lordlist> a vote.
class ItemReader {
 public:
  ItemReader(const SaxAttributes& attributes, ItemKind kind);

  // An element below the item starts (`name` without prefix).
  void start(std::string_view name, const SaxAttributes& a);
  // The innermost element below the item ends.
  void end();
  void text(std::string_view chars);
  // The item, with its heading chain from `headings`; a heading also
  // becomes current there. Call once, at the item's end tag.
  Item finish(HeadingState& headings);

 private:
  enum class Shape { kPlain, kBlock, kRow, kBreak, kInsideBreak };
  struct Frame {
    Shape shape = Shape::kPlain;
    bool first_cell = true;  // for a row: no cell seen yet
  };

  bool dropped() const;
  void start_in_speech(std::string_view name);
  void start_in_division(std::string_view name, const SaxAttributes& a);

  Item item_;
  LineBuilder text_;
  std::vector<Frame> frames_;  // elements open below the item, in a speech
  int depth_ = 0;              // elements open below the item
  bool in_list_ = false;       // inside a division's <mplist> or <lordlist>
  std::string list_vote_;
  std::optional<Vote> vote_;  // the vote being read
  LineBuilder vote_text_;
};

}  // namespace pw::parse
