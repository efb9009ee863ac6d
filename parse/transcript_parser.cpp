#include "parse/transcript_parser.hpp"

#include <unordered_set>

#include <fmt/format.h>

#include "core/gid.hpp"
#include "parse/normalise.hpp"
#include "parse/text.hpp"
#include "parse/xml.hpp"

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

Speaker read_speaker(const xmlNode* el) {
  Speaker s;
  if (node_attribute(el, "nospeaker") == "true") return s;
  const std::string id = node_attribute(el, "speakerid");
  if (is_member_or_lord(id)) s.member_id = id;
  const std::string person = node_attribute(el, "person_id");
  if (person.find("/person/") != std::string::npos) s.person_id = person;
  s.name = node_attribute(el, "speakername");
  s.office = node_attribute(el, "speakeroffice");
  return s;
}

void read_vote_list(const xmlNode* list, Division& d) {
  for (const xmlNode* c = list->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    Vote v;
    v.member_id = node_attribute(c, "id");
    v.person_id = node_attribute(c, "person_id");
    v.vote = node_attribute(c, "vote");
    if (v.vote.empty()) v.vote = node_attribute(list, "vote");
    v.teller = node_attribute(c, "teller") == "yes";
    v.proxy = node_attribute(c, "proxy");
    v.name = inline_text(c);
    d.votes.push_back(std::move(v));
  }
}

void read_counts(const xmlNode* count, Division& d) {
  for (const xmlAttr* a = count->properties; a != nullptr; a = a->next) {
    const std::string name = reinterpret_cast<const char*>(a->name);
    d.counts.emplace_back(name, normalise_column(node_attribute(count, name.c_str())));
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

Division read_division(const xmlNode* el) {
  Division d;
  d.number = normalise_column(node_attribute(el, "divnumber"));
  for (const xmlNode* c = el->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const auto name = node_name(c);
    if (name == "divisioncount") read_counts(c, d);
    if (name == "mplist" || name == "lordlist") read_vote_list(c, d);
  }
  return d;
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

Item read_item(const xmlNode* el, ItemKind kind, HeadingState& headings) {
  Item item;
  item.gid = node_attribute(el, "id");
  item.key = gid_key(item.gid);
  item.kind = kind;
  item.time = normalise_time(node_attribute(el, "time"));
  item.column = normalise_column(node_attribute(el, "colnum"));
  item.url = node_attribute(el, "url");
  if (is_heading(kind)) {
    item.text = inline_text(el);
    item.headings = headings.parents(kind, item.text);
    headings.enter(kind, item.text);
    return item;
  }
  item.headings = headings.chain();
  if (kind == ItemKind::kDivision) {
    item.division = read_division(el);
    item.text = division_text(*item.division);
  } else {
    item.speaker = read_speaker(el);
    item.text = element_text(el);
  }
  return item;
}

Redirect read_redirect(XmlStream& s) {
  Redirect r;
  r.old_gid = s.attribute("oldgid");
  r.new_gid = s.attribute("newgid");
  r.old_key = gid_key(r.old_gid);
  r.new_key = gid_key(r.new_gid);
  r.match_type = s.attribute("matchtype");
  return r;
}

class Parser {
 public:
  Parser(XmlStream stream, Transcript t) : stream_(std::move(stream)), t_(std::move(t)) {}

  Result<Transcript> run() {
    auto more = stream_.next();
    while (more && *more) {
      if (stream_.node_type() != XML_READER_TYPE_ELEMENT) {
        more = stream_.next();
      } else if (stream_.depth() == 0) {
        PW_TRY(root());
        more = stream_.next();
      } else {
        PW_TRY(element());
        more = stream_.skip();
      }
    }
    if (!more) return fail(more.error());
    if (!saw_root_) return fail(Error::invalid("no <publicwhip> root element"));
    return std::move(t_);
  }

 private:
  Status root() {
    if (stream_.name() != "publicwhip") {
      return fail(Error::invalid(
          fmt::format("not a ParlParse transcript (root element <{}>)", stream_.name())));
    }
    saw_root_ = true;
    t_.latest = stream_.attribute("latest") != "no";
    return {};
  }

  Status element() {
    const std::string_view name = stream_.name();
    if (name == "bill") {
      headings_.committee = stream_.attribute("title");
      return {};
    }
    if (name == "gidredirect") {
      Redirect r = read_redirect(stream_);
      redirected_.insert(r.old_gid);
      t_.redirects.push_back(std::move(r));
      return {};
    }
    const auto kind = kind_of_element(name);
    if (!kind) return {};
    const std::string id = stream_.attribute("id");
    if (redirected_.count(id) != 0) return {};
    if (t_.items.size() >= kMaxItemsPerFile) {
      return fail(Error::invalid(fmt::format("more than {} items", kMaxItemsPerFile)));
    }
    PW_TRY_ASSIGN(auto node, stream_.expand());
    t_.items.push_back(read_item(node, *kind, headings_));
    return {};
  }

  XmlStream stream_;
  Transcript t_;
  HeadingState headings_;
  std::unordered_set<std::string> redirected_;
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
  auto stream = XmlStream::open(bytes, file_name);
  if (!stream) return fail(stream.error().with_context(file_name));
  Transcript t;
  t.file_name = std::string(file_name);
  t.section = name->section;
  t.date = name->date;
  t.version = name->version;
  auto result = Parser(std::move(*stream), std::move(t)).run();
  if (!result) return fail(result.error().with_context(file_name));
  return result;
}

}  // namespace pw::parse
