#include "rules/query_filters.hpp"
#include <utility>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "rules/analyzer.hpp"
#include "rules/query_dates.hpp"

namespace pw::rules {
namespace {

constexpr std::string_view kPersonPrefix = "uk.org.publicwhip/person/";

// TheyWorkForYou's values, then parlwatch's own ones, from the registry.
std::string section_choices() {
  const auto twfy = twfy_section_values();
  std::string out;
  for (const auto v : twfy) out += fmt::format("{}, ", v);
  for (const auto& i : all_sections()) {
    if (std::find(twfy.begin(), twfy.end(), i.name) == twfy.end())
      out += fmt::format("{}, ", i.name);
    for (const auto alias : i.aliases) {
      if (!alias.empty()) out += fmt::format("{}, ", alias);
    }
  }
  return out + "commons";
}

// Why a TheyWorkForYou filter that cannot select new items is refused.
std::string_view refusal_for(std::string_view filter) {
  if (filter == "column") {
    return "column: picks printed Hansard columns of past sittings; an alert watches new items, "
           "so it is not accepted";
  }
  if (filter == "gid") {
    return "gid: names one item already published; to follow its debate use heading:\"...\" "
           "(what `rule like --follow` makes)";
  }
  if (filter == "segment") {
    return "segment: names one past debate; to follow it as it continues use heading:\"...\" "
           "(what `rule like --follow` makes)";
  }
  return "batch: is TheyWorkForYou's own indexing run; it means nothing here";
}

struct PartyAlias {
  std::string_view alias;
  std::string_view canonical;
};

constexpr std::array<PartyAlias, 28> kParties{{
    {"lab", "labour"},
    {"labour", "labour"},
    {"lab/co-op", "labour"},
    {"labour/co-operative", "labour"},
    {"con", "conservative"},
    {"conservative", "conservative"},
    {"ldem", "libdem"},
    {"libdem", "libdem"},
    {"lib dem", "libdem"},
    {"liberal democrat", "libdem"},
    {"liberal democrats", "libdem"},
    {"snp", "snp"},
    {"scottish national party", "snp"},
    {"pc", "plaidcymru"},
    {"plaid cymru", "plaidcymru"},
    {"dup", "dup"},
    {"democratic unionist party", "dup"},
    {"sf", "sinnfein"},
    {"sinn fein", "sinnfein"},
    {"sdlp", "sdlp"},
    {"uup", "uup"},
    {"ind", "independent"},
    {"independent", "independent"},
    {"xb", "crossbench"},
    {"crossbench", "crossbench"},
    {"bp", "bishops"},
    {"bishop", "bishops"},
    {"bishops", "bishops"},
}};

std::string join_titles(const std::vector<std::string_view>& titles) {
  std::string out;
  for (const auto title : titles) out += fmt::format("{}{}", out.empty() ? "" : " or ", title);
  return out;
}

}  // namespace

std::string canonical_party(std::string_view party) {
  std::string folded = fold_text(party);
  for (const auto& p : kParties) {
    if (p.alias == folded) return std::string(p.canonical);
  }
  return folded;
}

bool is_known_party(std::string_view canonical) {
  return std::any_of(kParties.begin(), kParties.end(),
                     [&](const PartyAlias& p) { return p.canonical == canonical; });
}

QueryNode group_node(QueryNode::Kind kind, std::vector<QueryNode> children, std::size_t col) {
  if (children.size() == 1) return std::move(children.front());
  QueryNode n;
  n.kind = kind;
  n.children = std::move(children);
  n.column = col;
  return n;
}

std::vector<QueryNode> or_repeated_filters(std::vector<QueryNode> parts,
                                           const std::vector<bool>& bare) {
  std::vector<QueryNode> out;
  std::vector<std::pair<FilterKind, std::size_t>> first;  // kind -> index in out
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (!bare[k]) {
      out.push_back(std::move(parts[k]));
      continue;
    }
    const FilterKind kind =
        parts[k].kind == QueryNode::Kind::kFilter ? parts[k].filter : FilterKind::kSection;
    const auto seen =
        std::find_if(first.begin(), first.end(), [&](const auto& f) { return f.first == kind; });
    if (seen == first.end()) {
      first.emplace_back(kind, out.size());
      out.push_back(std::move(parts[k]));
      continue;
    }
    QueryNode& into = out[seen->second];
    if (into.kind != QueryNode::Kind::kOr) {
      QueryNode alone = std::move(into);
      into = QueryNode{};
      into.kind = QueryNode::Kind::kOr;
      into.column = alone.column;
      into.children.push_back(std::move(alone));
    }
    auto& more = parts[k];
    if (more.kind == QueryNode::Kind::kOr) {
      for (auto& c : more.children) into.children.push_back(std::move(c));
    } else {
      into.children.push_back(std::move(more));
    }
  }
  return out;
}

// TheyWorkForYou drops groupby: (how results are shown) from the query
// wherever it is; so do we, with a note.
std::vector<Tok> FilterReader::drop_groupby(std::vector<Tok> toks) {
  std::vector<Tok> kept;
  for (auto& t : toks) {
    if (t.t != Tok::T::kFilter || t.text != "groupby") {
      kept.push_back(std::move(t));
      continue;
    }
    if (!kept.empty() && kept.back().t == Tok::T::kMinus) kept.pop_back();
    notes_.push_back(fmt::format(
        "groupby:{} is ignored: it changes how TheyWorkForYou shows search results; an alert "
        "shows one item per debate for words, every speech for a speaker",
        t.value));
  }
  return kept;
}

