#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/section.hpp"

namespace pw {

// What an item of a transcript is.
enum class ItemKind {
  kOralHeading,   // "ORAL ANSWERS TO QUESTIONS"
  kMajorHeading,  // debate title, or the department in written answers/statements
  kMinorHeading,  // sub-debate or question topic
  kSpeech,
  kQuestion,  // <ques> in written answers
  kAnswer,    // <reply> in written answers
  kDivision,
};

// Returns "oral-heading", "major-heading", "minor-heading", "speech",
// "question", "answer" or "division".
std::string_view item_kind_name(ItemKind k);

// Parses a name returned by item_kind_name(); nullopt if unknown.
std::optional<ItemKind> item_kind_from_name(std::string_view name);

// True for the three heading kinds.
bool is_heading(ItemKind k);

// How a speaker id resolved against the members data.
struct Speaker {
  std::string member_id;     // "uk.org.publicwhip/member/1947", lord id, or "" if none
  std::string person_id;     // "uk.org.publicwhip/person/10001", or "" if unresolved
  std::string name;          // speakername as printed in the transcript
  std::string office;        // speakeroffice, e.g. "The Minister of State, ..."
  std::string party;         // party on the sitting's date, once resolved; "" if unknown
  std::string constituency;  // seat on the sitting's date, once resolved; "" for lords
  bool known() const { return !person_id.empty(); }
};

// One member's vote in a division.
struct Vote {
  std::string member_id;  // member or lord id as printed
  std::string person_id;  // resolved person, or "" if unknown
  std::string name;       // name as printed in the list
  std::string vote;       // "aye", "no", "content" or "not-content"
  bool teller = false;
  std::string proxy;  // person id of whoever cast this vote by proxy; "" if cast in person
};

// Totals and the roll of a division.
struct Division {
  int number = 0;                                   // divnumber
  std::vector<std::pair<std::string, int>> counts;  // e.g. {"ayes",200},{"noes",269}
  std::vector<Vote> votes;
};

// One addressable piece of a sitting: a heading, a speech, a written
// question or answer, or a division.
struct Item {
  std::string gid;  // ParlParse id as printed: ".../debate/2009-10-27d.141.2"
  std::string key;  // gid without the version letter: stable across versions
  ItemKind kind = ItemKind::kSpeech;
  std::vector<std::string> headings;  // enclosing headings, outermost first
  Speaker speaker;                    // empty for headings and nospeaker items
  std::string time;                   // "HH:MM:SS", or "" when the transcript gives none
  int column = 0;    // column number with letters stripped ("349W" -> 349); 0 if none
  std::string url;   // Hansard source URL
  std::string text;  // plain text, paragraphs separated by '\n'
  std::optional<Division> division;
};

// A <gidredirect>: an id of an older version now known by another id.
struct Redirect {
  std::string old_gid;
  std::string new_gid;
  std::string old_key;
  std::string new_key;
  std::string match_type;  // perfectmatch, changes, multiplecover, missing, altques, ...
};

// Everything read from one transcript file. Produced by the pure parser.
struct Transcript {
  std::string file_name;  // base name, e.g. "debates2009-10-27d.xml"
  Section section = Section::kDebates;
  std::string date;     // sitting date, "YYYY-MM-DD"
  std::string version;  // version letters from the file name ("", "a", ..., "aa")
  bool latest = true;   // the root's latest attribute
  std::vector<Item> items;
  std::vector<Redirect> redirects;
};

}  // namespace pw
