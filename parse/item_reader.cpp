#include "parse/item_reader.hpp"

#include <fmt/format.h>

#include "core/gid.hpp"
#include "parse/normalise.hpp"

namespace pw::parse {
namespace {

bool is_member_or_lord(std::string_view id) {
  return id.find("/member/") != std::string_view::npos ||
         id.find("/lord/") != std::string_view::npos;
}

Speaker read_speaker(const SaxAttributes& a) {
  Speaker s;
  if (a.get("nospeaker") == "true") return s;
  const std::string_view id = a.get("speakerid");
  if (is_member_or_lord(id)) s.member_id = id;
  const std::string_view person = a.get("person_id");
  if (person.find("/person/") != std::string_view::npos) s.person_id = person;
  s.name = a.get("speakername");
  s.office = a.get("speakeroffice");
  return s;
}

Vote read_vote(const SaxAttributes& a, std::string_view list_vote) {
  Vote v;
  v.member_id = a.get("id");
  v.person_id = a.get("person_id");
  v.vote = a.get("vote");
  if (v.vote.empty()) v.vote = list_vote;
  v.teller = a.get("teller") == "yes";
  v.proxy = a.get("proxy");
  return v;
}

void read_counts(const SaxAttributes& a, Division& d) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    d.counts.emplace_back(std::string(a.name(i)), normalise_column(std::string(a.value(i))));
  }
}

std::string division_text(const Division& d) {
  std::string text = fmt::format("Division No. {}:", d.number);
  const char* sep = " ";
  for (const auto& [name, n] : d.counts) {
    if (name.rfind("teller", 0) == 0) continue;
    text += fmt::format("{}{} {}", sep, name, n);
    sep = ", ";
  }
  return text;
}

// True for the minor headings of a bill's committee stage that come after
// the minor heading naming the bill: "Clause 2 - General objective".
bool is_clause_heading(std::string_view title) {
  for (const std::string_view start : {"Clause ", "New Clause", "Schedule ", "New Schedule"}) {
    if (title.substr(0, start.size()) == start) return true;
  }
  return false;
}

bool names_bill(std::string_view title) {
  const auto at = title.find("Bill");
  return at != std::string_view::npos && (at + 4 == title.size() || title[at + 4] == ' ');
}

Item start_item(const SaxAttributes& a, ItemKind kind) {
  Item item;
  item.gid = a.get("id");
  item.key = gid_key(item.gid);
  item.kind = kind;
  item.time = normalise_time(std::string(a.get("time")));
  item.column = normalise_column(std::string(a.get("colnum")));
  item.url = a.get("url");
  if (kind == ItemKind::kDivision) {
    item.division.emplace();
    item.division->number = normalise_column(std::string(a.get("divnumber")));
  } else if (!is_heading(kind)) {
    item.speaker = read_speaker(a);
  }
  return item;
}

}  // namespace

std::vector<std::string> HeadingState::chain() const {
  std::vector<std::string> c;
  for (const auto* h : {&committee, &major, &bill, &minor}) {
    if (!h->empty()) c.push_back(*h);
  }
  return c;
}

std::vector<std::string> HeadingState::parents(ItemKind kind, std::string_view title) const {
  std::vector<std::string> p;
  if (!committee.empty()) p.push_back(committee);
  if (kind != ItemKind::kMinorHeading) return p;
  if (!major.empty()) p.push_back(major);
  if (!bill.empty() && is_clause_heading(title)) p.push_back(bill);
  return p;
}

void HeadingState::enter(ItemKind kind, const std::string& title) {
  if (kind == ItemKind::kMinorHeading) {
    if (bill.empty() || !is_clause_heading(title)) bill = names_bill(title) ? title : "";
    minor = bill == title ? "" : title;
    return;
  }
  if (kind == ItemKind::kMajorHeading || kind == ItemKind::kOralHeading) {
    major = kind == ItemKind::kMajorHeading ? title : "";
    bill.clear();
    minor.clear();
  }
}

ItemReader::ItemReader(const SaxAttributes& attributes, ItemKind kind)
    : item_(start_item(attributes, kind)) {}

void ItemReader::start(std::string_view name, const SaxAttributes& a) {
  if (item_.division) {
    start_in_division(name, a);
  } else if (!is_heading(item_.kind)) {
    start_in_speech(name);
  }
  ++depth_;
}

void ItemReader::end() {
  --depth_;
  if (item_.division) {
    if (depth_ == 1 && vote_) {
      vote_->name = vote_text_.join();
      item_.division->votes.push_back(std::move(*vote_));
      vote_.reset();
    }
    if (depth_ == 0) in_list_ = false;
  } else if (!frames_.empty()) {
    const Shape shape = frames_.back().shape;
    frames_.pop_back();
    if (shape == Shape::kRow || shape == Shape::kBlock) text_.end_line();
  }
}

void ItemReader::text(std::string_view chars) {
  if (item_.division) {
    if (vote_) vote_text_.add(chars);
  } else if (is_heading(item_.kind) || !dropped()) {
    text_.add(chars);
  }
}

Item ItemReader::finish(HeadingState& headings) {
  if (item_.division) {
    item_.headings = headings.chain();
    item_.text = division_text(*item_.division);
  } else if (is_heading(item_.kind)) {
    item_.text = text_.join();
    item_.headings = headings.parents(item_.kind, item_.text);
    headings.enter(item_.kind, item_.text);
  } else {
    item_.headings = headings.chain();
    item_.text = text_.join();
  }
  return std::move(item_);
}

bool ItemReader::dropped() const {
  return !frames_.empty() &&
         (frames_.back().shape == Shape::kRow || frames_.back().shape == Shape::kBreak ||
          frames_.back().shape == Shape::kInsideBreak);
}

void ItemReader::start_in_speech(std::string_view name) {
  Frame* parent = frames_.empty() ? nullptr : &frames_.back();
  if (parent != nullptr &&
      (parent->shape == Shape::kBreak || parent->shape == Shape::kInsideBreak)) {
    frames_.push_back({Shape::kInsideBreak});
    return;
  }
  if (parent != nullptr && parent->shape == Shape::kRow) {
    if (!parent->first_cell) text_.separator(" | ");
    parent->first_cell = false;
    frames_.push_back({Shape::kPlain});
    return;
  }
  Shape shape = Shape::kPlain;
  if (name == "tr") shape = Shape::kRow;
  if (name == "br") shape = Shape::kBreak;
  if (name == "p" || name == "table") shape = Shape::kBlock;
  if (shape != Shape::kPlain) text_.end_line();
  frames_.push_back({shape});
}

void ItemReader::start_in_division(std::string_view name, const SaxAttributes& a) {
  if (depth_ == 0 && name == "divisioncount") read_counts(a, *item_.division);
  if (depth_ == 0 && (name == "mplist" || name == "lordlist")) {
    in_list_ = true;
    list_vote_ = a.get("vote");
  }
  if (depth_ == 1 && in_list_) vote_ = read_vote(a, list_vote_);
}

}  // namespace pw::parse