// TheyWorkForYou turns from:A and to:B, wherever they are, into one range
// A..B at the end of the query; an open side stays open.
std::vector<Tok> FilterReader::from_to_as_range(std::vector<Tok> toks) {
  std::vector<Tok> kept;
  std::optional<Tok> from;
  std::optional<Tok> to;
  for (auto& t : toks) {
    if (t.t == Tok::T::kFilter && t.text == "from") {
      from = t;
    } else if (t.t == Tok::T::kFilter && t.text == "to") {
      to = t;
    } else {
      kept.push_back(std::move(t));
    }
  }
  if (!from && !to) return kept;
  const Tok& first = !to || (from && from->col < to->col) ? *from : *to;
  Tok range{
      Tok::T::kFilter, "range",         (from ? from->value : "") + ".." + (to ? to->value : ""),
      first.col,       first.value_col, 0};
  kept.insert(kept.end() - 1, std::move(range));  // before kEnd
  return kept;
}

Result<QueryNode> FilterReader::read(const Tok& t) {
  QueryNode n;
  n.kind = QueryNode::Kind::kFilter;
  n.column = t.col;
  if (t.text == "speaker") return speaker(t, n);
  if (t.text == "section") return section(t, sections_for_alias(fold_text(t.value)));
  if (t.text == "major") return major(t);
  if (t.text == "date" || t.text == "range") return dates(t);
  if (t.text == "column" || t.text == "gid" || t.text == "segment" || t.text == "batch") {
    return fail(error(t.col, refusal_for(t.text)));
  }
  if (t.text == "party") {
    n.filter = FilterKind::kParty;
    n.text = canonical_party(t.value);
  } else if (t.text == "department") {
    n.filter = FilterKind::kDepartment;
    n.text = fold_text(t.value);
  } else {
    n.filter = FilterKind::kHeading;
    n.text = fold_text(t.value);
  }
  return n;
}

Result<QueryNode> FilterReader::speaker(const Tok& t, QueryNode n) {
  n.filter = FilterKind::kSpeaker;
  std::string_view v = t.value;
  if (v.substr(0, kPersonPrefix.size()) == kPersonPrefix) v.remove_prefix(kPersonPrefix.size());
  if (!v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos) {
    n.text = std::string(kPersonPrefix) + std::string(v);
    return n;
  }
  if (!resolve_) {
    return fail(error(t.value_col,
                      "speaker: needs a person id here (names are resolved when "
                      "a rule is added)"));
  }
  auto person = resolve_(t.value);
  if (!person) return fail(error(t.value_col, person.error().message));
  n.text = *person;
  std::size_t end = t.value_col + t.value.size();
  if (t.value_col < text_.size() && text_[t.value_col] == '"') end += 2;
  rewrites_.push_back({t.col, end, "speaker:" + std::string(n.text.substr(kPersonPrefix.size()))});
  return n;
}

Result<QueryNode> FilterReader::major(const Tok& t) {
  int number = 0;
  const auto [p, ec] = std::from_chars(t.value.data(), t.value.data() + t.value.size(), number);
  if (ec != std::errc() || p != t.value.data() + t.value.size()) {
    return fail(error(t.value_col, "major: takes TheyWorkForYou's section number, e.g. major:3"));
  }
  return section(t, sections_for_major(number));
}

Result<QueryNode> FilterReader::dates(const Tok& t) const {
  QueryNode n;
  n.kind = QueryNode::Kind::kFilter;
  n.column = t.col;
  std::optional<DayRange> range;
  if (t.text == "date") {
    n.filter = FilterKind::kDate;
    const auto day = t.value.size() == 8 ? parse_day(t.value) : std::nullopt;
    if (!day) {
      return fail(error(t.value_col,
                        "date: takes one day as YYYYMMDD, as TheyWorkForYou's does "
                        "(date:20091027); for a span write 20091001..20091031"));
    }
    range = DayRange{*day, *day};
  } else {
    n.filter = FilterKind::kDateRange;
    range = parse_day_range(t.value);
    if (!range) {
      return fail(error(t.value_col,
                        "a date range needs real dates, the first not after the second: "
                        "20090101..20091231, 2009-01-01..2009-12-31 or 01/01/2009..31/12/2009 "
                        "(either side may be left open; from: and to: also work)"));
    }
  }
  n.text = day_range_text(*range);
  return n;
}

Result<QueryNode> FilterReader::section(const Tok& t, const SectionSelection& chosen) {
  if (chosen.sections.empty() && !chosen.not_read.empty()) {
    return fail(error(t.value_col,
                      fmt::format("parlwatch does not read {} yet", join_titles(chosen.not_read))));
  }
  if (chosen.sections.empty()) {
    return fail(error(t.value_col, fmt::format("unknown section '{}'; sections are {}", t.value,
                                               section_choices())));
  }
  if (!chosen.not_read.empty()) {
    notes_.push_back(fmt::format("{}:{} leaves out {}: parlwatch does not read it yet", t.text,
                                 t.value, join_titles(chosen.not_read)));
  }
  std::vector<QueryNode> nodes;
  for (const Section s : chosen.sections) {
    QueryNode n;
    n.kind = QueryNode::Kind::kFilter;
    n.filter = FilterKind::kSection;
    n.column = t.col;
    n.text = std::string(section_name(s));
    nodes.push_back(std::move(n));
  }
  return group_node(QueryNode::Kind::kOr, std::move(nodes), t.col);
}

}  // namespace pw::rules
