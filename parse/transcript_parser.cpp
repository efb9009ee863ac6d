#include "parse/transcript_parser.hpp"

#include <optional>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "parse/normalise.hpp"
#include "parse/sax.hpp"
#include "parse/text.hpp"

namespace pw::parse {
namespace {

std::optional<ItemKind> kind_of_element(std::string_view name) {
  if (name == "speech") return ItemKind::kSpeech;
  if (name == "ques") return ItemKind::kQuestion;
  if (name == "reply") return ItemKind::kAnswer;
  if (name == "major-heading") return ItemKind::kMajorHeading;
  if (name == "minor-heading") return ItemKind::kMinorHeading;
  if (name == "oral-heading") return ItemKind::kOralHeading;
  if (name == "division") return ItemKind::kDivision;
  return std::nullopt;
}

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

// Tracks the heading chain as the flat element sequence goes by: major >
// minor, with a minor heading naming a bill kept above its clause headings
// (ParlParse gives both as minor headings, one after the other).
struct HeadingState {
  std::string committee;  // a Public Bill Committee's bill (its <bill title>), above all
  std::string major;
  std::string bill;
  std::string minor;

  std::vector<std::string> chain() const {
    std::vector<std::string> c;
    for (const auto* h : {&committee, &major, &bill, &minor}) {
      if (!h->empty()) c.push_back(*h);
    }
    return c;
  }
  // The chain above a heading of this kind: a minor heading sits under the
  // current major one (and a clause heading under its bill); major and
  // oral headings start a new chain.
  std::vector<std::string> parents(ItemKind kind, std::string_view title) const {
    std::vector<std::string> p;
    if (!committee.empty()) p.push_back(committee);
    if (kind != ItemKind::kMinorHeading) return p;
    if (!major.empty()) p.push_back(major);
    if (!bill.empty() && is_clause_heading(title)) p.push_back(bill);
    return p;
  }
  void enter(ItemKind kind, const std::string& title) {
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
};

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

Redirect read_redirect(const SaxAttributes& a) {
  Redirect r;
  r.old_gid = a.get("oldgid");
  r.new_gid = a.get("newgid");
  r.old_key = gid_key(r.old_gid);
  r.new_key = gid_key(r.new_gid);
  r.match_type = a.get("matchtype");
  return r;
}

// How an element inside a speech shapes its text: a <p> or <table> is a
// block of lines, a <tr> one line with its cells joined by " | " (text
// directly inside it is dropped), a <br> breaks the line (and what is
// inside it is dropped).
enum class Shape { kPlain, kBlock, kRow, kBreak, kInsideBreak };

struct Frame {
  Shape shape = Shape::kPlain;
  bool first_cell = true;  // for a row: no cell seen yet
};

// The item being read, element by element below it.
class ItemReader {
 public:
  explicit ItemReader(Item item) : item_(std::move(item)) {}

  void start(std::string_view name, const SaxAttributes& a) {
    if (item_.division) {
      start_in_division(name, a);
    } else if (!is_heading(item_.kind)) {
      start_in_speech(name);
    }
    ++depth_;
  }

  void end() {
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

  void text(std::string_view chars) {
    if (item_.division) {
      if (vote_) vote_text_.add(chars);
    } else if (is_heading(item_.kind) || !dropped()) {
      text_.add(chars);
    }
  }

  Item finish(HeadingState& headings) {
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

 private:
  bool dropped() const {
    return !frames_.empty() &&
           (frames_.back().shape == Shape::kRow || frames_.back().shape == Shape::kBreak ||
            frames_.back().shape == Shape::kInsideBreak);
  }

  void start_in_speech(std::string_view name) {
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

  void start_in_division(std::string_view name, const SaxAttributes& a) {
    if (depth_ == 0 && name == "divisioncount") read_counts(a, *item_.division);
    if (depth_ == 0 && (name == "mplist" || name == "lordlist")) {
      in_list_ = true;
      list_vote_ = a.get("vote");
    }
    if (depth_ == 1 && in_list_) vote_ = read_vote(a, list_vote_);
  }

  Item item_;
  LineBuilder text_;
  std::vector<Frame> frames_;  // elements open below the item, in a speech
  int depth_ = 0;              // elements open below the item
  bool in_list_ = false;       // inside a division's <mplist> or <lordlist>
  std::string list_vote_;
  std::optional<Vote> vote_;  // the vote being read
  LineBuilder vote_text_;
};

class TranscriptReader final : public SaxHandler {
 public:
  explicit TranscriptReader(Transcript t) : t_(std::move(t)) {}

  Status start(const SaxElement& e, const SaxAttributes& a) override {
    const int depth = depth_++;
    if (item_) {
      item_->start(e.local, a);
      return {};
    }
    if (depth == 0) return root(e, a);
    if (depth == 1) return element(e, a);
    return {};
  }

  void end() override {
    --depth_;
    if (!item_) return;
    if (depth_ == 1) {
      t_.items.push_back(item_->finish(headings_));
      item_.reset();
    } else {
      item_->end();
    }
  }

  void text(std::string_view chars) override {
    if (item_) item_->text(chars);
  }

  Result<Transcript> finish() {
    if (!saw_root_) return fail(Error::invalid("no <publicwhip> root element"));
    return std::move(t_);
  }

 private:
  Status root(const SaxElement& e, const SaxAttributes& a) {
    const std::string name = e.qualified();
    if (name != "publicwhip") {
      return fail(
          Error::invalid(fmt::format("not a ParlParse transcript (root element <{}>)", name)));
    }
    saw_root_ = true;
    t_.latest = a.get("latest") != "no";
    return {};
  }

  Status element(const SaxElement& e, const SaxAttributes& a) {
    if (!e.prefix.empty()) return {};
    if (e.local == "bill") {
      headings_.committee = a.get("title");
      return {};
    }
    if (e.local == "gidredirect") {
      Redirect r = read_redirect(a);
      redirected_.insert(r.old_gid);
      t_.redirects.push_back(std::move(r));
      return {};
    }
    const auto kind = kind_of_element(e.local);
    if (!kind) return {};
    if (redirected_.count(std::string(a.get("id"))) != 0) return {};
    if (t_.items.size() >= kMaxItemsPerFile) {
      return fail(Error::invalid(fmt::format("more than {} items", kMaxItemsPerFile)));
    }
    item_.emplace(start_item(a, *kind));
    return {};
  }

  Transcript t_;
  HeadingState headings_;
  std::unordered_set<std::string> redirected_;
  std::optional<ItemReader> item_;
  int depth_ = 0;  // elements open
  bool saw_root_ = false;
};

}  // namespace

Result<Transcript> parse_transcript(std::string_view file_name, std::string_view bytes) {
  const auto name = parse_transcript_name(file_name);
  if (!name) {
    return fail(Error::invalid(fmt::format(
        "{}: not a ParlParse transcript file name (expected e.g. debates2009-10-27d.xml)",
        file_name)));
  }
  if (bytes.size() > kMaxTranscriptBytes) {
    return fail(
        Error::invalid(fmt::format("{}: larger than {} bytes", file_name, kMaxTranscriptBytes)));
  }
  Transcript t;
  t.file_name = std::string(file_name);
  t.section = name->section;
  t.date = name->date;
  t.version = name->version;
  TranscriptReader reader(std::move(t));
  if (auto ok = parse_sax(bytes, reader); !ok) return fail(ok.error().with_context(file_name));
  auto result = reader.finish();
  if (!result) return fail(result.error().with_context(file_name));
  return result;
}

}  // namespace pw::parse
